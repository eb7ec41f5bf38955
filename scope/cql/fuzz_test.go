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
