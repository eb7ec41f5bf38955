package contract

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
)

// patternFixes maps patterns in Atlassian's specs that are plainly wrong to
// what they mean. Confluence v2 spells the attachment id pattern both
// "(att)?[0-9]+" and, on two operations, "(att)?0-9+", which would demand
// the literal text "0-9" in every id.
var patternFixes = map[string]string{
	"(att)?0-9+": "(att)?[0-9]+",
}

// javaClasses maps the Java regular-expression classes the specs use to Go's.
// Java's \p{Digit} is the ASCII digits, as \d is in Go.
var javaClasses = strings.NewReplacer(`\p{Digit}`, `\d`, `\p{Alpha}`, `[a-zA-Z]`, `\p{Alnum}`, `[a-zA-Z0-9]`)

// relax applies the load-time relaxations described in the package
// documentation to doc and returns one line for each change it made.
func relax(doc *openapi3.T) []string {
	r := &relaxer{seen: make(map[*openapi3.Schema]bool)}
	if c := doc.Components; c != nil {
		for name, s := range c.Schemas {
			r.schema("#/components/schemas/"+name, s)
		}
		for name, p := range c.Parameters {
			if p != nil && p.Value != nil {
				r.parameter("#/components/parameters/"+name, p.Value)
			}
		}
		for name, b := range c.RequestBodies {
			if b != nil && b.Value != nil {
				r.content("#/components/requestBodies/"+name, b.Value.Content)
			}
		}
		for name, resp := range c.Responses {
			r.response("#/components/responses/"+name, resp)
		}
	}
	for _, path := range doc.Paths.InMatchingOrder() {
		item := doc.Paths.Value(path)
		for _, p := range item.Parameters {
			if p != nil && p.Value != nil {
				r.parameter(path, p.Value)
			}
		}
		for method, op := range item.Operations() {
			at := method + " " + path
			for _, p := range op.Parameters {
				if p != nil && p.Value != nil {
					r.parameter(at, p.Value)
				}
			}
			if op.RequestBody != nil && op.RequestBody.Value != nil {
				r.content(at+" request", op.RequestBody.Value.Content)
			}
			if op.Responses != nil {
				for status, resp := range op.Responses.Map() {
					r.response(at+" "+status, resp)
				}
			}
		}
	}
	return r.fixes
}

// A relaxer walks every schema of a document once, fixing quirks.
type relaxer struct {
	seen  map[*openapi3.Schema]bool
	fixes []string
}

func (r *relaxer) parameter(at string, p *openapi3.Parameter) {
	r.schema(at+" parameter "+p.Name, p.Schema)
	r.content(at+" parameter "+p.Name, p.Content)
}

func (r *relaxer) response(at string, ref *openapi3.ResponseRef) {
	if ref == nil || ref.Value == nil {
		return
	}
	r.content(at, ref.Value.Content)
	for name, h := range ref.Value.Headers {
		if h != nil && h.Value != nil {
			r.schema(at+" header "+name, h.Value.Schema)
		}
	}
}

func (r *relaxer) content(at string, c openapi3.Content) {
	for mediaType, mt := range c {
		if mt != nil {
			r.schema(at+" "+mediaType, mt.Schema)
		}
	}
}

// schema fixes one schema and walks into its subschemas.
func (r *relaxer) schema(at string, ref *openapi3.SchemaRef) {
	if ref == nil || ref.Value == nil || r.seen[ref.Value] {
		return
	}
	s := ref.Value
	r.seen[s] = true
	if ref.Ref != "" {
		at = ref.Ref
	}
	if s.Pattern != "" {
		r.pattern(at, s)
	}
	if s.AdditionalProperties.Has != nil && !*s.AdditionalProperties.Has &&
		len(s.AllOf)+len(s.AnyOf)+len(s.OneOf) > 0 {
		// Under JSON Schema, additionalProperties: false rejects every
		// property the allOf/anyOf/oneOf branches define, which is not what
		// the authors meant.
		s.AdditionalProperties.Has = nil
		r.fixes = append(r.fixes, fmt.Sprintf("%s: dropped additionalProperties: false beside allOf/anyOf/oneOf", at))
	}
	if len(s.OneOf) > 0 && s.Discriminator == nil && len(s.AnyOf) == 0 {
		// The specs use oneOf for alternatives that overlap (Confluence's
		// page body is {representation, value} or {storage: …}, and an
		// object of the first kind satisfies both), so "exactly one" would
		// reject the very bodies the examples show.
		s.AnyOf, s.OneOf = s.OneOf, nil
		r.fixes = append(r.fixes, fmt.Sprintf("%s: read oneOf without a discriminator as anyOf", at))
	}
	for name, p := range s.Properties {
		r.schema(at+"/"+name, p)
	}
	r.schema(at+"/items", s.Items)
	r.schema(at+"/additionalProperties", s.AdditionalProperties.Schema)
	r.schema(at+"/not", s.Not)
	for _, list := range []openapi3.SchemaRefs{s.AllOf, s.AnyOf, s.OneOf} {
		for _, sub := range list {
			r.schema(at, sub)
		}
	}
}

// pattern rewrites a pattern Go cannot use as the spec means it, or drops it
// when no rewrite helps, so that validation never fails on the spec itself.
func (r *relaxer) pattern(at string, s *openapi3.Schema) {
	p := s.Pattern
	if fixed, ok := patternFixes[p]; ok {
		p = fixed
	}
	p = javaClasses.Replace(p)
	if _, err := regexp.Compile(p); err != nil {
		r.fixes = append(r.fixes, fmt.Sprintf("%s: dropped pattern %q, which Go cannot compile: %v", at, s.Pattern, err))
		s.Pattern = ""
		return
	}
	if p != s.Pattern {
		r.fixes = append(r.fixes, fmt.Sprintf("%s: rewrote pattern %q as %q", at, s.Pattern, p))
		s.Pattern = p
	}
}

// jiraDateTime accepts the timestamps Atlassian sends for format date-time:
// RFC 3339, and also Jira's offset without a colon (2024-03-01T10:00:00.000+0000).
var jiraDateTime = regexp.MustCompile(`^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])T([01][0-9]|2[0-3]):[0-5][0-9]:([0-5][0-9]|60)(\.[0-9]+)?(Z|[+-][0-9]{2}:?[0-9]{2})$`)

// dateTime is the relaxed validator for format date-time.
type dateTime struct{}

// Validate reports whether value is a timestamp Atlassian would send.
func (dateTime) Validate(value string) error {
	if !jiraDateTime.MatchString(value) {
		return fmt.Errorf("%.64q is not a date-time such as 2024-03-01T10:00:00.000+0000 or 2024-03-01T10:00:00Z", value)
	}
	return nil
}
