package e2e

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Seeded objects outside the eng-only Claw's allowlist (ENG, ENGDOCS).
const (
	hrPeopleHome  = "98335" // HRDOCS "People Home"
	hrSalaryPage  = "98336" // HRDOCS "Salary Bands 2026"
	opsRunbooks   = "98325" // OPSDOCS "Runbooks"
	engDocsHome   = "98304" // ENGDOCS "Engineering Home", allowed
	opsBoard      = 2       // the OPS kanban board
	opsSprint     = 26      // a sprint on the OPS board
	activeSprint  = 24      // ENG Sprint 24, on the ENG board
	hrIssueNumber = "10052" // HR-1's numeric id
)

func init() {
	forbidden = append(forbidden,
		// HRDOCS and OPSDOCS pages.
		"Salary Bands", "62,000", "Hiring Plan", "People Home", "Share nothing outside HR",
		"Operations Home", "Database Failover", "TLS Certificate Rotation", "On-call Handbook",
		// OPS issues and the OPS board.
		"db-primary-2", "Disk usage alert", "Renew TLS", "OPS kanban", "OPS backlog grooming",
	)
	extraAttempts = append(extraAttempts, jiraWriteAttempts...)
	extraAttempts = append(extraAttempts, agileAttempts...)
	extraAttempts = append(extraAttempts, confluenceAttempts...)
}

// jiraWriteAttempts try to write beyond ENG: other projects, moved issues,
// cross-project links and parents.
var jiraWriteAttempts = []attempt{
	{"create in HR", "jira_create_issue", map[string]any{"project": "HR", "issue_type": "Task", "summary": "x"}},
	{"create in a look-alike project", "jira_create_issue", map[string]any{"project": "ENGR", "issue_type": "Task", "summary": "x"}},
	{"create under an HR parent", "jira_create_issue", map[string]any{"project": "ENG", "issue_type": "Subtask", "summary": "x", "parent": "HR-1"}},
	{"create under a parent moved to HR", "jira_create_issue", map[string]any{"project": "ENG", "issue_type": "Subtask", "summary": "x", "parent": "ENG-36"}},
	{"update an HR issue", "jira_update_issue", map[string]any{"key": "HR-1", "summary": "x"}},
	{"update a moved issue by its old key", "jira_update_issue", map[string]any{"key": "ENG-36", "labels_add": []any{"x"}}},
	{"update an HR issue by numeric id", "jira_update_issue", map[string]any{"key": hrIssueNumber, "priority": "Low"}},
	{"transition an HR issue", "jira_transition_issue", map[string]any{"key": "HR-3", "to": "Done", "fields": map[string]any{"Resolution": "Done"}}},
	{"list an HR issue's transitions", "jira_get_transitions", map[string]any{"key": "HR-1"}},
	{"comment on an HR issue", "jira_add_comment", map[string]any{"key": "HR-1", "body": "hello"}},
	{"comment on a moved issue", "jira_add_comment", map[string]any{"key": "ENG-36", "body": "hello"}},
	{"comment by numeric id", "jira_add_comment", map[string]any{"key": hrIssueNumber, "body": "hello"}},
	{"link into HR", "jira_link_issues", map[string]any{"type": "Blocks", "from": "ENG-1", "to": "HR-1"}},
	{"link from HR", "jira_link_issues", map[string]any{"type": "Relates", "from": "HR-2", "to": "ENG-1"}},
	{"link to a moved issue", "jira_link_issues", map[string]any{"type": "Relates", "from": "ENG-1", "to": "ENG-36"}},
	{"link into a look-alike project", "jira_link_issues", map[string]any{"type": "Relates", "from": "ENG-1", "to": "ENGR-1"}},
	{"HR project metadata", "jira_get_project_metadata", map[string]any{"project": "HR"}},
	{"assignable users of HR", "jira_find_users", map[string]any{"query": "eve", "project": "HR"}},
}

// agileAttempts try to reach other projects' boards and sprints.
var agileAttempts = []attempt{
	{"sprints of the OPS board", "jira_list_sprints", map[string]any{"board": opsBoard}},
	{"an OPS sprint", "jira_get_sprint", map[string]any{"sprint": opsSprint}},
	{"velocity of the OPS board", "jira_get_velocity", map[string]any{"board": opsBoard}},
	{"move an HR issue into an ENG sprint", "jira_move_to_sprint", map[string]any{"sprint": activeSprint, "keys": []any{"HR-1"}}},
	{"move a moved issue into an ENG sprint", "jira_move_to_sprint", map[string]any{"sprint": activeSprint, "keys": []any{"ENG-36"}}},
	{"move an ENG issue into an OPS sprint", "jira_move_to_sprint", map[string]any{"sprint": opsSprint, "keys": []any{"ENG-2"}}},
	{"boards of HR", "jira_list_boards", map[string]any{"project": "HR"}},
}

