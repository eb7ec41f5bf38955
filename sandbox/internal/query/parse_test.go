package query

import (
	"fmt"
	"strings"
	"testing"
)

// tokens returns a token source over the fields of s that yields "" at the
// end, and counts how many tokens were read.
func tokens(s string, read *int) func() string {
	ws := strings.Fields(s)
	return func() string {
		if len(ws) == 0 {
			return ""
		}
		*read++
		w := ws[0]
		ws = ws[1:]
		return w
	}
}

func TestLookahead(t *testing.T) {
	read := 0
	l := NewLookahead(tokens("a b c", &read))
	if got := l.PeekN(1); got != "b" || read != 2 {
		t.Fatalf("PeekN(1) = %q after reading %d tokens, want \"b\" after 2", got, read)
	}
	if got := l.Peek(); got != "a" {
		t.Errorf("Peek() = %q, want \"a\"", got)
	}
	var taken []string
	for l.Peek() != "" {
		taken = append(taken, l.Take())
	}
	if got := strings.Join(taken, " "); got != "a b c" || read != 3 {
		t.Errorf("took %q after reading %d tokens, want \"a b c\" after 3", got, read)
	}
	if got := l.Take(); got != "" {
		t.Errorf("Take() at the end = %q, want the end token", got)
	}
}

// tiny parses words joined by "|" (OR) and "&" (AND) into a string
// showing the tree.
func tiny(s string) string {
	read := 0
	l := NewLookahead(tokens(s, &read))
	term := func() Expr { return l.Take() }
	and := func() Expr { return ParseAnd(&l, term, func(t string) bool { return t == "&" }) }
	return show(ParseOr(&l, and, func(t string) bool { return t == "|" }))
}

func show(e Expr) string {
	join := func(kids []Expr, op string) string {
		parts := make([]string, len(kids))
		for i, k := range kids {
			parts[i] = show(k)
		}
		return "(" + strings.Join(parts, op) + ")"
	}
	switch e := e.(type) {
	case OrExpr:
		return join(e, " | ")
	case AndExpr:
		return join(e, " & ")
	}
	return fmt.Sprint(e)
}

func TestParseOrAnd(t *testing.T) {
	cases := []struct{ in, want string }{
		{"a", "a"},
		{"a | b", "(a | b)"},
		{"a & b", "(a & b)"},
		{"a | b & c | d", "(a | (b & c) | d)"},
		{"a & b & c", "(a & b & c)"},
		{"a b", "a"}, // the caller deals with what follows
	}
	for _, tc := range cases {
		if got := tiny(tc.in); got != tc.want {
			t.Errorf("%q parsed as %s, want %s", tc.in, got, tc.want)
		}
	}
}

func TestCatch(t *testing.T) {
	msg, failed := Catch(func() { Fail("expected a field") })
	if !failed || msg != "expected a field" {
		t.Errorf("Catch(Fail) = %q, %v; want the message and true", msg, failed)
	}
	ran := false
	msg, failed = Catch(func() { ran = true })
	if failed || msg != "" || !ran {
		t.Errorf("Catch(a clean parse) = %q, %v (ran %v); want \"\", false after running it", msg, failed, ran)
	}
	defer func() {
		if r := recover(); r != "boom" {
			t.Errorf("a foreign panic came out of Catch as %v, want it unchanged", r)
		}
	}()
	Catch(func() { panic("boom") })
	t.Error("Catch swallowed a panic that did not come from Fail")
}

func TestOperator(t *testing.T) {
	cases := []struct {
		r, n rune
		want string
	}{
		{'=', 'x', "="}, {'=', '=', "="}, {'~', -1, "~"},
		{'!', '=', "!="}, {'!', '~', "!~"}, {'!', 'x', ""}, {'!', -1, ""},
		{'<', '=', "<="}, {'>', '=', ">="}, {'<', ' ', "<"}, {'>', -1, ">"}, {'<', '~', "<"},
		{'a', '=', ""}, {'(', -1, ""}, {'&', '&', ""},
	}
	for _, tc := range cases {
		if got := Operator(tc.r, tc.n); got != tc.want {
			t.Errorf("Operator(%q, %q) = %q, want %q", tc.r, tc.n, got, tc.want)
		}
	}
}
