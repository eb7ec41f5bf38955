package jira

import (
	"strings"

	"github.com/tidwall/gjson"

	"github.com/clawbridge/atlassian-mcp/adf"
)

// markdown renders an ADF document from Atlassian as Markdown. A document
// that is not a tree of nodes falls back to its text.
func markdown(doc gjson.Result) string {
	n, err := adf.Decode([]byte(doc.Raw))
	if err != nil {
		var parts []string
		collectText(doc, &parts)
		return strings.Join(parts, " ")
	}
	return strings.TrimSpace(adf.ToMarkdown(n))
}

// collectText gathers the "text" values of a JSON tree.
func collectText(v gjson.Result, into *[]string) {
	if t := v.Get("text"); t.Type == gjson.String {
		*into = append(*into, t.String())
	}
	v.Get("content").ForEach(func(_, c gjson.Result) bool {
		collectText(c, into)
		return true
	})
}

// toADF converts an agent's Markdown to an ADF document for Jira.
func toADF(md string) *adf.Node { return adf.FromMarkdown(md, adf.Jira) }
