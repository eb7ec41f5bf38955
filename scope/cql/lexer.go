package cql

import (
	"fmt"
	"strings"
	"unicode"

	"github.com/clawbridge/atlassian-mcp/scope/internal/qlang"
)

// token is one lexical unit of a query. Its kinds are qlang's, which JQL
// shares: CQL has no keywords of its own beyond them.
type token = qlang.Token

// MaxLength is the longest query, in bytes, that Parse accepts.
const MaxLength = 32 << 10

// syntaxError is the qlang.Fail of this package.
func syntaxError(pos int, msg, found, hint string) error {
	return &SyntaxError{Pos: pos, Msg: msg, Found: found, Hint: hint}
}

// lex splits src into tokens, ending with a qlang.EOF token.
func lex(src string) ([]token, error) { return qlang.Lex(src, MaxLength, syntaxError, next) }

// escapes are CQL's only backslash escapes, valid in quoted strings only.
var escapes = &qlang.Escapes{
	Chars: map[rune]rune{'"': '"', '\'': '\'', '\\': '\\'},
	Hint:  `the escapes are \", \' and \\; write a literal backslash as \\`,
}

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
	return r < 0 || qlang.IsSpace(r) || isControl(r) || isReservedChar(r) || unicode.IsSpace(r) ||
		strings.ContainsRune(`"'=!<>()~,[]`, r)
}

// next reads the token at the cursor that qlang.Lex does not read itself.
func next(c *qlang.Cursor) (token, error) {
	pos := c.Char
	r, _ := c.Peek()
	switch r {
	case '!':
		return token{}, &SyntaxError{Pos: pos, Msg: `"!" must be followed by "=" or "~"`, Hint: "use NOT to negate a clause"}
	case '"', '\'':
		return c.Quoted(func() (string, error) { return c.Escape(escapes) }, func(r rune) error {
			if isControl(r) {
				return &SyntaxError{Pos: c.Char, Msg: fmt.Sprintf("control character U+%04X is not allowed in a CQL string", r),
					Hint: "remove it; CQL strings cannot contain tabs, line breaks or other control characters"}
			}
			return nil
		})
	}
	if err := badChar(r, pos); err != nil {
		return token{}, err
	}
	return lexWord(c)
}

// badChar returns the error for a character that cannot start or continue
// an unquoted word, or nil if r is allowed.
func badChar(r rune, pos int) error {
	switch {
	case isControl(r):
		return &SyntaxError{Pos: pos, Msg: fmt.Sprintf("control character U+%04X is not allowed", r), Hint: "remove it"}
	case r == '&' || r == '|':
		return &SyntaxError{Pos: pos, Msg: fmt.Sprintf("character %q is reserved in CQL", r), Hint: "join clauses with the words AND and OR"}
	case isReservedChar(r):
		return &SyntaxError{Pos: pos, Msg: fmt.Sprintf("character %q is reserved in CQL", r),
			Hint: `put the whole value in double quotes, such as "win*"`}
	case unicode.IsSpace(r) && !qlang.IsSpace(r):
		return &SyntaxError{Pos: pos, Msg: fmt.Sprintf("non-ASCII space U+%04X is not allowed outside quotes", r),
			Hint: "separate words with ordinary spaces, or put the value in double quotes"}
	}
	return nil
}

// lexWord lexes an unquoted string, number or keyword.
func lexWord(c *qlang.Cursor) (token, error) {
	start, pos := c.Off, c.Char
	for {
		r, size := c.Peek()
		if isStop(r) {
			if r >= 0 && !qlang.IsSpace(r) {
				if err := badChar(r, c.Char); err != nil {
					return token{}, err
				}
			}
			break
		}
		c.Advance(size)
	}
	raw := c.Src[start:c.Off]
	t := token{Kind: qlang.String, Text: raw, Raw: raw, Pos: pos}
	if err := vocabulary.Word(&t, "CQL", quote, syntaxError); err != nil {
		return token{}, err
	}
	return t, nil
}
