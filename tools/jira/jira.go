// Package jira holds the Jira platform tools: search, reading issues and
// projects, and (with the jira_write toolset) the issue lifecycle.
package jira

import "github.com/clawbridge/atlassian-mcp/tools"

// Tools returns the Jira tools.
func Tools() []tools.Tool {
	return []tools.Tool{searchTool(), getIssueTool(), listProjectsTool()}
}
