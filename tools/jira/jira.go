// Package jira holds the Jira platform tools: search, reading issues and
// projects, project metadata, transitions and users, and (with the
// jira_write toolset) the issue lifecycle: create, update, transition,
// comment and link.
package jira

import "github.com/clawbridge/atlassian-mcp/tools"

// Tools returns the Jira tools.
func Tools() []tools.Tool {
	return []tools.Tool{searchTool(), getIssueTool(), listProjectsTool(), projectMetaTool(), getTransitionsTool(), findUsersTool(),
		createTool(), updateTool(), transitionTool(), addCommentTool(), linkTool()}
}
