package qlang

import "strconv"

// A Kind is the kind of a token. The kinds here are common to JQL and CQL;
// a language numbers its own keywords from LanguageKinds on.
type Kind int

// The kinds of tokens both languages have. Every kind from And on is a
// keyword, except that JQL also writes And and Or as & && | ||.
const (
	EOF      Kind = iota // the end of the query
	String               // a word or a quoted string
	Number               // an unquoted whole number
	LParen               // (
	RParen               // )
	Comma                // ,
	LBracket             // [
	RBracket             // ]
	Eq                   // =
	Ne                   // !=
	Gt                   // >
	Ge                   // >=
	Lt                   // <
	Le                   // <=
	Like                 // ~
	NotLike              // !~
	Bang                 // ! on its own; only JQL reads it (as NOT)
	And
	Or
	Not
	In
	Order
	By
	Asc
	Desc
	// LanguageKinds is the first kind a language may give its own keywords.
	LanguageKinds
)

// A Token is one lexical unit of a query.
type Token struct {
	Kind Kind
	// Text is the decoded text of a string, or the source text otherwise.
	Text string
	// Raw is the token as written in the source.
	Raw string
	// Quoted reports whether a string token was written in quotes.
	Quoted bool
	// Escaped reports whether an unquoted string contained escapes.
	Escaped bool
	// Spaced reports whether whitespace preceded the token.
	Spaced bool
	// Pos is the 1-based character offset of the token.
	Pos int
}

// Describe renders the token for an error message: its source text in
// quotes, or "end of query".
func (t Token) Describe() string {
	if t.Kind == EOF {
		return "end of query"
	}
	return strconv.Quote(t.Raw)
}

// IsKeyword reports whether t is a keyword written as a word, so that a
// hint may suggest quoting it.
func (t Token) IsKeyword() bool {
	return t.Kind >= And && t.Raw != "" && t.Raw[0] != '&' && t.Raw[0] != '|'
}
