package cql

import (
	"fmt"

	"github.com/clawbridge/atlassian-mcp/sandbox/internal/query"
)

// Error is a query Confluence would refuse with HTTP 400.
type Error struct {
	// Message is Confluence's message: "Could not parse cql : " and the query.
	Message string
	// Detail says what is wrong and where (1-based character), which
	// Confluence itself does not say.
	Detail string
}

// Error returns Confluence's message.
func (e *Error) Error() string { return e.Message }

// message is Confluence's refusal of a query.
func message(query string) string { return "Could not parse cql : " + query }

const (
	dateFormats = "use 'yyyy/MM/dd HH:mm', 'yyyy-MM-dd HH:mm', 'yyyy/MM/dd', 'yyyy-MM-dd' or a period such as '-4w' or '-1d'"
	// maxDepth bounds nesting of parentheses and NOT.
	maxDepth = 100
)

// fail stops parsing with a detail.
func fail(format string, args ...any) {
	query.Fail(fmt.Sprintf(format, args...))
}
