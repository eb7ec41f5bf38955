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

// pageIDs returns the ids of seeded pages by title, read without a policy.
func pageIDs(t *testing.T, titles ...string) map[string]string {
	t.Helper()
	e := testenv.New(t, testenv.Options{})
	out := map[string]string{}
	for _, title := range titles {
		p, err := e.Client.SearchCQL(context.Background(), `type = page AND title = "`+title+`"`, "", 1)
		if err != nil || len(p.Results) != 1 {
			t.Fatalf("find %q: %v", title, err)
		}
		out[title] = p.Results[0].Get("content.id").String()
	}
	return out
}

func TestGuardedConfluenceStaysInTheAllowlist(t *testing.T) {
	ids := pageIDs(t, "Architecture Overview", "Runbook: Database Failover", "Salary Bands 2026")
	e := guarded(t) // spaces: ENGDOCS only
	ctx := context.Background()
	sp, err := e.Client.Spaces(ctx, nil, "", 0)
	if err != nil || len(sp.Spaces) != 1 || sp.Spaces[0].Key != "ENGDOCS" {
		t.Errorf("spaces under the policy = %+v, %v", sp, err)
	}
	sent := e.Sandbox.Requests()
	if _, err := e.Client.SpaceByKey(ctx, "HRDOCS"); !atlassian.IsRefusal(err) || !strings.Contains(err.Error(), "allowed: ENGDOCS") {
		t.Errorf("HRDOCS by key: %v", err)
	}
	if e.Sandbox.Requests() != sent {
		t.Error("a space key outside the allowlist was sent to Atlassian")
	}
	if _, err := e.Client.GetPage(ctx, ids["Architecture Overview"], atlassian.FormatADF); err != nil {
		t.Fatalf("allowed page: %v", err)
	}
	_, errOps := e.Client.GetPage(ctx, ids["Runbook: Database Failover"], "")
	_, errMissing := e.Client.GetPage(ctx, "999999", "")
	for name, err := range map[string]error{"OPSDOCS page": errOps, "missing page": errMissing} {
		var oe *atlassian.OutsideError
		if !errors.As(err, &oe) || !strings.Contains(err.Error(), "allowed: ENGDOCS") || strings.Contains(err.Error(), "Operations") {
			t.Errorf("%s: %v", name, err)
		}
	}
	if !atlassian.IsRefusal(errOps) || atlassian.IsRefusal(errMissing) {
		t.Error("a refusal and a not-found must be told apart for the audit log")
	}
	writes := map[string]func() error{
		"update": func() error {
			_, err := e.Client.UpdatePage(ctx, atlassian.PageUpdate{ID: ids["Runbook: Database Failover"], Title: "x", Body: doc("x"), Version: 9})
			return err
		},
		"comment": func() error {
			_, err := e.Client.AddFooterComment(ctx, ids["Salary Bands 2026"], doc("x"))
			return err
		},
		"labels": func() error {
			_, err := e.Client.AddLabels(ctx, ids["Runbook: Database Failover"], []string{"x"})
			return err
		},
		"children": func() error {
			_, err := e.Client.Children(ctx, ids["Salary Bands 2026"], "", 0)
			return err
		},
	}
	for name, write := range writes {
		before := e.Calls.Count()
		if err := write(); !atlassian.IsRefusal(err) {
			t.Errorf("%s outside the allowlist: %v, want a refusal", name, err)
		}
		// Reads that find the page's space may go out; the call itself never.
		for _, c := range e.Calls.All()[before:] {
			if !c.Denied && c.Action != atlassian.OpGetPage.Action && c.Action != atlassian.OpListSpaces.Action {
				t.Errorf("%s outside the allowlist sent %s %s", name, c.Method, c.Path)
			}
		}
	}
	res, err := e.Client.SearchCQL(ctx, `type = page AND text ~ "the"`, "", 50)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range res.Results {
		if k := r.Get("content.space.key").String(); k != "ENGDOCS" {
			t.Errorf("search returned a page in %s", k)
		}
	}
	if _, err := e.Client.SearchCQL(ctx, `space = HRDOCS`, "", 0); !atlassian.IsRefusal(err) {
		t.Errorf("CQL naming HRDOCS: %v, want a refusal", err)
	}
}

// TestConfluenceGuardCostsNoExtraCallsOnReads checks that the allowlist
// check of a page read reuses the cached space lookup.
func TestConfluenceGuardCostsNoExtraCallsOnReads(t *testing.T) {
	ids := pageIDs(t, "Architecture Overview", "API Guidelines")
	e := confined(t, &scope.Policy{Claw: "docs", Spaces: []string{"ENGDOCS"}})
	ctx := context.Background()
	if _, err := e.Client.GetPage(ctx, ids["Architecture Overview"], ""); err != nil {
		t.Fatal(err)
	}
	before := e.Calls.Count()
	if _, err := e.Client.GetPage(ctx, ids["API Guidelines"], atlassian.FormatADF); err != nil {
		t.Fatal(err)
	}
	if _, err := e.Client.UpdatePage(ctx, atlassian.PageUpdate{ID: ids["API Guidelines"], Title: "API Guidelines", Body: doc("x"), Version: 3}); err != nil {
		t.Fatal(err)
	}
	if n := e.Calls.Count() - before; n != 2 {
		t.Errorf("a guarded read and update made %d calls, want 2", n)
	}
}
