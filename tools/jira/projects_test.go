package jira

import (
	"context"
	"slices"
	"testing"

	"github.com/clawbridge/atlassian-mcp/atlassian"
	"github.com/clawbridge/atlassian-mcp/internal/testenv"
	"github.com/clawbridge/atlassian-mcp/scope"
)

// TestScanProjectsNeverAnswersEmptyWithMore pages through the projects
// one at a time under policies that filter some pages empty: every answer
// holds a project or ends the list, and the pages together hold exactly
// the allowed projects. The seeded site's projects, by key, are ENG, ENGR,
// FIN, HR and OPS.
func TestScanProjectsNeverAnswersEmptyWithMore(t *testing.T) {
	for _, tc := range []struct {
		name    string
		allowed []string
		calls   int // answers until the end of the list
	}{
		{"first and last", []string{"ENG", "OPS"}, 2},
		{"first only", []string{"ENG"}, 2},
		{"last only", []string{"OPS"}, 1},
		{"none visible", []string{"NOPE"}, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			pol := &scope.Policy{Claw: "t", Projects: tc.allowed}
			e := testenv.New(t, testenv.Options{ClientConfig: func(c *atlassian.Config) { c.Policy = pol }})
			ctx := context.Background()
			var got []string
			start, calls := 0, 0
			for start >= 0 {
				calls++
				if calls > 10 {
					t.Fatal("the listing does not end")
				}
				ps, next, err := scanProjects(ctx, e.Client, "", start, 1, 10)
				if err != nil {
					t.Fatal(err)
				}
				if len(ps) == 0 && next >= 0 {
					t.Fatalf("call %d (start %d) answered no project but a next page at %d", calls, start, next)
				}
				for _, p := range ps {
					got = append(got, p.Get("key").String())
				}
				start = next
			}
			want := slices.DeleteFunc(slices.Clone(tc.allowed), func(k string) bool { return k == "NOPE" })
			if !slices.Equal(got, want) {
				t.Errorf("listed %v, want %v", got, want)
			}
			if calls != tc.calls {
				t.Errorf("took %d calls, want %d", calls, tc.calls)
			}
		})
	}
}

// TestScanProjectsIsBounded checks that one call reads at most maxPages
// pages: with only OPS (the fifth project) allowed and a bound of 2, the
// first answer is empty and points at the third project.
func TestScanProjectsIsBounded(t *testing.T) {
	pol := &scope.Policy{Claw: "t", Projects: []string{"OPS"}}
	e := testenv.New(t, testenv.Options{ClientConfig: func(c *atlassian.Config) { c.Policy = pol }})
	before := e.Calls.Count()
	ps, next, err := scanProjects(context.Background(), e.Client, "", 0, 1, 2)
	if err != nil {
		t.Fatal(err)
	}
	if len(ps) != 0 || next != 2 {
		t.Errorf("got %d projects, next %d; want none and next 2", len(ps), next)
	}
	if n := e.Calls.Count() - before; n != 2 {
		t.Errorf("made %d calls, want 2", n)
	}
}
