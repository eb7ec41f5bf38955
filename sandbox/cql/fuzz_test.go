package cql

import (
	"errors"
	"strings"
	"testing"
)

// FuzzParse checks that no query makes the engine panic, that every refusal
// is an *Error carrying Confluence's message and a detail, and that accepted
// queries can be matched and sorted.
func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"", "space = ENG", `title ~ "abc`, "space ENG", "type = page AND label in (a, b) ORDER BY title DESC",
		`lastmodified > now("-4w") OR created >= startOfMonth("-1")`, `text ~ "\"a b\" c*"`, "creator = currentUser()",
		"NOT (ancestor = 1 OR parent = 2)", "((((", "space = 'a\\'b'", "x\x00y", "!= ~", "created < \"2026/1/2 3:04\"",
	} {
		f.Add(s)
	}
	env := testEnv()
	data := dataset()
	f.Fuzz(func(t *testing.T, s string) {
		q, err := Parse(s, env)
		if err != nil {
			var ce *Error
			if !errors.As(err, &ce) || ce.Message != "Could not parse cql : "+s || strings.TrimSpace(ce.Detail) == "" {
				t.Fatalf("Parse(%q) returned %T %#v, want an *Error with Confluence's message and a detail", s, err, err)
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
