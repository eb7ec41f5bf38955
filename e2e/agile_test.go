package e2e

import (
	"testing"

	"github.com/clawbridge/atlassian-mcp/internal/testenv"
)

// TestAgileTools drives every Jira Software tool over stdio and streamable
// HTTP against `serve --sandbox`, checking the seeded sprint history and
// that a move really changes the sprint.
func TestAgileTools(t *testing.T) {
	for _, kind := range []string{"stdio", "http"} {
		t.Run(kind, func(t *testing.T) {
			s := start(t, kind, nil, "--sandbox")

			txt, _ := s.ok("jira_list_boards", map[string]any{})
			mustContain(t, txt, "1 ENG board (scrum, project ENG)", "2 OPS kanban (kanban, project OPS)")
			txt, _ = s.ok("jira_list_sprints", map[string]any{"board": 1, "state": "active"})
			mustContain(t, txt, "24 ENG Sprint 24 [active]")

			txt, res := s.ok("jira_get_velocity", map[string]any{"board": 1, "sprints": 3})
			mustContain(t, txt, "21 ENG Sprint 21: committed 26, completed 18", "23 ENG Sprint 23: committed 28, completed 23")
			var vel struct {
				Sprints []struct {
					Committed, Completed float64
				} `json:"sprints"`
				Average float64 `json:"average"`
			}
			testenv.Structured(t, res, &vel)
			if len(vel.Sprints) != 3 || vel.Sprints[1].Completed != 24 || vel.Average != 21.7 {
				t.Errorf("velocity = %+v", vel)
			}

			txt, _ = s.ok("jira_get_sprint", map[string]any{"sprint": 24})
			mustContain(t, txt, "Story Points: committed 32, added 5, completed 0 of 37", "At risk: ENG-12 (flagged)")
			mustNotContain(t, txt, "ENG-16 ")

			txt, _ = s.ok("jira_move_to_sprint", map[string]any{"sprint": 24, "keys": []any{"ENG-16"}})
			mustContain(t, txt, "Moved ENG-16 to ENG Sprint 24 [active]")
			txt, res = s.ok("jira_get_sprint", map[string]any{"sprint": 24})
			mustContain(t, txt, "added 8", "ENG-16 [To Do] Add dark mode to the web dashboard — Ben Okafor; 3 pts, added")
			var rep struct {
				Issues []struct {
					Key       string `json:"key"`
					Committed bool   `json:"committed"`
				} `json:"issues"`
			}
			testenv.Structured(t, res, &rep)
			found := false
			for _, is := range rep.Issues {
				if is.Key == "ENG-16" {
					found = !is.Committed
				}
			}
			if !found {
				t.Errorf("ENG-16 should be in sprint 24 as added work: %+v", rep.Issues)
			}
			mustContain(t, s.fails("jira_move_to_sprint", map[string]any{"sprint": 22, "keys": []any{"ENG-16"}}), "is closed")
		})
	}
}
