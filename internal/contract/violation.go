package contract

import (
	"errors"
	"fmt"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
)

// Limits that keep a violation readable in test output.
const (
	maxReasons   = 12
	maxReasonLen = 300
)

// A Violation lists the ways one request or response disagrees with the spec.
// It unwraps to the underlying errors (kin-openapi's, and ErrDeprecated when
// it applies), so errors.Is and errors.As see through it.
type Violation struct {
	Method      string   // the request method
	Path        string   // the request's escaped URL path
	Spec        string   // the spec the path belongs to, when an operation matched
	OperationID string   // the operation that matched, if any
	Status      int      // the response status, or 0 for a request
	Reasons     []string // what is wrong, one readable line each

	causes  []error
	dropped int
}

// Error describes the violation in one line: the exchange, the operation and
// the reasons.
func (e *Violation) Error() string {
	var b strings.Builder
	b.WriteString(trim(e.Method, 20))
	b.WriteByte(' ')
	b.WriteString(trim(e.Path, 200))
	if e.OperationID != "" {
		fmt.Fprintf(&b, " (%s %s)", e.Spec, e.OperationID)
	}
	if e.Status != 0 {
		fmt.Fprintf(&b, " → %d", e.Status)
	}
	b.WriteString(": ")
	b.WriteString(strings.Join(e.Reasons, "; "))
	if e.dropped > 0 {
		fmt.Fprintf(&b, "; and %d more", e.dropped)
	}
	return b.String()
}

// Unwrap returns the errors behind the violation.
func (e *Violation) Unwrap() []error { return e.causes }

// add records one reason, and its cause when there is one.
func (e *Violation) add(cause error, reason string) {
	if cause != nil {
		e.causes = append(e.causes, cause)
	}
	if len(e.Reasons) >= maxReasons {
		e.dropped++
		return
	}
	e.Reasons = append(e.Reasons, trim(reason, maxReasonLen))
}

// errOrNil returns e as an error, or nil when it holds no reason.
func (e *Violation) errOrNil() error {
	if len(e.Reasons) == 0 {
		return nil
	}
	return e
}

// explain records a kin-openapi validation error as readable reasons: one
// per leaf error, each saying where (parameter, body, JSON pointer) and what.
func (e *Violation) explain(err error) {
	e.causes = append(e.causes, err)
	var walk func(err error, where string)
	walk = func(err error, where string) {
		switch err := err.(type) {
		case openapi3.MultiError:
			for _, sub := range err {
				walk(sub, where)
			}
		case *openapi3filter.RequestError:
			where = join(where, requestPlace(err))
			if err.Err == nil {
				e.add(nil, join(where, err.Reason))
				return
			}
			walk(err.Err, join(where, err.Reason))
		case *openapi3filter.ResponseError:
			if err.Err == nil {
				e.add(nil, join(where, err.Reason))
				return
			}
			walk(err.Err, join(where, err.Reason))
		case *openapi3.SchemaError:
			var nested openapi3.MultiError
			if err.SchemaField == "allOf" && errors.As(err.Origin, &nested) {
				// The value fails a branch of allOf, which Atlassian's
				// specs use to wrap every $ref: report the branch's own
				// errors, which carry the full JSON pointer.
				walk(nested, where)
				return
			}
			e.add(nil, join(where, schemaReason(err)))
		default:
			e.add(nil, join(where, err.Error()))
		}
	}
	walk(err, "")
}

// requestPlace names the part of a request a kin-openapi error is about.
func requestPlace(err *openapi3filter.RequestError) string {
	switch {
	case err.Parameter != nil:
		return fmt.Sprintf("%s parameter %q", err.Parameter.In, err.Parameter.Name)
	case err.RequestBody != nil:
		return "request body"
	}
	return ""
}

// schemaReason renders a schema error as "at /json/pointer: reason".
func schemaReason(err *openapi3.SchemaError) string {
	reason := err.Reason
	if reason == "" && err.Origin != nil {
		reason = err.Origin.Error()
	}
	if reason == "" {
		reason = fmt.Sprintf("does not satisfy %q", err.SchemaField)
	}
	reason = strings.ReplaceAll(reason, "\n", " ")
	if ptr := err.JSONPointer(); len(ptr) > 0 {
		return fmt.Sprintf("at /%s: %s", strings.Join(ptr, "/"), reason)
	}
	return reason
}

// join puts a place and a message together with a colon, skipping blanks.
func join(place, msg string) string {
	switch {
	case place == "":
		return msg
	case msg == "":
		return place
	}
	return place + ": " + msg
}

// trim shortens s to at most n bytes, on a rune boundary, marking the cut.
func trim(s string, n int) string {
	if len(s) <= n {
		return s
	}
	cut := n
	for cut > 0 && !isRuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "…"
}

// isRuneStart reports whether b begins a UTF-8 sequence.
func isRuneStart(b byte) bool { return b&0xC0 != 0x80 }
