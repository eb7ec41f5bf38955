package qlang

import (
	"strconv"
	"testing"
)

func TestVocabularyWord(t *testing.T) {
	v := &Vocabulary{Keywords: map[string]Kind{"and": And}, Reserved: WordSet("select")}
	for _, tc := range []struct {
		raw, text string
		escaped   bool
		kind      Kind
		err       string
	}{
		{raw: "AnD", text: "AnD", kind: And},
		{raw: "a\\nd", text: "and", escaped: true, err: `test: "and" is a reserved word in TL at character 3; put it in double quotes ("and") to use it as a value`},
		{raw: "-42", text: "-42", kind: Number},
		{raw: "4\\2", text: "42", escaped: true, kind: String},
		{raw: "x1", text: "x1", kind: String},
		{raw: "99999999999999999999", err: `test: number 99999999999999999999 is too large at character 3; put it in quotes ("99999999999999999999") to search for it as text`},
		{raw: "SELECT", text: "SELECT", err: `test: "SELECT" is a reserved word in TL at character 3; put it in double quotes ("SELECT") to use it as a value`},
		{raw: "sel\\ect", text: "select", escaped: true, err: `test: "select" is a reserved word in TL at character 3; put it in double quotes ("select") to use it as a value`},
	} {
		got := Token{Kind: String, Text: tc.text, Raw: tc.raw, Escaped: tc.escaped, Pos: 3}
		err := v.Word(&got, "TL", strconv.Quote, fail)
		if tc.err != "" {
			if err == nil || err.Error() != tc.err {
				t.Errorf("Word(%q) error = %v\nwant %s", tc.raw, err, tc.err)
			}
			continue
		}
		if err != nil || got.Kind != tc.kind || got.Text != tc.text || got.Pos != 3 {
			t.Errorf("Word(%q) = %+v, %v; want kind %d", tc.raw, got, err, tc.kind)
		}
	}
}

func TestLexReadsSymbolsAndEndItself(t *testing.T) {
	never := func(c *Cursor) (Token, error) { return Token{}, c.Fail(c.Char, "next called", "", "") }
	toks, err := Lex(" ( ) , [ ] = != !~ < <= > >= ~ ", 100, fail, never)
	if err != nil || len(toks) != 14 || toks[13].Kind != EOF || toks[13].Pos != 32 {
		t.Fatalf("Lex = %s, %v; want 13 symbols and EOF at 32", show(toks), err)
	}
	if _, err := Lex("( x", 100, fail, never); err == nil || err.Error() != "test: next called at character 3" {
		t.Fatalf("Lex of a word: %v, want next's error", err)
	}
}
