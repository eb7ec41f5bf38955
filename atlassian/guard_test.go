package atlassian_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/clawbridge/atlassian-mcp/atlassian"
	"github.com/clawbridge/atlassian-mcp/internal/testenv"
	"github.com/clawbridge/atlassian-mcp/scope"
)

// confined returns a sandbox environment whose client p confines.
func confined(t *testing.T, p *scope.Policy) *testenv.Env {
	t.Helper()
	return testenv.New(t, testenv.Options{ClientConfig: func(c *atlassian.Config) { c.Policy = p }})
}

func guarded(t *testing.T) *testenv.Env {
	return confined(t, &scope.Policy{Claw: "eng", Projects: []string{"ENG", "OPS"}, Spaces: []string{"ENGDOCS"}})
}

func denials(e *testenv.Env) int {
	n := 0
	for _, c := range e.Calls.All() {
		if c.Denied {
			n++
		}
	}
	return n
}

func TestGuardedReadsLookAlike(t *testing.T) {
	e := guarded(t)
	ctx := context.Background()
	if _, err := e.Client.GetIssue(ctx, "ENG-1", []string{"summary"}, ""); err != nil {
		t.Fatalf("allowed issue: %v", err)
	}
	sent := e.Sandbox.Requests()
	_, errHR := e.Client.GetIssue(ctx, "HR-1", nil, "")
	if e.Sandbox.Requests() != sent {
		t.Error("an issue key outside the allowlist was sent to Atlassian")
	}
	_, errMoved := e.Client.GetIssue(ctx, "ENG-36", nil, "") // moved to HR: only Atlassian's answer tells
	_, errMissing := e.Client.GetIssue(ctx, "ENG-9999", nil, "")
	_, errID := e.Client.GetIssue(ctx, "10052", nil, "") // HR-1 by its numeric id
	for name, err := range map[string]error{"HR-1": errHR, "moved ENG-36": errMoved, "missing": errMissing, "numeric id": errID} {
		var oe *atlassian.OutsideError
		if !errors.As(err, &oe) || !strings.Contains(err.Error(), "allowed: ENG, OPS") || strings.Contains(err.Error(), "People") {
			t.Errorf("%s: err = %v", name, err)
		}
	}
	if !atlassian.IsRefusal(errHR) || !atlassian.IsRefusal(errMoved) || !atlassian.IsRefusal(errID) || atlassian.IsRefusal(errMissing) {
		t.Error("refusals and not-founds must be told apart for the audit log")
	}
	// HR-1 (refused on its key), moved ENG-36 and HR-1 by id (refused on
	// Atlassian's answer) are denials; the missing ENG-9999 is a not-found.
	if n := denials(e); n != 3 {
		t.Errorf("%d denials observed, want 3: HR-1, ENG-36 (moved to HR) and HR-1 by its id", n)
	}
}

func TestGuardedSearchIsConstrained(t *testing.T) {
	e := guarded(t)
	page, err := e.Client.SearchJQL(context.Background(), atlassian.SearchRequest{JQL: `labels = confidential OR priority = Highest`, Fields: []string{"summary"}, MaxResults: 100})
	if err != nil {
		t.Fatal(err)
	}
	if len(page.Issues) == 0 {
		t.Fatal("no results at all")
	}
	for _, is := range page.Issues {
		if p := is.Get("fields.project.key").String(); p != "ENG" && p != "OPS" {
			t.Errorf("search returned %s from %s", is.Get("key"), p)
		}
	}
	if _, err := e.Client.SearchJQL(context.Background(), atlassian.SearchRequest{JQL: `project = HR`}); !atlassian.IsRefusal(err) {
		t.Errorf("project = HR: %v", err)
	}
}

func TestGuardedCreate(t *testing.T) {
	e := guarded(t)
	ctx := context.Background()
	base := func(project string) map[string]any {
		return map[string]any{"project": map[string]any{"key": project}, "issuetype": map[string]any{"name": "Task"}, "summary": "guarded"}
	}
	if _, err := e.Client.CreateIssue(ctx, base("HR")); !atlassian.IsRefusal(err) {
		t.Errorf("create in HR: %v", err)
	}
	withParent := base("ENG")
	withParent["parent"] = map[string]any{"key": "ENG-36"} // moved to HR
	if _, err := e.Client.CreateIssue(ctx, withParent); !atlassian.IsRefusal(err) {
		t.Errorf("create under a parent that moved to HR: %v", err)
	}
	if created, err := e.Client.CreateIssue(ctx, base("ENG")); err != nil {
		t.Errorf("create in ENG: %v", err)
	} else if last := e.Calls.All()[e.Calls.Count()-1]; last.Action != "jira.issue.create" || last.Target != created.Key {
		t.Errorf("a create is recorded under the new key %s: %+v", created.Key, last)
	}
	page, _ := e.Client.SearchProjects(ctx, "", nil, 0, 50)
	for _, p := range page.Projects {
		if k := p.Get("key").String(); k != "ENG" && k != "OPS" {
			t.Errorf("project list shows %s", k)
		}
	}
}
