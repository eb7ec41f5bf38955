package jira_test

import (
	"testing"

	"github.com/clawbridge/atlassian-mcp/internal/testenv"
	"github.com/clawbridge/atlassian-mcp/tools/jira"
)

// TestReadToolsInProcess runs the read tools through an in-process MCP
// client, with every request they cause validated against the specs.
func TestReadToolsInProcess(t *testing.T) {
	e := testenv.New(t, testenv.Options{})
	c := e.MCP(jira.Tools())
	cases := []struct {
		tool  string
		args  map[string]any
		wants []string
		bad   []string
	}{
		{"jira_search", map[string]any{"jql": `project = OPS AND priority = Highest ORDER BY key`, "fields": []any{"Story point estimate", "Severity"}},
			[]string{"OPS-5 [To Do] Renew TLS", "OPS-13 [In Progress] DNS resolution", "Severity: Sev-1", "Story point estimate: 5"}, []string{"ENG-"}},
		{"jira_search", map[string]any{"jql": `assignee = currentUser() AND statusCategory != Done ORDER BY key`},
			[]string{"ENG-1 [In Progress] Checkout v2", "ENG-3 "}, []string{"Chen Wei"}},
		{"jira_search", map[string]any{"jql": `project = ENG AND created >= -7d ORDER BY created DESC`, "limit": 2},
			[]string{"2 issues (more: call again with page_token"}, nil},
		{"jira_get_issue", map[string]any{"key": "ENG-12", "fields": []any{"Flagged", "Team"}},
			[]string{"ENG-12: Integrate the new payments provider sandbox", "Flagged: Impediment", "Team: Payments"}, []string{"Description:"}},
		{"jira_get_issue", map[string]any{"key": "OPS-1"},
			[]string{"Disk usage alert", "Severity: Sev-2", "Story point estimate: 3", "Farid Haddad", "Raising the disk alert threshold"}, nil},
		{"jira_list_projects", map[string]any{}, []string{"5 projects", "HR — People & HR"}, nil},
	}
	for _, tc := range cases {
		testenv.Expect(t, c, tc.tool, tc.args, tc.wants, tc.bad)
	}
}

// TestGetIssueCostsOneCall checks that reading an issue resolves custom
// field names from the same answer (expand=names), not a second request.
func TestGetIssueCostsOneCall(t *testing.T) {
	e := testenv.New(t, testenv.Options{})
	c := e.MCP(jira.Tools())
	before := e.Calls.Count()
	if txt, res := testenv.Call(t, c, "jira_get_issue", map[string]any{"key": "ENG-2"}); res.IsError {
		t.Fatal(txt)
	}
	if n := e.Calls.Count() - before; n != 1 {
		t.Errorf("jira_get_issue made %d upstream calls, want 1", n)
	}
}
