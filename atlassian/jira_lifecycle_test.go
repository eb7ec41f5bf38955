package atlassian_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/tidwall/gjson"

	"github.com/clawbridge/atlassian-mcp/atlassian"
	"github.com/clawbridge/atlassian-mcp/internal/testenv"
	"github.com/clawbridge/atlassian-mcp/scope"
)

func TestCreateMetaIsCachedPerProjectAndType(t *testing.T) {
	e := testenv.New(t, testenv.Options{})
	ctx := context.Background()
	types, err := e.Client.CreateMetaIssueTypes(ctx, "ENG")
	if err != nil || len(types) != 5 || types[4].Name != "Subtask" || !types[4].Subtask || types[0].Level != 1 {
		t.Fatalf("ENG issue types = %+v, %v", types, err)
	}
	fields, err := e.Client.CreateMetaFields(ctx, "ENG", "10003")
	if err != nil {
		t.Fatal(err)
	}
	byID := map[string]atlassian.FieldMeta{}
	for _, f := range fields {
		byID[f.ID] = f
	}
	sev := byID["customfield_10030"]
	if sev.Name != "Severity" || sev.Required || len(sev.Allowed) != 4 || sev.Allowed[1].Label() != "Sev-2" || sev.Allowed[1].ID != "100301" {
		t.Errorf("Severity = %+v", sev)
	}
	if !byID["summary"].Required || !byID["labels"].Takes("add") || byID["summary"].Takes("add") || byID["priority"].Allowed[0].Label() != "Highest" {
		t.Errorf("screen = %+v", byID)
	}
	cold := e.Calls.Count()
	for i := 0; i < 3; i++ {
		_, _ = e.Client.CreateMetaIssueTypes(ctx, "eng") // keys are case-insensitive
		_, _ = e.Client.CreateMetaFields(ctx, "ENG", "10003")
	}
	if n := e.Calls.Count() - cold; n != 0 {
		t.Errorf("warm metadata cost %d calls", n)
	}
	if _, err := e.Client.CreateMetaFields(ctx, "OPS", "10003"); err != nil || e.Calls.Count() != cold+1 {
		t.Errorf("another project's screen must be fetched: %v, %d calls", err, e.Calls.Count()-cold)
	}
	if _, err := e.Client.CreateMetaIssueTypes(ctx, "NOPE"); !atlassian.IsNotFound(err) {
		t.Errorf("unknown project: %v", err)
	}
}

func TestUpdateIssueReadsTheScreenThenWrites(t *testing.T) {
	e := testenv.New(t, testenv.Options{})
	ctx := context.Background()
	var seen []atlassian.FieldMeta
	err := e.Client.UpdateIssue(ctx, "ENG-4", []string{"labels"}, func(is gjson.Result, screen []atlassian.FieldMeta) (atlassian.Edit, error) {
		seen = screen
		if is.Get("fields.labels.0").String() != "checkout" {
			t.Errorf("plan got %s", is.Raw)
		}
		return atlassian.Edit{Fields: map[string]any{"summary": "Fix the WCAG findings"},
			Update: map[string][]map[string]any{"labels": {{"add": "a11y"}}}}, nil
	})
	if err != nil || len(seen) == 0 {
		t.Fatalf("update: %v (screen of %d fields)", err, len(seen))
	}
	is, _ := e.Client.GetIssue(ctx, "ENG-4", []string{"summary", "labels"}, "")
	if is.Get("fields.summary").String() != "Fix the WCAG findings" || !strings.Contains(is.Get("fields.labels").Raw, "a11y") {
		t.Errorf("after update: %s", is.Raw)
	}
	before := e.Calls.Count()
	stop := errors.New("bad input")
	if err := e.Client.UpdateIssue(ctx, "ENG-4", nil, func(gjson.Result, []atlassian.FieldMeta) (atlassian.Edit, error) {
		return atlassian.Edit{}, stop
	}); !errors.Is(err, stop) {
		t.Errorf("plan error: %v", err)
	}
	for _, c := range e.Calls.All()[before:] {
		if c.Method != "GET" {
			t.Errorf("a refused plan still sent %s %s", c.Method, c.Path)
		}
	}
	if err := e.Client.UpdateIssue(ctx, "ENG-999", nil, nil); !strings.Contains(fmtErr(err), "ENG-999 was not found") {
		t.Errorf("missing issue: %v", err)
	}
}

func fmtErr(err error) string {
	if err == nil {
		return "<nil>"
	}
	return err.Error()
}

func TestTransitionIssuePicksFromTheScreen(t *testing.T) {
	e := testenv.New(t, testenv.Options{})
	ctx := context.Background()
	ts, err := e.Client.Transitions(ctx, "ENG-5")
	if err != nil || len(ts) != 2 {
		t.Fatalf("transitions: %+v %v", ts, err)
	}
	var done atlassian.Transition
	for _, tr := range ts {
		if tr.Name == "Done" {
			done = tr
		}
	}
	if done.ToCategory != "done" || len(done.Fields) != 1 || !done.Fields[0].Required || done.Fields[0].Allowed[1].Label() != "Won't Do" {
		t.Errorf("Done = %+v", done)
	}
	doc := map[string]any{"type": "doc", "version": 1, "content": []any{map[string]any{"type": "paragraph", "content": []any{map[string]any{"type": "text", "text": "shipped"}}}}}
	err = e.Client.TransitionIssue(ctx, "ENG-5", func(ts []atlassian.Transition) (atlassian.TransitionRequest, error) {
		return atlassian.TransitionRequest{ID: "41", Fields: map[string]any{"resolution": map[string]any{"name": "Done"}}, Comment: doc}, nil
	})
	if err != nil {
		t.Fatal(err)
	}
	is, _ := e.Client.GetIssue(ctx, "ENG-5", []string{"status", "comment"}, "")
	if is.Get("fields.status.name").String() != "Done" || !strings.Contains(is.Raw, "shipped") {
		t.Errorf("after transition: %s", is.Raw)
	}
}

