package sandbox

import (
	"encoding/json"
	"net/http"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/clawbridge/atlassian-mcp/sandbox/oauthsrv"
)

// An op is one REST operation the sandbox serves: its product, method and
// path below the product root, and the OAuth scopes Atlassian's spec says it
// needs (the full classic set or the full granular set).
type op struct {
	product  string // "jira" or "confluence"
	method   string
	path     string // e.g. "/rest/api/3/issue/{key}"
	classic  []string
	granular []string
	handle   func(c *call)
}

// A call is one authenticated request to a product API.
type call struct {
	sb   *Sandbox
	w    http.ResponseWriter
	r    *http.Request
	site *Site
	who  *oauthsrv.Principal
	base string // the product root URL, for self links
}

// routes registers every operation under both URL layouts: the API gateway
// used with OAuth (/ex/{product}/{cloudid}/…) and the site URL used with
// basic auth and PATs (/site/{slug}/…).
func (sb *Sandbox) routes() {
	for _, o := range allOps() {
		o := o
		gw := o.method + " /ex/" + o.product + "/{cloud}" + o.path
		sb.mux.HandleFunc(gw, func(w http.ResponseWriter, r *http.Request) {
			sb.serveOp(w, r, o, r.PathValue("cloud"), "/ex/"+o.product+"/"+r.PathValue("cloud"))
		})
		site := o.method + " /site/{slug}" + o.path
		sb.mux.HandleFunc(site, func(w http.ResponseWriter, r *http.Request) {
			sb.serveOp(w, r, o, r.PathValue("slug"), "/site/"+r.PathValue("slug"))
		})
	}
	sb.mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusNotFound, map[string]any{"errorMessages": []string{"Not Found: " + r.URL.Path}, "errors": map[string]string{}})
	})
}

// allOps lists every operation of every product the sandbox serves.
func allOps() []op {
	var ops []op
	ops = append(ops, jiraOps()...)
	ops = append(ops, agileOps()...)
	ops = append(ops, confluenceOps()...)
	return ops
}

func (sb *Sandbox) serveOp(w http.ResponseWriter, r *http.Request, o op, ref, prefix string) {
	sb.mu.Lock()
	site := sb.site(ref)
	base := sb.baseURL
	sb.mu.Unlock()
	if site == nil {
		writeJSON(w, http.StatusNotFound, map[string]any{"errorMessages": []string{"Site not found"}, "errors": map[string]string{}})
		return
	}
	who, err := sb.oauth.Authenticate(r, site.CloudID)
	if err != nil {
		w.Header().Set("WWW-Authenticate", `Bearer realm="api.atlassian.com"`)
		writeJSON(w, http.StatusUnauthorized, map[string]any{"code": 401, "message": "Unauthorized"})
		return
	}
	if who.Method == "oauth" && !strings.HasPrefix(prefix, "/ex/") {
		// OAuth tokens only work through the API gateway, as on Atlassian.
		writeJSON(w, http.StatusUnauthorized, map[string]any{"code": 401, "message": "Unauthorized"})
		return
	}
	if !hasScopes(who, o.classic) && !hasScopes(who, o.granular) {
		writeJSON(w, http.StatusUnauthorized, map[string]any{"code": 401, "message": "Unauthorized; scope does not match"})
		return
	}
	sb.mu.Lock()
	defer sb.mu.Unlock()
	o.handle(&call{sb: sb, w: w, r: r, site: site, who: who, base: base + prefix})
}

func hasScopes(who *oauthsrv.Principal, need []string) bool {
	if len(need) == 0 {
		return false
	}
	for _, s := range need {
		if !who.Has(s) {
			return false
		}
	}
	return true
}

// AllScopes returns every scope any sandbox operation asks for, plus
// offline_access. Sites grant all of them.
func AllScopes() []string {
	set := map[string]bool{"offline_access": true}
	for _, o := range allOps() {
		for _, s := range append(append([]string{}, o.classic...), o.granular...) {
			set[s] = true
		}
	}
	out := make([]string, 0, len(set))
	for s := range set {
		out = append(out, s)
	}
	sort.Strings(out)
	return out
}

// OpScopes describes the scopes one sandbox operation requires; tests
// compare these with Atlassian's specs.
type OpScopes struct {
	Product, Method, Path string
	Classic, Granular     []string
}

// Operations lists every operation the sandbox serves, with its scopes.
func Operations() []OpScopes {
	var out []OpScopes
	for _, o := range allOps() {
		out = append(out, OpScopes{o.product, o.method, o.path, slices.Clone(o.classic), slices.Clone(o.granular)})
	}
	return out
}

// writeJSON writes v as the JSON body of a response with status code.
func writeJSON(w http.ResponseWriter, code int, v any) {
	w.Header().Set("Content-Type", "application/json;charset=UTF-8")
	w.WriteHeader(code)
	_ = json.NewEncoder(w).Encode(v)
}

// jiraError writes Jira's ErrorCollection.
func (c *call) jiraError(code int, messages []string, fieldErrs map[string]string) {
	if messages == nil {
		messages = []string{}
	}
	if fieldErrs == nil {
		fieldErrs = map[string]string{}
	}
	writeJSON(c.w, code, map[string]any{"errorMessages": messages, "errors": fieldErrs})
}

func (c *call) ok(v any) { writeJSON(c.w, http.StatusOK, v) }

// decode reads a JSON request body into v, answering 400 on failure.
func (c *call) decode(v any) bool {
	dec := json.NewDecoder(http.MaxBytesReader(c.w, c.r.Body, 10<<20))
	if err := dec.Decode(v); err != nil {
		c.jiraError(http.StatusBadRequest, []string{"Invalid request payload. Refer to the REST API documentation and try again."}, nil)
		return false
	}
	return true
}

// intParam returns a non-negative integer query parameter, or def.
func (c *call) intParam(name string, def int) (int, bool) {
	v := c.r.URL.Query().Get(name)
	if v == "" {
		return def, true
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 0 {
		c.jiraError(http.StatusBadRequest, []string{"The '" + name + "' parameter must be a non-negative integer."}, nil)
		return 0, false
	}
	return n, true
}

// listParam returns a query parameter that may repeat and may hold
// comma-separated values.
func listParam(r *http.Request, name string) []string {
	var out []string
	for _, v := range r.URL.Query()[name] {
		for _, p := range strings.Split(v, ",") {
			if p = strings.TrimSpace(p); p != "" {
				out = append(out, p)
			}
		}
	}
	return out
}

func itoa(n int) string { return strconv.Itoa(n) }

func atoi(s string) (int, bool) {
	n, err := strconv.Atoi(s)
	return n, err == nil
}
