package cql

import (
	"fmt"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

type tokenKind int

const (
	tokEOF tokenKind = iota
	tokString
	tokNumber
	tokLParen
	tokRParen
	tokComma
	tokLBracket
	tokRBracket
	tokEq
	tokNe
	tokGt
	tokGe
	tokLt
	tokLe
	tokLike
	tokNotLike
	tokAnd
	tokOr
	tokNot
	tokIn
	tokOrder
	tokBy
	tokAsc
	tokDesc
)

// A token is one lexical unit of a query.
type token struct {
	kind tokenKind
	// text is the decoded text of a string, or the source text otherwise.
	text string
	// raw is the token as written in the source.
	raw string
	// quoted reports whether a string token was written in quotes.
	quoted bool
	// spaced reports whether whitespace preceded the token.
	spaced bool
	pos    int // 1-based character offset
}

// describe renders the token for an error message.
func (t token) describe() string {
	if t.kind == tokEOF {
		return "end of query"
	}
	return strconv.Quote(t.raw)
}

// A lexer splits a query into tokens.
type lexer struct {
	src  string
	off  int // byte offset of the next rune
	char int // 1-based character offset of the next rune
}

// MaxLength is the longest query, in bytes, that Parse accepts.
const MaxLength = 32 << 10

// lex splits src into tokens, ending with a tokEOF token.
func lex(src string) ([]token, error) {
	if len(src) > MaxLength {
		return nil, &SyntaxError{Pos: 1, Msg: fmt.Sprintf("query is %d bytes long, over the limit of %d", len(src), MaxLength), Hint: "shorten the query"}
	}
	if !utf8.ValidString(src) {
		n := 1 + utf8.RuneCountInString(src[:invalidUTF8(src)])
		return nil, &SyntaxError{Pos: n, Msg: "query is not valid UTF-8", Hint: "send the query as UTF-8 text"}
	}
	lx := &lexer{src: src, char: 1}
	toks := make([]token, 0, len(src)/4+1)
	for {
		spaced := lx.skipSpace()
		t, err := lx.next()
		if err != nil {
			return nil, err
		}
		t.spaced = spaced
		toks = append(toks, t)
		if t.kind == tokEOF {
			return toks, nil
		}
	}
}

// invalidUTF8 returns the byte offset of the first invalid UTF-8 sequence.
func invalidUTF8(s string) int {
	for i, r := range s {
		if r == utf8.RuneError {
			if _, size := utf8.DecodeRuneInString(s[i:]); size <= 1 {
				return i
			}
		}
	}
	return len(s)
}

func (lx *lexer) peek() (rune, int) {
	if lx.off >= len(lx.src) {
		return -1, 0
	}
	return utf8.DecodeRuneInString(lx.src[lx.off:])
}

func (lx *lexer) advance(size int) {
	lx.off += size
	lx.char++
}

func isSpace(r rune) bool { return r == ' ' || r == '\t' || r == '\n' || r == '\r' }

// isControl reports whether r is a control character or a Unicode
// non-character; CQL values may not contain them, raw or escaped.
func isControl(r rune) bool {
	if r < 0 {
		return false
	}
	return r <= 0x1f || (r >= 0x7f && r <= 0x9f) || (r >= 0xfdd0 && r <= 0xfdef) || r&0xfffe == 0xfffe
}

// isReservedChar reports whether r may appear only inside quotes.
func isReservedChar(r rune) bool { return strings.ContainsRune(`{}*%+^$#@?;|&\`, r) }

// isStop reports whether r ends an unquoted word.
func isStop(r rune) bool {
	return r < 0 || isSpace(r) || isControl(r) || isReservedChar(r) || unicode.IsSpace(r) ||
		strings.ContainsRune(`"'=!<>()~,[]`, r)
}

func (lx *lexer) skipSpace() bool {
	spaced := false
	for {
		r, size := lx.peek()
		if !isSpace(r) {
			return spaced
		}
		spaced = true
		lx.advance(size)
	}
}

func (lx *lexer) next() (token, error) {
	start, pos := lx.off, lx.char
	r, size := lx.peek()
	if r < 0 {
		return token{kind: tokEOF, pos: pos}, nil
	}
	op := func(kind tokenKind, n int) (token, error) {
		for range n {
			lx.advance(1)
		}
		return token{kind: kind, text: lx.src[start:lx.off], raw: lx.src[start:lx.off], pos: pos}, nil
	}
	second := func() rune {
		if lx.off+size < len(lx.src) {
			return rune(lx.src[lx.off+size])
		}
		return -1
	}
	switch r {
	case '(':
		return op(tokLParen, 1)
	case ')':
		return op(tokRParen, 1)
	case ',':
		return op(tokComma, 1)
	case '[':
		return op(tokLBracket, 1)
	case ']':
		return op(tokRBracket, 1)
	case '=':
		return op(tokEq, 1)
	case '~':
		return op(tokLike, 1)
	case '!':
		switch second() {
		case '=':
			return op(tokNe, 2)
		case '~':
			return op(tokNotLike, 2)
		}
		return token{}, &SyntaxError{Pos: pos, Msg: `"!" must be followed by "=" or "~"`, Hint: "use NOT to negate a clause"}
	case '<':
		if second() == '=' {
			return op(tokLe, 2)
		}
		return op(tokLt, 1)
	case '>':
		if second() == '=' {
			return op(tokGe, 2)
		}
		return op(tokGt, 1)
	case '"', '\'':
		return lx.quoted(r)
	}
	if err := lx.badChar(r, pos); err != nil {
		return token{}, err
	}
	return lx.word()
}

// badChar returns the error for a character that cannot start or continue
// an unquoted word, or nil if r is allowed.
func (lx *lexer) badChar(r rune, pos int) error {
	switch {
	case isControl(r):
		return &SyntaxError{Pos: pos, Msg: fmt.Sprintf("control character U+%04X is not allowed", r), Hint: "remove it"}
	case r == '&' || r == '|':
		return &SyntaxError{Pos: pos, Msg: fmt.Sprintf("character %q is reserved in CQL", r), Hint: "join clauses with the words AND and OR"}
	case isReservedChar(r):
		return &SyntaxError{Pos: pos, Msg: fmt.Sprintf("character %q is reserved in CQL", r),
			Hint: `put the whole value in double quotes, such as "win*"`}
	case unicode.IsSpace(r) && !isSpace(r):
		return &SyntaxError{Pos: pos, Msg: fmt.Sprintf("non-ASCII space U+%04X is not allowed outside quotes", r),
			Hint: "separate words with ordinary spaces, or put the value in double quotes"}
	}
	return nil
}

// word lexes an unquoted string, number or keyword.
func (lx *lexer) word() (token, error) {
	start, pos := lx.off, lx.char
	for {
		r, size := lx.peek()
		if isStop(r) {
			if r >= 0 && !isSpace(r) {
				if err := lx.badChar(r, lx.char); err != nil {
					return token{}, err
				}
			}
			break
		}
		lx.advance(size)
	}
	raw := lx.src[start:lx.off]
	t := token{kind: tokString, text: raw, raw: raw, pos: pos}
	if kind, ok := keywords[strings.ToLower(raw)]; ok {
		t.kind = kind
		return t, nil
	}
	if isNumber(raw) {
		if _, err := strconv.ParseInt(raw, 10, 64); err != nil {
			return token{}, &SyntaxError{Pos: pos, Msg: fmt.Sprintf("number %s is too large", raw),
				Hint: fmt.Sprintf(`put it in quotes ("%s") to search for it as text`, raw)}
		}
		t.kind = tokNumber
		return t, nil
	}
	if isReserved(raw) {
		return token{}, &SyntaxError{Pos: pos, Msg: fmt.Sprintf("%q is a reserved word in CQL", raw),
			Hint: fmt.Sprintf("put it in double quotes (%s) to use it as a value", quote(raw))}
	}
	return t, nil
}

// quoted lexes a string in double or single quotes. The only escapes are
// \", \' and \\.
func (lx *lexer) quoted(q rune) (token, error) {
	start, pos := lx.off, lx.char
	lx.advance(1)
	var b strings.Builder
	for {
		r, size := lx.peek()
		switch {
		case r < 0:
			return token{}, &SyntaxError{Pos: pos, Msg: "unterminated string", Found: "end of query",
				Hint: fmt.Sprintf("add the closing %c", q)}
		case r == '\\':
			epos := lx.char
			lx.advance(1)
			e, esize := lx.peek()
			if e != '"' && e != '\'' && e != '\\' {
				found := `a lone "\" at the end of the query`
				if e >= 0 {
					found = strconv.Quote(`\` + string(e))
				}
				return token{}, &SyntaxError{Pos: epos, Msg: "invalid escape sequence", Found: found,
					Hint: `the escapes are \", \' and \\; write a literal backslash as \\`}
			}
			b.WriteRune(e)
			lx.advance(esize)
			continue
		case r == q:
			lx.advance(size)
			raw := lx.src[start:lx.off]
			return token{kind: tokString, text: b.String(), raw: raw, quoted: true, pos: pos}, nil
		case isControl(r):
			return token{}, &SyntaxError{Pos: lx.char, Msg: fmt.Sprintf("control character U+%04X is not allowed in a CQL string", r),
				Hint: "remove it; CQL strings cannot contain tabs, line breaks or other control characters"}
		}
		b.WriteRune(r)
		lx.advance(size)
	}
}

// isNumber reports whether s is an optional minus sign and one or more
// ASCII digits.
func isNumber(s string) bool {
	s = strings.TrimPrefix(s, "-")
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