func TestCommentsLinksUsers(t *testing.T) {
	e := testenv.New(t, testenv.Options{})
	ctx := context.Background()
	doc := map[string]any{"type": "doc", "version": 1, "content": []any{map[string]any{"type": "paragraph", "content": []any{map[string]any{"type": "text", "text": "noted"}}}}}
	if id, err := e.Client.AddComment(ctx, "OPS-3", doc); err != nil || id == "" {
		t.Fatalf("comment: %q %v", id, err)
	}
	if err := e.Client.LinkIssues(ctx, "Blocks", "OPS-3", "ENG-7"); err != nil {
		t.Fatal(err)
	}
	is, _ := e.Client.GetIssue(ctx, "OPS-3", []string{"issuelinks"}, "")
	if is.Get(`fields.issuelinks.#(outwardIssue.key=="ENG-7").type.outward`).String() != "blocks" {
		t.Errorf("OPS-3 should block ENG-7: %s", is.Get("fields.issuelinks").Raw)
	}
	types, err := e.Client.LinkTypes(ctx)
	if err != nil || len(types) != 4 || types[0].Outward != "blocks" {
		t.Errorf("link types = %+v %v", types, err)
	}
	users, err := e.Client.AssignableUsers(ctx, "ENG", "dana", 10)
	if err != nil || len(users) != 2 || users[0].DisplayName != "Dana Schultz" || users[1].AccountID != "712020:dana-silva" {
		t.Errorf("assignable danas = %+v %v", users, err)
	}
	before := e.Calls.Count()
	for i := 0; i < 2; i++ {
		if me, err := e.Client.Me(ctx); err != nil || me.DisplayName != "Ana Lima" {
			t.Errorf("me = %+v %v", me, err)
		}
	}
	if n := e.Calls.Count() - before; n != 1 {
		t.Errorf("two Me calls cost %d requests, want 1", n)
	}
}

func TestGuardedLifecycle(t *testing.T) {
	e := confined(t, &scope.Policy{Claw: "eng", Projects: []string{"ENG", "OPS"}})
	ctx := context.Background()
	doc := map[string]any{"type": "doc", "version": 1, "content": []any{map[string]any{"type": "paragraph", "content": []any{map[string]any{"type": "text", "text": "x"}}}}}
	sent := e.Sandbox.Requests()
	cases := map[string]error{}
	_, cases["createmeta HR"] = e.Client.CreateMetaIssueTypes(ctx, "HR")
	_, cases["comment HR-1"] = e.Client.AddComment(ctx, "HR-1", doc)
	cases["link to HR-2"] = e.Client.LinkIssues(ctx, "Relates", "HR-2", "ENG-1")
	_, cases["users HR"] = e.Client.AssignableUsers(ctx, "HR", "", 5)
	cases["update HR-3"] = e.Client.UpdateIssue(ctx, "HR-3", nil, nil)

	for name, err := range cases {
		if !atlassian.IsRefusal(err) {
			t.Errorf("%s: %v, want a refusal", name, err)
		}
	}
	if e.Sandbox.Requests() != sent {
		t.Errorf("refused calls sent %d requests", e.Sandbox.Requests()-sent)
	}
	// Reparenting an allowed issue under HR-1 reads ENG-2, then stops.
	err := e.Client.UpdateIssue(ctx, "ENG-2", nil, func(gjson.Result, []atlassian.FieldMeta) (atlassian.Edit, error) {
		return atlassian.Edit{Fields: map[string]any{"parent": map[string]any{"key": "HR-1"}}}, nil
	})
	if !atlassian.IsRefusal(err) {
		t.Errorf("reparent under HR-1: %v", err)
	}
	// ENG-36 moved to HR: only Atlassian's answer tells, and nothing is written.
	_, err = e.Client.AddComment(ctx, "ENG-36", doc)
	if !atlassian.IsRefusal(err) {
		t.Errorf("comment on moved ENG-36: %v", err)
	}
	err = e.Client.TransitionIssue(ctx, "ENG-36", func([]atlassian.Transition) (atlassian.TransitionRequest, error) {
		t.Error("choose ran for an issue outside the allowlist")
		return atlassian.TransitionRequest{}, nil
	})
	if !atlassian.IsRefusal(err) {
		t.Errorf("transition on moved ENG-36: %v", err)
	}
	for _, c := range e.Calls.All() {
		if c.Method != "GET" && !c.Denied {
			t.Errorf("a write reached Atlassian: %+v", c)
		}
	}
	if _, err := e.Client.AddComment(ctx, "ENG-2", doc); err != nil {
		t.Errorf("comment on ENG-2: %v", err)
	}
}
