package sandbox

import (
	"regexp"
	"slices"
	"testing"

	"github.com/clawbridge/atlassian-mcp/internal/contract"
)

var templateVar = regexp.MustCompile(`\{[^}]+\}`)

// TestOperationScopesMatchTheSpecs checks that every operation the sandbox
// serves asks for exactly the scopes Atlassian's spec documents.
func TestOperationScopesMatchTheSpecs(t *testing.T) {
	v := contract.Load(t)
	for _, o := range Operations() {
		path := "/ex/" + o.Product + "/" + CloudID + templateVar.ReplaceAllString(o.Path, "10001")
		spec, ok := v.Operation(o.Method, path)
		if !ok {
			t.Errorf("%s %s: no such operation in the specs", o.Method, o.Path)
			continue
		}
		wantClassic := spec.Classic
		if docs, ok := classicFromDocs[o.Method+" "+o.Path]; ok && len(spec.Classic) == 0 {
			// The spec documents no classic set; Atlassian's scope docs do.
			wantClassic = sorted(docs)
		}
		if !slices.Equal(sorted(o.Classic), wantClassic) || !slices.Equal(sorted(o.Granular), spec.Granular) {
			t.Errorf("%s %s (%s): sandbox wants classic %v granular %v; the spec says classic %v granular %v",
				o.Method, o.Path, spec.ID, sorted(o.Classic), sorted(o.Granular), wantClassic, spec.Granular)
		}
	}
}

func sorted(s []string) []string {
	c := slices.Clone(s)
	slices.Sort(c)
	return slices.Compact(c)
}
