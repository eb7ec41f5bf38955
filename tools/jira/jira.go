// Package jira holds the Jira platform tools: search, reading issues and
// projects, project metadata, transitions and users, and (with the
// jira_write toolset) the issue lifecycle: create, update, transition,
// comment and link.
package jira

import (
	"github.com/clawbridge/atlassian-mcp/atlassian"
	"github.com/clawbridge/atlassian-mcp/tools"
)

// Tools returns the Jira tools.
func Tools() []tools.Tool {
	return []tools.Tool{searchTool(), getIssueTool(), listProjectsTool(), projectMetaTool(), getTransitionsTool(), findUsersTool(),
		createTool(), updateTool(), transitionTool(), addCommentTool(), linkTool()}
}

// issueReaderNeeds returns the scopes of a tool that returns issues and
// calls ops. Under a Claw's policy the client also reads the board of each
// sprint an issue names (atlassian.OpGetBoard), to leave out sprints of
// boards outside the allowlist. Jira Software documents granular scopes
// only, so the board read's scopes join the granular set while the classic
// set stays that of ops (atlassian.Needs would drop it, and classic grants
// could no longer enable the tool). Under a classic grant that board read
// may be refused, and the client then leaves the sprint references out.
func issueReaderNeeds(ops ...atlassian.Op) (classic, granular []string) {
	classic, _ = atlassian.Needs(ops...)
	_, granular = atlassian.Needs(append(ops, atlassian.OpGetBoard)...)
	return classic, granular
}
