package catalog

import (
	"slices"
	"testing"

	"github.com/clawbridge/atlassian-mcp/atlassian"
	"github.com/clawbridge/atlassian-mcp/internal/testenv"
	"github.com/clawbridge/atlassian-mcp/tools"
)

// samples holds one realistic call per tool, for TestDeclaredScopesCoverCalls.
var samples = map[string]map[string]any{
	"jira_search":        {"jql": "project = ENG ORDER BY key", "fields": []any{"Story Points"}, "limit": 3},
	"jira_get_issue":     {"key": "ENG-2"},
	"jira_list_projects": {},

	// The Jira issue lifecycle.
	"jira_get_project_metadata": {"project": "ENG", "issue_type": "Bug"},
	"jira_get_transitions":      {"key": "ENG-5"},
	"jira_find_users":           {"query": "dana", "project": "ENG"},
	"jira_create_issue": {"project": "ENG", "issue_type": "Bug", "summary": "Scope sample", "assignee": "Chen Wei",
		"story_points": 3, "fields": map[string]any{"Severity": "Sev-3"}},
	"jira_update_issue":     {"key": "ENG-4", "priority": "High", "assignee": "me", "labels_add": []any{"sample"}},
	"jira_transition_issue": {"key": "ENG-5", "to": "Done", "fields": map[string]any{"Resolution": "Done"}, "comment": "Shipped."},
	"jira_add_comment":      {"key": "ENG-4", "body": "Sample."},
	"jira_link_issues":      {"type": "Blocks", "from": "ENG-4", "to": "ENG-5"},

	// Jira Software: board 1 is ENG's scrum board; sprint 24 is active, 25 future.
	"jira_list_boards":    {"project": "ENG"},
	"jira_list_sprints":   {"board": 1, "state": "closed"},
	"jira_get_sprint":     {"sprint": 24},
	"jira_get_velocity":   {"board": 1, "sprints": 2},
	"jira_move_to_sprint": {"sprint": 25, "keys": []any{"ENG-31"}},

	// Confluence: 98306 is the seeded "Architecture Overview" in ENGDOCS.
	"confluence_list_spaces":   {},
	"confluence_search":        {"text": "token refresh", "space": "ENGDOCS"},
	"confluence_get_page":      {"space": "ENGDOCS", "title": "Architecture Overview"},
	"confluence_get_page_tree": {"id": "98306", "depth": 1},
	"confluence_create_page":   {"space": "ENGDOCS", "title": "Scope sample", "body": "Hello", "labels": []any{"sample"}},
	"confluence_update_page":   {"id": "98306", "mode": "append", "body": "More."},
	"confluence_add_comment":   {"id": "98306", "body": "Nice."},
	"confluence_add_labels":    {"id": "98306", "labels": []any{"reviewed"}},
}

// TestDeclaredScopesCoverCalls calls every tool against the sandbox,
// records the Atlassian operations it really makes, and checks that the
// scopes the tool declares cover each of them (its classic set covers the
// operations' classic sets, its granular set their granular sets). Every
// operation's own scopes are checked against the specs in atlassian's tests.
func TestDeclaredScopesCoverCalls(t *testing.T) {
	ops := map[string]atlassian.Op{}
	for _, o := range atlassian.Ops() {
		ops[o.Action] = o
	}
	for _, tl := range All() {
		args, ok := samples[tl.Def.Name]
		if !ok {
			t.Errorf("%s has no sample call in samples; add one", tl.Def.Name)
			continue
		}
		e := testenv.New(t, testenv.Options{})
		c := e.MCP([]tools.Tool{tl})
		txt, res := testenv.Call(t, c, tl.Def.Name, args)
		if res.IsError {
			t.Errorf("%s sample failed: %s", tl.Def.Name, txt)
			continue
		}
		calls := e.Calls.All()
		if len(calls) == 0 {
			t.Errorf("%s made no Atlassian call", tl.Def.Name)
		}
		for _, call := range calls {
			op, ok := ops[call.Action]
			if !ok {
				t.Errorf("%s called %s, which is not in atlassian.Ops()", tl.Def.Name, call.Action)
				continue
			}
			for _, s := range op.Classic {
				if !slices.Contains(tl.Classic, s) {
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
}
