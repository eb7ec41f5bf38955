package jira_test

import (
	"context"
	"strconv"
	"strings"
	"testing"

	"github.com/mark3labs/mcp-go/client"

	"github.com/clawbridge/atlassian-mcp/atlassian"
	"github.com/clawbridge/atlassian-mcp/internal/testenv"
	"github.com/clawbridge/atlassian-mcp/tools/jira"
)

// writeActions are the audit actions of calls that change Atlassian.
var writeActions = map[string]bool{"jira.issue.create": true, "jira.issue.edit": true, "jira.issue.transition": true,
	"jira.comment.add": true, "jira.issuelink.create": true}

// writes counts the write requests since call number from; with applied,
// only those Atlassian accepted.
func writes(e *testenv.Env, from int, applied bool) int {
	n := 0
	for _, c := range e.Calls.All()[from:] {
		if writeActions[c.Action] && (!applied || c.Status/100 == 2) {
			n++
		}
	}
	return n
}

// A toolCase is a call that must fail.
type toolCase struct {
	name  string
	tool  string
	args  map[string]any
	wants []string
}

// mustFail runs calls that must fail with errors containing wants, and
// checks that none of them sent a write.
func mustFail(t *testing.T, e *testenv.Env, c *client.Client, cases []toolCase) {
	t.Helper()
	failing(t, e, c, cases, false)
}

// failing runs calls that must fail. With upstream (Atlassian itself
// refuses, as for a missing issue) a write may be sent but not applied;
// otherwise none may be sent.
func failing(t *testing.T, e *testenv.Env, c *client.Client, cases []toolCase, upstream bool) {
	t.Helper()
	for _, tc := range cases {
		before := e.Calls.Count()
		txt, res := testenv.Call(t, c, tc.tool, tc.args)
		if !res.IsError {
			t.Errorf("%s: %s succeeded: %s", tc.name, tc.tool, txt)
			continue
		}
		for _, w := range tc.wants {
			if !strings.Contains(txt, w) {
				t.Errorf("%s: error %q lacks %q", tc.name, txt, w)
			}
		}
		if n := writes(e, before, upstream); n != 0 {
			t.Errorf("%s: a rejected call sent %d writes", tc.name, n)
		}
	}
}

func TestProjectMetadataIsCached(t *testing.T) {
	e := testenv.New(t, testenv.Options{})
	c := e.MCP(jira.Tools())
	testenv.MustCall(t, c, "jira_get_project_metadata", map[string]any{"project": "ENG"},
		"ENG issue types: Epic, Story, Task, Bug, Subtask", "Severity (customfield_10030)", "Story point estimate (customfield_10016)")
	cold := e.Calls.Count()
	txt := testenv.MustCall(t, c, "jira_get_project_metadata", map[string]any{"project": "OPS", "issue_type": "bug"},
		"- Summary* (string)", "- Severity* (option, customfield_10030): Sev-1, Sev-2, Sev-3, Sev-4",
		"- Story point estimate (number, customfield_10016)", "- Priority (priority): Highest, High, Medium, Low, Lowest")
	if strings.Contains(txt, "customfield_10026") {
		t.Errorf("OPS bugs do not use Story Points (10026):\n%s", txt)
	}
	warm := e.Calls.Count()
	if warm == cold {
		t.Error("a cold issue-type screen cost no upstream call")
	}
	testenv.MustCall(t, c, "jira_get_project_metadata", map[string]any{"project": "OPS", "issue_type": "Bug"})
	testenv.MustCall(t, c, "jira_get_project_metadata", map[string]any{"project": "ENG"})
	if n := e.Calls.Count() - warm; n != 0 {
		t.Errorf("warm metadata cost %d upstream calls, want 0", n)
	}
	mustFail(t, e, c, []toolCase{
		{"unknown project", "jira_get_project_metadata", map[string]any{"project": "NOPE"}, []string{`unknown project "NOPE"`, "ENG, ENGR, FIN, HR, OPS"}},
		{"unknown type", "jira_get_project_metadata", map[string]any{"project": "HR", "issue_type": "Story"}, []string{`project HR has no issue type "Story" (one of: Task, Bug, Subtask)`}},
	})
}

func TestCreateIssueResolvesEverything(t *testing.T) {
	e := testenv.New(t, testenv.Options{})
	c := e.MCP(jira.Tools())
	testenv.MustCall(t, c, "jira_create_issue", map[string]any{
		"project": "eng", "issue_type": "Bug", "summary": "Refund button double-charges",
		"description": "Steps:\n\n1. Open an order\n2. Click **Refund** twice",
		"assignee":    "chen", "priority": "high", "labels": []any{"payments", "p1"}, "components": []any{"api"},
		"story_points": 5, "parent": "ENG-1", "due_date": "2026-12-31",
		"fields": map[string]any{"Severity": "sev-2", "Team": "Payments", "Customer Impact": "Refunds fail for 2% of orders"},
	}, "Created ENG-37: Refund button double-charges", "/browse/ENG-37")
	got := testenv.MustCall(t, c, "jira_get_issue", map[string]any{"key": "ENG-37"},
		"Bug · To Do · High · assignee Chen Wei", "due 2026-12-31", "labels payments, p1", "components API",
		"Severity: Sev-2", "Story Points: 5", "Team: Payments", "Customer Impact: Refunds fail", "Parent: ENG-1",
		"**Refund**", "1. Open an order")
	if strings.Contains(got, "Story point estimate") {
		t.Errorf("ENG estimates with Story Points, not Story point estimate:\n%s", got)
	}
	testenv.MustCall(t, c, "jira_create_issue", map[string]any{"project": "OPS", "issue_type": "Bug", "summary": "Pager storm",
		"story_points": 2, "assignee": "me", "fields": map[string]any{"customfield_10030": "Sev-1"}}, "Created OPS-16")
	testenv.MustCall(t, c, "jira_get_issue", map[string]any{"key": "OPS-16"}, "Story point estimate: 2", "Severity: Sev-1", "assignee Ana Lima")
	// The assignee by e-mail address (any case) and by account id.
	for i, who := range []string{"CHEN.WEI@acme.example", "712020:chen-wei"} {
		key := "ENG-" + strconv.Itoa(38+i)
		testenv.MustCall(t, c, "jira_create_issue", map[string]any{"project": "ENG", "issue_type": "Task", "summary": "Assigned by " + who,
			"assignee": who}, "Created "+key)
		testenv.MustCall(t, c, "jira_get_issue", map[string]any{"key": key}, "assignee Chen Wei")
	}
}

