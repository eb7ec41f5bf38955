package confluence_test

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/tidwall/gjson"

	"github.com/clawbridge/atlassian-mcp/atlassian"
	"github.com/clawbridge/atlassian-mcp/internal/testenv"
	"github.com/clawbridge/atlassian-mcp/tools/confluence"
)

// untouched returns the JSON of a page's nodes of the given types, in
// document order, to compare before and after an update.
func untouched(t *testing.T, e *testenv.Env, id string, types ...string) []string {
	t.Helper()
	p, err := e.Client.GetPage(context.Background(), id, atlassian.FormatADF)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	var walk func(n gjson.Result)
	walk = func(n gjson.Result) {
		for _, typ := range types {
			if n.Get("type").String() == typ {
				out = append(out, canonical(t, n.Raw))
			}
		}
		for _, k := range n.Get("content").Array() {
			walk(k)
		}
	}
	walk(gjson.Parse(p.Get("body.atlas_doc_format.value").String()))
	return out
}

// canonical re-marshals JSON with sorted keys, so that two serialisations
// of the same node compare equal.
func canonical(t *testing.T, raw string) string {
	t.Helper()
	var v any
	if err := json.Unmarshal([]byte(raw), &v); err != nil {
		t.Fatal(err)
	}
	b, _ := json.Marshal(v)
	return string(b)
}

func TestCreateAndLabelPages(t *testing.T) {
	e := testenv.New(t, testenv.Options{})
	c := e.MCP(confluence.Tools())
	arch := pageID(t, e, "ENGDOCS", "Architecture Overview")
	txt, res := testenv.Call(t, c, "confluence_create_page", map[string]any{
		"space": "ENGDOCS", "title": "Search Service Design", "parent": arch, "labels": []any{"Design", "search", "design"},
		"body": "## Goals\n\n- Fast\n- Relevant\n\n| Engine | p95 |\n| --- | --- |\n| pgvector | 38 |\n\n> [!WARNING]\n> Not final.\n",
	})
	if res.IsError {
		t.Fatal(txt)
	}
	var out confluence.WrittenPage
	testenv.Structured(t, res, &out)
	if out.Space != "ENGDOCS" || out.Version != 1 || strings.Join(out.Labels, ",") != "design,search" || !strings.Contains(txt, "under page "+arch) {
		t.Errorf("create = %+v\n%s", out, txt)
	}
	page, err := e.Client.GetPage(context.Background(), out.ID, atlassian.FormatADF)
	if err != nil {
		t.Fatal(err)
	}
	body := page.Get("body.atlas_doc_format.value").String()
	for _, want := range []string{`"type":"table"`, `"panelType":"warning"`, `"type":"heading"`} {
		if !strings.Contains(body, want) {
			t.Errorf("stored body lacks %s: %s", want, body)
		}
	}
	txt, res = testenv.Call(t, c, "confluence_create_page", map[string]any{"space": "ENGDOCS", "title": "search service design", "body": "x"})
	if !res.IsError || !strings.Contains(txt, `a page titled "search service design" already exists in space ENGDOCS`) {
		t.Errorf("duplicate title: %s", txt)
	}
	txt, res = testenv.Call(t, c, "confluence_create_page", map[string]any{"space": "ENGDOCS", "title": "Raw", "format": "adf",
		"body": `{"type":"doc","version":1,"content":[{"type":"bulletList","content":[{"type":"paragraph","content":[]}]}]}`})
	if !res.IsError || !strings.Contains(txt, "not valid ADF") || !strings.Contains(txt, "content[0].content[0]") {
		t.Errorf("invalid ADF: %s", txt)
	}
	txt, res = testenv.Call(t, c, "confluence_add_labels", map[string]any{"id": out.ID, "labels": []any{"Reviewed", "search"}})
	if res.IsError || !strings.Contains(txt, "design, search, reviewed") {
		t.Errorf("add labels: %s", txt)
	}
	txt, res = testenv.Call(t, c, "confluence_add_comment", map[string]any{"id": out.ID, "body": "Looks **good**"})
	if res.IsError || !strings.Contains(txt, "Added comment") {
		t.Errorf("comment: %s", txt)
	}
	for _, bad := range []struct {
		tool string
		args map[string]any
		want string
	}{
		{"confluence_add_labels", map[string]any{"id": out.ID, "labels": []any{"two words"}}, "single words"},
		{"confluence_add_labels", map[string]any{"id": out.ID, "labels": []any{}}, "at least one label"},
		{"confluence_add_labels", map[string]any{"id": "999999", "labels": []any{"x"}}, "page 999999 was not found"},
		{"confluence_add_comment", map[string]any{"id": "999999", "body": "x"}, "page 999999 was not found"},
		{"confluence_create_page", map[string]any{"space": "NOPE", "title": "x", "body": "x"}, "NOPE does not exist"},
		{"confluence_create_page", map[string]any{"space": "ENGDOCS", "title": "  ", "body": "x"}, `"title" must be 1 to 255`},
	} {
		if txt, res := testenv.Call(t, c, bad.tool, bad.args); !res.IsError || !strings.Contains(txt, bad.want) {
			t.Errorf("%s(%v) = %s, want an error with %q", bad.tool, bad.args, txt, bad.want)
		}
	}
}

