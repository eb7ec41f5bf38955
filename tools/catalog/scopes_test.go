package catalog

import (
	"slices"
	"testing"

	"github.com/clawbridge/atlassian-mcp/atlassian"
	"github.com/clawbridge/atlassian-mcp/internal/testenv"
	"github.com/clawbridge/atlassian-mcp/scope"
	"github.com/clawbridge/atlassian-mcp/tools"
)

// samples holds realistic calls per tool for TestDeclaredScopesCoverCalls:
// the plain call first, then calls that take the paths where the client
// makes extra calls under a Policy (parents and links to check, sprints of
// other boards to filter, pages to re-read before a write). Every target is
// inside samplePolicy's allowlist.
var samples = map[string][]map[string]any{
	"jira_search": {
		{"jql": "project = ENG ORDER BY key", "fields": []any{"Story Points"}, "limit": 3},
		{"jql": "project = ENG ORDER BY key", "fields": []any{"Parent", "Sprint", "Linked Issues", "Sub-tasks"}, "limit": 50},
	},
	"jira_get_issue": {
		{"key": "ENG-2"},
		{"key": "ENG-4", "fields": []any{"Parent", "Sprint", "Linked Issues", "Sub-tasks"}},
	},
	"jira_list_projects": {{}},

	// The Jira issue lifecycle.
	"jira_get_project_metadata": {{"project": "ENG", "issue_type": "Bug"}},
	"jira_get_transitions":      {{"key": "ENG-5"}},
	"jira_find_users":           {{"query": "dana", "project": "ENG"}},
	"jira_create_issue": {
		{"project": "ENG", "issue_type": "Bug", "summary": "Scope sample", "assignee": "Chen Wei",
			"story_points": 3, "fields": map[string]any{"Severity": "Sev-3"}},
		{"project": "ENG", "issue_type": "Story", "summary": "Scope sample child", "parent": "ENG-1"},
	},
	"jira_update_issue": {
		{"key": "ENG-4", "priority": "High", "assignee": "me", "labels_add": []any{"sample"}},
		{"key": "ENG-4", "parent": "ENG-1", "description": "More.", "description_mode": "append"},
	},
	"jira_transition_issue": {{"key": "ENG-5", "to": "Done", "fields": map[string]any{"Resolution": "Done"}, "comment": "Shipped."}},
	"jira_add_comment":      {{"key": "ENG-4", "body": "Sample."}},
	"jira_link_issues": {
		{"type": "Blocks", "from": "ENG-4", "to": "ENG-5"},
		{"type": "is blocked by", "from": "OPS-1", "to": "ENG-4"},
	},

	// Jira Software: board 1 is ENG's scrum board; sprint 24 is active, 25 future.
	"jira_list_boards":    {{"project": "ENG"}, {}},
	"jira_list_sprints":   {{"board": 1, "state": "closed"}, {"board": 1}},
	"jira_get_sprint":     {{"sprint": 24}},
	"jira_get_velocity":   {{"board": 1, "sprints": 2}},
	"jira_move_to_sprint": {{"sprint": 25, "keys": []any{"ENG-31", "ENG-13"}}},

	// Confluence: 98306 is the seeded "Architecture Overview" in ENGDOCS.
	"confluence_list_spaces": {{}, {"query": "docs"}},
	"confluence_search":      {{"text": "token refresh", "space": "ENGDOCS"}, {"text": "runbook"}},
	"confluence_get_page": {
		{"space": "ENGDOCS", "title": "Architecture Overview"},
		{"id": "98306"},
	},
	"confluence_get_page_tree": {{"id": "98306", "depth": 1}, {"space": "OPSDOCS"}},
	"confluence_create_page": {
		{"space": "ENGDOCS", "title": "Scope sample", "body": "Hello", "labels": []any{"sample"}},
		{"space": "ENGDOCS", "title": "Scope sample child", "body": "Hello", "parent": "98306"},
	},
	"confluence_update_page": {{"id": "98306", "mode": "append", "body": "More."}},
	"confluence_add_comment": {{"id": "98306", "body": "Nice."}},
	"confluence_add_labels":  {{"id": "98306", "labels": []any{"reviewed"}}},
}

