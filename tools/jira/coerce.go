package jira

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/clawbridge/atlassian-mcp/atlassian"
	"github.com/clawbridge/atlassian-mcp/tools"
)

// A userFinder resolves a reference to a person (name, email, accountId
// or "me").
type userFinder func(ref string) (atlassian.User, error)

// namedTypes are the schema types whose values Jira takes by name or id,
// such as {"name": "High"} or {"id": "10001"}.
var namedTypes = map[string]bool{"option": true, "priority": true, "resolution": true, "component": true,
	"version": true, "group": true, "securitylevel": true}

// fieldValue converts an agent's value for field f into the JSON Jira takes,
// guided by the field's schema and allowed values: an option or priority
// name becomes its id, Markdown becomes ADF, a person's name becomes an
// accountId, an issue key becomes the reference the field takes. A value
// that does not fit is an error that says the expected form or lists the
// allowed values; a field of a type this tool cannot write is an error
// naming it, and nothing is sent.
func fieldValue(f atlassian.FieldMeta, v any, users userFinder) (any, error) {
	if v == nil {
		return nil, tools.Inputf("field %q needs a value, not null; leave it out to keep it as it is", f.Name)
	}
	if issueKeyField(f) {
		// Epic Link and Advanced Roadmaps' Parent Link (schema type "any")
		// take the parent's key as a plain string.
		s, err := textOf(f, v)
		if err != nil {
			return nil, err
		}
		s = strings.TrimSpace(s)
		if !validIssueRef(s) || allDigits(s) {
			return nil, tools.Inputf("field %q takes an issue key such as ENG-42 (got %q)", f.Name, s)
		}
		return strings.ToUpper(s), nil
	}
	switch f.Type {
	case "string":
		s, err := textOf(f, v)
		if err != nil {
			return nil, err
		}
		if f.System == "description" || f.System == "environment" || strings.HasSuffix(f.Custom, ":textarea") {
			return toADF(s), nil
		}
		return s, nil
	case "number":
		return numberOf(f, v)
	case "date":
		s, err := textOf(f, v)
		if err != nil {
			return nil, err
		}
		if _, err := time.Parse("2006-01-02", s); err != nil {
			return nil, tools.Inputf("field %q takes a date as YYYY-MM-DD, e.g. 2026-12-31 (got %q)", f.Name, s)
		}
		return s, nil
	case "datetime":
		return dateTimeOf(f, v)
	case "user":
		s, err := textOf(f, v)
		if err != nil {
			return nil, err
		}
		u, err := users(s)
		if err != nil {
			return nil, err
		}
		return map[string]any{"accountId": u.AccountID}, nil
	case "issuelink":
		s, err := textOf(f, v)
		if err != nil {
			return nil, err
		}
		s = strings.TrimSpace(s)
		if !validIssueRef(s) {
			return nil, tools.Inputf("field %q takes an issue key such as ENG-42 (got %q)", f.Name, s)
		}
		if allDigits(s) {
			return map[string]any{"id": s}, nil
		}
		return map[string]any{"key": strings.ToUpper(s)}, nil
	case "array":
		return arrayOf(f, v, users)
	}
	if len(f.Allowed) > 0 || namedTypes[f.Type] {
		s, err := textOf(f, v)
		if err != nil {
			return nil, err
		}
		return pick(f, s)
	}
	return nil, cannotSet(f)
}

// issueKeyField reports whether f is a custom field that points at an
// issue by its key: Jira Software's Epic Link or Advanced Roadmaps'
// Parent Link.
func issueKeyField(f atlassian.FieldMeta) bool {
	return strings.HasSuffix(f.Custom, ":gh-epic-link") || strings.HasSuffix(f.Custom, ":jpo-custom-field-parent")
}

// cannotSet is the error for a field whose type this tool cannot write,
// which is refused rather than sent as the agent gave it.
func cannotSet(f atlassian.FieldMeta) error {
	if strings.HasSuffix(f.Custom, ":gh-sprint") {
		return tools.Inputf("field %q cannot be set by this tool; use jira_move_to_sprint", f.Name)
	}
	kind := f.Type
	if f.Type == "array" {
		kind = "list of " + f.Items
	}
	if f.Custom != "" {
		kind += ", " + f.Custom[strings.LastIndexByte(f.Custom, ':')+1:]
	}
	return tools.Inputf("field %q (%s) cannot be set by this tool; leave it out", f.Name, kind)
}

