package qlang

import (
	"errors"
	"fmt"
	"strings"
	"testing"
)

// testError is the error the tests' Fail builds.
type testError struct {
	pos              int
	msg, found, hint string
}

func (e *testError) Error() string { return Message("test", e.pos, e.msg, e.found, e.hint) }

func fail(pos int, msg, found, hint string) error { return &testError{pos, msg, found, hint} }

// words lexes with the shared pieces only: symbols, quoted strings with
// JQL-like escapes, and runs of letters.
func words(c *Cursor) (Token, error) {
	r, _ := c.Peek()
	switch {
	case r < 0:
		return Token{Kind: EOF, Pos: c.Char}, nil
	case r == '&':
		return c.Pair(And), nil
	case r == '"' || r == '\'':
		return c.Quoted(func() (string, error) { return c.Escape(jqlLike) }, func(r rune) error {
			if r < 0x20 {
				return c.Fail(c.Char, "control character", "", "")
			}
			return nil
		})
	}
	if t, ok := c.Symbol(); ok {
		return t, nil
	}
	start, pos := c.Off, c.Char
	for r, size := c.Peek(); r >= 0 && !IsSpace(r) && !strings.ContainsRune(`()[],=!<>~&"'`, r); r, size = c.Peek() {
		c.Advance(size)
	}
	if c.Off == start {
		return Token{}, c.Fail(pos, "unexpected character", fmt.Sprintf("%q", r), "")
	}
	return Token{Kind: String, Text: c.Src[start:c.Off], Raw: c.Src[start:c.Off], Pos: pos}, nil
}

var jqlLike = &Escapes{Chars: map[rune]rune{'n': '\n', '"': '"', '\\': '\\'}, Unicode: true, Hint: "the hint"}

// show renders tokens as kind:text@pos, with + for a token after spaces.
func show(toks []Token) string {
	parts := make([]string, len(toks))
	for i, t := range toks {
		sp := ""
		if t.Spaced {
			sp = "+"
		}
		parts[i] = fmt.Sprintf("%s%d:%s@%d", sp, t.Kind, t.Text, t.Pos)
	}
	return strings.Join(parts, " ")
}

func TestLex(t *testing.T) {
	cases := []struct{ in, want string }{
		{"", "0:@1"},
		{"a=b", fmt.Sprintf("%d:a@1 %d:=@2 %d:b@3 %d:@4", String, Eq, String, EOF)},
		{"( ) , [ ]", fmt.Sprintf("%d:(@1 +%d:)@3 +%d:,@5 +%d:[@7 +%d:]@9 %d:@10", LParen, RParen, Comma, LBracket, RBracket, EOF)},
		{"!= !~ < <= > >= ~", fmt.Sprintf("%d:!=@1 +%d:!~@4 +%d:<@7 +%d:<=@9 +%d:>@12 +%d:>=@14 +%d:~@17 %d:@18", Ne, NotLike, Lt, Le, Gt, Ge, Like, EOF)},
		{"a && b & c", fmt.Sprintf("%d:a@1 +%d:&&@3 +%d:b@6 +%d:&@8 +%d:c@10 %d:@11", String, And, String, And, String, EOF)},
		{"é=\"x\\ny\"", fmt.Sprintf("%d:é@1 %d:=@2 %d:x\ny@3 %d:@9", String, Eq, String, EOF)},
		{`"\u00e9\uD83D\uDE00" `, fmt.Sprintf("%d:é😀@1 +%d:@22", String, EOF)},
		{"\t'a\"b'\r\n", fmt.Sprintf("+%d:a\"b@2 +%d:@9", String, EOF)},
	}
	for _, tc := range cases {
		toks, err := Lex(tc.in, 100, fail, words)
		if err != nil {
			t.Errorf("Lex(%q): %v", tc.in, err)
			continue
		}
		if got := show(toks); got != tc.want {
			t.Errorf("Lex(%q) = %s, want %s", tc.in, got, tc.want)
		}
	}
}

