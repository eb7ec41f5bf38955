package sandbox

import (
	"testing"

	"github.com/clawbridge/atlassian-mcp/internal/contract"
)

// classicFromDocs lists the classic scope sets that come from Atlassian's
// scope reference rather than from the specs. Confluence v2 documents
// granular scopes only, while "Confluence scopes for OAuth 2.0 (3LO) and
// Forge apps" recommends classic scopes and describes what each covers:
// read:confluence-space.summary (space summaries),
// read:confluence-content.summary (content without expansions: children,
// ancestors), read:confluence-content.all (full content, bodies, labels,
// comments), read:confluence-user (user details) and write:confluence-content
// (creating and updating pages, blogs and comments). TestOperationScopesMatchTheSpecs accepts these sets
// only where the spec documents no classic set.
var classicFromDocs = map[string][]string{
	"GET /wiki/api/v2/spaces":                     {"read:confluence-space.summary"},
	"GET /wiki/api/v2/pages":                      {"read:confluence-content.all"},
	"POST /wiki/api/v2/pages":                     {"write:confluence-content"},
	"GET /wiki/api/v2/pages/{id}":                 {"read:confluence-content.all"},
	"PUT /wiki/api/v2/pages/{id}":                 {"write:confluence-content"},
	"GET /wiki/api/v2/pages/{id}/direct-children": {"read:confluence-content.summary"},
	"GET /wiki/api/v2/pages/{id}/ancestors":       {"read:confluence-content.summary"},
	"GET /wiki/api/v2/pages/{id}/labels":          {"read:confluence-content.all"},
	"GET /wiki/api/v2/pages/{id}/footer-comments": {"read:confluence-content.all"},
	"POST /wiki/api/v2/footer-comments":           {"write:confluence-content"},
	"POST /wiki/api/v2/users-bulk":                {"read:confluence-user"},
}

// TestClassicFromDocsIsNeeded keeps classicFromDocs honest: every entry
// names an operation the sandbox serves, for which the spec really
// documents no classic scopes.
func TestClassicFromDocsIsNeeded(t *testing.T) {
	v := contract.Load(t)
	served := map[string]OpScopes{}
	for _, o := range Operations() {
		served[o.Method+" "+o.Path] = o
	}
	for key := range classicFromDocs {
		o, ok := served[key]
		if !ok {
			t.Errorf("classicFromDocs has %s, which the sandbox does not serve", key)
			continue
		}
		spec, ok := v.Operation(o.Method, "/ex/"+o.Product+"/"+CloudID+templateVar.ReplaceAllString(o.Path, "10001"))
		if !ok {
			t.Errorf("%s is in no spec", key)
			continue
		}
		if len(spec.Classic) > 0 {
			t.Errorf("%s: the spec documents classic scopes %v; drop it from classicFromDocs", key, spec.Classic)
		}
	}
}
