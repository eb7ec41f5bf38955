package jql

import (
	"errors"
	"testing"
)

// FuzzParse checks that no query makes the engine panic, that every refusal
// is an *Error with at least one message, and that accepted queries can be
// matched and sorted.
func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"", "project = ENG", `summary ~ "abc`, "project ENG", "assignee = currentUser() ORDER BY key DESC",
		`status was "In Progress" during ("2026-01-01", -1w) by acc-bob`, "status changed from a to b after -1d",
		`cf[10016] >= 3 AND "Story Points" in (1, 2) OR NOT (labels is EMPTY)`, "created > startOfMonth(-1M)",
		`key in (ENG-1, 10002) && text ~ "\"a b\" c*" || filter = 100`, "sprint in openSprints()",
		"a\\u0041 = \"\\t\\n\"", "((((", "cf[", "ORDER BY", "x\x00y", "!!! = ~", "project = ENG\n\tAND due < now()",
	} {
		f.Add(s)
	}
	env := testEnv()
	data := dataset()
	f.Fuzz(func(t *testing.T, s string) {
		q, err := Parse(s, env)
		if err != nil {
			var je *Error
			if !errors.As(err, &je) || len(je.Messages) == 0 {
				t.Fatalf("Parse(%q) returned %T %v, want an *Error with messages", s, err, err)
			}
			return
		}
		rs := make([]Record, 0, len(data))
		for _, r := range data {
			if q.Match(r) {
				rs = append(rs, r)
			}
		}
		q.Sort(rs)
	})
}
