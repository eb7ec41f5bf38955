package qlang

import "fmt"

// A Stream is a parser's place in the tokens of a query, which end with an
// EOF token, and how deep it is in parentheses and NOT.
type Stream struct {
	toks  []Token
	i     int
	depth int
	fail  Fail
}

// NewStream starts a stream at the first of toks, the output of Lex.
func NewStream(toks []Token, fail Fail) Stream { return Stream{toks: toks, fail: fail} }

// Peek returns the next token without taking it.
func (s *Stream) Peek() Token { return s.toks[s.i] }

// PeekAt returns the token n places ahead (0 is the next); past the end it
// returns the EOF token.
func (s *Stream) PeekAt(n int) Token {
	if s.i+n < len(s.toks) {
		return s.toks[s.i+n]
	}
	return s.toks[len(s.toks)-1]
}

// Take returns the next token and moves past it; the EOF token stays.
func (s *Stream) Take() Token {
	t := s.toks[s.i]
	if t.Kind != EOF {
		s.i++
	}
	return t
}

// Enter goes one level deeper at t, a parenthesis or NOT, and refuses to go
// deeper than max. Every Enter that succeeds needs a Leave.
func (s *Stream) Enter(t Token, max int) error {
	s.depth++
	if s.depth > max {
		return s.fail(t.Pos, fmt.Sprintf("query nests parentheses and NOT more than %d deep", max), "", "simplify the query")
	}
	return nil
}

// Leave comes back from the level of the last Enter.
func (s *Stream) Leave() { s.depth-- }

// Fail builds an error with the language's constructor.
func (s *Stream) Fail(pos int, msg, found, hint string) error { return s.fail(pos, msg, found, hint) }
