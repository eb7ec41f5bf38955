package confluence

import (
	"context"
	"slices"
	"testing"

	"github.com/clawbridge/atlassian-mcp/atlassian"
	"github.com/clawbridge/atlassian-mcp/internal/testenv"
	"github.com/clawbridge/atlassian-mcp/scope"
)

// TestScanSpacesNeverAnswersEmptyWithMore pages through the spaces one at
// a time under policies that filter some pages empty: no answer is empty
// and points at more, and the pages together hold exactly the allowed
// spaces. The seeded spaces, by key, are ENGDOCS, HRDOCS, LABDOCS and
// OPSDOCS.
func TestScanSpacesNeverAnswersEmptyWithMore(t *testing.T) {
	for _, tc := range []struct {
		name    string
		allowed []string
		query   string
		want    []string
	}{
		{"first and last", []string{"ENGDOCS", "OPSDOCS"}, "", []string{"ENGDOCS", "OPSDOCS"}},
		{"first only", []string{"ENGDOCS"}, "", []string{"ENGDOCS"}},
		{"last only", []string{"OPSDOCS"}, "", []string{"OPSDOCS"}},
		{"query", []string{scope.All}, "runbooks", []string{"OPSDOCS"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			pol := &scope.Policy{Claw: "t", Spaces: tc.allowed}
			e := testenv.New(t, testenv.Options{ClientConfig: func(c *atlassian.Config) { c.Policy = pol }})
			ctx := context.Background()
			var got []string
			cursor, calls := "", 0
			for {
				calls++
				if calls > 10 {
					t.Fatal("the listing does not end")
				}
				ss, next, err := scanSpaces(ctx, e.Client, tc.query, cursor, 1, 1, 10)
				if err != nil {
					t.Fatal(err)
				}
				if len(ss) == 0 && next != "" {
					t.Fatalf("call %d answered no space but a next page", calls)
				}
				for _, s := range ss {
					got = append(got, s.Key)
				}
				if next == "" {
					break
				}
				cursor = next
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("listed %v, want %v", got, tc.want)
			}
		})
	}
}

// TestScanSpacesIsBounded checks that one call reads at most maxPages
// pages: with only OPSDOCS (the last space) allowed and a bound of 2, the
// answer is empty and points at more.
func TestScanSpacesIsBounded(t *testing.T) {
	pol := &scope.Policy{Claw: "t", Spaces: []string{"OPSDOCS"}}
	e := testenv.New(t, testenv.Options{ClientConfig: func(c *atlassian.Config) { c.Policy = pol }})
	before := e.Calls.Count()
	ss, next, err := scanSpaces(context.Background(), e.Client, "", "", 1, 1, 2)
	if err != nil {
		t.Fatal(err)
	}
	if len(ss) != 0 || next == "" {
		t.Errorf("got %v, next %q; want none and a next page", ss, next)
	}
	if n := e.Calls.Count() - before; n != 2 {
		t.Errorf("made %d calls, want 2", n)
	}
}
