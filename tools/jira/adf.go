package jira

import (
	"strings"

	"github.com/tidwall/gjson"
)

// markdown renders an ADF document as Markdown.
func markdown(doc gjson.Result) string {
	var b strings.Builder
	renderNode(&b, doc)
	return strings.TrimSpace(b.String())
}

func renderNode(b *strings.Builder, n gjson.Result) {
	switch n.Get("type").String() {
	case "text":
		b.WriteString(n.Get("text").String())
	case "hardBreak":
		b.WriteString("\n")
	case "paragraph", "heading":
		for _, c := range n.Get("content").Array() {
			renderNode(b, c)
		}
		b.WriteString("\n\n")
	case "listItem":
		b.WriteString("- ")
		for _, c := range n.Get("content").Array() {
			renderNode(b, c)
		}
	default:
		for _, c := range n.Get("content").Array() {
			renderNode(b, c)
		}
	}
}
