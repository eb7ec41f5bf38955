package atlassian_test

import (
	"context"
	"strings"
	"testing"

	"github.com/tidwall/gjson"

	"github.com/clawbridge/atlassian-mcp/atlassian"
	"github.com/clawbridge/atlassian-mcp/auth"
	"github.com/clawbridge/atlassian-mcp/internal/testenv"
	"github.com/clawbridge/atlassian-mcp/sandbox"
	"github.com/clawbridge/atlassian-mcp/scope"
)

func engOnly(t *testing.T) *testenv.Env {
	return confined(t, &scope.Policy{Claw: "eng", Projects: []string{"ENG"}, Spaces: []string{"ENGDOCS"}})
}

// TestAllowedIssuesHideReferencesOutside reads ENG issues that link to
// HR and OPS issues: the links must be gone, with nothing of the other
// issues' keys, summaries or statuses left.
func TestAllowedIssuesHideReferencesOutside(t *testing.T) {
	e := engOnly(t)
	ctx := context.Background()
	for _, key := range []string{"ENG-4", "ENG-7"} { // HR-2 relates to ENG-4; ENG-7 relates to OPS-3
		is, err := e.Client.GetIssue(ctx, key, nil, "")
		if err != nil {
			t.Fatal(err)
		}
		for _, bad := range []string{"HR-2", "Onboarding plan", "OPS-3", "Centralise service logs"} {
			if strings.Contains(is.Raw, bad) {
				t.Errorf("%s shows %q: %s", key, bad, is.Get("fields.issuelinks").Raw)
			}
		}
	}
	is, err := e.Client.GetIssue(ctx, "ENG-2", nil, "")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(is.Get("fields.issuelinks").Raw, "ENG-5") || is.Get("fields.parent.key").String() != "ENG-1" {
		t.Errorf("links and parent inside ENG must stay: %s / %s", is.Get("fields.issuelinks").Raw, is.Get("fields.parent").Raw)
	}
	page, err := e.Client.SearchJQL(ctx, atlassian.SearchRequest{JQL: "key in (ENG-4, ENG-7)", Fields: []string{"issuelinks", "summary"}})
	if err != nil {
		t.Fatal(err)
	}
	for _, is := range page.Issues {
		if strings.Contains(is.Raw, "HR-2") || strings.Contains(is.Raw, "OPS-3") {
			t.Errorf("search result shows a link outside: %s", is.Raw)
		}
	}
}

// TestSprintReferencesOfOtherBoardsAreHidden checks the Sprint field: a
// sprint of a board outside the allowlist is left out of an issue.
func TestSprintReferencesOfOtherBoardsAreHidden(t *testing.T) {
	e := confined(t, &scope.Policy{Claw: "ops", Projects: []string{"OPS", "ENG"}})
	ctx := context.Background()
	// ENG-2 is in ENG Sprint 24 on the ENG board: allowed here.
	is, err := e.Client.GetIssue(ctx, "ENG-2", []string{"customfield_10020"}, "")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(is.Get("fields.customfield_10020").Raw, "ENG Sprint 24") {
		t.Fatalf("an allowed board's sprint was dropped: %s", is.Raw)
	}
	opsOnly := confined(t, &scope.Policy{Claw: "ops", Projects: []string{"OPS"}})
	// Under an OPS-only policy, ENG-2 itself is refused, so probe the
	// redaction through a search over OPS that names the Sprint field: no
	// OPS issue is in an ENG sprint, and none may show one.
	page, err := opsOnly.Client.SearchJQL(ctx, atlassian.SearchRequest{JQL: "sprint is not empty OR sprint is empty", Fields: []string{"customfield_10020"}, MaxResults: 100})
	if err != nil {
		t.Fatal(err)
	}
	for _, is := range page.Issues {
		if strings.Contains(is.Raw, "ENG Sprint") {
			t.Errorf("%s shows an ENG sprint to an OPS-only Claw", is.Get("key"))
		}
	}
}