// errorSamples are calls that fail, on purpose, after calls of their own:
// the error paths that ask Atlassian for help (an unknown project is
// answered with the projects there are, a taken title with the page that
// has it). Their calls must be covered too.
var errorSamples = map[string][]map[string]any{
	"jira_find_users":           {{"query": "dana", "project": "NOPE"}},
	"jira_get_project_metadata": {{"project": "NOPE"}},
	"jira_create_issue":         {{"project": "NOPE", "issue_type": "Bug", "summary": "x"}},
	"confluence_create_page":    {{"space": "ENGDOCS", "title": "Architecture Overview", "body": "Again."}},
}

// samplePolicy allows a strict subset of the seeded site (not HR, FIN or
// ENGR; not HRDOCS). Every sample's target lies inside it.
func samplePolicy() *scope.Policy {
	return &scope.Policy{Claw: "scopes", Projects: []string{"ENG", "OPS"}, Spaces: []string{"ENGDOCS", "OPSDOCS"}}
}

// TestDeclaredScopesCoverCalls calls every tool against the sandbox, once
// without a Policy and once under one, records the Atlassian operations it
// really makes (a Policy adds guard calls: the projects a search may cover,
// the page and space a write lands in, a sprint's board), and checks that
// the scopes the tool declares cover each of them (its classic set covers
// the operations' classic sets, its granular set their granular sets).
// Every operation's own scopes are checked against the specs in
// atlassian's tests.
func TestDeclaredScopesCoverCalls(t *testing.T) {
	ops := map[string]atlassian.Op{}
	for _, o := range atlassian.Ops() {
		ops[o.Action] = o
	}
	runs := []struct {
		name   string
		policy func() *scope.Policy
	}{
		{"no policy", nil},
		{"policy", samplePolicy},
	}
	for _, run := range runs {
		t.Run(run.name, func(t *testing.T) {
			for _, tl := range All() {
				calls, ok := samples[tl.Def.Name]
				if !ok {
					t.Errorf("%s has no sample call in samples; add one", tl.Def.Name)
					continue
				}
				for i, args := range append(calls, errorSamples[tl.Def.Name]...) {
					wantErr := i >= len(calls)
					o := testenv.Options{}
					if run.policy != nil {
						pol := run.policy()
						o.ClientConfig = func(c *atlassian.Config) { c.Policy = pol }
					}
					e := testenv.New(t, o)
					c := e.MCP([]tools.Tool{tl})
					txt, res := testenv.Call(t, c, tl.Def.Name, args)
					if res.IsError != wantErr {
						t.Errorf("%s sample %v: error %v, want %v: %s", tl.Def.Name, args, res.IsError, wantErr, txt)
						continue
					}
					checkCalls(t, tl, ops, e.Calls.All(), !wantErr)
				}
			}
		})
	}
}

// checkCalls reports every recorded call whose scopes tl does not declare
// and, when inside is set, every call the policy refused.
func checkCalls(t *testing.T, tl tools.Tool, ops map[string]atlassian.Op, calls []atlassian.Call, inside bool) {
	t.Helper()
	if len(calls) == 0 {
		t.Errorf("%s made no Atlassian call", tl.Def.Name)
	}
	for _, call := range calls {
		if inside && call.Denied {
			t.Errorf("%s: the policy refused %s %s; keep samples inside samplePolicy", tl.Def.Name, call.Action, call.Target)
		}
		op, ok := ops[call.Action]
		if !ok {
			t.Errorf("%s called %s, which is not in atlassian.Ops()", tl.Def.Name, call.Action)
			continue
		}
		// A tool without classic scopes (as Jira Software's) is enabled by
		// its granular set alone, so only that set must cover its calls.
		for _, s := range op.Classic {
			if len(tl.Classic) > 0 && !slices.Contains(tl.Classic, s) {
				t.Errorf("%s calls %s (%s %s) but does not declare classic scope %s", tl.Def.Name, op.Action, op.Method, op.Path, s)
			}
		}
		for _, s := range op.Granular {
			if !slices.Contains(tl.Granular, s) {
				t.Errorf("%s calls %s (%s %s) but does not declare granular scope %s", tl.Def.Name, op.Action, op.Method, op.Path, s)
			}
		}
	}
}
