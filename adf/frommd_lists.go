package adf

import (
	gast "github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"
)

// This file converts Markdown lists, task lists and tables.

func (c *mdConverter) list(l *gast.List, ctx string) []*Node {
	if c.listDepth >= maxListDepth {
		var out []*Node
		for item := l.FirstChild(); item != nil; item = item.NextSibling() {
			out = append(out, c.blockRange(item.FirstChild(), nil, ctx)...)
		}
		return out
	}
	c.listDepth++
	defer func() { c.listDepth-- }()
	if c.flavor == Confluence && allowed(ctx, "taskList") && isTaskList(l) {
		return []*Node{c.taskList(l)}
	}
	list := &Node{Type: "bulletList"}
	if l.IsOrdered() {
		list = &Node{Type: "orderedList", Attrs: map[string]any{"order": l.Start}}
	}
	for item := l.FirstChild(); item != nil; item = item.NextSibling() {
		list.Content = append(list.Content, c.node(Node{Type: "listItem", Content: c.blocks(item, "listItem")}))
	}
	return []*Node{list}
}

// isTaskList reports whether every item of l starts with a checkbox and
// holds nothing but its line of text and nested task lists, which is what
// ADF task items can hold.
func isTaskList(l *gast.List) bool {
	for item := l.FirstChild(); item != nil; item = item.NextSibling() {
		first := item.FirstChild()
		if first == nil || (first.Kind() != gast.KindParagraph && first.Kind() != gast.KindTextBlock) {
			return false
		}
		if _, ok := first.FirstChild().(*east.TaskCheckBox); !ok {
			return false
		}
		for rest := first.NextSibling(); rest != nil; rest = rest.NextSibling() {
			sub, ok := rest.(*gast.List)
			if !ok || !isTaskList(sub) {
				return false
			}
		}
	}
	return true
}

func (c *mdConverter) taskList(l *gast.List) *Node {
	list := &Node{Type: "taskList", Attrs: map[string]any{"localId": c.newID()}}
	for item := l.FirstChild(); item != nil; item = item.NextSibling() {
		first := item.FirstChild()
		inl := c.inlines(first, false)
		state := "TODO"
		if len(inl) > 0 && inl[0].Type == "checkbox" {
			if inl[0].Attrs["checked"] == true {
				state = "DONE"
			}
			inl = normalizeInline(imagesToText(inl[1:]))
		}
		task := &Node{Type: "taskItem", Attrs: map[string]any{"localId": c.newID(), "state": state}, Content: nilIfEmpty(inl)}
		list.Content = append(list.Content, task)
		for rest := first.NextSibling(); rest != nil; rest = rest.NextSibling() {
			if sub, ok := rest.(*gast.List); ok {
				if c.listDepth >= maxListDepth {
					// Too deep to nest: keep the items at this level.
					list.Content = append(list.Content, c.taskList(sub).Content...)
					continue
				}
				c.listDepth++
				list.Content = append(list.Content, c.taskList(sub))
				c.listDepth--
			}
		}
	}
	return list
}

// checkboxToText replaces a leading task checkbox with ☐ or ☑ text, which is
// how task lists look where ADF task lists cannot go (and in Jira).
func checkboxToText(inl []*Node) []*Node {
	if len(inl) == 0 || inl[0].Type != "checkbox" {
		return inl
	}
	box := uncheckedBox
	if inl[0].Attrs["checked"] == true {
		box = checkedBox
	}
	if len(inl) > 1 {
		box += " "
	}
	inl[0] = &Node{Type: "text", Text: box}
	return normalizeInline(inl)
}

func (c *mdConverter) table(t *east.Table, ctx string) []*Node {
	if !allowed(ctx, "table") {
		return c.tableAsText(t)
	}
	table := &Node{Type: "table"}
	for row := t.FirstChild(); row != nil; row = row.NextSibling() {
		cellType := "tableCell"
		if row.Kind() == east.KindTableHeader {
			cellType = "tableHeader"
		}
		r := &Node{Type: "tableRow", Content: []*Node{}}
		col := 0
		for cell := row.FirstChild(); cell != nil; cell = cell.NextSibling() {
			content := c.finish(c.paragraph(cell, "cell", false), "cell")
			if col < len(t.Alignments) {
				// The column's alignment: goldmark leaves it off the
				// cells it pads short rows with.
				alignParagraphs(content, t.Alignments[col])
			}
			r.Content = append(r.Content, c.node(Node{Type: cellType, Content: content}))
			col++
		}
		table.Content = append(table.Content, r)
	}
	return []*Node{table}
}

func alignParagraphs(content []*Node, a east.Alignment) {
	var align string
	switch a {
	case east.AlignCenter:
		align = "center"
	case east.AlignRight:
		align = "end"
	default:
		return
	}
	for _, p := range content {
		if p.Type == "paragraph" {
			p.Marks = []*Mark{{Type: "alignment", Attrs: map[string]any{"align": align}}}
		}
	}
}

// tableAsText turns each row of a table into a paragraph whose cells are
// separated by " | ", for places where ADF allows no table.
func (c *mdConverter) tableAsText(t *east.Table) []*Node {
	var out []*Node
	for row := t.FirstChild(); row != nil; row = row.NextSibling() {
		var inl []*Node
		for cell := row.FirstChild(); cell != nil; cell = cell.NextSibling() {
			ci := imagesToText(c.inlines(cell, false))
			if len(ci) == 0 {
				continue
			}
			if len(inl) > 0 {
				inl = append(inl, &Node{Type: "text", Text: " | "})
			}
			inl = append(inl, ci...)
		}
		if inl = normalizeInline(inl); len(inl) > 0 {
			out = append(out, &Node{Type: "paragraph", Content: inl})
		}
	}
	return out
}
