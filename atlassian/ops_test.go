package atlassian

import (
	"regexp"
	"slices"
	"testing"

	"github.com/clawbridge/atlassian-mcp/internal/contract"
)

var templateVar = regexp.MustCompile(`\{[^}]+\}`)

// specPath is a request path for o as the contract validator resolves it:
// the product's gateway prefix and the template with its variables filled.
func specPath(o Op) string {
	prefix := map[string]string{"jira": "/ex/jira/c", "agile": "/ex/jira/c", "confluence-v2": "/ex/confluence/c/wiki/api/v2", "confluence-v1": "/ex/confluence/c"}
	return prefix[o.Spec] + templateVar.ReplaceAllString(o.Path, "10001")
}

// TestOpsMatchTheSpecs checks each operation the client calls against
// Atlassian's specs: it exists, is not deprecated, and its declared scopes
// are the spec's.
func TestOpsMatchTheSpecs(t *testing.T) {
	v := contract.Load(t)
	for _, o := range Ops() {
		spec, ok := v.Operation(o.Method, specPath(o))
		if !ok {
			t.Errorf("%s: %s %s is in no spec", o.Action, o.Method, o.Path)
			continue
		}
		if spec.Deprecated {
			t.Errorf("%s: %s %s (%s) is deprecated", o.Action, o.Method, o.Path, spec.ID)
		}
		if spec.Path != o.Path {
			t.Errorf("%s: path %s, the spec writes %s", o.Action, o.Path, spec.Path)
		}
		c, g := slices.Sorted(slices.Values(o.Classic)), slices.Sorted(slices.Values(o.Granular))
		wantClassic := spec.Classic
		if docs, ok := classicFromDocs[o.Method+" "+o.Path]; ok && len(spec.Classic) == 0 {
			// The spec documents no classic set; Atlassian's scope docs do.
			wantClassic = slices.Sorted(slices.Values(docs))
		}
		if !slices.Equal(c, wantClassic) || !slices.Equal(g, spec.Granular) {
			t.Errorf("%s (%s): declares classic %v granular %v; the spec says classic %v granular %v", o.Action, spec.ID, c, g, wantClassic, spec.Granular)
		}
	}
}
