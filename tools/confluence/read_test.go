package confluence_test

import (
	"context"
	"strings"
	"testing"

	"github.com/clawbridge/atlassian-mcp/internal/testenv"
	"github.com/clawbridge/atlassian-mcp/tools/confluence"
)

// pageID finds a seeded page's id through the client.
func pageID(t testing.TB, e *testenv.Env, space, title string) string {
	t.Helper()
	ctx := context.Background()
	sp, err := e.Client.SpaceByKey(ctx, space)
	if err != nil {
		t.Fatal(err)
	}
	p, ok, err := e.Client.FindPage(ctx, sp.ID, title)
	if err != nil || !ok {
		t.Fatalf("page %q in %s: %v %v", title, space, ok, err)
	}
	return p.Get("id").String()
}

// toolCase is one call of a table test: its text must contain every one of
// wants and none of bad.
type toolCase struct {
	tool  string
	args  map[string]any
	wants []string
	bad   []string
}

// TestReadToolsInProcess runs the read tools through an in-process MCP
// client, with every request they cause validated against the specs.
func TestReadToolsInProcess(t *testing.T) {
	e := testenv.New(t, testenv.Options{})
	c := e.MCP(confluence.Tools())
	arch := pageID(t, e, "ENGDOCS", "Architecture Overview")
	for _, tc := range []toolCase{
		{"confluence_list_spaces", map[string]any{}, []string{"3 spaces", "ENGDOCS — Engineering Docs", "HRDOCS — People & HR"}, nil},
		{"confluence_list_spaces", map[string]any{"query": "runbook"}, []string{"1 space\n", "OPSDOCS — Operations Runbooks"}, []string{"ENGDOCS"}},
		{"confluence_search", map[string]any{"text": "token refresh"},
			[]string{"2 results of 2", "Checkout Service Design [ENGDOCS]", "Incident Postmortem: Checkout Outage [OPSDOCS]", "A token refresh raced"},
			[]string{"@@@hl@@@", "Re: "}},
		{"confluence_search", map[string]any{"cql": "label = runbook ORDER BY title", "space": "OPSDOCS"},
			[]string{`space = "OPSDOCS" AND label = runbook ORDER BY title`, "Runbook: Database Failover", "Runbooks [OPSDOCS]"}, []string{"ENGDOCS"}},
		{"confluence_search", map[string]any{"cql": "type = comment", "space": "ENGDOCS"}, []string{"Re: Architecture Overview [ENGDOCS, comment]"}, nil},
		{"confluence_get_page", map[string]any{"id": arch},
			[]string{"Architecture Overview (page " + arch + " in ENGDOCS)", "version 3", "by Chen Wei", "labels: architecture",
				"children: ", "Checkout Service Design", "## Components", "Chen Wei", "macro", "architecture-diagram.png", "/wiki/spaces/ENGDOCS/pages/" + arch}, nil},
		{"confluence_get_page", map[string]any{"space": "OPSDOCS", "title": "Runbook: Database Failover"},
			[]string{"Runbook: Database Failover (page", "Promote the replica", "pg_ctl promote", "labels: runbook, database", "parent: "}, nil},
		{"confluence_get_page", map[string]any{"id": arch, "format": "adf"}, []string{`"type":"doc"`, `"extensionKey":"toc"`, `"type":"media"`}, []string{"## Components"}},
		{"confluence_get_page_tree", map[string]any{"space": "ENGDOCS", "depth": 1},
			[]string{"5 pages", "- " + pageID(t, e, "ENGDOCS", "Engineering Home") + " Engineering Home\n  - " + arch + " Architecture Overview"}, []string{"Checkout Service Design"}},
		{"confluence_get_page_tree", map[string]any{"id": arch}, []string{"3 pages", "  - ", "API Guidelines"}, nil},
	} {
		testenv.Expect(t, c, tc.tool, tc.args, tc.wants, tc.bad)
	}
	_, res := testenv.Call(t, c, "confluence_get_page", map[string]any{"id": arch})
	var page confluence.PageOut
	testenv.Structured(t, res, &page)
	if page.Version != 3 || page.Space != "ENGDOCS" || len(page.Children) != 2 || page.UpdatedBy != "Chen Wei" || page.Author != "Chen Wei" {
		t.Errorf("structured page = %+v", page)
	}
}

