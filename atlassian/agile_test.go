package atlassian_test

import (
	"context"
	"testing"
	"time"

	"github.com/clawbridge/atlassian-mcp/atlassian"
	"github.com/clawbridge/atlassian-mcp/internal/testenv"
	"github.com/clawbridge/atlassian-mcp/scope"
)

func TestBoardsSprintsAndSprintIssues(t *testing.T) {
	e := testenv.New(t, testenv.Options{})
	ctx := context.Background()
	boards, err := e.Client.Boards(ctx, "", 0, 0)
	if err != nil || len(boards.Boards) != 2 || boards.Boards[0].ProjectKey != "ENG" || !boards.IsLast {
		t.Fatalf("boards = %+v %v", boards, err)
	}
	cfg, err := e.Client.BoardConfig(ctx, 2)
	if err != nil || cfg.EstimationField != "customfield_10016" || cfg.EstimationName != "Story point estimate" || cfg.Type != "kanban" {
		t.Errorf("OPS board config = %+v %v", cfg, err)
	}
	closed, err := e.Client.Sprints(ctx, 1, []string{"closed"}, 0, 0)
	if err != nil || len(closed.Sprints) != 3 || closed.Sprints[2].Name != "ENG Sprint 23" || closed.Sprints[2].Complete.IsZero() {
		t.Fatalf("closed sprints = %+v %v", closed, err)
	}
	sp, err := e.Client.GetSprint(ctx, 24)
	if err != nil || sp.State != "active" || sp.BoardID != 1 || sp.End.Sub(sp.Start) != 14*24*time.Hour {
		t.Errorf("sprint 24 = %+v %v", sp, err)
	}
	issues, err := e.Client.SprintIssues(ctx, 22, true)
	if err != nil || len(issues) != 6 {
		t.Fatalf("sprint 22 issues: %d %v", len(issues), err)
	}
	for _, is := range issues {
		if !is.Get("changelog.histories").Exists() || !is.Get("fields.customfield_10026").Exists() {
			t.Errorf("%s lacks its changelog or estimate", is.Get("key"))
		}
	}
	if err := e.Client.MoveToSprint(ctx, 25, []string{"ENG-31"}); err != nil {
		t.Fatal(err)
	}
	moved, _ := e.Client.SprintIssues(ctx, 25, false)
	if len(moved) != 4 {
		t.Errorf("sprint 25 has %d issues after the move, want 4", len(moved))
	}
	if _, err := e.Client.GetSprint(ctx, 99); !atlassian.IsNotFound(err) {
		t.Errorf("missing sprint: %v", err)
	}
}

func TestGuardedAgile(t *testing.T) {
	e := confined(t, &scope.Policy{Claw: "ops", Projects: []string{"OPS"}})
	ctx := context.Background()
	boards, err := e.Client.Boards(ctx, "", 0, 0)
	if err != nil || len(boards.Boards) != 1 || boards.Boards[0].ID != 2 {
		t.Errorf("boards under an OPS-only policy = %+v %v", boards, err)
	}
	_, errCfg := e.Client.BoardConfig(ctx, 1)
	_, errSprints := e.Client.Sprints(ctx, 1, nil, 0, 0)
	_, errSprint := e.Client.GetSprint(ctx, 24)
	_, errIssues := e.Client.SprintIssues(ctx, 24, false)
	errMove := e.Client.MoveToSprint(ctx, 26, []string{"ENG-1"})
	for name, err := range map[string]error{"config": errCfg, "sprints": errSprints, "sprint": errSprint, "issues": errIssues, "move": errMove} {
		if !atlassian.IsRefusal(err) {
			t.Errorf("%s of the ENG board: %v, want a refusal", name, err)
		}
	}
	if _, err := e.Client.GetSprint(ctx, 26); err != nil {
		t.Errorf("the OPS sprint: %v", err)
	}
	for _, c := range e.Calls.All() {
		if c.Method == "POST" && !c.Denied {
			t.Errorf("a move reached Atlassian: %+v", c)
		}
	}
}