// confluenceAttempts try to reach other spaces.
var confluenceAttempts = []attempt{
	{"CQL space clause", "confluence_search", map[string]any{"cql": "space = HRDOCS"}},
	{"CQL space list", "confluence_search", map[string]any{"cql": "space in (ENGDOCS, HRDOCS) AND type = page"}},
	{"CQL parenthesis injection", "confluence_search", map[string]any{"cql": `title ~ "x") OR (space = HRDOCS`}},
	{"CQL space id", "confluence_search", map[string]any{"cql": "space.id = 98303"}},
	{"search argument for another space", "confluence_search", map[string]any{"text": "salary", "space": "HRDOCS"}},
	{"read an HRDOCS page", "confluence_get_page", map[string]any{"id": hrSalaryPage}},
	{"read an HRDOCS page by title", "confluence_get_page", map[string]any{"space": "HRDOCS", "title": "Salary Bands 2026"}},
	{"read an OPSDOCS page as ADF", "confluence_get_page", map[string]any{"id": opsRunbooks, "format": "adf"}},
	{"tree of HRDOCS", "confluence_get_page_tree", map[string]any{"space": "HRDOCS"}},
	{"tree under an HRDOCS page", "confluence_get_page_tree", map[string]any{"id": hrPeopleHome}},
	{"create in HRDOCS", "confluence_create_page", map[string]any{"space": "HRDOCS", "title": "x", "body": "x"}},
	{"create under a parent in HRDOCS", "confluence_create_page", map[string]any{"space": "ENGDOCS", "title": "x", "parent": hrPeopleHome, "body": "x"}},
	{"update an HRDOCS page", "confluence_update_page", map[string]any{"id": hrSalaryPage, "body": "x", "mode": "append"}},
	{"comment on an HRDOCS page", "confluence_add_comment", map[string]any{"id": hrSalaryPage, "body": "x"}},
	{"label an OPSDOCS page", "confluence_add_labels", map[string]any{"id": opsRunbooks, "labels": []any{"x"}}},
}

// TestAllowedWritesStillWork makes sure the guard does not just refuse
// everything: the same Claw may write inside ENG and ENGDOCS.
func TestAllowedWritesStillWork(t *testing.T) {
	s := startKey(t, "stdio", engOnlyKey, nil, "--sandbox", "--config", writeEngOnlyConfig(t))
	txt, _ := s.ok("jira_add_comment", map[string]any{"key": "ENG-2", "body": "Looked at it: zebra-kite-quartz."})
	mustNotContain(t, txt, "not found")
	txt, _ = s.ok("jira_create_issue", map[string]any{"project": "ENG", "issue_type": "Task", "summary": "Audit canary ochre-lynx",
		"description": "Secret plan: violet-heron."})
	created := strings.Fields(strings.TrimPrefix(txt, "Created "))[0]
	created = strings.TrimSuffix(created, ":")
	s.ok("jira_link_issues", map[string]any{"type": "Relates", "from": "ENG-1", "to": "ENG-2"})
	s.ok("jira_move_to_sprint", map[string]any{"sprint": activeSprint, "keys": []any{"ENG-13"}})
	txt, _ = s.ok("confluence_get_page", map[string]any{"id": engDocsHome})
	mustContain(t, txt, "Engineering Home")
	txt, _ = s.ok("confluence_search", map[string]any{"text": "checkout"})
	if strings.Contains(txt, "OPSDOCS") || strings.Contains(txt, "HRDOCS") {
		t.Errorf("search outside the allowed space:\n%s", txt)
	}
	// The audit log says who did what to which object, and holds no content.
	raw, err := os.ReadFile(filepath.Join(s.dir, "audit.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	for _, body := range []string{"zebra-kite-quartz", "ochre-lynx", "violet-heron"} {
		if strings.Contains(string(raw), body) {
			t.Errorf("the audit log holds content (%q)", body)
		}
	}
	found := false
	for _, r := range auditRecords(t, filepath.Join(s.dir, "audit.jsonl")) {
		found = found || (r["action"] == "jira.issue.create" && r["target"] == created && r["outcome"] == "ok")
	}
	if !found {
		t.Errorf("no ok jira.issue.create record names %s", created)
	}
}