// TestWritesCheckEveryReferencedIssue sets a parent that moved out of the
// allowlist through each write path.
func TestWritesCheckEveryReferencedIssue(t *testing.T) {
	e := engOnly(t)
	ctx := context.Background()
	err := e.Client.UpdateIssue(ctx, "ENG-33", []string{"summary"}, func(gjson.Result, []atlassian.FieldMeta) (atlassian.Edit, error) {
		return atlassian.Edit{Fields: map[string]any{"parent": map[string]any{"key": "ENG-36"}}}, nil
	})
	if !atlassian.IsRefusal(err) {
		t.Errorf("re-parenting under an issue moved to HR: %v", err)
	}
	err = e.Client.UpdateIssue(ctx, "ENG-33", []string{"summary"}, func(gjson.Result, []atlassian.FieldMeta) (atlassian.Edit, error) {
		return atlassian.Edit{Update: map[string][]map[string]any{"parent": {{"set": map[string]any{"key": "HR-1"}}}}}, nil
	})
	if !atlassian.IsRefusal(err) {
		t.Errorf("re-parenting through an update verb: %v", err)
	}
	err = e.Client.TransitionIssue(ctx, "ENG-33", func(ts []atlassian.Transition) (atlassian.TransitionRequest, error) {
		return atlassian.TransitionRequest{ID: ts[0].ID, Fields: map[string]any{"parent": map[string]any{"id": "10052"}}}, nil
	})
	if !atlassian.IsRefusal(err) {
		t.Errorf("a parent on a transition screen: %v", err)
	}
}

// TestDelegatedUsersHaveTheirOwnCaches checks that one user's cached
// answers never serve another: "me" is whoever carries the token.
func TestDelegatedUsersHaveTheirOwnCaches(t *testing.T) {
	e := testenv.New(t, testenv.Options{})
	ana, err := e.Client.Me(context.Background())
	if err != nil || ana.AccountID != sandbox.UserID {
		t.Fatalf("Me as the connection user = %+v, %v", ana, err)
	}
	g, err := e.Sandbox.OAuth().IssueGrant(sandbox.ClientID, "712020:ben-okafor", sandbox.AllScopes())
	if err != nil {
		t.Fatal(err)
	}
	ben, err := e.Client.Me(auth.WithDelegatedToken(context.Background(), g.AccessToken))
	if err != nil || ben.AccountID != "712020:ben-okafor" {
		t.Errorf("Me with Ben's delegated token = %+v, %v; want Ben, not the cached connection user", ben, err)
	}
}

// TestPageWritesReadThePageAgain checks that a comment is not written on the
// strength of a cached space: the page is read just before.
func TestPageWritesReadThePageAgain(t *testing.T) {
	e := engOnly(t)
	ctx := context.Background()
	if _, err := e.Client.GetPage(ctx, "98306", ""); err != nil {
		t.Fatal(err)
	}
	before := 0
	for _, c := range e.Calls.All() {
		if c.Action == atlassian.OpGetPage.Action {
			before++
		}
	}
	if _, err := e.Client.AddFooterComment(ctx, "98306", []byte(`{"type":"doc","version":1,"content":[{"type":"paragraph","content":[{"type":"text","text":"hi"}]}]}`)); err != nil {
		t.Fatal(err)
	}
	after := 0
	for _, c := range e.Calls.All() {
		if c.Action == atlassian.OpGetPage.Action {
			after++
		}
	}
	if after != before+1 {
		t.Errorf("page reads before the comment: %d then %d, want one fresh read", before, after)
	}
}

func TestRefusalsSpellKeysOneWay(t *testing.T) {
	e := engOnly(t)
	_, moved := e.Client.GetIssue(context.Background(), "eng-36", nil, "")
	_, missing := e.Client.GetIssue(context.Background(), "eng-9999", nil, "")
	if moved == nil || missing == nil || strings.ReplaceAll(moved.Error(), "ENG-36", "X") != strings.ReplaceAll(missing.Error(), "ENG-9999", "X") {
		t.Errorf("lower-case keys answer differently:\n%v\n%v", moved, missing)
	}
}

// TestKeyProbesFindNothingAlike checks that, under the allowlist, a JQL key
// clause for a moved issue and one for a missing issue answer alike.
func TestKeyProbesFindNothingAlike(t *testing.T) {
	e := engOnly(t)
	for _, jql := range []string{"key = ENG-36", "key = ENG-9999", "issuekey in (ENG-36, ENG-9998)"} {
		page, err := e.Client.SearchJQL(context.Background(), atlassian.SearchRequest{JQL: jql, Fields: []string{"summary"}})
		if err != nil || len(page.Issues) != 0 {
			t.Errorf("%s: %v, %d issues; want an empty answer either way", jql, err, len(page.Issues))
		}
	}
	page, err := e.Client.SearchJQL(context.Background(), atlassian.SearchRequest{JQL: "key = ENG-2", Fields: []string{"summary"}})
	if err != nil || len(page.Issues) != 1 {
		t.Errorf("an existing allowed key: %v, %d issues", err, len(page.Issues))
	}
}
