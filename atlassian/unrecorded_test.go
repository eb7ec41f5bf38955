package atlassian_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/clawbridge/atlassian-mcp/adf"
	"github.com/clawbridge/atlassian-mcp/atlassian"
	"github.com/clawbridge/atlassian-mcp/internal/testenv"
	"github.com/clawbridge/atlassian-mcp/sandbox"
)

// failingRecorder is an Observer whose records fail at a chosen moment:
// before a change is sent, or once any call is answered.
type failingRecorder struct {
	before, after bool
	sent          []string // actions of answered calls
}

func (f *failingRecorder) observe(_ context.Context, c atlassian.Call) error {
	if c.Before {
		if f.before && c.Writes {
			return errors.New("disk full")
		}
		return nil
	}
	f.sent = append(f.sent, c.Action)
	if f.after {
		return errors.New("disk full")
	}
	return nil
}

// TestCallsThatCannotBeRecordedAreNotMade checks the client's side of the
// fail-closed audit: nothing is sent when the record before it fails; when
// the record after it fails, a read's answer is withheld, and a change that
// succeeded is reported as made, so that the agent does not repeat it.
func TestCallsThatCannotBeRecordedAreNotMade(t *testing.T) {
	rec := &failingRecorder{}
	e := testenv.New(t, testenv.Options{ClientConfig: func(c *atlassian.Config) { c.Observer = rec.observe }})
	ctx := context.Background()
	comment := adf.FromMarkdown("recorded?", adf.Jira)
	countComments := func() int {
		rec.before, rec.after = false, false
		issue, err := e.Client.GetIssue(ctx, "ENG-1", []string{"comment"}, "")
		if err != nil {
			t.Fatal(err)
		}
		return len(issue.Get("fields.comment.comments").Array())
	}
	start := countComments()

	rec.before, rec.after, rec.sent = true, false, nil
	_, err := e.Client.AddComment(ctx, "ENG-1", comment)
	var ue *atlassian.UnrecordedError
	if !errors.As(err, &ue) || ue.Sent || !strings.HasPrefix(err.Error(), "not sent: jira.comment.add") || strings.Contains(err.Error(), "disk full") {
		t.Errorf("a comment whose record fails first: %v", err)
	}
	if slices.Contains(rec.sent, "jira.comment.add") || countComments() != start {
		t.Errorf("the comment was sent (%v)", rec.sent)
	}

	rec.before, rec.after = false, true
	_, err = e.Client.GetIssue(ctx, "ENG-1", nil, "")
	if !errors.As(err, &ue) || !ue.Sent || ue.Changed || !strings.Contains(err.Error(), "withheld") {
		t.Errorf("a read whose record fails after: %v", err)
	}

	rec.before, rec.after = false, true
	_, err = e.Client.AddComment(ctx, "ENG-1", comment)
	if !errors.As(err, &ue) || !ue.Changed || !strings.Contains(err.Error(), "Atlassian made the change") || !strings.Contains(err.Error(), "do not repeat it") {
		t.Errorf("a comment whose record fails after: %v", err)
	}
	if countComments() != start+1 {
		t.Error("the comment reported as made is not there")
	}

	// A comment whose answer is lost and whose record after fails: the
	// agent must still learn that it may have been made.
	e.Sandbox.InjectFault(sandbox.Fault{Method: "POST", PathContains: "/comment", LoseResponse: true})
	rec.before, rec.after = false, true
	_, err = e.Client.AddComment(ctx, "ENG-1", comment)
	var ne *atlassian.NetworkError
	if !errors.As(err, &ue) || ue.Changed || !errors.As(err, &ne) || !strings.Contains(err.Error(), "cannot reach Atlassian") ||
		!strings.Contains(err.Error(), "audit log") {
		t.Errorf("a comment whose answer and record are both lost: %v", err)
	}
}

// TestWritesAreTheOpsThatChangeThings checks which operations the audit
// records before sending: every change, including the POSTs that only move
// or link things, and no read, including the POSTs that only search.
func TestWritesAreTheOpsThatChangeThings(t *testing.T) {
	for _, c := range []struct {
		op   atlassian.Op
		want bool
	}{
		{atlassian.Op{Method: "DELETE", Granular: []string{"delete:page:confluence"}}, true},
		{atlassian.Op{Method: "POST", Classic: []string{"read:jira-work"}, Granular: []string{"read:issue:jira"}}, false},
		{atlassian.Op{Method: "POST", Classic: []string{"read:jira-work"}, Granular: []string{"write:issue:jira"}}, true},
		{atlassian.Op{Method: "POST"}, true},
		{atlassian.Op{Method: "PATCH", Classic: []string{"manage:jira-project"}}, true},
		{atlassian.Op{Method: "GET", Classic: []string{"read:jira-work"}}, false},
	} {
		if got := c.op.Writes(); got != c.want {
			t.Errorf("%s %v %v: Writes() = %v, want %v", c.op.Method, c.op.Classic, c.op.Granular, got, c.want)
		}
	}
	for _, o := range atlassian.Ops() {
		if (o.Method == "GET" && o.Writes()) || (o.Method == "PUT" && !o.Writes()) {
			t.Errorf("%s %s: Writes() = %v", o.Method, o.Action, o.Writes())
		}
	}
	for op, want := range map[*atlassian.Op]bool{
		&atlassian.OpMoveToSprint: true, &atlassian.OpCreateIssue: true, &atlassian.OpLinkIssues: true,
		&atlassian.OpSearchJQL: false, &atlassian.OpUsersBulk: false,
	} {
		if op.Writes() != want {
			t.Errorf("%s: Writes() = %v, want %v", op.Action, op.Writes(), want)
		}
	}
}
