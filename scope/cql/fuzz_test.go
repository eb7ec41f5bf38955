package cql

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
	"space", "type", "title", "space.key", `"Custom Field"`, "content.property[k].p", "lastModified", "123",
	"=", "!=", ">", ">=", "<", "<=", "~", "!~", "IN", "NOT", "AND", "OR", "(", ")", ",", "[", "]",
	"ORDER", "BY", "ASC", "DESC", "&&", "!", "\\",
	"ENG", "page", "-4w", "42", "-7", "0.5", "café", `"a b"`, `'x"y'`, `"\")"`, `"\\"`, "2014/09/01",
	"currentUser()", "now(", `"-4w"`, "select", `"select"`, "--", "\u00a0", "\u200b", "\u202e",
}

// FuzzTokens fuzzes with queries assembled from CQL tokens, which reach
// far more valid and nearly valid queries than random bytes do; the
// invariants are those of FuzzParse.
func FuzzTokens(f *testing.F) {
	f.Add([]byte{0, 8, 32, 20, 1, 8, 33})
	f.Add([]byte{21, 0, 8, 32, 19, 2, 15, 41, 22, 27, 28, 2})
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
