package e2e

import (
	"strings"
	"testing"

	"github.com/clawbridge/atlassian-mcp/internal/testenv"
)

// TestJiraReadTools drives every Jira read tool over every transport
// against `serve --sandbox` and checks real content from the seed.
func TestJiraReadTools(t *testing.T) {
	for _, kind := range transports {
		t.Run(kind, func(t *testing.T) {
			s := start(t, kind, nil, "--sandbox")

			s.hasTools("jira_search", "jira_get_issue", "jira_list_projects")

			txt, res := s.ok("jira_search", map[string]any{
				"jql":    `project = ENG AND status = "In Progress" AND labels = regression ORDER BY key`,
				"fields": []any{"Story Points"},
			})
			mustContain(t, txt, "ENG-2 [In Progress] Cart is emptied", "Story Points: 5", "Chen Wei")
			var out struct {
				Issues []struct {
					Key    string         `json:"key"`
					Fields map[string]any `json:"fields"`
				} `json:"issues"`
			}
			testenv.Structured(t, res, &out)
			if len(out.Issues) != 1 || out.Issues[0].Key != "ENG-2" || out.Issues[0].Fields["Story Points"] != 5.0 {
				t.Errorf("structured search result = %+v, want only ENG-2 with Story Points 5", out.Issues)
			}

			txt, _ = s.ok("jira_get_issue", map[string]any{"key": "ENG-2"})
			mustContain(t, txt,
				"ENG-2: Cart is emptied when the session token refreshes during checkout",
				"Customers lose their cart",           // description, from ADF
				"Ben Okafor",                          // a comment author
				"Root cause: the token refresh races", // a comment body
				"blocks ENG-5",                        // a link
				"Parent: ENG-1",
				"Story Points: 5",
				"/site/acme/browse/ENG-2",
			)

			txt, _ = s.ok("jira_get_issue", map[string]any{"key": "ENG-3"})
			mustContain(t, txt, "Subtask: ENG-32 Add the card vault client [Done]")

			txt, _ = s.ok("jira_list_projects", map[string]any{})
			mustContain(t, txt, "ENG — Engineering", "OPS — Operations", "team-managed")
			txt, _ = s.ok("jira_list_projects", map[string]any{"query": "oper"})
			mustContain(t, txt, "OPS")
			mustNotContain(t, txt, "ENG —")
		})
	}
}

// TestJiraSearchPaging follows next_page_token through a whole result set.
func TestJiraSearchPaging(t *testing.T) {
	s := start(t, "stdio", nil, "--sandbox")
	seen := map[string]bool{}
	token := ""
	pages := 0
	for {
		args := map[string]any{"jql": "project = ENG ORDER BY key ASC", "limit": 10}
		if token != "" {
			args["page_token"] = token
		}
		_, res := s.ok("jira_search", args)
		var out struct {
			Issues []struct {
				Key string `json:"key"`
			} `json:"issues"`
			NextPageToken string `json:"next_page_token"`
		}
		testenv.Structured(t, res, &out)
		for _, is := range out.Issues {
			if seen[is.Key] {
				t.Fatalf("issue %s returned twice", is.Key)
			}
			seen[is.Key] = true
		}
		pages++
		if out.NextPageToken == "" {
			break
		}
		if pages > 10 {
			t.Fatal("paging did not end")
		}
		token = out.NextPageToken
	}
	// ENG has 36 issues in the seed, one of which was moved to HR.
	if len(seen) != 35 || pages != 4 {
		t.Errorf("paged through %d issues in %d pages, want 35 in 4", len(seen), pages)
	}
}

// TestJiraBadInput checks that mistakes get errors that say how to fix them.
func TestJiraBadInput(t *testing.T) {
	s := start(t, "stdio", nil, "--sandbox")
	cases := []struct {
		tool  string
		args  map[string]any
		wants []string
	}{
		{"jira_search", map[string]any{"jq": "project = ENG"}, []string{`unknown argument "jq"`, `did you mean "jql"`, "jql (a string, required)"}},
		{"jira_search", map[string]any{"jql": "project = ENG", "limit": "ten"}, []string{`"limit" must be an integer`}},
		{"jira_search", map[string]any{"jql": "project = ENG", "limit": 500}, []string{"between 1 and 100"}},
		{"jira_search", map[string]any{"jql": "project = ENG AND status == Done"}, []string{"400", "JQL Query", "(line 1, character 27)"}},
		{"jira_search", map[string]any{"jql": "project = ENG AND"}, []string{"400", "JQL Query"}},
		{"jira_search", map[string]any{"jql": "project = ENG", "fields": []any{"Story Pionts"}}, []string{`unknown field "Story Pionts"`, `did you mean "Story Points"`}},
		{"jira_search", map[string]any{"jql": "project = NOPE"}, []string{"NOPE"}},
		{"jira_get_issue", map[string]any{"key": "ENG 2"}, []string{"issue key such as ENG-42"}},
		{"jira_get_issue", map[string]any{"key": "ENG-9999"}, []string{"ENG-9999 was not found"}},
		{"jira_get_issue", map[string]any{}, []string{`missing required argument "key"`}},
	}
	for _, c := range cases {
		txt := s.fails(c.tool, c.args)
		for _, w := range c.wants {
			if !strings.Contains(txt, w) {
				t.Errorf("%s(%v): error %q lacks %q", c.tool, c.args, txt, w)
			}
		}
	}
}

// TestUnreachableHost checks that a dead Atlassian host gives an error that
// names it, and that the server keeps serving.
func TestUnreachableHost(t *testing.T) {
	s := start(t, "stdio", []string{"ATLASSIAN_SITE_URL=http://127.0.0.1:1", "ATLASSIAN_EMAIL=a@b.c", "ATLASSIAN_API_TOKEN=x"})
	txt := s.fails("jira_search", map[string]any{"jql": "project = ENG"})
	mustContain(t, txt, "cannot reach Atlassian at 127.0.0.1:1")
	txt = s.fails("jira_get_issue", map[string]any{"key": "ENG-1"})
	mustContain(t, txt, "127.0.0.1:1")
}
