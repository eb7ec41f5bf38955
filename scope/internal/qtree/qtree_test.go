package qtree

import (
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/clawbridge/atlassian-mcp/scope/internal/qlang"
)

// A toy language: clauses are single words, fields are words.

type expr interface{ pos() int }

type bin struct {
	and         bool
	left, right expr
	at          int
}

type neg struct {
	x  expr
	at int
}

type word struct {
	text string
	at   int
}

func (b *bin) pos() int  { return b.at }
func (n *neg) pos() int  { return n.at }
func (w *word) pos() int { return w.at }

type toy struct{}

func (toy) Split(e expr) Node[expr] {
	switch n := e.(type) {
	case nil:
		return Node[expr]{}
	case *bin:
		op := Or
		if n != nil && n.and {
			op = And
		}
		if n == nil {
			return Node[expr]{Op: op, Nil: true}
		}
		return Node[expr]{Op: op, Left: n.left, Right: n.right, Pos: n.at}
	case *neg:
		if n == nil {
			return Node[expr]{Op: Not, Nil: true}
		}
		return Node[expr]{Op: Not, Left: n.x, Pos: n.at}
	}
	return Node[expr]{Op: Leaf, Nil: e.(*word) == nil}
}

func (toy) Join(n Node[expr]) expr {
	if n.Op == Not {
		return &neg{x: n.Left, at: n.Pos}
	}
	return &bin{and: n.Op == And, left: n.Left, right: n.Right, at: n.Pos}
}

func (toy) CloneLeaf(e expr) expr { return Copy(e.(*word)) }

func (toy) WriteLeaf(b *strings.Builder, e expr) { b.WriteString(e.(*word).text) }

type toyError struct {
	pos              int
	msg, found, hint string
}

func (e *toyError) Error() string { return qlang.Message("toy", e.pos, e.msg, e.found, e.hint) }

func fail(pos int, msg, found, hint string) error { return &toyError{pos, msg, found, hint} }

var kinds = map[string]qlang.Kind{
	"AND": qlang.And, "OR": qlang.Or, "NOT": qlang.Not, "!": qlang.Bang, "(": qlang.LParen, ")": qlang.RParen,
	",": qlang.Comma, "[": qlang.LBracket, "]": qlang.RBracket, "ORDER": qlang.Order, "BY": qlang.By,
	"ASC": qlang.Asc, "DESC": qlang.Desc,
}

// tokens splits s at spaces; the position of a token is its index plus one.
func tokens(s string) []qlang.Token {
	var toks []qlang.Token
	for i, f := range strings.Fields(s) {
		k, ok := kinds[f]
		if !ok {
			k = qlang.String
		}
		toks = append(toks, qlang.Token{Kind: k, Text: f, Raw: f, Pos: i + 1, Spaced: true})
	}
	return append(toks, qlang.Token{Kind: qlang.EOF, Pos: len(toks) + 1})
}

type grammar struct {
	s     *qlang.Stream
	terms []Term[string]
}

func (g *grammar) Clause() (expr, error) {
	t := g.s.Take()
	if t.Kind != qlang.String {
		return nil, ErrorAt(g.s, t, "expected a word", toySyntax.KeywordHint(t))
	}
	return &word{text: t.Text, at: t.Pos}, nil
}

func (g *grammar) Field(expected string) (string, error) {
	t := g.s.Take()
	if t.Kind != qlang.String {
		return "", ErrorAt(g.s, t, expected, "")
	}
	return t.Text, nil
}

func (g *grammar) FieldName(f string) string { return f }

func (g *grammar) Sort(t Term[string]) { g.terms = append(g.terms, t) }

var toySyntax = &Syntax{MaxDepth: 3, Bang: true, Lang: "TOY"}

