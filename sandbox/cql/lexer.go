package cql

import (
	"strconv"
	"strings"
	"unicode"

	"github.com/clawbridge/atlassian-mcp/sandbox/internal/query"
)

type tokKind uint8

const (
	tEOF tokKind = iota
	tWord
	tString
	tOp // = != < > <= >= ~ !~
	tLParen
	tRParen
	tComma
)

// token is one lexical token; at is its 1-based character position.
type token struct {
	kind tokKind
	raw  string
	val  string
	at   int
}

// describe names a token for error details.
func (t token) describe() string {
	if t.kind == tEOF {
		return "the end of the query"
	}
	return "'" + t.raw + "' at character " + strconv.Itoa(t.at)
}

const stopChars = "()=!<>~,\"'"

type lexer struct {
	src []rune
	i   int
}

func (l *lexer) next() token {
	for l.i < len(l.src) && unicode.IsSpace(l.src[l.i]) {
		l.i++
	}
	at := l.i + 1
	if l.i >= len(l.src) {
		return token{kind: tEOF, at: at}
	}
	r := l.src[l.i]
	n := rune(-1)
	if l.i+1 < len(l.src) {
		n = l.src[l.i+1]
	}
	tok := func(k tokKind, s string) token {
		l.i += len([]rune(s))
		return token{kind: k, raw: s, val: s, at: at}
	}
	if op := query.Operator(r, n); op != "" {
		return tok(tOp, op)
	}
	switch {
	case r == '(':
		return tok(tLParen, "(")
	case r == ')':
		return tok(tRParen, ")")
	case r == ',':
		return tok(tComma, ",")
	case r == '!':
		fail("'!' at character %d must be followed by '=' or '~'", at)
	case r == '"' || r == '\'':
		return l.quoted(r, at)
	}
	start := l.i
	var b strings.Builder
	for l.i < len(l.src) && !unicode.IsSpace(l.src[l.i]) && !strings.ContainsRune(stopChars, l.src[l.i]) {
		if l.src[l.i] == '\\' && l.i+1 < len(l.src) {
			l.i++
		}
		b.WriteRune(l.src[l.i])
		l.i++
	}
	return token{kind: tWord, raw: string(l.src[start:l.i]), val: b.String(), at: at}
}

// quoted reads a string; a backslash escapes the next character.
func (l *lexer) quoted(q rune, at int) token {
	start := l.i
	l.i++
	var b strings.Builder
	for l.i < len(l.src) {
		r := l.src[l.i]
		switch {
		case r == q:
			l.i++
			return token{kind: tString, raw: string(l.src[start:l.i]), val: b.String(), at: at}
		case r == '\\' && l.i+1 < len(l.src):
			l.i++
			b.WriteRune(l.src[l.i])
		default:
			b.WriteRune(r)
		}
		l.i++
	}
	fail("the quoted string starting at character %d is not closed", at)
	return token{}
}
