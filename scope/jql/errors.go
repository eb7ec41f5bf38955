package jql

import (
	"github.com/clawbridge/atlassian-mcp/scope/internal/qlang"
)

// A SyntaxError reports why a query could not be parsed, and where.
type SyntaxError struct {
	// Pos is the 1-based character (not byte) offset of the problem.
	Pos int
	// Msg says what was expected, such as `expected an operator after field
	// "project"`.
	Msg string
	// Found describes what was there instead, such as `"ENG"` or `end of
	// query`; it may be empty.
	Found string
	// Hint, when not empty, says how to fix the query.
	Hint string
}

// Error formats the error as one sentence an LLM can act on, such as
// `jql: expected an operator after field "project" at character 9, got "ENG"`.
func (e *SyntaxError) Error() string {
	return qlang.Message("jql", e.Pos, e.Msg, e.Found, e.Hint)
}
