package jql

import (
	"fmt"
	"strings"

	"github.com/clawbridge/atlassian-mcp/scope/internal/qlang"
)

// token is one lexical unit of a query.
type token = qlang.Token

// JQL's own keywords, after the token kinds it shares with CQL (qlang.EOF
// to qlang.Desc). Every kind from qlang.And on is a keyword (or & && | ||).
const (
	tokIs = qlang.LanguageKinds + iota
	tokEmpty
	tokWas
	tokChanged
	tokBefore
	tokAfter
	tokFrom
	tokTo
	tokOn
	tokDuring
	tokCF
)

// MaxLength is the longest query, in bytes, that Parse accepts.
const MaxLength = 32 << 10

// syntaxError is the qlang.Fail of this package.
func syntaxError(pos int, msg, found, hint string) error {
	return &SyntaxError{Pos: pos, Msg: msg, Found: found, Hint: hint}
}

// lex splits src into tokens, ending with a qlang.EOF token.
func lex(src string) ([]token, error) { return qlang.Lex(src, MaxLength, syntaxError, next) }

// escapes are JQL's backslash escapes, in strings and in unquoted words.
var escapes = &qlang.Escapes{
	Chars:   map[rune]rune{'t': '\t', 'n': '\n', 'r': '\r', '"': '"', '\'': '\'', '\\': '\\', ' ': ' '},
	Unicode: true,
	Hint:    `the escapes are \" \' \\ \t \n \r, "\ " for a space and \uXXXX; write a literal backslash as \\`,
}

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
	return r < 0 || qlang.IsSpace(r) || isControl(r) || isReservedChar(r) || strings.ContainsRune(`"'=!<>()~,[]|&`, r)
}

// next reads the token at the cursor that qlang.Lex does not read itself.
func next(c *qlang.Cursor) (token, error) {
	pos := c.Char
	r, _ := c.Peek()
	switch r {
	case '!':
		return c.Take(qlang.Bang, 1), nil
	case '&':
		return c.Pair(qlang.And), nil
	case '|':
		return c.Pair(qlang.Or), nil
	case '"', '\'':
		return c.Quoted(func() (string, error) { return c.Escape(escapes) }, func(r rune) error {
			if isControl(r) || r == '\t' {
				return controlError(r, c.Char)
			}
			return nil
		})
	}
	if isControl(r) {
		return token{}, controlError(r, pos)
	}
	if isReservedChar(r) {
		return token{}, reservedCharError(r, pos)
	}
	return lexWord(c)
}

func controlError(r rune, pos int) error {
	return &SyntaxError{Pos: pos, Msg: fmt.Sprintf("control character U+%04X is not allowed", r),
		Hint: fmt.Sprintf(`remove it, or write it as \u%04X inside a quoted string`, r)}
}

func reservedCharError(r rune, pos int) error {
	return &SyntaxError{Pos: pos, Msg: fmt.Sprintf("character %q is reserved in JQL", r),
		Hint: `put the whole value in double quotes, such as "a*b"`}
}

// lexWord lexes an unquoted string, number or keyword.
func lexWord(c *qlang.Cursor) (token, error) {
	start, pos := c.Off, c.Char
	var b strings.Builder // used only once an escape is seen
	escaped := false
	for {
		r, size := c.Peek()
		if r == '\\' {
			if !escaped {
				b.WriteString(c.Src[start:c.Off])
				escaped = true
			}
			dec, err := c.Escape(escapes)
			if err != nil {
				return token{}, err
			}
			b.WriteString(dec)
			continue
		}
		if isStop(r) {
			if isReservedChar(r) {
				return token{}, reservedCharError(r, c.Char)
			}
			if r >= 0 && isControl(r) {
				return token{}, controlError(r, c.Char)
			}
			break
		}
		if escaped {
			b.WriteRune(r)
		}
		c.Advance(size)
	}
	text := c.Src[start:c.Off]
	if escaped {
		text = b.String()
	}
	raw := c.Src[start:c.Off]
	t := token{Kind: qlang.String, Text: text, Raw: raw, Escaped: escaped, Pos: pos}
	if err := vocabulary.Word(&t, "JQL", quote, syntaxError); err != nil {
		return token{}, err
	}
	return t, nil
}
