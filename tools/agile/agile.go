// Package agile holds the Jira Software tools: boards, sprints, sprint
// reports and velocity.
package agile

import "github.com/clawbridge/atlassian-mcp/tools"

// Tools returns the Jira Software tools.
func Tools() []tools.Tool { return nil }
