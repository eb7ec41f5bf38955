package jql

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf16"
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
	tokBang
	tokAnd
	tokOr
	tokNot
	tokIn
	tokIs
	tokEmpty
	tokWas
	tokChanged
	tokBefore
	tokAfter
	tokFrom
	tokTo
	tokOn
	tokDuring
	tokOrder
	tokBy
	tokAsc
	tokDesc
	tokCF
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
	// escaped reports whether an unquoted string contained escapes.
	escaped bool
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

// isControl reports whether r is one of the characters Jira's lexer refuses
// anywhere outside an escape (whitespace aside).
func isControl(r rune) bool {
	return r <= 0x08 || r == 0x0b || r == 0x0c || (r >= 0x0e && r <= 0x1f) ||
		(r >= 0x7f && r <= 0x9f) || (r >= 0xfdd0 && r <= 0xfdef) || r == 0xfffe || r == 0xffff
}

// isReservedChar reports whether r is a character Jira reserves: it may
// appear only inside quotes.
func isReservedChar(r rune) bool { return strings.ContainsRune("{}*/%+^$#@?;", r) }

// isStop reports whether r ends an unquoted word.
func isStop(r rune) bool {
	return r < 0 || isSpace(r) || isControl(r) || isReservedChar(r) || strings.ContainsRune(`"'=!<>()~,[]|&`, r)
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
			_, sz := lx.peek()
			lx.advance(sz)
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
		return op(tokBang, 1)
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
	case '&':
		if second() == '&' {
			return op(tokAnd, 2)
		}
		return op(tokAnd, 1)
	case '|':
		if second() == '|' {
			return op(tokOr, 2)
		}
		return op(tokOr, 1)
	case '"', '\'':
		return lx.quoted(r)
	}
	if isControl(r) {
		return token{}, controlError(r, pos)
	}
	if isReservedChar(r) {
		return token{}, reservedCharError(r, pos)
	}
	return lx.word()
}

func controlError(r rune, pos int) error {
	return &SyntaxError{Pos: pos, Msg: fmt.Sprintf("control character U+%04X is not allowed", r),
		Hint: fmt.Sprintf(`remove it, or write it as \u%04X inside a quoted string`, r)}
}

func reservedCharError(r rune, pos int) error {
	return &SyntaxError{Pos: pos, Msg: fmt.Sprintf("character %q is reserved in JQL", r),
		Hint: `put the whole value in double quotes, such as "a*b"`}
}

// word lexes an unquoted string, number or keyword.
func (lx *lexer) word() (token, error) {
	start, pos := lx.off, lx.char
	var b strings.Builder // used only once an escape is seen
	escaped := false
	for {
		r, size := lx.peek()
		if r == '\\' {
			if !escaped {
				b.WriteString(lx.src[start:lx.off])
				escaped = true
			}
			dec, err := lx.escape()
			if err != nil {
				return token{}, err
			}
			b.WriteString(dec)
			continue
		}
		if isStop(r) {
			if isReservedChar(r) {
				return token{}, reservedCharError(r, lx.char)
			}
			if r >= 0 && isControl(r) {
				return token{}, controlError(r, lx.char)
			}
			break
		}
		if escaped {
			b.WriteRune(r)
		}
		lx.advance(size)
	}
	text := lx.src[start:lx.off]
	if escaped {
		text = b.String()
	}
	raw := lx.src[start:lx.off]
	t := token{kind: tokString, text: text, raw: raw, escaped: escaped, pos: pos}
	if !escaped {
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
	}
	if isReserved(t.text) {
		return token{}, &SyntaxError{Pos: pos, Msg: fmt.Sprintf("%q is a reserved word in JQL", t.text),
			Hint: fmt.Sprintf("put it in double quotes (%s) to use it as a value", quote(t.text))}
	}
	return t, nil
}

// quoted lexes a string in double or single quotes.
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
			dec, err := lx.escape()
			if err != nil {
				return token{}, err
			}
			b.WriteString(dec)
			continue
		case r == q:
			lx.advance(size)
			raw := lx.src[start:lx.off]
			return token{kind: tokString, text: b.String(), raw: raw, quoted: true, pos: pos}, nil
		case isControl(r) || r == '\t':
			return token{}, controlError(r, lx.char)
		}
		b.WriteRune(r)
		lx.advance(size)
	}
}

// escape decodes the backslash escape at the current offset.
func (lx *lexer) escape() (string, error) {
	pos := lx.char
	lx.advance(1) // the backslash
	r, size := lx.peek()
	bad := func(found string) error {
		return &SyntaxError{Pos: pos, Msg: "invalid escape sequence", Found: found,
			Hint: `the escapes are \" \' \\ \t \n \r, "\ " for a space and \uXXXX; write a literal backslash as \\`}
	}
	switch r {
	case 't':
		lx.advance(size)
		return "\t", nil
	case 'n':
		lx.advance(size)
		return "\n", nil
	case 'r':
		lx.advance(size)
		return "\r", nil
	case '"', '\'', '\\', ' ':
		lx.advance(size)
		return string(r), nil
	case 'u':
		lx.advance(size)
		u, err := lx.hex4(pos)
		if err != nil {
			return "", err
		}
		if !utf16.IsSurrogate(rune(u)) {
			return string(rune(u)), nil
		}
		if u >= 0xdc00 || !strings.HasPrefix(lx.src[lx.off:], `\u`) {
			return "", surrogateError(pos, u)
		}
		lx.advance(1)
		lx.advance(1)
		lo, err := lx.hex4(pos)
		if err != nil {
			return "", err
		}
		if lo < 0xdc00 || lo > 0xdfff {
			return "", surrogateError(pos, u)
		}
		return string(utf16.DecodeRune(rune(u), rune(lo))), nil
	case -1:
		return "", bad(`a lone "\" at the end of the query`)
	}
	return "", bad(strconv.Quote(`\` + string(r)))
}

func surrogateError(pos int, u uint64) error {
	return &SyntaxError{Pos: pos, Msg: fmt.Sprintf(`escape \u%04X is half of a UTF-16 surrogate pair`, u),
		Hint: `write the character itself, or both halves such as \uD83D\uDE00`}
}

// hex4 reads the four hex digits of a \u escape.
func (lx *lexer) hex4(pos int) (uint64, error) {
	if lx.off+4 <= len(lx.src) {
		var u uint64
		ok := true
		for i := range 4 {
			c := lx.src[lx.off+i]
			switch {
			case c >= '0' && c <= '9':
				u = u<<4 | uint64(c-'0')
			case c >= 'a' && c <= 'f':
				u = u<<4 | uint64(c-'a'+10)
			case c >= 'A' && c <= 'F':
				u = u<<4 | uint64(c-'A'+10)
			default:
				ok = false
			}
		}
		if ok {
			for range 4 {
				lx.advance(1)
			}
			return u, nil
		}
	}
	return 0, &SyntaxError{Pos: pos, Msg: `invalid \u escape`, Hint: `\u must be followed by exactly four hex digits, such as \u00e9`}
}

// isNumber reports whether s is what Jira's lexer reads as a number: an
// optional minus sign and one or more ASCII digits.
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