func TestLexErrors(t *testing.T) {
	cases := []struct {
		in, want string
	}{
		{strings.Repeat("a", 101), "test: query is 101 bytes long, over the limit of 100 at character 1; shorten the query"},
		{"ab\xffc", "test: query is not valid UTF-8 at character 3; send the query as UTF-8 text"},
		{`x = "abc`, `test: unterminated string at character 5, got end of query; add the closing "`},
		{`x = 'abc"`, `test: unterminated string at character 5, got end of query; add the closing '`},
		{"x = \"a\x01\"", "test: control character at character 7"},
		{`x = "a\q"`, `test: invalid escape sequence at character 7, got "\\q"; the hint`},
		{`x = "a\`, `test: invalid escape sequence at character 7, got a lone "\" at the end of the query; the hint`},
		{`x = "\u00g0"`, `test: invalid \u escape at character 6; \u must be followed by exactly four hex digits, such as \u00e9`},
		{`x = "\u12"`, `test: invalid \u escape at character 6; \u must be followed by exactly four hex digits, such as \u00e9`},
		{`x = "\uD83D"`, `test: escape \uD83D is half of a UTF-16 surrogate pair at character 6; write the character itself, or both halves such as \uD83D\uDE00`},
		{`x = "\uDE00\uD83D"`, `test: escape \uDE00 is half of a UTF-16 surrogate pair at character 6; write the character itself, or both halves such as \uD83D\uDE00`},
		{`x = "\uD83D\u0041"`, `test: escape \uD83D is half of a UTF-16 surrogate pair at character 6; write the character itself, or both halves such as \uD83D\uDE00`},
	}
	for _, tc := range cases {
		toks, err := Lex(tc.in, 100, fail, words)
		var te *testError
		if !errors.As(err, &te) {
			t.Errorf("Lex(%q) = %s, %v; want a *testError", tc.in, show(toks), err)
			continue
		}
		if err.Error() != tc.want {
			t.Errorf("Lex(%q) error\n got %s\nwant %s", tc.in, err, tc.want)
		}
	}
}

func TestEscapeWithoutUnicode(t *testing.T) {
	cqlLike := &Escapes{Chars: map[rune]rune{'"': '"', '\\': '\\'}, Hint: "only quotes"}
	c := &Cursor{Src: `\u0041`, Char: 1, fail: fail}
	if s, err := c.Escape(cqlLike); err == nil || !strings.Contains(err.Error(), `got "\\u"`) {
		t.Errorf(`Escape(\u0041) without Unicode = %q, %v; want the invalid escape \u`, s, err)
	}
	c = &Cursor{Src: `\\x`, Char: 1, fail: fail}
	if s, err := c.Escape(cqlLike); err != nil || s != `\` || c.Off != 2 || c.Char != 3 {
		t.Errorf(`Escape(\\) = %q, %v at byte %d, character %d; want "\" at 2, 3`, s, err, c.Off, c.Char)
	}
}

func TestSymbolLeavesOthersUnread(t *testing.T) {
	for _, s := range []string{"!", "!x", "a", "&", "|", `"`, "-"} {
		c := &Cursor{Src: s, Char: 1, fail: fail}
		if tok, ok := c.Symbol(); ok || c.Off != 0 || c.Char != 1 {
			t.Errorf("Symbol() on %q = %+v, %v and moved to byte %d; want nothing read", s, tok, ok, c.Off)
		}
	}
}

func TestStream(t *testing.T) {
	toks, err := Lex("a ( b", 100, fail, words)
	if err != nil {
		t.Fatal(err)
	}
	s := NewStream(toks, fail)
	if got := s.PeekAt(7); got.Kind != EOF {
		t.Errorf("PeekAt past the end = %+v, want the EOF token", got)
	}
	var got []string
	for range 6 {
		got = append(got, s.Take().Text)
	}
	if want := "a ( b   "; strings.Join(got, " ") != want {
		t.Errorf("Take six times = %q, want %q (the EOF token stays)", strings.Join(got, " "), want)
	}
	open := toks[1]
	if err := s.Enter(open, 2); err != nil {
		t.Fatalf("Enter at depth 1 of 2: %v", err)
	}
	if err := s.Enter(open, 2); err != nil {
		t.Fatalf("Enter at depth 2 of 2: %v", err)
	}
	err = s.Enter(open, 2)
	if want := "test: query nests parentheses and NOT more than 2 deep at character 3; simplify the query"; err == nil || err.Error() != want {
		t.Errorf("Enter at depth 3 of 2 = %v, want %s", err, want)
	}
	s.Leave()
	s.Leave()
	if err := s.Enter(open, 2); err != nil {
		t.Errorf("Enter after Leave: %v", err)
	}
}

func TestIsKeyword(t *testing.T) {
	cases := []struct {
		t    Token
		want bool
	}{
		{Token{Kind: And, Raw: "and"}, true},
		{Token{Kind: Desc, Raw: "DESC"}, true},
		{Token{Kind: LanguageKinds + 3, Raw: "was"}, true},
		{Token{Kind: And, Raw: "&&"}, false},
		{Token{Kind: Or, Raw: "|"}, false},
		{Token{Kind: Bang, Raw: "!"}, false},
		{Token{Kind: String, Raw: "and"}, false},
		{Token{Kind: EOF}, false},
	}
	for _, tc := range cases {
		if got := tc.t.IsKeyword(); got != tc.want {
			t.Errorf("%+v.IsKeyword() = %v, want %v", tc.t, got, tc.want)
		}
	}
	if got := (Token{Kind: EOF}).Describe(); got != "end of query" {
		t.Errorf("EOF describes itself as %q", got)
	}
	if got := (Token{Kind: String, Raw: `a"b`}).Describe(); got != `"a\"b"` {
		t.Errorf("a string describes itself as %s", got)
	}
}

