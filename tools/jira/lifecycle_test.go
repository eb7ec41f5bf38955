package jira_test

import (
	"context"
	"strings"
	"testing"

	"github.com/clawbridge/atlassian-mcp/internal/testenv"
	"github.com/clawbridge/atlassian-mcp/tools/jira"
)

func TestUpdateChangesOnlyWhatItIsGiven(t *testing.T) {
	e := testenv.New(t, testenv.Options{})
	c := e.MCP(jira.Tools())
	ctx := context.Background()
	before, _ := e.Client.GetIssue(ctx, "ENG-4", nil, "")
	testenv.MustCall(t, c, "jira_update_issue", map[string]any{"key": "ENG-4", "priority": "Highest", "labels_add": []any{"a11y"},
		"labels_remove": []any{"checkout"}, "story_points": 8, "description": "Also fix the **focus order**.", "description_mode": "append"},
		"Updated ENG-4: Description, Labels, Priority, Story Points")
	after, _ := e.Client.GetIssue(ctx, "ENG-4", nil, "")
	for path, want := range map[string]string{
		"fields.priority.name": "Highest", "fields.labels": `["a11y"]`, "fields.customfield_10026": "8",
		"fields.summary": before.Get("fields.summary").String(), "fields.assignee.accountId": before.Get("fields.assignee.accountId").String(),
		"fields.components": before.Get("fields.components").Raw,
	} {
		if got := after.Get(path); got.String() != want && got.Raw != want {
			t.Errorf("%s = %s, want %s", path, got.Raw, want)
		}
	}
	desc := after.Get("fields.description").Raw
	if !strings.HasPrefix(desc, before.Get("fields.description").Raw[:len(before.Get("fields.description").Raw)-2]) || !strings.Contains(desc, "focus order") {
		t.Errorf("append must keep the old description and add the new text: %s", desc)
	}
	testenv.MustCall(t, c, "jira_update_issue", map[string]any{"key": "ENG-4", "assignee": "none", "summary": "Fix the WCAG findings"}, "Assignee, Summary")
	if is, _ := e.Client.GetIssue(ctx, "ENG-4", []string{"assignee", "summary"}, ""); is.Get("fields.assignee").Exists() || is.Get("fields.summary").String() != "Fix the WCAG findings" {
		t.Errorf("after unassigning: %s", is.Raw)
	}
	mustFail(t, e, c, []toolCase{
		{"nothing", "jira_update_issue", map[string]any{"key": "ENG-4"}, []string{"nothing to change"}},
		{"both label forms", "jira_update_issue", map[string]any{"key": "ENG-4", "labels": []any{"a"}, "labels_add": []any{"b"}}, []string{"either labels"}},
		{"bad mode", "jira_update_issue", map[string]any{"key": "ENG-4", "description": "x", "description_mode": "prepend"}, []string{"replace or append"}},
		{"wrong points field", "jira_update_issue", map[string]any{"key": "OPS-1", "fields": map[string]any{"Story Points": 3}}, []string{`field "Story Points" is not on the edit screen of OPS-1`}},
		{"bad option", "jira_update_issue", map[string]any{"key": "OPS-1", "fields": map[string]any{"Severity": "Sev-9"}}, []string{"(one of: Sev-1, Sev-2, Sev-3, Sev-4)"}},
		{"missing issue", "jira_update_issue", map[string]any{"key": "ENG-999", "priority": "Low"}, []string{"ENG-999 was not found"}},
		{"ambiguous", "jira_update_issue", map[string]any{"key": "OPS-2", "assignee": "dana"}, []string{"Dana Schultz", "Dana Silva"}},
	})
}

