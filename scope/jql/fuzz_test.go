package jql

import (
	"errors"
	"testing"
)

// FuzzParse checks, for any input, that Parse does not panic, that it fails
// only with a *SyntaxError, that an accepted query's canonical form is a
// fixed point, and that Constrain's output keeps the constraint at its root
// and parses back to the same tree.
func FuzzParse(f *testing.F) {
	for _, tc := range validCases {
		f.Add(tc.in)
	}
	for _, tc := range invalidCases {
		f.Add(tc.in)
	}
	for _, tc := range hostileCases {
		f.Add(tc.in)
	}
	f.Fuzz(func(t *testing.T, s string) {
		q, err := Parse(s)
		if err != nil {
			var se *SyntaxError
			if !errors.As(err, &se) {
				t.Fatalf("Parse(%q) returned %T, want *SyntaxError", s, err)
			}
			if se.Pos < 1 {
				t.Fatalf("Parse(%q) reported position %d", s, se.Pos)
			}
			return
		}
		checkFixedPoint(t, s, q)
		checkConstrained(t, s, q)
	})
}

// tokenVocabulary is what FuzzTokens builds queries from: every keyword,
// operator and punctuation mark, and values that probe quoting.
var tokenVocabulary = []string{
	"project", "status", `"Story Points"`, "cf[10016]", "issue.property[k].p", "fixVersion", "10000",
	"=", "!=", ">", ">=", "<", "<=", "~", "!~", "IN", "NOT", "IS", "WAS", "CHANGED", "EMPTY", "NULL",
	"AND", "OR", "&&", "||", "&", "|", "!", "(", ")", ",", "[", "]", "ORDER", "BY", "ASC", "DESC",
	"AFTER", "BEFORE", "ON", "DURING", "FROM", "TO", "cf",
	"ENG", "-1d", "42", "-7", "1.0", "jörg", `"a b"`, `'x"y'`, `"\")"`, `"\u202E"`, `a\ b`, `"\\"`,
	"currentUser()", "membersOf(", "startOfDay(-1)", "select", `"select"`, "--", "\u00a0", "\u200b",
}

// FuzzTokens fuzzes with queries assembled from JQL tokens, which reach
// far more valid and nearly valid queries than random bytes do; the
// invariants are those of FuzzParse.
func FuzzTokens(f *testing.F) {
	f.Add([]byte{0, 7, 46, 76, 0, 8, 47})
	f.Add([]byte{30, 0, 7, 46, 28, 1, 7, 47, 31, 36, 37, 0})
	f.Fuzz(func(t *testing.T, picks []byte) {
		var b []byte
		for i, p := range picks {
			if i > 0 && p&0x80 == 0 {
				b = append(b, ' ')
			}
			b = append(b, tokenVocabulary[int(p&0x7f)%len(tokenVocabulary)]...)
		}
		s := string(b)
		q, err := Parse(s)
		if err != nil {
			var se *SyntaxError
			if !errors.As(err, &se) || se.Pos < 1 {
				t.Fatalf("Parse(%q) returned %v", s, err)
			}
			return
		}
		checkFixedPoint(t, s, q)
		checkConstrained(t, s, q)
	})
}
