package adf

import (
	"bufio"
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

// corpusEntry is one Markdown input of the test corpus.
type corpusEntry struct {
	name string
	md   string
}

// loadCorpus returns every CommonMark spec example (testdata/
// commonmark-spec.json, from goldmark), the GFM and ADF-syntax samples
// (testdata/gfm-samples.md, separated by "%%%%" lines) and every input the
// fuzzer has found (testdata/fuzz/FuzzFromMarkdown).
func loadCorpus(t testing.TB) []corpusEntry {
	t.Helper()
	var out []corpusEntry
	raw, err := os.ReadFile("testdata/commonmark-spec.json")
	if err != nil {
		t.Fatal(err)
	}
	var spec []struct {
		Markdown string `json:"markdown"`
		Example  int    `json:"example"`
		Section  string `json:"section"`
	}
	if err := json.Unmarshal(raw, &spec); err != nil {
		t.Fatal(err)
	}
	for _, ex := range spec {
		out = append(out, corpusEntry{name: "spec " + strconv.Itoa(ex.Example) + " (" + ex.Section + ")", md: ex.Markdown})
	}
	samples, err := os.ReadFile("testdata/gfm-samples.md")
	if err != nil {
		t.Fatal(err)
	}
	for i, s := range strings.Split(string(samples), "\n%%%%\n") {
		out = append(out, corpusEntry{name: "gfm sample " + strconv.Itoa(i+1), md: s})
	}
	for _, f := range fuzzInputs(t, "FuzzFromMarkdown") {
		out = append(out, f)
	}
	out = append(out, corpusEntry{name: "realistic document", md: realisticMarkdown(20_000)})
	return out
}

// fuzzInputs reads the string inputs the Go fuzzer saved for target.
func fuzzInputs(t testing.TB, target string) []corpusEntry {
	t.Helper()
	dir := filepath.Join("testdata", "fuzz", target)
	entries, err := os.ReadDir(dir)
	if os.IsNotExist(err) {
		return nil
	}
	if err != nil {
		t.Fatal(err)
	}
	var out []corpusEntry
	for _, e := range entries {
		raw, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		sc := bufio.NewScanner(bytes.NewReader(raw))
		sc.Buffer(make([]byte, 1<<20), 1<<24)
		for sc.Scan() {
			line := sc.Text()
			if !strings.HasPrefix(line, "string(") {
				continue
			}
			s, err := strconv.Unquote(strings.TrimSuffix(strings.TrimPrefix(line, "string("), ")"))
			if err != nil {
				t.Fatalf("%s: %v", e.Name(), err)
			}
			out = append(out, corpusEntry{name: "fuzz " + e.Name(), md: s})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].name < out[j].name })
	return out
}

// specsDir finds Atlassian's published specs: $ATLASSIAN_SPECS, or
// ../shared/specs from the repository root. It skips the test, saying why,
// when they are absent.
func specsDir(t testing.TB) string {
	t.Helper()
	candidates := []string{os.Getenv("ATLASSIAN_SPECS"), filepath.Join("..", "..", "shared", "specs")}
	for _, c := range candidates {
		if c == "" {
			continue
		}
		if _, err := os.Stat(filepath.Join(c, "adf", "full.json")); err == nil {
			return c
		}
	}
	t.Skip("skipping: Atlassian's ADF schema (adf/full.json) not found; set ATLASSIAN_SPECS or put the specs in ../shared/specs relative to the repository root")
	return ""
}

// adfSchema compiles full.json (JSON Schema draft-04).
func adfSchema(t testing.TB) *jsonschema.Schema {
	t.Helper()
	path := filepath.Join(specsDir(t), "adf", "full.json")
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	doc, err := jsonschema.UnmarshalJSON(f)
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	if err := c.AddResource("file:///full.json", doc); err != nil {
		t.Fatal(err)
	}
	sch, err := c.Compile("file:///full.json")
	if err != nil {
		t.Fatalf("compiling full.json: %v", err)
	}
	return sch
}

// schemaCheck validates JSON bytes against the compiled schema.
func schemaCheck(sch *jsonschema.Schema, raw []byte) error {
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(raw))
	if err != nil {
		return err
	}
	return sch.Validate(inst)
}

// realisticMarkdown returns a Markdown document of about size bytes that
// looks like a real engineering page: headings, prose with formatting and
// links, lists, tasks, a table, code, a panel, mentions and statuses.
func realisticMarkdown(size int) string {
	const section = `## Sprint %d review

The team closed **14 issues** and carried over *three*; see the [board](https://example.atlassian.net/jira/software/projects/ENG/boards/1) for details. Thanks to @[Jane Doe](accountid:5b10ac8d82e05b22cc7d4ef5) for the ` + "`retry`" + ` fix, which is now {status:Done|green} (shipped {date:2026-11-22}).

### Highlights

- Rewrote the importer; throughput went from 40 to 95 MB/s.
- Fixed the flaky ` + "`TestSync`" + ` test (ENG-1234) and two ~~minor~~ regressions.
  - Root cause: a race between the cache and the writer.
  - Follow-up: add a benchmark.
- Reviewed the on-call runbook with the SRE team.

1. Collect feedback
2. Update the roadmap
3. Plan the next sprint

- [x] Publish release notes
- [ ] Archive the old dashboards
- [ ] Book the retro room

> [!WARNING]
> The v1 API is deprecated and will be removed in Q3. Migrate with the guide at https://example.com/migrate.

| Metric | Before | After |
| --- | ---: | ---: |
| p50 latency | 120 ms | 45 ms |
| p99 latency | 900 ms | 210 ms |
| Errors/day | 37 | 4 |

` + "```go" + `
func retry(ctx context.Context, fn func() error) error {
	for i := 0; i < 3; i++ {
		if err := fn(); err == nil {
			return nil
		}
	}
	return errors.New("gave up")
}
` + "```" + `

> Quality is not an act, it is a habit.

---

`
	var b strings.Builder
	b.WriteString("# Engineering notes\n\n")
	for i := 1; b.Len() < size; i++ {
		b.WriteString(strings.Replace(section, "%d", strconv.Itoa(i), 1))
	}
	return b.String()
}

// mustJSON returns v marshalled, failing t if it cannot be.
func mustJSON(t *testing.T, v any) string {
	t.Helper()
	raw, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(raw)
}
