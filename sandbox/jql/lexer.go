package jql

import (
	"strconv"
	"strings"
	"unicode"

	"github.com/clawbridge/atlassian-mcp/sandbox/internal/query"
)

// tokKind is the kind of a lexical token.
type tokKind uint8

const (
	tEOF    tokKind = iota
	tWord           // an unquoted word: a field, a value, a function name or a keyword
	tString         // a quoted string
	tCustom         // cf[N]; val holds N
	tOp             // = != < > <= >= ~ !~
	tLParen
	tRParen
	tComma
	tAnd // & or &&
	tOr  // | or ||
	tNot // !
)

// token is one lexical token. raw is the text as written, for messages; val
// is the text with quotes and escapes removed.
type token struct {
	kind tokKind
	raw  string
	val  string
	at   pos
}

// reservedChars must be quoted or escaped outside strings.
const reservedChars = "[]{}*/%+^$#@?;"

// stopChars end an unquoted word.
const stopChars = "()=!<>~,\"'&|"

// lexer splits a query into tokens on demand, so that errors are reported in
// the order they occur.
type lexer struct {
	src  []rune
	i    int
	line int
	col  int
}

func newLexer(s string) *lexer { return &lexer{src: []rune(s), line: 1, col: 1} }

func (l *lexer) here() pos { return pos{l.line, l.col} }

func (l *lexer) peekRune(k int) rune {
	if l.i+k < len(l.src) {
		return l.src[l.i+k]
	}
	return -1
}

func (l *lexer) advance() rune {
	r := l.src[l.i]
	l.i++
	if r == '\n' {
		l.line++
		l.col = 1
	} else {
		l.col++
	}
	return r
}

// next returns the next token, or stops parsing with a lexical error.
func (l *lexer) next() token {
	for l.i < len(l.src) && unicode.IsSpace(l.src[l.i]) {
		l.advance()
	}
	at := l.here()
	if l.i >= len(l.src) {
		return token{kind: tEOF, at: at}
	}
	simple := func(k tokKind, s string) token {
		for range []rune(s) {
			l.advance()
		}
		return token{kind: k, raw: s, val: s, at: at}
	}
	r, n := l.src[l.i], l.peekRune(1)
	if op := query.Operator(r, n); op != "" {
		return simple(tOp, op)
	}
	switch {
	case r == '(':
		return simple(tLParen, "(")
	case r == ')':
		return simple(tRParen, ")")
	case r == ',':
		return simple(tComma, ",")
	case r == '!':
		return simple(tNot, "!")
	case r == '&' && n == '&':
		return simple(tAnd, "&&")
	case r == '&':
		return simple(tAnd, "&")
	case r == '|' && n == '|':
		return simple(tOr, "||")
	case r == '|':
		return simple(tOr, "|")
	case r == '"' || r == '\'':
		return l.quoted(r, at)
	}
	return l.word(at)
}

// quoted reads a string in single or double quotes.
func (l *lexer) quoted(q rune, at pos) token {
	l.advance()
	start := l.i
	var b strings.Builder
	for {
		if l.i >= len(l.src) {
			failAt(at, "The quoted string '%s' has not been completed.", string(l.src[start:]))
		}
		r := l.src[l.i]
		switch {
		case r == q:
			l.advance()
			return token{kind: tString, raw: string(l.src[start-1 : l.i]), val: b.String(), at: at}
		case r == '\\':
			b.WriteRune(l.escape())
		case illegal(r):
			l.failIllegal(r)
		default:
			b.WriteRune(l.advance())
		}
	}
}

// word reads an unquoted word, or cf[N].
func (l *lexer) word(at pos) token {
	start := l.i
	var b strings.Builder
	for l.i < len(l.src) {
		r := l.src[l.i]
		if unicode.IsSpace(r) || strings.ContainsRune(stopChars, r) {
			break
		}
		switch {
		case r == '\\':
			b.WriteRune(l.escape())
			continue
		case r == '[' && l.i-start == 2 && strings.EqualFold(b.String(), "cf"):
			return l.customField(at, start)
		case strings.ContainsRune(reservedChars, r):
			failAt(l.here(), "The character '%c' is a reserved JQL character. You must enclose it in a string or use the escape '\\u%04x' instead.", r, r)
		case illegal(r):
			l.failIllegal(r)
		}
		b.WriteRune(l.advance())
	}
	return token{kind: tWord, raw: string(l.src[start:l.i]), val: b.String(), at: at}
}

// customField reads the [N] of cf[N]; the lexer stands on the '['.
func (l *lexer) customField(at pos, start int) token {
	l.advance()
	digits := l.i
	for l.i < len(l.src) && l.src[l.i] >= '0' && l.src[l.i] <= '9' {
		l.advance()
	}
	if l.i == digits || l.i >= len(l.src) || l.src[l.i] != ']' {
		failAt(at, "Expecting a custom field id enclosed by '[ ]' after 'cf'. Example: 'cf[10021]'.")
	}
	id := strings.TrimLeft(string(l.src[digits:l.i]), "0")
	l.advance()
	return token{kind: tCustom, raw: string(l.src[start:l.i]), val: id, at: at}
}

// escape reads a backslash escape and returns the character it stands for.
func (l *lexer) escape() rune {
	at := l.here()
	l.advance()
	if l.i >= len(l.src) {
		failAt(at, "The escape sequence has not been completed. The valid escape sequences are %s.", validEscapes)
	}
	r := l.advance()
	switch r {
	case '\'', '"', '\\', ' ':
		return r
	case 't':
		return '\t'
	case 'n':
		return '\n'
	case 'r':
		return '\r'
	case 'u':
		end := min(l.i+4, len(l.src))
		hex := string(l.src[l.i:end])
		if v, err := strconv.ParseUint(hex, 16, 32); err == nil && len(hex) == 4 {
			for range 4 {
				l.advance()
			}
			return rune(v)
		}
		failAt(at, "'\\u%s' is an illegal JQL escape sequence. The valid escape sequences are %s.", hex, validEscapes)
	}
	failAt(at, "'\\%c' is an illegal JQL escape sequence. The valid escape sequences are %s.", r, validEscapes)
	return 0
}

func (l *lexer) failIllegal(r rune) {
	failAt(l.here(), "The character '\\u%04x' must be escaped. Use the escape '\\u%04x' instead.", r, r)
}

// illegal reports characters that may not appear unescaped in a query.
func illegal(r rune) bool {
	switch {
	case r == '\t' || r == '\n' || r == '\r':
		return false
	case r < 0x20, r >= 0x7f && r <= 0x9f, r == 0xfffe, r == 0xffff:
		return true
	}
	return false
}
