package atlassian_test

import (
	"context"
	"strings"
	"testing"

	"github.com/tidwall/gjson"

	"github.com/clawbridge/atlassian-mcp/atlassian"
	"github.com/clawbridge/atlassian-mcp/internal/testenv"
	"github.com/clawbridge/atlassian-mcp/sandbox"
	"github.com/clawbridge/atlassian-mcp/scope"
)

// admin returns a client without a Policy on e's sandbox, to arrange what
// the restricted client must then not undo.
func admin(t *testing.T, e *testenv.Env) *atlassian.Client {
	t.Helper()
	c, err := atlassian.New(atlassian.Config{HTTPClient: e.HTTP, APIHost: e.Server.URL, CloudID: sandbox.CloudID,
		SiteURL: e.Sandbox.SiteURL(sandbox.CloudID)})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func setParent(parent string) func(gjson.Result, []atlassian.FieldMeta) (atlassian.Edit, error) {
	return func(gjson.Result, []atlassian.FieldMeta) (atlassian.Edit, error) {
		return atlassian.Edit{Fields: map[string]any{"parent": map[string]any{"key": parent}}}, nil
	}
}

// TestReparentingCannotTakeAChildFromAnEpicOutside gives ENG-33 a parent in
// HR, then has an ENG-only Claw re-parent it under an ENG epic: that would
// change the HR issue too, so it is refused, audited, and nothing changes.
func TestReparentingCannotTakeAChildFromAnEpicOutside(t *testing.T) {
	e := engOnly(t)
	ctx := context.Background()
	root := admin(t, e)
	if err := root.UpdateIssue(ctx, "ENG-33", nil, setParent("HR-1")); err != nil {
		t.Fatalf("arranging an HR parent: %v", err)
	}
	before := e.Calls.Count()
	err := e.Client.UpdateIssue(ctx, "ENG-33", []string{"summary"}, setParent("ENG-3"))
	if !atlassian.IsRefusal(err) {
		t.Fatalf("re-parenting away from HR-1: %v", err)
	}
	if msg := err.Error(); !strings.Contains(msg, "ENG-33") || strings.Contains(msg, "HR-1") || !strings.HasSuffix(msg, "allowed projects: ENG") {
		t.Errorf("the refusal must name the allowed issue and projects, and not the hidden parent: %q", msg)
	}
	denied := 0
	for _, c := range e.Calls.All()[before:] {
		if c.Denied {
			denied++
		} else if c.Method == "PUT" {
			t.Errorf("the edit reached Atlassian: %+v", c)
		}
	}
	if denied != 1 {
		t.Errorf("%d denials recorded, want 1", denied)
	}
	is, err := root.GetIssue(ctx, "ENG-33", []string{"parent"}, "")
	if err != nil || is.Get("fields.parent.key").String() != "HR-1" {
		t.Fatalf("ENG-33's parent changed: %v %s", err, is.Get("fields.parent").Raw)
	}
	// A transition whose screen sets the parent is refused the same way.
	err = e.Client.TransitionIssue(ctx, "ENG-33", func(ts []atlassian.Transition) (atlassian.TransitionRequest, error) {
		return atlassian.TransitionRequest{ID: ts[0].ID, Fields: map[string]any{"parent": map[string]any{"key": "ENG-3"}}}, nil
	})
	if !atlassian.IsRefusal(err) {
		t.Fatalf("re-parenting away from HR-1 on a transition: %v", err)
	}
	for _, c := range e.Calls.All()[before:] {
		if c.Method == "POST" && !c.Denied {
			t.Errorf("the transition reached Atlassian: %+v", c)
		}
	}
	// The same edit of an issue whose parent is inside goes through.
	if err := e.Client.UpdateIssue(ctx, "ENG-34", []string{"summary"}, setParent("ENG-1")); err != nil {
		t.Fatalf("re-parenting inside ENG: %v", err)
	}
}

// TestSprintMovesCannotEmptyASprintOutside puts ENG-2 into the OPS board's
// future sprint, then has an ENG-only Claw move it into an ENG sprint:
// that would take it out of the OPS sprint, so it is refused.
func TestSprintMovesCannotEmptyASprintOutside(t *testing.T) {
	e := engOnly(t)
	ctx := context.Background()
	root := admin(t, e)
	if err := root.MoveToSprint(ctx, 26, []string{"ENG-2"}); err != nil {
		t.Fatalf("arranging ENG-2 in OPS sprint 26: %v", err)
	}
	err := e.Client.MoveToSprint(ctx, 25, []string{"ENG-2"})
	if !atlassian.IsRefusal(err) {
		t.Fatalf("moving ENG-2 out of an OPS sprint: %v", err)
	}
	if strings.Contains(err.Error(), "OPS") || strings.Contains(err.Error(), "26") {
		t.Errorf("the refusal reveals the sprint outside: %q", err)
	}
	in, err := root.SprintIssues(ctx, 26, false)
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, is := range in {
		found = found || is.Get("key").String() == "ENG-2"
	}
	if !found {
		t.Fatal("ENG-2 left the OPS sprint")
	}
	// An issue whose only other sprints are closed ones of its own board moves.
	if err := e.Client.MoveToSprint(ctx, 25, []string{"ENG-3"}); err != nil {
		t.Fatalf("moving ENG-3 within the ENG board: %v", err)
	}
}

// TestCurrentReferencesAreNotCheckedWithoutAllowlist checks that a Claw
// allowed every project does not pay for looking up the current parent.
func TestCurrentReferencesAreNotCheckedWithoutAllowlist(t *testing.T) {
	e := confined(t, &scope.Policy{Claw: "all", Projects: []string{scope.All}})
	ctx := context.Background()
	if err := admin(t, e).UpdateIssue(ctx, "ENG-33", nil, setParent("HR-1")); err != nil {
		t.Fatal(err)
	}
	before := e.Calls.Count()
	if err := e.Client.UpdateIssue(ctx, "ENG-33", []string{"summary"}, setParent("ENG-3")); err != nil { // a subtask, back under its story
		t.Fatal(err)
	}
	reads := 0
	for _, c := range e.Calls.All()[before:] {
		if c.Target == "HR-1" {
			t.Errorf("the current parent was looked up although every project is allowed: %+v", c)
		}
		if c.Target == "ENG-33" && c.Method == "GET" {
			reads++
		}
	}
	if reads != 1 {
		t.Errorf("ENG-33 was read %d times, want once (with its edit screen)", reads)
	}
}

// TestSprintFieldChangesOnlyByASprintMove checks that an edit may not set
// the Sprint field, which would take the issue out of its sprint unchecked.
func TestSprintFieldChangesOnlyByASprintMove(t *testing.T) {
	e := engOnly(t)
	err := e.Client.UpdateIssue(context.Background(), "ENG-2", []string{"summary"}, func(gjson.Result, []atlassian.FieldMeta) (atlassian.Edit, error) {
		return atlassian.Edit{Fields: map[string]any{"customfield_10020": 26}}, nil
	})
	if !atlassian.IsRefusal(err) || !strings.Contains(err.Error(), "jira_move_to_sprint") {
		t.Fatalf("setting the Sprint field: %v", err)
	}
}
