package contract

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
)

// ErrDeprecated marks a request to an operation the spec marks deprecated,
// such as POST /rest/api/3/search, which Atlassian is removing.
var ErrDeprecated = errors.New("the spec marks this operation deprecated")

// A Validator checks HTTP exchanges against Atlassian's OpenAPI specs and
// records which operations they exercised. It is safe for concurrent use.
type Validator struct {
	specs []*spec // in the order of specNames
	opts  *openapi3filter.Options

	mu          sync.Mutex
	covered     map[*Operation]struct{}
	unspecified map[string]struct{}
}

// filterOptions are the kin-openapi settings every validation uses.
func filterOptions() *openapi3filter.Options {
	return &openapi3filter.Options{
		// Authentication is the sandbox's job, not the contract's.
		AuthenticationFunc: openapi3filter.NoopAuthenticationFunc,
		// Defaults are never written into the request: several of
		// Atlassian's defaults are not among their own enums.
		SkipSettingDefaults:               true,
		MultiError:                        true,
		RejectWhenRequestBodyNotSpecified: true,
		SchemaValidationOptions: []openapi3.SchemaValidationOption{
			openapi3.DisableSchemaErrorDetails(),
			openapi3.WithStringFormatValidator("date-time", dateTime{}),
		},
	}
}

// ValidateRequest checks a request against the spec operation its method and
// path hit: the path itself, every query parameter (undocumented ones are
// violations), header parameters, and the body, which is passed separately
// because r.Body may already have been read. r is not modified.
//
// It returns nil when the request conforms, an error wrapping ErrUnspecified
// when its path is outside every API layout, and otherwise a *Violation
// listing every disagreement (one wrapping ErrDeprecated for deprecated
// operations).
func (v *Validator) ValidateRequest(r *http.Request, body []byte) error {
	m, op, viol, err := v.start(r)
	if err != nil {
		return err
	}
	if op.Deprecated {
		viol.add(ErrDeprecated, fmt.Sprintf("%s is deprecated in the spec (%s); use its replacement", op.ID, deprecationNote(m.route.op.Description)))
	}
	query, err := url.ParseQuery(r.URL.RawQuery)
	if err != nil {
		viol.add(err, fmt.Sprintf("the query string is malformed: %v", err))
	}
	for _, name := range sortedKeys(query) {
		if !slices.Contains(m.route.query, name) {
			viol.add(nil, fmt.Sprintf("query parameter %q is not documented for %s; documented: %s", name, op.ID, listOrNone(m.route.query)))
		}
	}
	req := r.Clone(r.Context())
	req.Method = methodOf(r)
	req.Body = io.NopCloser(bytes.NewReader(body))
	req.ContentLength = int64(len(body))
	req.GetBody = func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(body)), nil }
	in := &openapi3filter.RequestValidationInput{
		Request:     req,
		PathParams:  m.params,
		QueryParams: query,
		Route:       m.route.kin(),
		Options:     v.opts,
	}
	if err := openapi3filter.ValidateRequest(r.Context(), in); err != nil {
		viol.explain(err)
	}
	return viol.errOrNil()
}

// start resolves the operation r hits and counts it as covered, or notes
// and returns the error (wrapping ErrUnspecified) when r hits none. The
// Violation it returns is empty, ready for the checks to add to.
func (v *Validator) start(r *http.Request) (*match, *Operation, *Violation, error) {
	method, path := methodOf(r), r.URL.EscapedPath()
	m, err := v.resolve(method, path)
	if err != nil {
		v.noteUnspecified(method, path, err)
		return nil, nil, nil, err
	}
	v.cover(m)
	op := m.route.operation()
	return m, op, &Violation{Method: method, Path: path, Spec: op.Spec, OperationID: op.ID}, nil
}

// genericStatus reports whether Atlassian returns status from any operation,
// documented or not, so that an undocumented one is only checked to be JSON.
func genericStatus(status int) bool {
	switch status {
	case 400, 401, 403, 404, 409, 410, 413, 429:
		return true
	}
	return status >= 500 && status <= 599
}

