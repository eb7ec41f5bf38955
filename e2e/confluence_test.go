package e2e

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/clawbridge/atlassian-mcp/internal/testenv"
)

// confluenceTransports are the transports every Confluence tool is driven
// over.
var confluenceTransports = []string{"stdio", "http"}

// pageOut is the part of confluence_get_page's structured result the tests
// read.
type pageOut struct {
	ID       string   `json:"id"`
	Title    string   `json:"title"`
	Space    string   `json:"space"`
	Version  int      `json:"version"`
	Labels   []string `json:"labels"`
	Children []struct {
		ID    string `json:"id"`
		Title string `json:"title"`
	} `json:"children"`
	Body string `json:"body"`
	ADF  any    `json:"adf"`
}

// TestConfluenceTools drives every Confluence tool over stdio and
// streamable HTTP against `serve --sandbox` and checks real content.
func TestConfluenceTools(t *testing.T) {
	for _, kind := range confluenceTransports {
		t.Run(kind, func(t *testing.T) {
			s := start(t, kind, nil, "--sandbox")
			s.hasTools("confluence_list_spaces", "confluence_search", "confluence_get_page", "confluence_get_page_tree",
				"confluence_create_page", "confluence_update_page", "confluence_add_comment", "confluence_add_labels")

			txt, _ := s.ok("confluence_list_spaces", map[string]any{})
			mustContain(t, txt, "ENGDOCS — Engineering Docs", "OPSDOCS — Operations Runbooks", "HRDOCS — People & HR")

			txt, res := s.ok("confluence_search", map[string]any{"text": "token refresh"})
			mustContain(t, txt, "Checkout Service Design [ENGDOCS]", "Incident Postmortem: Checkout Outage [OPSDOCS]")
			mustNotContain(t, txt, "@@@hl@@@")
			var found struct {
				Results []struct {
					ID, Title, Space, Excerpt string
					LastModified              string `json:"last_modified"`
				} `json:"results"`
			}
			testenv.Structured(t, res, &found)
			if len(found.Results) != 2 || found.Results[0].ID == "" || found.Results[0].LastModified == "" || found.Results[0].Excerpt == "" {
				t.Errorf("structured search = %+v", found.Results)
			}

			txt, res = s.ok("confluence_get_page", map[string]any{"space": "ENGDOCS", "title": "Architecture Overview"})
			mustContain(t, txt, "version 3", "by Chen Wei", "labels: architecture", "## Components", "Checkout Service Design")
			var arch pageOut
			testenv.Structured(t, res, &arch)
			if arch.Space != "ENGDOCS" || arch.Version != 3 || len(arch.Children) != 2 {
				t.Errorf("structured page = %+v", arch)
			}

			txt, _ = s.ok("confluence_get_page_tree", map[string]any{"space": "ENGDOCS", "depth": 2})
			mustContain(t, txt, "- ", "Engineering Home", "\n  - "+arch.ID+" Architecture Overview", "\n    - ", "Release 2.3")

			txt, res = s.ok("confluence_create_page", map[string]any{"space": "ENGDOCS", "title": "Search Design " + kind, "parent": arch.ID,
				"body": "## Goals\n\n- Fast\n\n## Risks\n\n- Cost", "labels": []any{"design"}})
			var created struct {
				ID      string `json:"id"`
				Version int    `json:"version"`
			}
			testenv.Structured(t, res, &created)
			mustContain(t, txt, "Created page "+created.ID, "under page "+arch.ID, "labels: design")

			txt, _ = s.ok("confluence_update_page", map[string]any{"id": created.ID, "mode": "section", "section": "Risks", "body": "- Cost\n- Latency", "message": "risks"})
			mustContain(t, txt, "to version 2")
			txt, _ = s.ok("confluence_add_labels", map[string]any{"id": created.ID, "labels": []any{"Search", "draft"}})
			mustContain(t, txt, "design, search, draft")
			txt, _ = s.ok("confluence_add_comment", map[string]any{"id": created.ID, "body": "Please review **Risks**."})
			mustContain(t, txt, "Added comment")

			txt, res = s.ok("confluence_get_page", map[string]any{"id": created.ID})
			var page pageOut
			testenv.Structured(t, res, &page)
			if page.Version != 2 || !slices.Equal(page.Labels, []string{"design", "search", "draft"}) {
				t.Errorf("created page now = %+v", page)
			}
			mustContain(t, txt, "## Risks", "- Latency", "## Goals", "- Fast")

			txt, _ = s.ok("confluence_search", map[string]any{"cql": "label = draft", "space": "ENGDOCS"})
			mustContain(t, txt, "Search Design "+kind, "Release 2.4")
		})
	}
}

