package jql

import (
	"fmt"
	"strings"

	"github.com/clawbridge/atlassian-mcp/sandbox/internal/query"
)

// Error is a query Jira would refuse with HTTP 400. Messages holds the
// sentences Jira would put in the errorMessages array of its answer, in
// Jira's wording; syntax errors carry their (line, character) position.
type Error struct {
	Messages []string
}

// Error joins the messages into one line.
func (e *Error) Error() string { return strings.Join(e.Messages, " ") }

// UnboundedMessage is Jira's answer to a search/jql query without a search
// restriction (see [Query.Bounded]).
const UnboundedMessage = "Unbounded JQL queries are not allowed here. Please add a search restriction to your query."

const (
	// syntaxPrefix starts Jira's syntax errors.
	syntaxPrefix = "Error in the JQL Query: "
	// operandPrefix starts Jira's "expecting a value" errors, which Jira
	// writes without "the".
	operandPrefix  = "Error in JQL Query: "
	validOperators = "'=', '!=', '<', '>', '<=', '>=', '~', '!~', 'IN', 'NOT IN', 'IS' and 'IS NOT'"
	validEscapes   = `\', \", \t, \n, \r, \\, '\ ' and \uXXXX`
	dateFormats    = "Valid formats include: 'yyyy/MM/dd HH:mm', 'yyyy-MM-dd HH:mm', 'yyyy/MM/dd', 'yyyy-MM-dd', or a period format e.g. '-5d', '4w 2d'."
	// maxDepth bounds nesting of parentheses, NOT and saved filters, so that
	// a hostile query cannot exhaust the stack.
	maxDepth = 100
	// maxOrderBy is the most ORDER BY fields search/jql accepts.
	maxOrderBy = 7
)

// pos is a place in the query: 1-based line and character, as Jira counts.
type pos struct{ line, col int }

func (p pos) String() string { return fmt.Sprintf("(line %d, character %d)", p.line, p.col) }

// failAt stops parsing with a positioned syntax error.
func failAt(at pos, format string, args ...any) {
	query.Fail(syntaxPrefix + fmt.Sprintf(format, args...) + " " + at.String())
}

// failEOF stops parsing with a syntax error at the end of the query, which
// Jira reports without a position.
func failEOF(format string, args ...any) {
	query.Fail(syntaxPrefix + fmt.Sprintf(format, args...))
}

// failOperand stops parsing where a value, list or function was expected.
func failOperand(t token) {
	if t.kind == tEOF {
		query.Fail(operandPrefix + "Expecting either a value, list or function before the end of the query.")
	}
	query.Fail(fmt.Sprintf("%sExpecting either a value, list or function but got '%s'. You must surround '%s' in quotation marks to use it as a value. %s",
		operandPrefix, t.raw, t.raw, t.at))
}

// failExpect stops parsing where one of the given literal tokens was expected.
func failExpect(t token, want ...string) {
	var what string
	switch len(want) {
	case 1:
		what = "'" + want[0] + "'"
	default:
		what = "either '" + strings.Join(want[:len(want)-1], "', '") + "' or '" + want[len(want)-1] + "'"
	}
	if t.kind == tEOF {
		failEOF("Expecting %s before the end of the query.", what)
	}
	failAt(t.at, "Expecting %s but got '%s'.", what, t.raw)
}

// failReservedWord stops parsing at a word Jira reserves.
func failReservedWord(t token) {
	failAt(t.at, "'%s' is a reserved JQL word. You must surround it in quotation marks to use it in a query.", t.raw)
}