// ValidateResponse checks a response to r against the spec operation r hits:
// the status must be documented (or be one of the generic error statuses
// 400, 401, 403, 404, 409, 410, 413, 429 and 5xx, whose bodies need only be
// JSON), the Content-Type must be one the spec lists for it, and a JSON body
// must match the documented schema. 204, 205 and 304 responses must have no
// body. The results are as for ValidateRequest.
func (v *Validator) ValidateResponse(r *http.Request, status int, h http.Header, body []byte) error {
	m, op, viol, err := v.start(r)
	if err != nil {
		return err
	}
	viol.Status = status
	if h == nil {
		h = http.Header{}
	}
	responses := m.route.op.Responses
	var ref *openapi3.ResponseRef
	if responses != nil {
		if ref = responses.Status(status); ref == nil {
			ref = responses.Default()
		}
	}
	switch {
	case status == http.StatusNoContent || status == http.StatusResetContent || status == http.StatusNotModified:
		if len(body) > 0 {
			viol.add(nil, fmt.Sprintf("status %d must have no body, but %d bytes came", status, len(body)))
		}
		if ref == nil {
			viol.add(nil, fmt.Sprintf("status %d is not documented for %s; documented: %s", status, op.ID, statuses(responses)))
		}
		return viol.errOrNil()
	case ref == nil || ref.Value == nil:
		if genericStatus(status) {
			checkJSON(viol, h, body)
		} else {
			viol.add(nil, fmt.Sprintf("status %d is not documented for %s; documented: %s", status, op.ID, statuses(responses)))
		}
		return viol.errOrNil()
	}
	content := ref.Value.Content
	ct := h.Get("Content-Type")
	switch {
	case len(content) == 0:
		if status >= 400 {
			checkJSON(viol, h, body)
		}
	case len(body) == 0:
		if !allEmptySchemas(content) {
			viol.add(nil, fmt.Sprintf("status %d documents a body of type %s, but the body is empty", status, strings.Join(mediaTypes(content), " or ")))
		}
		return viol.errOrNil()
	case content.Get(ct) == nil:
		viol.add(nil, fmt.Sprintf("Content-Type %q is not documented for status %d; documented: %s", ct, status, strings.Join(mediaTypes(content), ", ")))
		return viol.errOrNil()
	case !isJSON(ct):
		return viol.errOrNil() // a binary or text body: only its media type is checked
	}
	in := &openapi3filter.ResponseValidationInput{
		RequestValidationInput: &openapi3filter.RequestValidationInput{
			Request:    r,
			PathParams: m.params,
			Route:      m.route.kin(),
			Options:    v.opts,
		},
		Status:  status,
		Header:  h,
		Options: v.opts,
	}
	in.SetBodyBytes(body)
	if err := openapi3filter.ValidateResponse(r.Context(), in); err != nil {
		viol.explain(err)
	}
	return viol.errOrNil()
}

// checkJSON requires a non-empty body to be JSON and to say so.
func checkJSON(viol *Violation, h http.Header, body []byte) {
	if len(body) == 0 {
		return
	}
	if ct := h.Get("Content-Type"); !isJSON(ct) {
		viol.add(nil, fmt.Sprintf("status %d body has Content-Type %q; Atlassian sends application/json", viol.Status, ct))
	}
	if !json.Valid(body) {
		viol.add(nil, fmt.Sprintf("status %d body is not valid JSON", viol.Status))
	}
}

// isJSON reports whether a Content-Type header names a JSON media type.
func isJSON(ct string) bool {
	mt, _, err := mime.ParseMediaType(ct)
	return err == nil && (mt == "application/json" || strings.HasSuffix(mt, "+json"))
}

// allEmptySchemas reports whether every media type of c has a schema that
// allows anything, which Atlassian's specs use for bodies that may be empty
// (such as 201 from POST /rest/api/3/issueLink).
func allEmptySchemas(c openapi3.Content) bool {
	for _, mt := range c {
		if mt == nil || mt.Schema == nil || mt.Schema.Value == nil {
			continue
		}
		s := mt.Schema.Value
		if s.Type != nil || len(s.Properties) > 0 || s.Items != nil || len(s.Required) > 0 || len(s.Enum) > 0 ||
			len(s.AllOf)+len(s.AnyOf)+len(s.OneOf) > 0 || s.Not != nil ||
			s.AdditionalProperties.Has != nil || s.AdditionalProperties.Schema != nil {
			return false
		}
	}
	return true
}

// mediaTypes lists the media types of c, sorted.
func mediaTypes(c openapi3.Content) []string {
	out := make([]string, 0, len(c))
	for k := range c {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

// statuses lists the documented statuses of an operation, sorted.
func statuses(r *openapi3.Responses) string {
	if r == nil {
		return "none"
	}
	var out []string
	for k := range r.Map() {
		out = append(out, k)
	}
	slices.Sort(out)
	return listOrNone(out)
}

// methodOf returns r's method as the specs spell it; Go treats "" as GET.
func methodOf(r *http.Request) string {
	if r.Method == "" {
		return http.MethodGet
	}
	return r.Method
}

// deprecationNote picks the sentence of an operation's description that says
// why it is deprecated, or a plain statement when none does.
func deprecationNote(desc string) string {
	for _, line := range strings.Split(desc, "\n") {
		for _, sentence := range strings.SplitAfter(line, ". ") {
			lower := strings.ToLower(sentence)
			if strings.Contains(lower, "deprecat") || strings.Contains(lower, "removed") {
				return trim(strings.TrimSpace(sentence), 200)
			}
		}
	}
	return "no reason given"
}

// sortedKeys returns the keys of q, sorted.
func sortedKeys(q url.Values) []string {
	keys := make([]string, 0, len(q))
	for k := range q {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// listOrNone joins names with commas, or says "none".
func listOrNone(names []string) string {
	if len(names) == 0 {
		return "none"
	}
	return strings.Join(names, ", ")
}

// queryParams lists the query parameters an operation documents, sorted.
func queryParams(item *openapi3.PathItem, op *openapi3.Operation) []string {
	var names []string
	for _, refs := range []openapi3.Parameters{item.Parameters, op.Parameters} {
		for _, p := range refs {
			if p != nil && p.Value != nil && p.Value.In == openapi3.ParameterInQuery {
				names = append(names, p.Value.Name)
			}
		}
	}
	return sortedUnique(names)
}

// kin returns r as kin-openapi's validators want it.
func (r *route) kin() *routers.Route {
	return &routers.Route{Spec: r.spec.doc, Path: r.path, PathItem: r.item, Method: r.method, Operation: r.op}
}
