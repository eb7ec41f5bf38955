package atlassian

import (
	"testing"

	"github.com/clawbridge/atlassian-mcp/internal/contract"
)

// classicFromDocs lists the classic scope sets that come from Atlassian's
// scope reference rather than from the specs, keyed by method and spec
// path. Confluence v2 documents granular scopes only, while "Confluence
// scopes for OAuth 2.0 (3LO) and Forge apps" recommends classic scopes and
// says what each covers: read:confluence-space.summary (space summaries),
// read:confluence-content.summary (content without expansions, such as a
// page's children), read:confluence-content.all (full content with bodies
// and labels), read:confluence-user (user details) and
// write:confluence-content (creating and updating pages and comments). TestOpsMatchTheSpecs accepts these sets only where the spec
// documents no classic set.
var classicFromDocs = map[string][]string{
	"GET /spaces":                     {"read:confluence-space.summary"},
	"GET /pages":                      {"read:confluence-content.all"},
	"GET /pages/{id}":                 {"read:confluence-content.all"},
	"POST /pages":                     {"write:confluence-content"},
	"PUT /pages/{id}":                 {"write:confluence-content"},
	"GET /pages/{id}/direct-children": {"read:confluence-content.summary"},
	"POST /users-bulk":                {"read:confluence-user"},
	"POST /footer-comments":           {"write:confluence-content"},
}

// TestClassicFromDocsIsNeeded keeps classicFromDocs honest: every entry is
// an operation the client calls whose spec documents no classic scopes.
func TestClassicFromDocsIsNeeded(t *testing.T) {
	v := contract.Load(t)
	called := map[string]Op{}
	for _, o := range Ops() {
		called[o.Method+" "+o.Path] = o
	}
	for key := range classicFromDocs {
		o, ok := called[key]
		if !ok || o.Spec != "confluence-v2" {
			t.Errorf("classicFromDocs has %s, which the client does not call in Confluence v2", key)
			continue
		}
		spec, ok := v.Operation(o.Method, specPath(o))
		if !ok || len(spec.Classic) > 0 {
			t.Errorf("%s: the spec documents classic scopes (%v); drop it from classicFromDocs", key, spec)
		}
	}
}