// parse parses s in the toy language and prints it back.
func parse(s string, x *Syntax) (string, expr, error) {
	st := qlang.NewStream(tokens(s), fail)
	g := &grammar{s: &st}
	e, err := Parse[expr, string, toy](&st, x, g)
	if err != nil {
		return "", nil, err
	}
	var b strings.Builder
	WriteQuery[expr, toy](&b, e, len(g.terms), func(b *strings.Builder, i int) string {
		b.WriteString(g.terms[i].Field)
		return g.terms[i].Dir
	})
	return b.String(), e, nil
}

func TestParseAndWrite(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"", ""},
		{"a", "a"},
		{"a OR b AND c", "a OR b AND c"},
		{"( a OR b ) AND c", "(a OR b) AND c"},
		{"a AND ( b AND c )", "a AND (b AND c)"},
		{"a OR ( b OR c )", "a OR (b OR c)"},
		{"( a AND b ) OR c", "a AND b OR c"},
		{"NOT ( a AND b )", "NOT (a AND b)"},
		{"! NOT a", "NOT NOT a"},
		{"( ( ( a ) ) )", "a"},
		{"a ORDER BY x DESC , y , z ASC", "a ORDER BY x DESC, y, z ASC"},
		{"ORDER BY x", "ORDER BY x"},
	} {
		got, _, err := parse(tc.in, toySyntax)
		if err != nil || got != tc.want {
			t.Errorf("parse(%q) = %q, %v; want %q", tc.in, got, err, tc.want)
		}
	}
}

func TestParseErrors(t *testing.T) {
	for _, tc := range []struct {
		in   string
		x    *Syntax
		want string
	}{
		{"( a", toySyntax, `toy: expected AND, OR or ")" to close the "(" at character 1 at character 3, got end of query; balance the parentheses`},
		{"a )", toySyntax, `toy: unexpected ")" at character 2, got ")"; it has no matching "("; remove it`},
		{"a b", toySyntax, `toy: expected AND, OR, ORDER BY or the end of the query after a complete clause at character 2, got "b"`},
		{"a ORDER x", toySyntax, `toy: expected BY after ORDER at character 3, got "x"`},
		{"ORDER BY x y", toySyntax, `toy: expected ASC, DESC, "," or the end of the query after sort field "x" at character 4, got "y"`},
		{"ORDER BY", toySyntax, `toy: expected a field to sort by at character 3, got end of query`},
		{"a AND", toySyntax, `toy: expected a word at character 3, got end of query`},
		{"a AND OR", toySyntax, `toy: expected a word at character 3, got "OR"; "OR" is a TOY keyword; put it in double quotes`},
		{"( ( ( ( a ) ) ) )", toySyntax, `toy: query nests parentheses and NOT more than 3 deep at character 4`},
		{"NOT NOT ( NOT a )", toySyntax, `toy: query nests parentheses and NOT more than 3 deep at character 4`},
		{"! a", &Syntax{MaxDepth: 3, Lang: "TOY"}, `toy: expected a word at character 1, got "!"`},
	} {
		_, _, err := parse(tc.in, tc.x)
		var te *toyError
		if !errors.As(err, &te) || !strings.HasPrefix(err.Error(), tc.want) {
			t.Errorf("parse(%q) error = %v\nwant prefix %s", tc.in, err, tc.want)
		}
	}
	// Depth is counted back down: siblings at the limit are fine.
	if _, _, err := parse("( ( ( a ) ) ) AND ( ( ( b ) ) )", toySyntax); err != nil {
		t.Errorf("siblings at the depth limit: %v", err)
	}
}

