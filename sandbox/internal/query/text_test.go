package query

import "testing"

func TestText(t *testing.T) {
	cases := []struct {
		query, doc string
		want       bool
	}{
		{"login", "Login page crashes", true},
		{"log", "Login page crashes", false},
		{"log*", "Login page crashes", true},
		{"page login", "Login page crashes", true},
		{"page logout", "Login page crashes", false},
		{`"page crashes"`, "Login page crashes", true},
		{`"crashes page"`, "Login page crashes", false},
		{`"page cra*"`, "Login page crashes", true},
		{"the of and", "the state of the art", false},
		{"état", "L'ÉTAT du système", true},
		{"stack-trace", "a stack trace here", true},
		{"stack-trace", "trace the stack", false},
		{`"unterminated phrase`, "an unterminated phrase", true},
		{"17", "Safari 17 beta", true},
	}
	for _, tc := range cases {
		if got := ParseText(tc.query).Match([]any{tc.doc}); got != tc.want {
			t.Errorf("%q ~ %q = %v, want %v", tc.doc, tc.query, got, tc.want)
		}
	}
}
