package adf

import (
	"math"
	"strings"
)

// table renders a GFM table. The first row is the header row; rows are padded
// to the widest one so no cell falls off. Column alignment comes from the
// alignment mark of the paragraphs in that column.
func (r *mdRenderer) table(n *Node) []string {
	var rows [][]string
	var aligns []string
	for _, row := range n.Content {
		if row == nil || len(row.Content) == 0 {
			continue
		}
		var cells []string
		for _, cell := range row.Content {
			if cell == nil {
				continue
			}
			col := len(cells)
			for len(aligns) <= col {
				aligns = append(aligns, "")
			}
			if aligns[col] == "" {
				aligns[col] = cellAlignment(cell)
			}
			cells = append(cells, r.cell(cell))
			if span, ok := cell.attrNumber("colspan"); ok && span > 1 {
				for i := 1; i < int(math.Min(span, 64)); i++ {
					cells = append(cells, "")
				}
			}
		}
		rows = append(rows, cells)
	}
	if len(rows) == 0 {
		return []string{"[empty table]"}
	}
	width := 0
	for _, row := range rows {
		width = max(width, len(row))
	}
	line := func(cells []string) string {
		var b strings.Builder
		b.WriteString("|")
		for i := 0; i < width; i++ {
			c := ""
			if i < len(cells) {
				c = cells[i]
			}
			b.WriteString(" " + c + " |")
		}
		return b.String()
	}
	out := []string{line(rows[0])}
	delims := make([]string, width)
	for i := range delims {
		a := ""
		if i < len(aligns) {
			a = aligns[i]
		}
		switch a {
		case "center":
			delims[i] = ":-:"
		case "end":
			delims[i] = "--:"
		default:
			delims[i] = "---"
		}
	}
	out = append(out, "| "+strings.Join(delims, " | ")+" |")
	for _, row := range rows[1:] {
		out = append(out, line(row))
	}
	return out
}

// cellAlignment returns the alignment ("center", "end" or "none") of the
// first paragraph in a cell, or "" when the cell has no paragraph.
func cellAlignment(cell *Node) string {
	for _, b := range cell.Content {
		if b == nil || b.Type != "paragraph" {
			continue
		}
		for _, m := range b.Marks {
			if m != nil && m.Type == "alignment" {
				return m.attrString("align")
			}
		}
		return "none"
	}
	return ""
}

// cell renders a table cell on one line: blocks are joined with <br>.
func (r *mdRenderer) cell(cell *Node) string {
	var parts []string
	for _, b := range cell.Content {
		if b == nil {
			continue
		}
		switch b.Type {
		case "paragraph", "heading":
			parts = append(parts, r.inline(b.Content, inCell))
		case "mediaSingle":
			for _, m := range b.Content {
				if m != nil && m.Type == "media" {
					parts = append(parts, r.image(m, b.Marks))
				}
			}
		case "mediaGroup":
			for _, m := range b.Content {
				parts = append(parts, mediaPlaceholder(m, "file"))
			}
		case "extension", "bodiedExtension":
			parts = append(parts, macroPlaceholder(b))
		case "blockCard", "embedCard":
			parts = append(parts, cardPlaceholder(b, "card"))
		default:
			text := strings.TrimRight(PlainText(b), "\n")
			var lines []string
			for _, l := range strings.Split(text, "\n") {
				lines = append(lines, escapeText(l, escCtx{lineStart: true, lineEnd: true, cell: true}))
			}
			parts = append(parts, strings.Join(lines, "<br>"))
		}
	}
	return strings.Join(parts, "<br>")
}

// cellsLine renders a stray row or cell (outside a table) as a table line.
func (r *mdRenderer) cellsLine(n *Node) string {
	cells := []*Node{n}
	if n.Type == "tableRow" {
		cells = n.Content
	}
	var parts []string
	for _, c := range cells {
		if c != nil {
			parts = append(parts, r.cell(c))
		}
	}
	return "| " + strings.Join(parts, " | ") + " |"
}

// macroPlaceholder names an extension (a Confluence macro), e.g.
// "[macro: jira (issue list)]".
func macroPlaceholder(n *Node) string {
	key := placeholderText(n.attrString("extensionKey"))
	if key == "" {
		key = "unknown"
	}
	detail := n.attrString("text")
	if detail == "" {
		if p, ok := n.Attrs["parameters"].(map[string]any); ok {
			if meta, ok := p["macroMetadata"].(map[string]any); ok {
				if t, ok := meta["title"].(string); ok {
					detail = t
				}
			}
		}
	}
	detail = placeholderText(detail)
	if detail != "" && detail != key {
		return "[macro: " + key + " (" + detail + ")]"
	}
	return "[macro: " + key + "]"
}

// mediaPlaceholder names an attached file: "[image: diagram.png]".
func mediaPlaceholder(m *Node, kind string) string {
	if m == nil {
		return "[" + kind + "]"
	}
	name := m.attrString("alt")
	if name == "" {
		if raw, ok := m.extra["__fileName"]; ok {
			name = strings.Trim(string(raw), `"`)
		}
	}
	if name == "" {
		name = m.attrString("url")
	}
	if name == "" {
		name = m.attrString("id")
	}
	name = placeholderText(name)
	if name == "" {
		return "[" + kind + "]"
	}
	return "[" + kind + ": " + name + "]"
}

// cardPlaceholder names a block or embed card by its address.
func cardPlaceholder(n *Node, kind string) string {
	if u := placeholderText(n.attrString("url")); u != "" {
		return "[" + kind + ": " + u + "]"
	}
	if _, ok := n.Attrs["datasource"]; ok {
		return "[" + kind + ": data view]"
	}
	return "[" + kind + "]"
}

// placeholderText makes s safe inside a bracketed placeholder: one line, no
// brackets or pipes, at most 80 characters.
func placeholderText(s string) string {
	s = strings.Map(func(r rune) rune {
		switch r {
		case '[', ']', '|', '\\', '`', '<', '>':
			return -1
		case '\n', '\r', '\t':
			return ' '
		}
		return r
	}, s)
	s = strings.Join(strings.Fields(s), " ")
	if len([]rune(s)) > 80 {
		s = string([]rune(s)[:80]) + "…"
	}
	return s
}