func TestWalkCloneDepth(t *testing.T) {
	_, e, err := parse("a OR NOT ( b OR c ) AND d", toySyntax)
	if err != nil {
		t.Fatal(err)
	}
	var seen []string
	Walk[expr, toy](e, func(x expr) bool {
		seen = append(seen, fmt.Sprintf("%T@%d", x, x.pos()))
		_, isNeg := x.(*neg)
		return !isNeg
	})
	if want := []string{"*qtree.bin@2", "*qtree.word@1", "*qtree.bin@9", "*qtree.neg@3", "*qtree.word@10"}; !reflect.DeepEqual(seen, want) {
		t.Errorf("Walk visited %v, want %v", seen, want)
	}
	c := Clone[expr, toy](e)
	if !reflect.DeepEqual(c, e) {
		t.Fatalf("Clone differs from its original")
	}
	c.(*bin).left.(*word).text = "changed"
	if e.(*bin).left.(*word).text != "a" {
		t.Errorf("Clone shares leaves with its original")
	}
	if got := Depth[expr, toy](e); got != 2 {
		t.Errorf("Depth = %d, want 2 (NOT and its parentheses)", got)
	}
	if got := Depth[expr, toy](&bin{and: true, left: &word{text: "x"}, right: e}); got != 3 {
		t.Errorf("Depth under AND = %d, want 3", got)
	}
}

func TestNilNodes(t *testing.T) {
	var b strings.Builder
	Write[expr, toy](&b, &bin{and: true, left: (*bin)(nil), right: (*neg)(nil)}, PrecOr)
	// A nil *bin binds as OR, so it is parenthesised under AND.
	if got, want := b.String(), "() AND "; got != want {
		t.Errorf("nil operands written as %q, want %q", got, want)
	}
	b.Reset()
	Write[expr, toy](&b, &bin{and: true, left: &word{text: "x"}, right: (*word)(nil)}, PrecOr)
	if got, want := b.String(), "x AND "; got != want {
		t.Errorf("nil leaf written as %q, want %q", got, want)
	}
	n := 0
	Walk[expr, toy](nil, func(expr) bool { n++; return true })
	Walk[expr, toy]((*bin)(nil), func(expr) bool { n++; return true })
	if n != 1 {
		t.Errorf("Walk visited %d nodes of a nil and a nil *bin, want 1", n)
	}
	if c := Clone[expr, toy]((*neg)(nil)); c != expr((*neg)(nil)) {
		t.Errorf("Clone of a nil node = %#v", c)
	}
	if got := Confine[expr, toy](&word{text: "k"}, nil); !reflect.DeepEqual(got, expr(&word{text: "k"})) {
		t.Errorf("Confine without a condition = %#v, want the constraint", got)
	}
	if Copy[int](nil) != nil {
		t.Errorf("Copy(nil) is not nil")
	}
}