// TestUpdatesKeepUntouchedNodes checks that append, prepend and section
// updates keep the page's macro, media, mentions and layout byte-for-byte,
// and that a replace says what it dropped.
func TestUpdatesKeepUntouchedNodes(t *testing.T) {
	e := testenv.New(t, testenv.Options{})
	c := e.MCP(confluence.Tools())
	arch := pageID(t, e, "ENGDOCS", "Architecture Overview")
	kinds := []string{"extension", "media", "mention", "layoutSection", "table"}
	before := untouched(t, e, arch, kinds...)
	steps := []struct {
		args  map[string]any
		wants []string
	}{
		{map[string]any{"mode": "append", "body": "## Open questions\n\n- Who owns search?"}, []string{"(append) to version 4"}},
		{map[string]any{"mode": "prepend", "body": "> [!NOTE]\n> Under review."}, []string{"to version 5"}},
		{map[string]any{"mode": "section", "section": "Decisions", "body": "- Use server-side rendering everywhere.", "message": "Decisions updated"}, []string{"to version 6"}},
	}
	for _, s := range steps {
		s.args["id"] = arch
		txt, res := testenv.Call(t, c, "confluence_update_page", s.args)
		if res.IsError {
			t.Fatalf("%v: %s", s.args, txt)
		}
		for _, w := range s.wants {
			if !strings.Contains(txt, w) {
				t.Errorf("%v: lacks %q: %s", s.args, w, txt)
			}
		}
		if strings.Contains(txt, "Warning") {
			t.Errorf("%v warned: %s", s.args, txt)
		}
	}
	after := untouched(t, e, arch, kinds...)
	if strings.Join(before, "\n") != strings.Join(after, "\n") {
		t.Errorf("untouched nodes changed:\nbefore %v\nafter  %v", before, after)
	}
	txt, _ := testenv.Call(t, c, "confluence_get_page", map[string]any{"id": arch})
	for _, w := range []string{"Under review.", "Who owns search?", "Use server-side rendering everywhere.", "## Components"} {
		if !strings.Contains(txt, w) {
			t.Errorf("page lacks %q after the updates:\n%s", w, txt)
		}
	}
	if strings.Contains(txt, "One Postgres cluster per region") {
		t.Error("the section update kept the old Decisions content")
	}
	txt, res := testenv.Call(t, c, "confluence_update_page", map[string]any{"id": arch, "mode": "replace", "body": "# Rewritten\n\nShort now."})
	var out confluence.WrittenPage
	testenv.Structured(t, res, &out)
	if res.IsError || !strings.Contains(txt, "Warning: the new body dropped") || len(out.Removed) < 3 {
		t.Errorf("replace: %s (%+v)", txt, out)
	}
	for _, bad := range []struct {
		args map[string]any
		want string
	}{
		{map[string]any{"id": arch, "mode": "section", "section": "Nowhere", "body": "x"}, "Nowhere"},
		{map[string]any{"id": arch, "mode": "section", "body": "x"}, `mode section needs argument "section"`},
		{map[string]any{"id": arch, "mode": "merge", "body": "x"}, `"mode" must be replace, append, prepend or section`},
		{map[string]any{"id": arch, "mode": "append", "format": "adf", "body": `{"type":"doc"}`}, "not valid ADF"},
	} {
		if txt, res := testenv.Call(t, c, "confluence_update_page", bad.args); !res.IsError || !strings.Contains(txt, bad.want) {
			t.Errorf("update %v = %s, want an error with %q", bad.args, txt, bad.want)
		}
	}
}

