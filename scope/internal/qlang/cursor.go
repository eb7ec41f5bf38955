package qlang

import (
	"fmt"
	"unicode/utf8"
)

// A Cursor walks the source of a query rune by rune, keeping both the byte
// offset and the 1-based character offset that errors report.
type Cursor struct {
	// Src is the whole query.
	Src string
	// Off is the byte offset of the next rune.
	Off int
	// Char is the 1-based character offset of the next rune.
	Char int
	fail Fail
}

// Lex checks that src is at most max bytes of valid UTF-8, then splits it
// into tokens, ending with an EOF token. After any whitespace (the token's
// Spaced says whether there was some) it reads the end of the query and
// what Symbol reads itself, and calls next to read any other token at the
// cursor. Errors come from fail.
func Lex(src string, max int, fail Fail, next func(c *Cursor) (Token, error)) ([]Token, error) {
	if len(src) > max {
		return nil, fail(1, fmt.Sprintf("query is %d bytes long, over the limit of %d", len(src), max), "", "shorten the query")
	}
	if !utf8.ValidString(src) {
		n := 1 + utf8.RuneCountInString(src[:invalidUTF8(src)])
		return nil, fail(n, "query is not valid UTF-8", "", "send the query as UTF-8 text")
	}
	c := &Cursor{Src: src, Char: 1, fail: fail}
	toks := make([]Token, 0, len(src)/4+1)
	for {
		spaced := c.skipSpace()
		var t Token
		var err error
		if r, _ := c.Peek(); r < 0 {
			t = Token{Kind: EOF, Pos: c.Char}
		} else if sym, ok := c.Symbol(); ok {
			t = sym
		} else if t, err = next(c); err != nil {
			return nil, err
		}
		t.Spaced = spaced
		toks = append(toks, t)
		if t.Kind == EOF {
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

// Fail builds an error with the language's constructor.
func (c *Cursor) Fail(pos int, msg, found, hint string) error { return c.fail(pos, msg, found, hint) }

// Peek returns the next rune and its size in bytes, or -1 and 0 at the end.
func (c *Cursor) Peek() (rune, int) {
	if c.Off >= len(c.Src) {
		return -1, 0
	}
	return utf8.DecodeRuneInString(c.Src[c.Off:])
}

// Advance moves past one rune of size bytes.
func (c *Cursor) Advance(size int) {
	c.Off += size
	c.Char++
}

// IsSpace reports whether r is whitespace between tokens: space, tab, line
// feed or carriage return.
func IsSpace(r rune) bool { return r == ' ' || r == '\t' || r == '\n' || r == '\r' }

// skipSpace moves past whitespace and reports whether there was any.
func (c *Cursor) skipSpace() bool {
	spaced := false
	for {
		r, size := c.Peek()
		if !IsSpace(r) {
			return spaced
		}
		spaced = true
		c.Advance(size)
	}
}

// Take reads the next n runes as one token of the given kind.
func (c *Cursor) Take(kind Kind, n int) Token {
	start, pos := c.Off, c.Char
	for range n {
		_, size := c.Peek()
		c.Advance(size)
	}
	return Token{Kind: kind, Text: c.Src[start:c.Off], Raw: c.Src[start:c.Off], Pos: pos}
}

// second returns the byte after the next rune, or -1.
func (c *Cursor) second() rune {
	_, size := c.Peek()
	if c.Off+size < len(c.Src) {
		return rune(c.Src[c.Off+size])
	}
	return -1
}

// Symbol reads the punctuation mark or comparison operator at the cursor:
// ( ) , [ ] = ~ != !~ < <= > or >=. For anything else, including a "!"
// on its own, ok is false and nothing is read.
func (c *Cursor) Symbol() (t Token, ok bool) {
	r, _ := c.Peek()
	switch r {
	case '(':
		return c.Take(LParen, 1), true
	case ')':
		return c.Take(RParen, 1), true
	case ',':
		return c.Take(Comma, 1), true
	case '[':
		return c.Take(LBracket, 1), true
	case ']':
		return c.Take(RBracket, 1), true
	case '=':
		return c.Take(Eq, 1), true
	case '~':
		return c.Take(Like, 1), true
	case '!':
		switch c.second() {
		case '=':
			return c.Take(Ne, 2), true
		case '~':
			return c.Take(NotLike, 2), true
		}
	case '<':
		if c.second() == '=' {
			return c.Take(Le, 2), true
		}
		return c.Take(Lt, 1), true
	case '>':
		if c.second() == '=' {
			return c.Take(Ge, 2), true
		}
		return c.Take(Gt, 1), true
	}
	return Token{}, false
}

// Pair reads a one-character token, or its doubled form (&& for &) as one
// token of the same kind.
func (c *Cursor) Pair(kind Kind) Token {
	r, _ := c.Peek()
	if c.second() == r {
		return c.Take(kind, 2)
	}
	return c.Take(kind, 1)
}
