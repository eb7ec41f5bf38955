package catalog

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"

	"github.com/mark3labs/mcp-go/mcp"

	"github.com/clawbridge/atlassian-mcp/tools"
)

var update = flag.Bool("update", false, "rewrite the tool schema snapshots in testdata/toolsnaps")

// contextPart is what agent runtimes put into the model's context for a
// tool: its name, description and input schema.
type contextPart struct {
	Name        string          `json:"name"`
	Description string          `json:"description"`
	InputSchema json.RawMessage `json:"inputSchema"`
}

func compact(t *testing.T, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func contextBytes(t *testing.T, tl mcp.Tool) []byte {
	t.Helper()
	return compact(t, contextPart{Name: tl.Name, Description: tl.Description, InputSchema: compact(t, tl.InputSchema)})
}

// TestToolSnapshots fails when a tool's schema changes without its
// snapshot. Run `go test ./tools/catalog -update` to accept a change.
func TestToolSnapshots(t *testing.T) {
	dir := filepath.Join("testdata", "toolsnaps")
	if *update {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	seen := map[string]bool{}
	for _, tl := range All() {
		got, err := json.MarshalIndent(tl.Def, "", "  ")
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, '\n')
		path := filepath.Join(dir, tl.Def.Name+".json")
		seen[tl.Def.Name+".json"] = true
		if *update {
			if err := os.WriteFile(path, got, 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want, err := os.ReadFile(path)
		if err != nil {
			t.Errorf("%s has no snapshot (%v); run go test ./tools/catalog -update and review the new file", tl.Def.Name, err)
			continue
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s's schema changed; if intended, run go test ./tools/catalog -update and review the diff.\ngot:\n%s", tl.Def.Name, got)
		}
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if !seen[e.Name()] && !*update {
			t.Errorf("snapshot %s belongs to no tool; delete it", e.Name())
		}
	}
}

// contextBudgetPerTool is the average number of bytes each tool may cost
// in the model's context: a hard product constraint.
const contextBudgetPerTool = 450

// TestToolsListSize enforces the context budget and reports the size of the
// whole tools/list result beside it.
func TestToolsListSize(t *testing.T) {
	all := All()
	ctxTotal, fullTotal := 0, 0
	for _, tl := range all {
		n := len(contextBytes(t, tl.Def))
		ctxTotal += n
		fullTotal += len(compact(t, tl.Def))
		t.Logf("%-32s %4d bytes in context", tl.Def.Name, n)
	}
	full := len(compact(t, mcp.ListToolsResult{Tools: defs(all)}))
	avg := float64(ctxTotal) / float64(len(all))
	t.Logf("%d tools: context part %d bytes (%.0f per tool, budget %d); whole tools/list result %d bytes with annotations and output schemas",
		len(all), ctxTotal, avg, contextBudgetPerTool, full)
	if avg > contextBudgetPerTool {
		t.Errorf("tools cost %.0f bytes each in context on average; the budget is %d", avg, contextBudgetPerTool)
	}
}

func defs(ts []tools.Tool) []mcp.Tool {
	out := make([]mcp.Tool, len(ts))
	for i, t := range ts {
		out[i] = t.Def
	}
	return out
}

var nameRE = regexp.MustCompile(`^(jira|confluence)_[a-z]+(_[a-z]+)*$`)

// TestCatalogue checks every tool's definition against the conventions of
// design.md §4.
func TestCatalogue(t *testing.T) {
	names := map[string]bool{}
	for _, tl := range All() {
		d := tl.Def
		if names[d.Name] {
			t.Errorf("duplicate tool %s", d.Name)
		}
		names[d.Name] = true
		if !nameRE.MatchString(d.Name) {
			t.Errorf("%s: names are snake_case and start with jira_ or confluence_", d.Name)
		}
		if !strings.HasPrefix(tl.Toolset, strings.SplitN(d.Name, "_", 2)[0]) && tl.Toolset != tools.SetAgile && tl.Toolset != tools.SetAgileWrite && tl.Toolset != tools.SetWorkflows {
			t.Errorf("%s: toolset %q does not match its product", d.Name, tl.Toolset)
		}
		a := d.Annotations
		if a.ReadOnlyHint == nil || a.DestructiveHint == nil || a.IdempotentHint == nil || a.OpenWorldHint == nil || a.Title == "" {
			t.Errorf("%s: every annotation must be set explicitly: %+v", d.Name, a)
		}
		if tl.ReadOnly() == strings.HasSuffix(tl.Toolset, "_write") {
			t.Errorf("%s: read-only=%v but toolset is %s", d.Name, tl.ReadOnly(), tl.Toolset)
		}
		// Jira Software's API has no classic scopes ("Jira Software doesn't
		// support classic scopes", Atlassian's scope docs), so agile tools
		// declare a granular set only.
		agile := tl.Toolset == tools.SetAgile || tl.Toolset == tools.SetAgileWrite
		if len(tl.Granular) == 0 || (len(tl.Classic) == 0 && !agile) {
			t.Errorf("%s: declares no scopes", d.Name)
		}
		if d.Description == "" || len(d.Description) > 160 {
			t.Errorf("%s: description must be short and present (%d bytes)", d.Name, len(d.Description))
		}
		for _, p := range tools.SchemaMismatch(d, tl.Input) {
			t.Error(p)
		}
		for name, p := range d.InputSchema.Properties {
			m, _ := p.(map[string]any)
			if m["type"] == "array" && m["items"] == nil {
				t.Errorf("%s.%s: arrays declare their item type", d.Name, name)
			}
		}
	}
}

// TestOutputSchemasAreCurrent checks that tools/outschemas.json holds
// exactly the schemas reflection gives today; -update rewrites it.
func TestOutputSchemasAreCurrent(t *testing.T) {
	t.Setenv(tools.ReflectSchemasEnv, "1")
	want := map[string]json.RawMessage{}
	byName := map[string]string{}
	for _, tl := range All() {
		if tl.Def.OutputSchema.Type == "" {
			continue
		}
		b, err := json.Marshal(tl.Def.OutputSchema)
		if err != nil {
			t.Fatal(err)
		}
		byName[tl.Def.Name] = string(b)
		want[tl.Def.Name] = b
	}
	path := filepath.Join("..", "outschemas.json")
	if *update {
		b, err := json.MarshalIndent(want, "", "  ")
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, append(b, '\n'), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	t.Setenv(tools.ReflectSchemasEnv, "")
	for _, tl := range All() {
		if byName[tl.Def.Name] == "" {
			continue
		}
		if tl.Def.RawOutputSchema == nil {
			t.Errorf("%s's output schema is not in tools/outschemas.json; run go test ./tools/catalog -run OutputSchemas -update", tl.Def.Name)
			continue
		}
		var got, fresh any
		_ = json.Unmarshal(tl.Def.RawOutputSchema, &got)
		_ = json.Unmarshal([]byte(byName[tl.Def.Name]), &fresh)
		if !reflect.DeepEqual(got, fresh) {
			t.Errorf("%s's output schema in tools/outschemas.json is stale; run go test ./tools/catalog -run OutputSchemas -update", tl.Def.Name)
		}
	}
}
