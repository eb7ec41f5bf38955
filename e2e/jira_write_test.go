package e2e

import (
	"strings"
	"testing"

	"github.com/clawbridge/atlassian-mcp/internal/testenv"
)

// TestJiraIssueLifecycle drives every Jira write tool, and the reads that
// go with them, over stdio and streamable HTTP against `serve --sandbox`,
// reading the sandbox's state back after each write.
func TestJiraIssueLifecycle(t *testing.T) {
	for _, kind := range []string{"stdio", "http"} {
		t.Run(kind, func(t *testing.T) {
			s := start(t, kind, nil, "--sandbox")

			txt, _ := s.ok("jira_get_project_metadata", map[string]any{"project": "ENG", "issue_type": "Bug"})
			mustContain(t, txt, "Severity (option, customfield_10030): Sev-1, Sev-2, Sev-3, Sev-4", "Story Points (number, customfield_10026)")
			txt, _ = s.ok("jira_find_users", map[string]any{"query": "dana", "project": "ENG"})
			mustContain(t, txt, "Dana Schultz", "Dana Silva")

			txt = s.fails("jira_create_issue", map[string]any{"project": "ENG", "issue_type": "Bug", "summary": "x", "assignee": "Dana"})
			mustContain(t, txt, "Dana Schultz", "Dana Silva")
			txt, res := s.ok("jira_create_issue", map[string]any{
				"project": "ENG", "issue_type": "Bug", "summary": "Invoice PDF shows the wrong currency",
				"description": "Seen on **EUR** invoices.\n\n- open an invoice\n- download the PDF",
				"assignee":    "Dana Silva", "priority": "High", "labels": []any{"invoices"}, "story_points": 5,
				"fields": map[string]any{"Severity": "Sev-2"},
			})
			var created struct {
				Key string `json:"key"`
				URL string `json:"url"`
			}
			testenv.Structured(t, res, &created)
			if created.Key != "ENG-37" || !strings.HasSuffix(created.URL, "/browse/ENG-37") {
				t.Fatalf("created %+v from %s", created, txt)
			}
			key := created.Key
			txt, _ = s.ok("jira_get_issue", map[string]any{"key": key})
			mustContain(t, txt, "Invoice PDF shows the wrong currency", "Bug · To Do · High · assignee Dana Silva",
				"Severity: Sev-2", "Story Points: 5", "labels invoices", "Seen on **EUR** invoices.", "- download the PDF")

			s.ok("jira_update_issue", map[string]any{"key": key, "priority": "Low", "labels_add": []any{"billing"},
				"description": "Also on GBP invoices.", "description_mode": "append"})
			txt, _ = s.ok("jira_get_issue", map[string]any{"key": key})
			mustContain(t, txt, "· Low ·", "labels invoices, billing", "Seen on **EUR** invoices.", "Also on GBP invoices.", "Severity: Sev-2")

			txt, _ = s.ok("jira_get_transitions", map[string]any{"key": key})
			mustContain(t, txt, "- Start Progress → In Progress")
			s.ok("jira_transition_issue", map[string]any{"key": key, "to": "In Progress"})
			s.ok("jira_transition_issue", map[string]any{"key": key, "to": "submit for review"})
			txt = s.fails("jira_transition_issue", map[string]any{"key": key, "to": "Done"})
			mustContain(t, txt, "transition 'Done' needs field 'Resolution' (one of: Done, Won't Do, Duplicate, Cannot Reproduce)")
			txt, res = s.ok("jira_transition_issue", map[string]any{"key": key, "to": "Done", "fields": map[string]any{"Resolution": "Done"}})
			var moved struct {
				Status string `json:"status"`
			}
			testenv.Structured(t, res, &moved)
			if moved.Status != "Done" {
				t.Errorf("transition result %s", txt)
			}

			s.ok("jira_add_comment", map[string]any{"key": key, "body": "Fixed in **2.15.1**."})
			s.ok("jira_link_issues", map[string]any{"type": "is blocked by", "from": key, "to": "ENG-5"})
			txt, _ = s.ok("jira_get_issue", map[string]any{"key": key})
			mustContain(t, txt, "Bug · Done · Low", "resolution Done", "Comments (1):", "Ana Lima", "Fixed in **2.15.1**.", "Link: is blocked by ENG-5")
			txt, _ = s.ok("jira_get_issue", map[string]any{"key": "ENG-5"})
			mustContain(t, txt, "Link: blocks "+key)
		})
	}
}

// TestJiraWriteBadInput checks that rejected writes say how to fix them and
// leave the sandbox as it was.
func TestJiraWriteBadInput(t *testing.T) {
	s := start(t, "stdio", nil, "--sandbox")
	cases := []struct {
		tool  string
		args  map[string]any
		wants []string
	}{
		{"jira_create_issue", map[string]any{"project": "NOPE", "issue_type": "Task", "summary": "x"}, []string{`unknown project "NOPE"`, "ENG, ENGR, FIN, HR, OPS"}},
		{"jira_create_issue", map[string]any{"project": "ENG", "issue_type": "Task", "summary": "x", "priority": "Urgent"}, []string{"(one of: Highest, High, Medium, Low, Lowest)"}},
		{"jira_create_issue", map[string]any{"project": "ENG", "issue_type": "Task", "summary": "x", "story_points": "lots"}, []string{`"story_points" must be a number`}},
		{"jira_create_issue", map[string]any{"project": "ENG", "issue_type": "Task", "summary": "x", "due_date": "31/12/2026"}, []string{"YYYY-MM-DD"}},
		{"jira_create_issue", map[string]any{"project": "OPS", "issue_type": "Bug", "summary": "x"}, []string{"requires Severity (one of: Sev-1, Sev-2, Sev-3, Sev-4)"}},
		{"jira_update_issue", map[string]any{"key": "ENG-4", "fields": map[string]any{"Team": "Legal"}}, []string{"(one of: Platform, Payments, Mobile, SRE, People Ops)"}},
		{"jira_link_issues", map[string]any{"type": "causes", "from": "ENG-1", "to": "ENG-2"}, []string{"Blocks (blocks / is blocked by)"}},
		{"jira_transition_issue", map[string]any{"key": "ENG-4", "to": "Done"}, []string{"it can take: 'Start Progress' (to In Progress)"}},
	}
	for _, c := range cases {
		mustContain(t, s.fails(c.tool, c.args), c.wants...)
	}
	txt, _ := s.ok("jira_search", map[string]any{"jql": "project in (ENG, OPS) AND created >= -1h"})
	mustContain(t, txt, "0 issues")
	txt, _ = s.ok("jira_get_issue", map[string]any{"key": "ENG-4"})
	mustContain(t, txt, "To Do · Medium")
	mustNotContain(t, txt, "Team: Legal")
}
