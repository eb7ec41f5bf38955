// Package confluence holds the Confluence tools: search, reading pages and
// page trees, and (with the confluence_write toolset) lossless writes.
package confluence

import "github.com/clawbridge/atlassian-mcp/tools"

// Tools returns the Confluence tools.
func Tools() []tools.Tool { return nil }