func TestTransitionsFollowTheWorkflow(t *testing.T) {
	e := testenv.New(t, testenv.Options{})
	c := e.MCP(jira.Tools())
	testenv.MustCall(t, c, "jira_get_transitions", map[string]any{"key": "ENG-5"},
		"- Request Changes → In Progress", "- Done → Done; needs 'Resolution' (one of: Done, Won't Do, Duplicate, Cannot Reproduce)")
	mustFail(t, e, c, []toolCase{
		{"missing resolution", "jira_transition_issue", map[string]any{"key": "ENG-5", "to": "done"},
			[]string{"transition 'Done' needs field 'Resolution' (one of: Done, Won't Do, Duplicate, Cannot Reproduce)"}},
		{"bad resolution", "jira_transition_issue", map[string]any{"key": "ENG-5", "to": "Done", "fields": map[string]any{"Resolution": "Fixed"}},
			[]string{`"Resolution" has no value "Fixed"`}},
		{"not from here", "jira_transition_issue", map[string]any{"key": "ENG-4", "to": "Done"},
			[]string{`ENG-4 cannot go to "Done" from its current status; it can take: 'Start Progress' (to In Progress)`}},
		{"no screen", "jira_transition_issue", map[string]any{"key": "ENG-4", "to": "In Progress", "fields": map[string]any{"Resolution": "Done"}},
			[]string{"transition 'Start Progress' has no screen"}},
	})
	testenv.MustCall(t, c, "jira_transition_issue", map[string]any{"key": "ENG-5", "to": "Done", "fields": map[string]any{"resolution": "won't do"},
		"comment": "Closing: superseded by *ENG-2*."}, "ENG-5 is now Done (transition 'Done')")
	testenv.MustCall(t, c, "jira_get_issue", map[string]any{"key": "ENG-5"}, "Done", "resolution Won't Do", "superseded by *ENG-2*")
	testenv.MustCall(t, c, "jira_transition_issue", map[string]any{"key": "ENG-4", "to": "in progress"}, "ENG-4 is now In Progress (transition 'Start Progress')")
}

func TestCommentsLinksAndPeople(t *testing.T) {
	e := testenv.New(t, testenv.Options{})
	c := e.MCP(jira.Tools())
	testenv.MustCall(t, c, "jira_add_comment", map[string]any{"key": "OPS-4", "body": "Verified the failover in **staging**:\n\n- primary down\n- replica promoted"}, "Commented on OPS-4")
	testenv.MustCall(t, c, "jira_get_issue", map[string]any{"key": "OPS-4"}, "Verified the failover in **staging**", "- replica promoted")
	testenv.MustCall(t, c, "jira_link_issues", map[string]any{"type": "blocks", "from": "ENG-16", "to": "ENG-24"}, "ENG-16 blocks ENG-24")
	testenv.MustCall(t, c, "jira_link_issues", map[string]any{"type": "is blocked by", "from": "ENG-35", "to": "ENG-16"}, "ENG-35 is blocked by ENG-16")
	testenv.MustCall(t, c, "jira_get_issue", map[string]any{"key": "ENG-16"}, "Link: blocks ENG-24", "Link: blocks ENG-35")
	testenv.MustCall(t, c, "jira_get_issue", map[string]any{"key": "ENG-35"}, "Link: is blocked by ENG-16")
	testenv.MustCall(t, c, "jira_find_users", map[string]any{"query": "dana", "project": "ENG"},
		"2 people in ENG match", "Dana Schultz <dana.schultz@acme.example> (712020:dana-schultz)", "Dana Silva")
	mustFail(t, e, c, []toolCase{
		{"unknown link type", "jira_link_issues", map[string]any{"type": "causes", "from": "ENG-1", "to": "ENG-2"},
			[]string{`unknown link type "causes"`, "Blocks (blocks / is blocked by)"}},
		{"self link", "jira_link_issues", map[string]any{"type": "Relates", "from": "ENG-1", "to": "eng-1"}, []string{"cannot be linked to itself"}},
		{"empty comment", "jira_add_comment", map[string]any{"key": "OPS-4", "body": "  "}, []string{`"body" is empty`}},
		{"users in unknown project", "jira_find_users", map[string]any{"query": "a", "project": "NOPE"}, []string{`unknown project "NOPE"`}},
	})
	failing(t, e, c, []toolCase{
		{"missing issue", "jira_link_issues", map[string]any{"type": "Relates", "from": "ENG-1", "to": "ENG-999"}, []string{"was not found"}},
		{"missing issue", "jira_add_comment", map[string]any{"key": "ENG-999", "body": "hi"}, []string{"ENG-999 was not found"}},
	}, true)
}