// TestSearchPages follows page tokens through a whole result set.
func TestSearchPages(t *testing.T) {
	e := testenv.New(t, testenv.Options{})
	c := e.MCP(confluence.Tools())
	seen := map[string]bool{}
	args := map[string]any{"space": "ENGDOCS", "limit": 4}
	for pages := 0; ; pages++ {
		txt, res := testenv.Call(t, c, "confluence_search", args)
		if res.IsError || pages > 5 {
			t.Fatalf("page %d: %s", pages, txt)
		}
		var out confluence.SearchOut
		testenv.Structured(t, res, &out)
		for _, r := range out.Results {
			if seen[r.ID] {
				t.Errorf("%s returned twice", r.ID)
			}
			seen[r.ID] = true
		}
		if out.NextPageToken == "" {
			break
		}
		args["page_token"] = out.NextPageToken
	}
	if len(seen) != 9 {
		t.Errorf("paged through %d ENGDOCS pages, want 9", len(seen))
	}
}

// TestReadToolsRefuseBadInput checks that mistakes get errors that say how
// to fix them, and that hidden pages read as missing ones.
func TestReadToolsRefuseBadInput(t *testing.T) {
	e := testenv.New(t, testenv.Options{Account: "712020:ben-okafor"})
	c := e.MCP(confluence.Tools())
	salary := func() string {
		ana := testenv.New(t, testenv.Options{})
		return pageID(t, ana, "HRDOCS", "Salary Bands 2026")
	}()
	cases := []struct {
		tool  string
		args  map[string]any
		wants []string
	}{
		{"confluence_search", map[string]any{}, []string{"give text to search for"}},
		{"confluence_search", map[string]any{"cql": "space = = ENG"}, []string{`argument "cql" is not valid CQL`, "character"}},
		{"confluence_search", map[string]any{"text": "x", "limit": 500}, []string{"between 1 and 50"}},
		{"confluence_search", map[string]any{"text": "x", "page_token": "bm90LWEtY3Vyc29y"}, []string{"page_token"}},
		{"confluence_search", map[string]any{"space": "ENG DOCS"}, []string{"space key such as ENGDOCS"}},
		{"confluence_get_page", map[string]any{}, []string{"name the page by id"}},
		{"confluence_get_page", map[string]any{"id": "abc"}, []string{"numeric page id"}},
		{"confluence_get_page", map[string]any{"id": "98306", "space": "ENGDOCS"}, []string{"either id, or space and title"}},
		{"confluence_get_page", map[string]any{"id": "999999"}, []string{"page 999999 was not found, or you may not see it"}},
		{"confluence_get_page", map[string]any{"id": salary}, []string{"page " + salary + " was not found, or you may not see it"}},
		{"confluence_get_page", map[string]any{"space": "ENGDOCS", "title": "Nope"}, []string{`no page titled "Nope"`, "confluence_search"}},
		{"confluence_get_page", map[string]any{"space": "HRDOCS", "title": "Salary Bands 2026"}, []string{"HRDOCS does not exist, or you may not view it"}},
		{"confluence_get_page", map[string]any{"id": "98306", "format": "html"}, []string{`"format" must be markdown or adf`}},
		{"confluence_get_page_tree", map[string]any{"id": "98306", "space": "ENGDOCS"}, []string{"either id"}},
		{"confluence_get_page_tree", map[string]any{"space": "ENGDOCS", "depth": 9}, []string{"between 1 and 5"}},
		{"confluence_list_spaces", map[string]any{"page_token": "a b"}, []string{"page_token"}},
	}
	for _, tc := range cases {
		txt, res := testenv.Call(t, c, tc.tool, tc.args)
		if !res.IsError {
			t.Errorf("%s(%v) succeeded: %s", tc.tool, tc.args, txt)
			continue
		}
		for _, w := range tc.wants {
			if !strings.Contains(txt, w) {
				t.Errorf("%s(%v): error %q lacks %q", tc.tool, tc.args, txt, w)
			}
		}
	}
}

// TestGetPageCalls checks what reading a page costs upstream: the page, its
// children, and the names of its authors, with spaces and names cached.
func TestGetPageCalls(t *testing.T) {
	e := testenv.New(t, testenv.Options{})
	c := e.MCP(confluence.Tools())
	arch := pageID(t, e, "ENGDOCS", "Architecture Overview")
	if txt, res := testenv.Call(t, c, "confluence_get_page", map[string]any{"id": arch}); res.IsError {
		t.Fatal(txt)
	}
	before := e.Calls.Count()
	if txt, res := testenv.Call(t, c, "confluence_get_page", map[string]any{"id": arch}); res.IsError {
		t.Fatal(txt)
	}
	if n := e.Calls.Count() - before; n != 2 {
		t.Errorf("reading a page again made %d upstream calls, want 2 (page and children)", n)
	}
}