func TestCreateWithWarmMetadataCostsTwoCalls(t *testing.T) {
	e := testenv.New(t, testenv.Options{})
	c := e.MCP(jira.Tools())
	testenv.MustCall(t, c, "jira_create_issue", map[string]any{"project": "ENG", "issue_type": "Task", "summary": "warm-up"})
	before := e.Calls.Count()
	testenv.MustCall(t, c, "jira_create_issue", map[string]any{"project": "ENG", "issue_type": "Task", "summary": "Rotate the API keys",
		"assignee": "Dana Silva", "priority": "Low", "story_points": 3, "fields": map[string]any{"Team": "SRE"}})
	calls := e.Calls.All()[before:]
	if len(calls) > 2 {
		t.Errorf("create with warm metadata made %d upstream calls, want at most 2: %+v", len(calls), calls)
	}
}

func TestCreateRejectsBadInputWithoutWriting(t *testing.T) {
	e := testenv.New(t, testenv.Options{})
	c := e.MCP(jira.Tools())
	base := func(extra map[string]any) map[string]any {
		m := map[string]any{"project": "ENG", "issue_type": "Task", "summary": "x"}
		for k, v := range extra {
			m[k] = v
		}
		return m
	}
	before := countIssues(t, e, "project in (ENG, OPS, HR)")
	mustFail(t, e, c, []toolCase{
		{"unknown project", "jira_create_issue", base(map[string]any{"project": "NOPE"}), []string{`unknown project "NOPE"`, "ENG"}},
		{"unknown type", "jira_create_issue", base(map[string]any{"issue_type": "Incident"}), []string{"no issue type \"Incident\"", "Epic, Story, Task, Bug, Subtask"}},
		{"unknown priority", "jira_create_issue", base(map[string]any{"priority": "Urgent"}), []string{`"Priority" has no value "Urgent" (one of: Highest, High, Medium, Low, Lowest)`}},
		{"unknown field", "jira_create_issue", base(map[string]any{"fields": map[string]any{"Sevrity": "Sev-1"}}), []string{`unknown field "Sevrity"`, `did you mean "Severity"`}},
		{"field off the screen", "jira_create_issue", base(map[string]any{"fields": map[string]any{"Severity": "Sev-1"}}), []string{`field "Severity" is not on the ENG Task create screen`}},
		{"unknown option", "jira_create_issue", base(map[string]any{"fields": map[string]any{"Team": "Legal"}}), []string{`"Team" has no value "Legal" (one of: Platform, Payments, Mobile, SRE, People Ops)`}},
		{"non-numeric points", "jira_create_issue", base(map[string]any{"story_points": "five"}), []string{`"story_points" must be a number`}},
		{"bad date", "jira_create_issue", base(map[string]any{"due_date": "next friday"}), []string{"YYYY-MM-DD"}},
		{"ambiguous assignee", "jira_create_issue", base(map[string]any{"assignee": "Dana"}), []string{"Dana Schultz", "Dana Silva", "matches several people"}},
		{"nobody", "jira_create_issue", base(map[string]any{"assignee": "Zed"}), []string{`no user who can be assigned in ENG matches "Zed"`}},
		{"points in HR", "jira_create_issue", base(map[string]any{"project": "HR", "story_points": 3}), []string{"the HR Task create screen has no story points field"}},
		{"required severity", "jira_create_issue", base(map[string]any{"project": "OPS", "issue_type": "Bug"}), []string{"the OPS Bug create screen requires Severity (one of: Sev-1, Sev-2, Sev-3, Sev-4); pass it in fields"}},
		{"set twice", "jira_create_issue", base(map[string]any{"story_points": 2, "fields": map[string]any{"Story Points": 3}}), []string{"Story Points is set twice"}},
		{"label with spaces", "jira_create_issue", base(map[string]any{"labels": []any{"two words"}}), []string{`label "two words" is not valid`}},
		{"bad component", "jira_create_issue", base(map[string]any{"components": []any{"Payroll"}}), []string{`"Components" has no value "Payroll" (one of: API, Web, Mobile, Infrastructure)`}},
		{"bad parent", "jira_create_issue", base(map[string]any{"parent": "epic one"}), []string{"issue key such as ENG-42"}},
	})
	if after := countIssues(t, e, "project in (ENG, OPS, HR)"); after != before {
		t.Errorf("rejected creates left %d issues", after-before)
	}
}

// countIssues counts the issues a JQL query finds.
func countIssues(t *testing.T, e *testenv.Env, jql string) int {
	t.Helper()
	page, err := e.Client.SearchJQL(context.Background(), atlassian.SearchRequest{JQL: jql, Fields: []string{"key"}, MaxResults: 100})
	if err != nil {
		t.Fatal(err)
	}
	if !page.IsLast {
		t.Fatalf("%s has more than 100 issues", jql)
	}
	return len(page.Issues)
}
