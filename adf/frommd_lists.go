package adf

import (
	gast "github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"
)

// This file converts Markdown lists, task lists and tables.

func (c *mdConverter) list(out []*Node, l *gast.List, ctx string) []*Node {
	if c.listDepth >= maxListDepth {
		for item := l.FirstChild(); item != nil; item = item.NextSibling() {
			out = c.blockRange(out, item.FirstChild(), nil, ctx)
		}
		return out
	}
	c.listDepth++
	defer func() { c.listDepth-- }()
	if c.flavor == Confluence && allowed(ctx, "taskList") && isTaskList(l) {
		return append(out, c.taskList(l))
	}
	var list *Node
	if l.IsOrdered() {
		list = c.node(Node{Type: "orderedList", Attrs: map[string]any{"order": l.Start}})
	} else {
		list = c.node(Node{Type: "bulletList"})
	}
	items := c.sh.borrow()
	for item := l.FirstChild(); item != nil; item = item.NextSibling() {
		items = append(items, c.node(Node{Type: "listItem", Content: c.blocks(item, "listItem")}))
	}
	list.Content = c.sh.keep(items)
	return append(out, list)
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
	list := c.node(Node{Type: "taskList", Attrs: map[string]any{"localId": c.newID()}})
	items := c.sh.borrow()
	for item := l.FirstChild(); item != nil; item = item.NextSibling() {
		first := item.FirstChild()
		inl := c.inlines(first, false)
		state := "TODO"
		if len(inl) > 0 && inl[0].Type == "checkbox" {
			if isChecked(inl[0]) {
				state = "DONE"
			}
			inl = normalizeInline(imagesToText(inl[1:]))
		}
		items = append(items, c.node(Node{Type: "taskItem", Attrs: map[string]any{"localId": c.newID(), "state": state}, Content: nilIfEmpty(inl)}))
		for rest := first.NextSibling(); rest != nil; rest = rest.NextSibling() {
			if sub, ok := rest.(*gast.List); ok {
				if c.listDepth >= maxListDepth {
					// Too deep to nest: keep the items at this level.
					items = append(items, c.taskList(sub).Content...)
					continue
				}
				c.listDepth++
				items = append(items, c.taskList(sub))
				c.listDepth--
			}
		}
	}
	list.Content = c.sh.keep(items)
	return list
}

// checkbox returns the stand-in node for a task list checkbox, which
// becomes a task's state or ☐ / ☑ text.
func (c *mdConverter) checkbox(checked bool) *Node {
	n := Node{Type: "checkbox"}
	if checked {
		n.Text = "x"
	}
	return c.node(n)
}

func isChecked(n *Node) bool { return n.Text != "" }

// checkboxToText replaces a leading task checkbox with ☐ or ☑ text, which is
// how task lists look where ADF task lists cannot go (and in Jira).
func (c *mdConverter) checkboxToText(inl []*Node) []*Node {
	if len(inl) == 0 || inl[0].Type != "checkbox" {
		return inl
	}
	box := uncheckedBox + " "
	if isChecked(inl[0]) {
		box = checkedBox + " "
	}
	if len(inl) == 1 {
		box = box[:len(box)-1]
	}
	inl[0] = c.text(box)
	return normalizeInline(inl)
}

func (c *mdConverter) table(out []*Node, t *east.Table, ctx string) []*Node {
	if !allowed(ctx, "table") {
		return c.tableAsText(out, t)
	}
	rows := c.sh.borrow()
	for row := t.FirstChild(); row != nil; row = row.NextSibling() {
		cellType := "tableCell"
		if row.Kind() == east.KindTableHeader {
			cellType = "tableHeader"
		}
		cells := c.sh.borrow()
		col := 0
		for cell := row.FirstChild(); cell != nil; cell = cell.NextSibling() {
			content := c.finish(c.appendParagraph(c.sh.borrow(), cell, "cell", false), "cell")
			if col < len(t.Alignments) {
				// The column's alignment: goldmark leaves it off the
				// cells it pads short rows with.
				c.alignParagraphs(content, t.Alignments[col])
			}
			cells = append(cells, c.node(Node{Type: cellType, Content: content}))
			col++
		}
		r := c.node(Node{Type: "tableRow", Content: c.sh.keep(cells)})
		if r.Content == nil {
			r.Content = []*Node{}
		}
		rows = append(rows, r)
	}
	return append(out, c.node(Node{Type: "table", Content: c.sh.keep(rows)}))
}

func (c *mdConverter) alignParagraphs(content []*Node, a east.Alignment) {
	var align markKind
	switch a {
	case east.AlignCenter:
		align = markAlignCenter
	case east.AlignRight:
		align = markAlignEnd
	default:
		return
	}
	for _, p := range content {
		if p.Type == "paragraph" {
			p.Marks = c.sh.markSlice(nil, c.sh.mark(align))
		}
	}
}

// tableAsText turns each row of a table into a paragraph whose cells are
// separated by " | ", for places where ADF allows no table.
func (c *mdConverter) tableAsText(out []*Node, t *east.Table) []*Node {
	for row := t.FirstChild(); row != nil; row = row.NextSibling() {
		inl := c.sh.borrow()
		for cell := row.FirstChild(); cell != nil; cell = cell.NextSibling() {
			ci := imagesToText(c.inlines(cell, false))
			if len(ci) == 0 {
				continue
			}
			if len(inl) > 0 {
				inl = append(inl, c.text(" | "))
			}
			inl = append(inl, ci...)
		}
		if para := normalizeInline(c.sh.keep(inl)); len(para) > 0 {
			out = append(out, c.node(Node{Type: "paragraph", Content: para}))
		}
	}
	return out
}
