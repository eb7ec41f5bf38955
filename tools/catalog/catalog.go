// Package catalog assembles the full tool inventory from the tool families.
package catalog

import (
	"github.com/clawbridge/atlassian-mcp/tools"
	"github.com/clawbridge/atlassian-mcp/tools/agile"
	"github.com/clawbridge/atlassian-mcp/tools/confluence"
	"github.com/clawbridge/atlassian-mcp/tools/jira"
)

// All returns every tool the server offers, sorted by name.
func All() []tools.Tool {
	var all []tools.Tool
	all = append(all, jira.Tools()...)
	all = append(all, agile.Tools()...)
	all = append(all, confluence.Tools()...)
	return tools.Sorted(all)
}
