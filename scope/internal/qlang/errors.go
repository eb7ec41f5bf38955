package qlang

import (
	"fmt"
	"strings"
)

// A Fail builds a language's syntax error: the 1-based character where the
// problem is, what was expected, what was found instead (may be empty) and
// how to fix it (may be empty).
type Fail func(pos int, msg, found, hint string) error

// Message formats a syntax error as one sentence an LLM can act on, such as
// `jql: expected an operator after field "project" at character 9, got
// "ENG"; put a field name that contains spaces in double quotes`. lang is
// the prefix; found and hint are left out when empty.
func Message(lang string, pos int, msg, found, hint string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s: %s at character %d", lang, msg, pos)
	if found != "" {
		b.WriteString(", got ")
		b.WriteString(found)
	}
	if hint != "" {
		b.WriteString("; ")
		b.WriteString(hint)
	}
	return b.String()
}
