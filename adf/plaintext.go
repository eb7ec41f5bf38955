package adf

import "strings"

// PlainText flattens a document to its text, for search excerpts and text
// matching: blocks end with a newline, table cells are separated by " | ",
// mentions read "@Name", statuses their label and dates YYYY-MM-DD.
func PlainText(doc *Node) string {
	var b strings.Builder
	plainText(&b, doc, 0)
	return strings.TrimRight(b.String(), "\n")
}

func plainText(b *strings.Builder, n *Node, depth int) {
	if n == nil || depth > maxRenderDepth {
		return
	}
	switch n.Type {
	case "text":
		b.WriteString(n.Text)
		return
	case "hardBreak":
		b.WriteByte('\n')
		return
	case "mention":
		t := n.attrString("text")
		if t == "" {
			t = "@" + n.attrString("id")
		}
		b.WriteString(t)
		return
	case "emoji":
		t := n.attrString("text")
		if t == "" {
			t = n.attrString("shortName")
		}
		b.WriteString(t)
		return
	case "status", "placeholder":
		b.WriteString(n.attrString("text"))
		return
	case "date":
		if d, ok := formatDate(n.attrString("timestamp")); ok {
			b.WriteString(d)
		}
		return
	case "inlineCard", "blockCard", "embedCard":
		b.WriteString(n.attrString("url"))
	case "media", "mediaInline":
		b.WriteString(n.attrString("alt"))
	case "tableRow":
		for i, c := range n.Content {
			if i > 0 {
				b.WriteString(" | ")
			}
			var cell strings.Builder
			plainText(&cell, c, depth+1)
			b.WriteString(strings.ReplaceAll(strings.TrimRight(cell.String(), "\n"), "\n", " "))
		}
		b.WriteByte('\n')
		return
	}
	for _, c := range n.Content {
		plainText(b, c, depth+1)
	}
	if !isInline(n) && n.Type != "doc" && !strings.HasSuffix(b.String(), "\n") && b.Len() > 0 {
		b.WriteByte('\n')
	}
}
