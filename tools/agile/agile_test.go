package agile_test

import (
	"strings"
	"testing"
	"time"

	"github.com/clawbridge/atlassian-mcp/internal/testenv"
	"github.com/clawbridge/atlassian-mcp/tools/agile"
)

func TestBoardsAndSprints(t *testing.T) {
	e := testenv.New(t, testenv.Options{})
	c := e.MCP(agile.Tools())
	testenv.MustCall(t, c, "jira_list_boards", map[string]any{}, "2 boards", "1 ENG board (scrum, project ENG)", "2 OPS kanban (kanban, project OPS)")
	txt := testenv.MustCall(t, c, "jira_list_boards", map[string]any{"project": "OPS"}, "1 board\n", "2 OPS kanban")
	if strings.Contains(txt, "ENG board") {
		t.Errorf("OPS boards list ENG's:\n%s", txt)
	}
	testenv.MustCall(t, c, "jira_list_sprints", map[string]any{"board": 1}, "5 sprints on board 1",
		"21 ENG Sprint 21 [closed]", "24 ENG Sprint 24 [active]", "days left — Checkout v2 beta", "25 ENG Sprint 25 [future] — Checkout v2 general availability")
	txt = testenv.MustCall(t, c, "jira_list_sprints", map[string]any{"board": 1, "state": "closed"}, "3 sprints")
	if strings.Contains(txt, "[active]") {
		t.Errorf("closed sprints include the active one:\n%s", txt)
	}
}

func TestSprintReportFromHistory(t *testing.T) {
	e := testenv.New(t, testenv.Options{})
	c := e.MCP(agile.Tools())
	testenv.MustCall(t, c, "jira_get_sprint", map[string]any{"sprint": 22},
		"22 ENG Sprint 22 [closed]", "Story Points: committed 26, added 3, completed 24 of 29",
		"Carried in from earlier sprints: ENG-22", "Not done (carried over): ENG-29",
		"ENG-10 [Done] Duplicate confirmation emails on retry — Ben Okafor; 3 pts, added, done in sprint")
	testenv.MustCall(t, c, "jira_get_sprint", map[string]any{"sprint": 24},
		"[active]", "6 days left", "Story Points: committed 32, added 5, completed 0 of 37", "At risk: ENG-12 (flagged)",
		"ENG-32 [Done] Add the card vault client — Ana Lima; done outside sprint")
	testenv.MustCall(t, c, "jira_get_sprint", map[string]any{"sprint": 25}, "[future]", "Story Points: 11 planned")
	testenv.MustCall(t, c, "jira_get_velocity", map[string]any{"board": 1},
		"Velocity of board 1 (Story Points), last 3 closed sprints", "21 ENG Sprint 21: committed 26, completed 18",
		"22 ENG Sprint 22: committed 26, completed 24", "23 ENG Sprint 23: committed 28, completed 23", "Average completed: 21.7")
	txt := testenv.MustCall(t, c, "jira_get_velocity", map[string]any{"board": 1, "sprints": 1}, "last 1 closed sprint:", "23 ENG Sprint 23")
	if strings.Contains(txt, "Sprint 22") {
		t.Errorf("velocity over 1 sprint shows more:\n%s", txt)
	}
}

// TestAtRiskNearTheEnd runs the sandbox five days in the past, so the
// active sprint ends within a day of the real clock the tools read.
func TestAtRiskNearTheEnd(t *testing.T) {
	e := testenv.New(t, testenv.Options{Now: func() time.Time { return time.Now().Add(-5 * 24 * time.Hour) }})
	c := e.MCP(agile.Tools())
	testenv.MustCall(t, c, "jira_get_sprint", map[string]any{"sprint": 24}, "1 days left",
		"At risk: ENG-2 (sprint ends within a day), ENG-3 (sprint ends within a day)", "ENG-12 (flagged, sprint ends within a day)")
}

func TestMoveToSprint(t *testing.T) {
	e := testenv.New(t, testenv.Options{})
	c := e.MCP(agile.Tools())
	testenv.MustCall(t, c, "jira_move_to_sprint", map[string]any{"sprint": 24, "keys": []any{"eng-16", "ENG-31"}}, "Moved ENG-16, ENG-31 to ENG Sprint 24 [active]")
	testenv.MustCall(t, c, "jira_get_sprint", map[string]any{"sprint": 24}, "added 11", "ENG-16 [To Do]", "3 pts, added")
	txt := testenv.MustCall(t, c, "jira_get_sprint", map[string]any{"sprint": 25})
	if strings.Contains(txt, "ENG-16") {
		t.Errorf("ENG-16 is still in sprint 25:\n%s", txt)
	}
	for _, bad := range []struct {
		args map[string]any
		want string
	}{
		{map[string]any{"sprint": 21, "keys": []any{"ENG-16"}}, "sprint 21 (ENG Sprint 21) is closed"},
		{map[string]any{"sprint": 24, "keys": []any{}}, `"keys" must list 1 to 50 issue keys`},
		{map[string]any{"sprint": 24, "keys": []any{"ENG 16"}}, `"ENG 16" is not an issue key`},
		{map[string]any{"sprint": 24, "keys": []any{"ENG-16", "eng-16"}}, "lists ENG-16 twice"},
		{map[string]any{"sprint": 99, "keys": []any{"ENG-16"}}, "sprint 99 was not found"},
		{map[string]any{"sprint": 24.5, "keys": []any{"ENG-16"}}, `"sprint" must be an integer`},
	} {
		before := e.Calls.Count()
		txt, res := testenv.Call(t, c, "jira_move_to_sprint", bad.args)
		if !res.IsError || !strings.Contains(txt, bad.want) {
			t.Errorf("move %v = %v %q, want an error with %q", bad.args, res.IsError, txt, bad.want)
		}
		for _, cl := range e.Calls.All()[before:] {
			if cl.Method == "POST" {
				t.Errorf("move %v sent a write", bad.args)
			}
		}
	}
}