// pick finds an allowed value by its name, value or id, any case. A field
// without a list of allowed values takes the name as it is.
func pick(f atlassian.FieldMeta, s string) (any, error) {
	s = strings.TrimSpace(s)
	if len(f.Allowed) == 0 {
		if f.Type == "option" {
			return map[string]any{"value": s}, nil
		}
		return map[string]any{"name": s}, nil
	}
	labels := make([]string, len(f.Allowed))
	for i, a := range f.Allowed {
		if strings.EqualFold(a.Label(), s) || a.ID == s {
			return map[string]any{"id": a.ID}, nil
		}
		labels[i] = a.Label()
	}
	return nil, tools.Inputf("field %q has no value %q (one of: %s)", f.Name, s, oneOf(labels))
}

func arrayOf(f atlassian.FieldMeta, v any, users userFinder) (any, error) {
	if f.Items != "string" && f.Items != "user" && len(f.Allowed) == 0 && !namedTypes[f.Items] {
		return nil, cannotSet(f)
	}
	items, ok := v.([]any)
	if !ok {
		items = []any{v} // one value where a list is expected
	}
	out := make([]any, 0, len(items))
	for _, it := range items {
		s, err := textOf(f, it)
		if err != nil {
			return nil, err
		}
		switch {
		case f.Items == "string":
			if f.System == "labels" && strings.ContainsAny(s, " \t\n") {
				return nil, tools.Inputf("label %q has spaces; labels are single words such as needs-review", s)
			}
			out = append(out, s)
		case f.Items == "user":
			u, err := users(s)
			if err != nil {
				return nil, err
			}
			out = append(out, map[string]any{"accountId": u.AccountID})
		default: // allowed values, or a named type
			x, err := pick(f, s)
			if err != nil {
				return nil, err
			}
			out = append(out, x)
		}
	}
	return out, nil
}

// textOf reads a value that should be a string; numbers and booleans are
// written out, anything else is an error.
func textOf(f atlassian.FieldMeta, v any) (string, error) {
	switch x := v.(type) {
	case string:
		return x, nil
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64), nil
	case bool:
		return strconv.FormatBool(x), nil
	}
	return "", tools.Inputf("field %q takes %s, not %s", f.Name, describeType(f), jsonKind(v))
}

func numberOf(f atlassian.FieldMeta, v any) (float64, error) {
	var n float64
	switch x := v.(type) {
	case float64:
		n = x
	case string:
		p, err := strconv.ParseFloat(strings.TrimSpace(x), 64)
		if err != nil {
			return 0, tools.Inputf("field %q takes a number, e.g. 5 (got %q)", f.Name, x)
		}
		n = p
	default:
		return 0, tools.Inputf("field %q takes a number, e.g. 5, not %s", f.Name, jsonKind(v))
	}
	if math.IsNaN(n) || math.IsInf(n, 0) {
		return 0, tools.Inputf("field %q takes a finite number", f.Name)
	}
	return n, nil
}

// dateTimeOf reads 2026-12-31, 2026-12-31T17:00 or an RFC 3339 time and
// writes Jira's form, 2026-12-31T17:00:00.000+0000.
func dateTimeOf(f atlassian.FieldMeta, v any) (string, error) {
	s, err := textOf(f, v)
	if err != nil {
		return "", err
	}
	for _, layout := range []string{time.RFC3339, "2006-01-02T15:04", "2006-01-02T15:04:05", "2006-01-02"} {
		if t, err := time.Parse(layout, strings.TrimSpace(s)); err == nil {
			return t.Format("2006-01-02T15:04:05.000-0700"), nil
		}
	}
	return "", tools.Inputf("field %q takes a date and time such as 2026-12-31T17:00 or 2026-12-31T17:00:00Z (got %q)", f.Name, s)
}

func describeType(f atlassian.FieldMeta) string {
	switch {
	case len(f.Allowed) > 0:
		return "a name (one of: " + oneOf(labelsOf(f)) + ")"
	case f.Type == "number":
		return "a number"
	case f.Type == "user":
		return "a person's name, email, accountId or \"me\""
	case f.Type == "issuelink" || issueKeyField(f):
		return "an issue key such as ENG-42"
	case f.Type == "array":
		return "a list of " + f.Items + "s"
	}
	return "a string"
}

func labelsOf(f atlassian.FieldMeta) []string {
	out := make([]string, len(f.Allowed))
	for i, a := range f.Allowed {
		out[i] = a.Label()
	}
	return out
}

func jsonKind(v any) string {
	switch v.(type) {
	case map[string]any:
		return "an object"
	case []any:
		return "a list"
	case nil:
		return "null"
	}
	return fmt.Sprintf("a %T", v)
}