func TestMessage(t *testing.T) {
	cases := []struct {
		found, hint, want string
	}{
		{"", "", "jql: expected a value at character 9"},
		{`"ENG"`, "", `jql: expected a value at character 9, got "ENG"`},
		{"", "quote it", "jql: expected a value at character 9; quote it"},
		{`"ENG"`, "quote it", `jql: expected a value at character 9, got "ENG"; quote it`},
	}
	for _, tc := range cases {
		if got := Message("jql", 9, "expected a value", tc.found, tc.hint); got != tc.want {
			t.Errorf("Message(found %q, hint %q) = %q, want %q", tc.found, tc.hint, got, tc.want)
		}
	}
}

func TestNumbers(t *testing.T) {
	for s, want := range map[string]bool{"0": true, "-12": true, "": false, "-": false, "1.5": false, "1e3": false, "--1": false, "١": false} {
		if got := IsNumber(s); got != want {
			t.Errorf("IsNumber(%q) = %v, want %v", s, got, want)
		}
	}
	for s, want := range map[string]bool{"9223372036854775807": true, "9223372036854775808": false, "-9223372036854775808": true} {
		if got := FitsInt64(s); got != want {
			t.Errorf("FitsInt64(%q) = %v, want %v", s, got, want)
		}
	}
}

func TestPrinter(t *testing.T) {
	p := Printer{
		Reserved: func(s string) bool { return strings.EqualFold(s, "and") },
		Quote:    func(s string) string { return "<" + s + ">" },
	}
	words := map[string]bool{"ENG": true, "a_b-1": true, "And": false, "": false, "12": false, "a b": false, "é": false, "a.b": false}
	for s, want := range words {
		if got := p.SafeWord(s); got != want {
			t.Errorf("SafeWord(%q) = %v, want %v", s, got, want)
		}
	}
	names := []struct {
		s            string
		dotted, want bool
	}{
		{"space.key", true, true}, {"space.key", false, false}, {"a..b", true, false}, {"a.", true, false},
		{".a", true, false}, {"_x9", false, true}, {"9x", false, false}, {"a.9b", true, false}, {"and", false, false}, {"a-b", false, false},
	}
	for _, tc := range names {
		if got := p.SafeName(tc.s, tc.dotted); got != tc.want {
			t.Errorf("SafeName(%q, %v) = %v, want %v", tc.s, tc.dotted, got, tc.want)
		}
	}
	var b strings.Builder
	p.Value(&b, "ENG", false)
	p.Value(&b, "ENG", true)
	p.Value(&b, "-42", false)
	p.Value(&b, "99999999999999999999", false)
	p.Value(&b, "and", false)
	b.WriteString(" ")
	p.Name(&b, "space.key", true)
	p.Name(&b, "now", false)
	p.Name(&b, "a b", false)
	b.WriteString(" ")
	p.Property(&b, "k", "a.b")
	p.Property(&b, "k k", "")
	p.Property(&b, "12", "a b")
	want := "ENG<ENG>-42<99999999999999999999><and> space.keynow<a b> [k].a.b[<k k>][<12>]<.a b>"
	if got := b.String(); got != want {
		t.Errorf("printed %q, want %q", got, want)
	}
}

func TestVocabulary(t *testing.T) {
	v := &Vocabulary{
		Keywords: map[string]Kind{"and": And, "order": Order},
		Reserved: WordSet(" select\n\tuser  "),
		Fields:   WordSet("fixversion space.key"),
	}
	if got := len(v.Reserved); got != 2 {
		t.Errorf("WordSet kept %d words, want 2", got)
	}
	for s, want := range map[string]bool{"AND": true, "Order": true, "select": true, "USER": true, "users": false, "": false, "fixversion": false} {
		if got := v.IsReserved(s); got != want {
			t.Errorf("IsReserved(%q) = %v, want %v", s, got, want)
		}
	}
	for in, want := range map[string]string{"fixVersion": "fixversion", "Space.Key": "space.key", "Story Points": "Story Points", "space": "space", "SPACE": "SPACE"} {
		if got := v.NormalizeField(in); got != want {
			t.Errorf("NormalizeField(%q) = %q, want %q", in, got, want)
		}
	}
}
