// Package qlang is the machinery that scope/jql and scope/cql share: the
// scanner (positions in characters, whitespace, punctuation and comparison
// operators, quoted strings and backslash escapes, the length and UTF-8
// checks), the token stream a parser reads with its nesting limit, the
// rules for writing a name or value without quotes, and the one-sentence
// form of a syntax error.
//
// It knows no grammar (the grammar both languages share is package qtree,
// which builds on this one): each language keeps its keywords, reserved words,
// control characters, escapes, quoting and syntax tree, and hands them in
// where they matter. Errors are built by the language's own constructor
// (a Fail), so every error a caller sees is that language's *SyntaxError.
// The packages are the Claw guard's parsers, a security boundary: this one
// imports nothing outside the standard library.
package qlang