// nodesOf collects the canonical JSON of every node of the given types in
// an ADF tree, in document order.
func nodesOf(t *testing.T, doc any, types ...string) []string {
	t.Helper()
	var out []string
	var walk func(n any)
	walk = func(n any) {
		m, ok := n.(map[string]any)
		if !ok {
			return
		}
		if typ, _ := m["type"].(string); slices.Contains(types, typ) {
			b, err := json.Marshal(m)
			if err != nil {
				t.Fatal(err)
			}
			out = append(out, string(b))
		}
		kids, _ := m["content"].([]any)
		for _, k := range kids {
			walk(k)
		}
	}
	walk(doc)
	return out
}

// TestConfluenceUpdatesKeepMacroMediaMention proves that an append and a
// section update leave a page's macro, media and mentions (and its layout
// and table) exactly as they were, comparing the nodes' JSON read with
// format=adf before and after.
func TestConfluenceUpdatesKeepMacroMediaMention(t *testing.T) {
	for _, kind := range confluenceTransports {
		t.Run(kind, func(t *testing.T) {
			s := start(t, kind, nil, "--sandbox")
			_, res := s.ok("confluence_get_page", map[string]any{"space": "ENGDOCS", "title": "Architecture Overview", "format": "adf"})
			var before pageOut
			testenv.Structured(t, res, &before)
			kinds := []string{"extension", "media", "mention", "layoutSection", "table"}
			kept := nodesOf(t, before.ADF, kinds...)
			for _, k := range []string{`"type":"extension"`, `"type":"media"`, `"type":"mention"`} {
				if !strings.Contains(strings.Join(kept, ""), k) {
					t.Fatalf("the seeded page lacks %s; the test would prove nothing", k)
				}
			}

			txt, _ := s.ok("confluence_update_page", map[string]any{"id": before.ID, "mode": "append", "body": "## Open questions\n\n- Who owns search? @[Dana Schultz](accountid:712020:dana-schultz)"})
			mustContain(t, txt, "to version 4")
			mustNotContain(t, txt, "Warning")
			txt, _ = s.ok("confluence_update_page", map[string]any{"id": before.ID, "mode": "section", "section": "Decisions", "body": "- Render everything on the server."})
			mustContain(t, txt, "to version 5")
			mustNotContain(t, txt, "Warning")

			_, res = s.ok("confluence_get_page", map[string]any{"id": before.ID, "format": "adf"})
			var after pageOut
			testenv.Structured(t, res, &after)
			now := nodesOf(t, after.ADF, kinds...)
			// The appended mention comes last; everything before it is untouched.
			if len(now) != len(kept)+1 || !slices.Equal(now[:len(kept)], kept) {
				t.Errorf("untouched nodes changed:\nbefore %v\nafter  %v", kept, now)
			}
			txt, _ = s.ok("confluence_get_page", map[string]any{"id": before.ID})
			mustContain(t, txt, "Who owns search?", "Render everything on the server.", "## Components")
			mustNotContain(t, txt, "One Postgres cluster per region")
		})
	}
}

// TestConfluenceBadInput checks that mistakes get errors that say how to
// fix them.
func TestConfluenceBadInput(t *testing.T) {
	s := start(t, "stdio", nil, "--sandbox")
	cases := []struct {
		tool  string
		args  map[string]any
		wants []string
	}{
		{"confluence_get_page", map[string]any{"id": "999999"}, []string{"page 999999 was not found, or you may not see it"}},
		{"confluence_get_page", map[string]any{"space": "ENGDOCS", "title": "No Such Page"}, []string{`no page titled "No Such Page"`}},
		{"confluence_search", map[string]any{"cql": "space = = ENGDOCS"}, []string{`"cql" is not valid CQL`, "character"}},
		{"confluence_create_page", map[string]any{"space": "ENGDOCS", "title": "API Guidelines", "body": "x"}, []string{`a page titled "API Guidelines" already exists in space ENGDOCS (page `}},
		{"confluence_create_page", map[string]any{"space": "ENGDOCS", "title": "Raw", "format": "adf", "body": `{"type":"doc","version":1,"content":[{"type":"table","content":[]}]}`},
			[]string{`"body" is not valid ADF`, "content[0]"}},
		{"confluence_update_page", map[string]any{"id": "98306", "mode": "section", "section": "Nowhere", "body": "x"}, []string{"Nowhere"}},
		{"confluence_update_page", map[string]any{"id": "98306", "mode": "upsert", "body": "x"}, []string{"replace, append, prepend or section"}},
		{"confluence_add_labels", map[string]any{"id": "98306", "labels": []any{"two words"}}, []string{"single words"}},
		{"confluence_add_comment", map[string]any{"id": "98306"}, []string{`missing required argument "body"`}},
	}
	for _, c := range cases {
		txt := s.fails(c.tool, c.args)
		mustContain(t, txt, c.wants...)
	}
}
