package cql

import (
	"github.com/clawbridge/atlassian-mcp/scope/internal/qlang"
)

// A SyntaxError reports why a query could not be parsed, and where.
type SyntaxError struct {
	// Pos is the 1-based character (not byte) offset of the problem.
	Pos int
	// Msg says what was expected, such as `expected an operator after field
	// "space"`.
	Msg string
	// Found describes what was there instead, such as `"DEV"` or `end of
	// query`; it may be empty.
	Found string
	// Hint, when not empty, says how to fix the query.
	Hint string
}

// Error formats the error as one sentence an LLM can act on, such as
// `cql: expected an operator after field "space" at character 7, got "DEV"`.
func (e *SyntaxError) Error() string {
	return qlang.Message("cql", e.Pos, e.Msg, e.Found, e.Hint)
}
