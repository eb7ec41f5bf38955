// Package confluence holds the Confluence tools: search, reading pages and
// page trees, and (with the confluence_write toolset) lossless writes.
//
// Pages are read and written in the Atlassian Document Format. Bodies reach
// agents as Markdown (or raw ADF with format=adf), and updates merge the
// agent's change into the stored ADF with adf.Merge, so that macros, media,
// mentions and layouts the change does not touch survive.
package confluence

import (
	"strings"

	"github.com/mark3labs/mcp-go/mcp"

	"github.com/clawbridge/atlassian-mcp/tools"
)

// Tools returns the Confluence tools.
func Tools() []tools.Tool {
	return []tools.Tool{
		listSpacesTool(), searchTool(), getPageTool(), pageTreeTool(),
		createPageTool(), updatePageTool(), addCommentTool(), addLabelsTool(),
	}
}

// Body formats the tools take and give.
const (
	formatMarkdown = "markdown"
	formatADF      = "adf"
)

// formatArg is the schema of a format argument.
func formatArg() mcp.ToolOption {
	return mcp.WithString("format", mcp.Enum(formatMarkdown, formatADF), mcp.Description("Default markdown"))
}

// checkFormat validates a format argument.
func checkFormat(f string) error {
	if f != "" && f != formatMarkdown && f != formatADF {
		return tools.Inputf("argument \"format\" must be markdown or adf (got %q)", f)
	}
	return nil
}

// validPageID reports whether s looks like a Confluence content id: a
// positive decimal number. It checks form only.
func validPageID(s string) bool {
	if s == "" || len(s) > 19 || s[0] == '0' {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

func checkPageID(arg, id string) error {
	if !validPageID(id) {
		return tools.Inputf("argument %q must be a numeric page id such as 98306 (got %q); find ids with confluence_search", arg, id)
	}
	return nil
}

// validSpaceKey reports whether s looks like a space key: letters and
// digits, or "~" and an account id for a personal space.
func validSpaceKey(s string) bool {
	s = strings.TrimPrefix(s, "~")
	if s == "" || len(s) > 255 {
		return false
	}
	for _, r := range s {
		if !(r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '_' || r == '-' || r == ':') {
			return false
		}
	}
	return true
}

func checkSpaceKey(key string) error {
	if !validSpaceKey(key) {
		return tools.Inputf("argument \"space\" must be a space key such as ENGDOCS (got %q); list keys with confluence_list_spaces", key)
	}
	return nil
}

// shortDate keeps the date of a Confluence timestamp.
func shortDate(s string) string {
	if len(s) >= 10 && s[4] == '-' && s[7] == '-' {
		return s[:10]
	}
	return s
}

// siteLink turns a link relative to the site's /wiki into a URL.
func siteLink(site, webui string) string {
	if webui == "" {
		return ""
	}
	return strings.TrimRight(site, "/") + "/wiki" + webui
}
