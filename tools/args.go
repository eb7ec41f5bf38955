package tools

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"sort"
	"strings"

	"github.com/mark3labs/mcp-go/mcp"
)

// An InputError is a problem with a tool call's arguments. Its text names
// the argument and the expected form, so an agent can fix its call.
type InputError struct{ Msg string }

// Error implements error.
func (e *InputError) Error() string { return e.Msg }

// Inputf returns an *InputError with a formatted message.
func Inputf(format string, args ...any) error { return &InputError{Msg: fmt.Sprintf(format, args...)} }

// A Validator is an input struct that checks itself after binding.
type Validator interface{ Validate() error }

// Bind decodes a call's arguments into an input struct of type In. It
// rejects unknown arguments, missing required ones and values of the wrong
// type with an *InputError that names the argument and its expected form.
func Bind[In any](def mcp.Tool, args map[string]any) (In, error) {
	var in In
	props := def.InputSchema.Properties
	for name := range args {
		if _, ok := props[name]; !ok {
			return in, &InputError{Msg: unknownArgMessage(name, def)}
		}
	}
	for _, name := range def.InputSchema.Required {
		v, ok := args[name]
		if !ok || v == nil || v == "" {
			return in, Inputf("missing required argument %q (%s). %s", name, describeProp(props[name]), Usage(def))
		}
	}
	raw, err := json.Marshal(args)
	if err != nil {
		return in, Inputf("arguments are not valid JSON: %v", err)
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&in); err != nil {
		return in, typeError(err, def)
	}
	if v, ok := any(&in).(Validator); ok {
		if err := v.Validate(); err != nil {
			return in, err
		}
	}
	return in, nil
}

func typeError(err error, def mcp.Tool) error {
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		// The path starts at the argument, after any embedded structs
		// (encoding/json names them too): "shared.story_points".
		name := te.Field
		for _, seg := range strings.Split(te.Field, ".") {
			if _, ok := def.InputSchema.Properties[seg]; ok {
				name = seg
				break
			}
		}
		return Inputf("argument %q must be %s, not a JSON %s", name, describeProp(def.InputSchema.Properties[name]), te.Value)
	}
	return Inputf("arguments could not be read: %v. %s", err, Usage(def))
}

func unknownArgMessage(name string, def mcp.Tool) string {
	msg := fmt.Sprintf("unknown argument %q. ", name)
	if s := closest(name, propNames(def)); s != "" {
		msg = fmt.Sprintf("unknown argument %q; did you mean %q? ", name, s)
	}
	return msg + Usage(def)
}

// Usage describes a tool's arguments in one line, for error messages.
func Usage(def mcp.Tool) string {
	names := propNames(def)
	req := map[string]bool{}
	for _, r := range def.InputSchema.Required {
		req[r] = true
	}
	parts := make([]string, 0, len(names))
	for _, n := range names {
		p := n + " (" + describeProp(def.InputSchema.Properties[n])
		if req[n] {
			p += ", required"
		}
		parts = append(parts, p+")")
	}
	return def.Name + " takes: " + strings.Join(parts, ", ") + "."
}

func propNames(def mcp.Tool) []string {
	names := make([]string, 0, len(def.InputSchema.Properties))
	for n := range def.InputSchema.Properties {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// describeProp renders a property's JSON schema as words: "string",
// "integer", "array of strings", "one of: a, b".
func describeProp(p any) string {
	m, _ := p.(map[string]any)
	if m == nil {
		return "a value"
	}
	if enum, ok := m["enum"].([]string); ok {
		return "one of: " + strings.Join(enum, ", ")
	}
	t, _ := m["type"].(string)
	switch t {
	case "array":
		if items, ok := m["items"].(map[string]any); ok {
			if it, ok := items["type"].(string); ok {
				return "an array of " + it + "s"
			}
		}
		return "an array"
	case "object":
		return "an object"
	case "integer":
		return "an integer"
	case "":
		return "a value"
	}
	return "a " + t
}

// closest returns the candidate nearest to s by edit distance, if it is
// close enough to be a likely typo.
func closest(s string, candidates []string) string {
	best, bestD := "", 1<<30
	for _, c := range candidates {
		if d := editDistance(strings.ToLower(s), strings.ToLower(c)); d < bestD {
			best, bestD = c, d
		}
	}
	if bestD <= max(2, len(s)/3) {
		return best
	}
	return ""
}

func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

// Closest is closest for other packages: it suggests the candidate nearest
// to s, or "".
func Closest(s string, candidates []string) string { return closest(s, candidates) }

// SchemaMismatch reports input-struct fields that the tool's schema does
// not declare, and schema properties the struct lacks. A test runs it over
// the whole catalogue to keep the two from drifting apart.
func SchemaMismatch(def mcp.Tool, in any) []string {
	var problems []string
	fields := map[string]bool{}
	jsonNames(reflect.TypeOf(in), fields)
	for name := range fields {
		if _, ok := def.InputSchema.Properties[name]; !ok {
			problems = append(problems, def.Name+": field "+name+" is not in the schema")
		}
	}
	for name := range def.InputSchema.Properties {
		if !fields[name] {
			problems = append(problems, def.Name+": schema property "+name+" has no field")
		}
	}
	sort.Strings(problems)
	return problems
}

// jsonNames collects the JSON names of a struct's fields, including those
// of embedded structs, which encoding/json promotes.
func jsonNames(t reflect.Type, into map[string]bool) {
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		name := strings.Split(f.Tag.Get("json"), ",")[0]
		if f.Anonymous && name == "" && f.Type.Kind() == reflect.Struct {
			jsonNames(f.Type, into)
			continue
		}
		if name == "" || name == "-" {
			continue
		}
		into[name] = true
	}
}
