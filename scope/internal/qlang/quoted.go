package qlang

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf16"
)

// Escapes is a language's set of backslash escapes.
type Escapes struct {
	// Chars maps the character after a backslash to the one it stands for.
	Chars map[rune]rune
	// Unicode allows \uXXXX, where a surrogate pair stands for one character.
	Unicode bool
	// Hint lists the escapes, for the error about one that is not among them.
	Hint string
}

// Escape decodes the backslash escape at the cursor (which stands on the
// backslash) and returns the text it stands for.
func (c *Cursor) Escape(e *Escapes) (string, error) {
	pos := c.Char
	c.Advance(1) // the backslash
	r, size := c.Peek()
	if d, ok := e.Chars[r]; ok {
		c.Advance(size)
		return string(d), nil
	}
	if r == 'u' && e.Unicode {
		c.Advance(size)
		return c.unicode(pos)
	}
	found := `a lone "\" at the end of the query`
	if r >= 0 {
		found = strconv.Quote(`\` + string(r))
	}
	return "", c.fail(pos, "invalid escape sequence", found, e.Hint)
}

// unicode decodes the XXXX of \uXXXX, and the second half of a surrogate
// pair; pos is where the escape starts.
func (c *Cursor) unicode(pos int) (string, error) {
	u, err := c.hex4(pos)
	if err != nil {
		return "", err
	}
	if !utf16.IsSurrogate(rune(u)) {
		return string(rune(u)), nil
	}
	if u >= 0xdc00 || !strings.HasPrefix(c.Src[c.Off:], `\u`) {
		return "", c.surrogateError(pos, u)
	}
	c.Advance(1)
	c.Advance(1)
	lo, err := c.hex4(pos)
	if err != nil {
		return "", err
	}
	if lo < 0xdc00 || lo > 0xdfff {
		return "", c.surrogateError(pos, u)
	}
	return string(utf16.DecodeRune(rune(u), rune(lo))), nil
}

func (c *Cursor) surrogateError(pos int, u uint64) error {
	return c.fail(pos, fmt.Sprintf(`escape \u%04X is half of a UTF-16 surrogate pair`, u), "",
		`write the character itself, or both halves such as \uD83D\uDE00`)
}

// hex4 reads the four hex digits of a \u escape.
func (c *Cursor) hex4(pos int) (uint64, error) {
	if c.Off+4 <= len(c.Src) {
		var u uint64
		ok := true
		for i := range 4 {
			d := c.Src[c.Off+i]
			switch {
			case d >= '0' && d <= '9':
				u = u<<4 | uint64(d-'0')
			case d >= 'a' && d <= 'f':
				u = u<<4 | uint64(d-'a'+10)
			case d >= 'A' && d <= 'F':
				u = u<<4 | uint64(d-'A'+10)
			default:
				ok = false
			}
		}
		if ok {
			for range 4 {
				c.Advance(1)
			}
			return u, nil
		}
	}
	return 0, c.fail(pos, `invalid \u escape`, "", `\u must be followed by exactly four hex digits, such as \u00e9`)
}

// Quoted reads the string in single or double quotes at the cursor (which
// stands on the opening quote). escape decodes a backslash escape; refuse
// returns the error for a character that may not appear raw in a string,
// or nil.
func (c *Cursor) Quoted(escape func() (string, error), refuse func(r rune) error) (Token, error) {
	start, pos := c.Off, c.Char
	q, _ := c.Peek()
	c.Advance(1)
	var b strings.Builder
	for {
		r, size := c.Peek()
		switch {
		case r < 0:
			return Token{}, c.fail(pos, "unterminated string", "end of query", fmt.Sprintf("add the closing %c", q))
		case r == '\\':
			dec, err := escape()
			if err != nil {
				return Token{}, err
			}
			b.WriteString(dec)
			continue
		case r == q:
			c.Advance(size)
			return Token{Kind: String, Text: b.String(), Raw: c.Src[start:c.Off], Quoted: true, Pos: pos}, nil
		}
		if err := refuse(r); err != nil {
			return Token{}, err
		}
		b.WriteRune(r)
		c.Advance(size)
	}
}