// concurrentEditor saves a version of a page just before the tool's own
// update reaches Confluence, the first n times, so that the tool meets real
// 409s.
type concurrentEditor struct {
	base  http.RoundTripper
	mu    sync.Mutex
	n     int
	inner bool
	edit  func()
}

func (ce *concurrentEditor) RoundTrip(r *http.Request) (*http.Response, error) {
	ce.mu.Lock()
	fire := r.Method == http.MethodPut && ce.n > 0 && !ce.inner && ce.edit != nil
	if fire {
		ce.n--
		ce.inner = true
	}
	ce.mu.Unlock()
	if fire {
		ce.edit()
		ce.mu.Lock()
		ce.inner = false
		ce.mu.Unlock()
	}
	return ce.base.RoundTrip(r)
}

func TestUpdateReappliesOnceAfterAConflict(t *testing.T) {
	for _, tc := range []struct {
		name      string
		conflicts int
		ok        bool
	}{{"one concurrent edit", 1, true}, {"two concurrent edits", 2, false}} {
		t.Run(tc.name, func(t *testing.T) {
			ce := &concurrentEditor{n: tc.conflicts}
			e := testenv.New(t, testenv.Options{ClientConfig: func(cfg *atlassian.Config) {
				ce.base = cfg.HTTPClient.Transport
				cfg.HTTPClient = &http.Client{Transport: ce}
			}})
			c := e.MCP(confluence.Tools())
			id := pageID(t, e, "ENGDOCS", "API Guidelines")
			edits := 0
			ce.edit = func() {
				ctx := context.Background()
				p, err := e.Client.GetPage(ctx, id, atlassian.FormatADF)
				if err != nil {
					t.Error(err)
					return
				}
				edits++
				var doc map[string]any
				_ = json.Unmarshal([]byte(p.Get("body.atlas_doc_format.value").String()), &doc)
				doc["content"] = append(doc["content"].([]any), map[string]any{"type": "paragraph", "content": []any{
					map[string]any{"type": "text", "text": "Concurrent edit " + string(rune('0'+edits))}}})
				raw, _ := json.Marshal(doc)
				if _, err := e.Client.UpdatePage(ctx, atlassian.PageUpdate{ID: id, Title: p.Get("title").String(), Body: raw,
					Version: int(p.Get("version.number").Int()) + 1}); err != nil {
					t.Error(err)
				}
			}
			txt, res := testenv.Call(t, c, "confluence_update_page", map[string]any{"id": id, "mode": "append", "body": "Agent's note."})
			if res.IsError == tc.ok {
				t.Fatalf("update: %s", txt)
			}
			page, _ := e.Client.GetPage(context.Background(), id, atlassian.FormatADF)
			body := page.Get("body.atlas_doc_format.value").String()
			if tc.ok {
				if !strings.Contains(txt, "re-applied") || !strings.Contains(body, "Concurrent edit 1") || !strings.Contains(body, "Agent's note.") || page.Get("version.number").Int() != 4 {
					t.Errorf("after one conflict: %s; version %d; body %s", txt, page.Get("version.number").Int(), body)
				}
				return
			}
			if !strings.Contains(txt, "changed again") || !strings.Contains(txt, "409") || strings.Contains(body, "Agent's note.") {
				t.Errorf("after two conflicts: %s; body %s", txt, body)
			}
		})
	}
}
