package contract

import (
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
)

// ErrUnspecified reports a path outside every Atlassian API layout, such as
// an OAuth endpoint or /mcp: no spec describes it, so it is not validated.
var ErrUnspecified = errors.New("path is outside every Atlassian API layout, so no spec describes it")

// A route is one operation of one spec, as the route table holds it.
type route struct {
	spec   *spec
	path   string
	item   *openapi3.PathItem
	method string
	op     *openapi3.Operation
	query  []string // the documented query parameters, sorted
}

// A match is a request resolved to a route, with its decoded path parameters.
type match struct {
	route  *route
	params map[string]string
}

// httpMethods are the methods tried when a path exists but the request's
// method does not, to tell the caller which ones the spec has.
var httpMethods = [...]string{"GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "TRACE"}

// resolve maps a request's method and escaped URL path to a spec operation.
// It returns an error wrapping ErrUnspecified for paths outside every
// layout, and a *Violation for paths inside one that no operation matches.
func (v *Validator) resolve(method, escapedPath string) (*match, error) {
	fail := func(format string, args ...any) error {
		viol := &Violation{Method: method, Path: escapedPath}
		viol.add(nil, fmt.Sprintf(format, args...))
		return viol
	}
	specs, specPath, err := v.locate(escapedPath)
	if errors.Is(err, ErrUnspecified) {
		return nil, fmt.Errorf("%s %s: %w", method, escapedPath, err)
	}
	if err != nil {
		return nil, fail("%v", err)
	}
	if !isToken(method) {
		return nil, fail("method %.20q is not an upper-case HTTP method", method)
	}
	if strings.Contains(specPath, "//") || strings.HasSuffix(specPath, "/") {
		return nil, fail("path has an empty segment (a doubled or trailing slash); Atlassian's paths have none")
	}
	for _, s := range specs {
		node, values := s.root.Match(method + " " + specPath)
		if node == nil {
			continue
		}
		r, ok := node.Value.(*route)
		if !ok || len(values) != len(node.VariableNames) {
			continue
		}
		params := make(map[string]string, len(values))
		for i, name := range node.VariableNames {
			value, err := url.PathUnescape(values[i])
			if err != nil {
				return nil, fail("path parameter %q of %s is not valid percent-encoding: %v", name, r.op.OperationID, err)
			}
			params[name] = value
		}
		return &match{route: r, params: params}, nil
	}
	var allowed []string
	for _, s := range specs {
		for _, m := range httpMethods {
			if node, _ := s.root.Match(m + " " + specPath); node != nil {
				allowed = append(allowed, m)
			}
		}
	}
	if len(allowed) > 0 {
		return nil, fail("the spec has no %s for this path; it documents %s", method, strings.Join(allowed, ", "))
	}
	names := make([]string, len(specs))
	for i, s := range specs {
		names[i] = s.name
	}
	return nil, fail("no operation in %s has this path; check it against the spec (spec path %s)", strings.Join(names, " or "), specPath)
}

// locate maps a URL path to the specs that may describe it and the path as
// those specs spell it. The layouts are the API gateway used with OAuth 2.0
// (/ex/jira/{cloudid}/… and /ex/confluence/{cloudid}/…) and the site URL used
// with basic auth (/rest/… and /wiki/… at the root).
func (v *Validator) locate(p string) ([]*spec, string, error) {
	var product, rest string
	switch {
	case strings.HasPrefix(p, "/ex/"):
		tail := p[len("/ex/"):]
		product, tail, _ = strings.Cut(tail, "/")
		if product != "jira" && product != "confluence" {
			return nil, "", fmt.Errorf("the gateway path names product %q; want /ex/jira/{cloudid}/… or /ex/confluence/{cloudid}/…", product)
		}
		cloud, tail, found := strings.Cut(tail, "/")
		if cloud == "" || !found {
			return nil, "", fmt.Errorf("the gateway path lacks a cloud id or an API path; want /ex/%s/{cloudid}/…", product)
		}
		rest = "/" + tail
	case p == "/rest" || strings.HasPrefix(p, "/rest/"):
		product, rest = "jira", p
	case p == "/wiki" || strings.HasPrefix(p, "/wiki/"):
		product, rest = "confluence", p
	default:
		return nil, "", ErrUnspecified
	}
	switch product {
	case "jira":
		if !strings.HasPrefix(rest, "/rest/") {
			return nil, "", fmt.Errorf("Jira API paths start with /rest/ (such as /rest/api/3/ or /rest/agile/1.0/), not %s", rest)
		}
		return []*spec{v.specs[0], v.specs[1]}, rest, nil
	default:
		const v2 = "/wiki/api/v2"
		switch {
		case strings.HasPrefix(rest, v2+"/"):
			return []*spec{v.specs[2]}, rest[len(v2):], nil
		case strings.HasPrefix(rest, "/wiki/"):
			return []*spec{v.specs[3]}, rest, nil
		}
		return nil, "", fmt.Errorf("Confluence API paths start with /wiki/api/v2/ or /wiki/rest/api/, not %s", rest)
	}
}

// isToken reports whether m looks like an HTTP method: upper-case letters only.
func isToken(m string) bool {
	if m == "" {
		return false
	}
	for _, c := range m {
		if c < 'A' || c > 'Z' {
			return false
		}
	}
	return true
}

// An Operation is one operation of one spec, with the OAuth 2.0 scopes it needs.
//
// Classic and Granular are the two scope sets the design doc calls for: either
// set, granted in full, allows the operation. They come from the operation's
// security requirements and its x-atlassian-oauth2-scopes entries (state
// Current or Beta): each requirement that names only classic scopes (two
// parts, such as read:jira-work) joins Classic, and each that names any
// granular scope (three parts, such as read:issue-details:jira) joins Granular
// whole, classic scopes and all. Both lists are sorted and free of duplicates;
// either may be empty when the spec documents none (Confluence v2 and the
// agile API document granular scopes only).
type Operation struct {
	Spec       string   // which spec: SpecJiraPlatform, SpecJiraSoftware, SpecConfluenceV2 or SpecConfluenceV1
	ID         string   // the operationId, such as getIssue
	Method     string   // the upper-case HTTP method
	Path       string   // the path template as the spec spells it, such as /pages/{id} in Confluence v2
	Classic    []string // classic scopes, such as read:jira-work
	Granular   []string // granular scopes, such as read:issue-details:jira
	Deprecated bool     // whether the spec marks the operation deprecated
}

// Operation reports which spec operation a real URL path hits, such as
// /ex/jira/abc/rest/api/3/issue/ENG-1 for GET, with its scopes. A query
// string on rawPath is ignored. It returns false for paths no operation
// matches, including those outside every API layout.
func (v *Validator) Operation(method, rawPath string) (*Operation, bool) {
	u, err := url.Parse(rawPath)
	if err != nil {
		return nil, false
	}
	m, err := v.resolve(method, u.EscapedPath())
	if err != nil {
		return nil, false
	}
	return m.route.operation().clone(), true
}

// operation returns the precomputed Operation for r.
func (r *route) operation() *Operation { return r.spec.ops[r.op] }

// clone returns a deep copy, so that callers cannot alter the Validator's own.
func (o *Operation) clone() *Operation {
	c := *o
	c.Classic = slices.Clone(o.Classic)
	c.Granular = slices.Clone(o.Granular)
	return &c
}

// newOperation builds the Operation for one spec operation.
func newOperation(specName, method, path string, op *openapi3.Operation) *Operation {
	o := &Operation{Spec: specName, ID: op.OperationID, Method: method, Path: path, Deprecated: op.Deprecated}
	for _, req := range requirements(op) {
		granular := slices.ContainsFunc(req, isGranular)
		for _, scope := range req {
			if granular {
				o.Granular = append(o.Granular, scope)
			} else {
				o.Classic = append(o.Classic, scope)
			}
		}
	}
	o.Classic = sortedUnique(o.Classic)
	o.Granular = sortedUnique(o.Granular)
	return o
}

// requirements lists the scope sets an operation documents, from its
// security requirements and its x-atlassian-oauth2-scopes extension. Sets
// without scopes (basic auth, anonymous access) are left out.
func requirements(op *openapi3.Operation) [][]string {
	var reqs [][]string
	if op.Security != nil {
		for _, req := range *op.Security {
			for _, scopes := range req {
				if len(scopes) > 0 {
					reqs = append(reqs, scopes)
				}
			}
		}
	}
	entries, _ := op.Extensions["x-atlassian-oauth2-scopes"].([]any)
	for _, e := range entries {
		entry, _ := e.(map[string]any)
		list, _ := entry["scopes"].([]any)
		var scopes []string
		for _, s := range list {
			if scope, ok := s.(string); ok && scope != "" {
				scopes = append(scopes, scope)
			}
		}
		if len(scopes) > 0 {
			reqs = append(reqs, scopes)
		}
	}
	return reqs
}

// isGranular reports whether scope is a granular scope (action:resource:product).
func isGranular(scope string) bool { return strings.Count(scope, ":") >= 2 }

// sortedUnique sorts s and drops duplicates; it returns nil for an empty s.
func sortedUnique(s []string) []string {
	if len(s) == 0 {
		return nil
	}
	slices.Sort(s)
	return slices.Compact(s)
}
