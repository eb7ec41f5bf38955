package jira

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/clawbridge/atlassian-mcp/atlassian"
	"github.com/clawbridge/atlassian-mcp/internal/testenv"
	"github.com/clawbridge/atlassian-mcp/scope"
)

// TestScreenValuesFindPeopleInTheIssuesRealProject fills a transition
// screen's user field for an issue named by its numeric id, with and
// without a Claw policy: the person is searched for in the project the
// issue is really in (ENG), never in one guessed from the reference.
func TestScreenValuesFindPeopleInTheIssuesRealProject(t *testing.T) {
	tr := atlassian.Transition{ID: "99", Name: "Hand over", To: "In Progress",
		Fields: []atlassian.FieldMeta{{ID: "assignee", Name: "Assignee", Type: "user", System: "assignee"}}}
	for _, tc := range []struct {
		name   string
		policy *scope.Policy
	}{
		{"no policy", nil},
		{"policy", &scope.Policy{Claw: "t", Projects: []string{"ENG", "OPS"}, Spaces: []string{"ENGDOCS"}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			o := testenv.Options{}
			if tc.policy != nil {
				o.ClientConfig = func(c *atlassian.Config) { c.Policy = tc.policy }
			}
			e := testenv.New(t, o)
			ctx := context.Background()
			is, err := e.Client.GetIssue(ctx, "ENG-4", []string{"summary"}, "")
			if err != nil {
				t.Fatal(err)
			}
			id := is.Get("id").String()
			if id == "" || !allDigits(id) {
				t.Fatalf("ENG-4 has no numeric id: %s", is.Raw)
			}
			chen, err := resolveUser(ctx, e.Client, "ENG", "Chen Wei")
			if err != nil {
				t.Fatal(err)
			}
			for _, ref := range []string{id, "ENG-4", "eng-4"} {
				got, err := screenValues(ctx, e.Client, ref, tr, map[string]any{"Assignee": "Chen Wei"})
				if err != nil {
					t.Fatalf("screenValues(%s, Assignee: Chen Wei): %v", ref, err)
				}
				b, _ := json.Marshal(got)
				if want := `{"assignee":{"accountId":"` + chen.AccountID + `"}}`; string(b) != want {
					t.Errorf("screenValues(%s) = %s, want %s", ref, b, want)
				}
			}

			// "me" and account ids need no project: no issue read.
			before := issueReads(e)
			if _, err := screenValues(ctx, e.Client, id, tr, map[string]any{"Assignee": "me"}); err != nil {
				t.Fatalf("screenValues(Assignee: me): %v", err)
			}
			if n := issueReads(e) - before; n != 0 {
				t.Errorf("resolving \"me\" read the issue %d times; it needs no project", n)
			}
		})
	}
}

func issueReads(e *testenv.Env) int {
	n := 0
	for _, c := range e.Calls.All() {
		if c.Action == atlassian.OpGetIssue.Action {
			n++
		}
	}
	return n
}
