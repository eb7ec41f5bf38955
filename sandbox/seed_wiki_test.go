package sandbox

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/clawbridge/atlassian-mcp/internal/contract"
)

// adfSchema compiles Atlassian's ADF JSON schema, skipping the test when
// the specs are absent.
func adfSchema(t *testing.T) *jsonschema.Schema {
	t.Helper()
	dir, err := contract.SpecsDir()
	if err != nil {
		t.Skipf("skipping: the ADF schema is absent: %v", err)
	}
	sch, err := jsonschema.NewCompiler().Compile(filepath.Join(dir, "adf", "full.json"))
	if err != nil {
		t.Fatalf("compile the ADF schema: %v", err)
	}
	return sch
}

// TestSeededWikiIsRealistic checks the seed against Atlassian's ADF schema
// and for what tests elsewhere rely on: a tree of depth three, rich nodes,
// labels, several versions by seeded users, past dates, and comments.
func TestSeededWikiIsRealistic(t *testing.T) {
	sch := adfSchema(t)
	for _, s := range []*Site{seedAcme(fixedNow), seedBeta(fixedNow)} {
		w := seedWiki(s, fixedNow)
		nodes := map[string]bool{}
		depth, versions := 0, 0
		for _, p := range w.Pages {
			for _, v := range p.Versions {
				inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(v.Body))
				if err != nil {
					t.Fatalf("%s: %v", p.Title(), err)
				}
				if err := sch.Validate(inst); err != nil {
					t.Errorf("%s v%d is not valid ADF: %v", p.Title(), v.Number, err)
				}
				if s.user(v.By) == nil || v.At.After(fixedNow) || v.At.Before(p.Created) {
					t.Errorf("%s v%d: by %q at %v (created %v)", p.Title(), v.Number, v.By, v.At, p.Created)
				}
			}
			if checkWikiADF(p.current().Body) != nil {
				t.Errorf("%s: the sandbox's own check refuses its seed", p.Title())
			}
			for _, typ := range []string{"extension", "media", "mention", "panel", "table", "layoutSection", "taskList", "status"} {
				if strings.Contains(string(p.current().Body), `"type":"`+typ+`"`) {
					nodes[typ] = true
				}
			}
			depth = max(depth, len(p.ancestors()))
			versions = max(versions, len(p.Versions))
			if p.Parent == nil && p.Space.Homepage != p {
				t.Errorf("%s is a root page but not its space's homepage", p.Title())
			}
		}
		if s.CloudID != CloudID {
			if len(w.Spaces) != 1 || len(w.Pages) < 2 {
				t.Errorf("beta wiki: %d spaces, %d pages", len(w.Spaces), len(w.Pages))
			}
			continue
		}
		if len(nodes) != 8 {
			t.Errorf("the seed lacks some rich nodes; has %v", nodes)
		}
		if depth < 2 || versions < 3 || len(w.Comments) < 3 || len(w.Labels) < 10 {
			t.Errorf("tree depth %d, most versions %d, %d comments, %d labels", depth, versions, len(w.Comments), len(w.Labels))
		}
		var keys []string
		for _, sp := range w.Spaces {
			keys = append(keys, sp.Key)
		}
		if strings.Join(keys, ",") != "ENGDOCS,OPSDOCS,HRDOCS" || w.canView("712020:ben-okafor", w.Spaces[2]) || !w.canView(UserID, w.Spaces[2]) {
			t.Errorf("spaces %v; Ben must not view HRDOCS, Ana must", keys)
		}
	}
}