func TestListArgsProperty(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"( a , b )", "a,b"},
		{"( )", `toy: a list needs at least one value at character 2, got ")"; EMPTY`},
		{"( a , )", `toy: expected a value after "," at character 4, got ")"; remove the trailing comma`},
		{"( ( a ) )", `toy: lists cannot be nested at character 2`},
		{"( a b )", `toy: expected "," or ")" in the list opened at character 1 at character 3, got "b"`},
		{"( AND )", `toy: expected a value in the list opened at character 1 at character 2, got "AND"; "AND" is a TOY keyword`},
	} {
		st := qlang.NewStream(tokens(tc.in), fail)
		var items []string
		err := List(&st, toySyntax, "EMPTY", func(t qlang.Token) (bool, error) {
			if t.Kind != qlang.String {
				return false, nil
			}
			st.Take()
			items = append(items, t.Text)
			return true, nil
		})
		got := strings.Join(items, ",")
		if err != nil {
			got = err.Error()
		}
		if !strings.HasPrefix(got, tc.want) {
			t.Errorf("List(%q) = %s\nwant prefix %s", tc.in, got, tc.want)
		}
	}
	for _, tc := range []struct{ in, want string }{
		{"( )", ""},
		{"( a , b )", "a,b"},
		{"( a , )", `toy: expected an argument of f(…) at character 4, got ")"; remove the trailing comma`},
		{"( a b )", `toy: expected "," or ")" after an argument of f(…) at character 3, got "b"`},
		{"( [ )", `toy: expected an argument of f(…) at character 2, got "["; function arguments are plain values`},
	} {
		st := qlang.NewStream(tokens(tc.in), fail)
		var args []string
		err := Args(&st, toySyntax, "f", func(t qlang.Token) { args = append(args, t.Text) })
		got := strings.Join(args, ",")
		if err != nil {
			got = err.Error()
		}
		if !strings.HasPrefix(got, tc.want) || (tc.want == "" && got != "") {
			t.Errorf("Args(%q) = %s\nwant prefix %q", tc.in, got, tc.want)
		}
	}
	st := qlang.NewStream([]qlang.Token{
		{Kind: qlang.LBracket, Pos: 1}, {Kind: qlang.String, Text: "k", Raw: "k", Pos: 2}, {Kind: qlang.RBracket, Pos: 3},
		{Kind: qlang.String, Text: ".a.b", Raw: ".a.b", Pos: 4}, {Kind: qlang.EOF, Pos: 8},
	}, fail)
	if key, path, ok, err := Property(&st, "hint"); key != "k" || path != "a.b" || !ok || err != nil {
		t.Errorf("Property = %q, %q, %v, %v; want k, a.b", key, path, ok, err)
	}
	st = qlang.NewStream(tokens("[ ] x"), fail)
	if _, _, _, err := Property(&st, "write [key]"); err == nil || !strings.HasSuffix(err.Error(), "; write [key]") {
		t.Errorf("Property without a key: %v", err)
	}
	st = qlang.NewStream(tokens("x"), fail)
	if _, _, ok, err := Property(&st, ""); ok || err != nil || st.Peek().Text != "x" {
		t.Errorf("Property without [ read something: %v, %v", ok, err)
	}
}

func TestOperator(t *testing.T) {
	toks := []qlang.Token{
		{Kind: qlang.Eq}, {Kind: qlang.Ne}, {Kind: qlang.Gt}, {Kind: qlang.Ge}, {Kind: qlang.Lt}, {Kind: qlang.Le},
		{Kind: qlang.Like}, {Kind: qlang.NotLike}, {Kind: qlang.In}, {Kind: qlang.Not}, {Kind: qlang.In},
		{Kind: qlang.Not, Pos: 12}, {Kind: qlang.String, Raw: "x", Pos: 13}, {Kind: qlang.String, Raw: "IS", Pos: 14}, {Kind: qlang.EOF, Pos: 15},
	}
	st := qlang.NewStream(toks, fail)
	var got []string
	for range 10 {
		op, ok, err := Operator(&st, st.Take())
		if !ok || err != nil {
			t.Fatalf("Operator after %v: %q, %v, %v", got, op, ok, err)
		}
		got = append(got, op)
	}
	if want := []string{"=", "!=", ">", ">=", "<", "<=", "~", "!~", "IN", "NOT IN"}; !reflect.DeepEqual(got, want) {
		t.Errorf("Operator read %q, want %q", got, want)
	}
	if _, ok, err := Operator(&st, st.Take()); !ok || err == nil || !strings.Contains(err.Error(), `expected IN after NOT at character 13, got "x"`) {
		t.Errorf("NOT without IN: %v, %v", ok, err)
	}
	is := st.Take()
	if op, ok, err := Operator(&st, is); ok || op != "" || err != nil || st.Peek().Kind != qlang.EOF {
		t.Errorf("Operator(IS) = %q, %v, %v; want nothing read", op, ok, err)
	}
	if err := NoOperator(&st, is, "a b", "the operators are ="); err.Error() !=
		`toy: expected an operator after field "a b" at character 14, got "IS"; the operators are =; put a field name that contains spaces in double quotes` {
		t.Errorf("NoOperator = %v", err)
	}
	if err := NoOperator(&st, st.Peek(), "a", "ops"); err.Error() != `toy: expected an operator after field "a" at character 15, got end of query; ops` {
		t.Errorf("NoOperator at the end = %v", err)
	}
}
