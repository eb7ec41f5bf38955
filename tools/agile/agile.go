// Package agile holds the Jira Software tools: boards, sprints, sprint
// reports, velocity and moving issues between sprints.
//
// Jira Software's API has no classic OAuth scopes (Atlassian: "Jira
// Software doesn't support classic scopes"), so these tools declare a
// granular scope set only.
package agile

import "github.com/clawbridge/atlassian-mcp/tools"

// Tools returns the Jira Software tools.
func Tools() []tools.Tool {
	return []tools.Tool{listBoardsTool(), listSprintsTool(), getSprintTool(), velocityTool(), moveTool()}
}
