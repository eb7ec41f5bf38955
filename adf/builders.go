package adf

import (
	"strconv"
	"time"
)

// The builders below make small, valid trees for seed data and tests, e.g.
//
//	adf.Doc(adf.Heading(2, adf.Text("Goals")), adf.Paragraph(adf.Text("Ship it", adf.Strong())))

// Doc returns a doc node holding the given blocks.
func Doc(content ...*Node) *Node {
	if content == nil {
		content = []*Node{}
	}
	return &Node{Type: "doc", Content: content}
}

func block(typ string, attrs map[string]any, content []*Node) *Node {
	return &Node{Type: typ, Attrs: attrs, Content: nilIfEmpty(content)}
}

// Paragraph returns a paragraph of inline nodes.
func Paragraph(content ...*Node) *Node { return block("paragraph", nil, content) }

// Text returns a text node with optional marks.
func Text(s string, marks ...*Mark) *Node {
	n := &Node{Type: "text", Text: s}
	if len(marks) > 0 {
		n.Marks = marks
	}
	return n
}

// Heading returns a heading of the given level (1 to 6).
func Heading(level int, content ...*Node) *Node {
	return block("heading", map[string]any{"level": level}, content)
}

// BulletList returns a bullet list of list items.
func BulletList(items ...*Node) *Node { return block("bulletList", nil, items) }

// OrderedList returns a numbered list starting at start.
func OrderedList(start int, items ...*Node) *Node {
	return block("orderedList", map[string]any{"order": start}, items)
}

// ListItem returns a list item; its first block should be a paragraph.
func ListItem(content ...*Node) *Node { return block("listItem", nil, content) }

// CodeBlock returns a code block; language may be empty.
func CodeBlock(language, code string) *Node { return codeBlock(language, code+"\n") }

// Blockquote returns a quote of paragraphs, lists or code blocks.
func Blockquote(content ...*Node) *Node { return block("blockquote", nil, content) }

// Rule returns a horizontal rule.
func Rule() *Node { return &Node{Type: "rule"} }

// HardBreak returns a line break inside a paragraph.
func HardBreak() *Node { return &Node{Type: "hardBreak"} }

// Table returns a table of rows.
func Table(rows ...*Node) *Node { return block("table", nil, rows) }

// TableRow returns a table row of header or data cells.
func TableRow(cells ...*Node) *Node {
	return &Node{Type: "tableRow", Content: append([]*Node{}, cells...)}
}

// TableHeader returns a header cell holding the given blocks.
func TableHeader(content ...*Node) *Node { return block("tableHeader", nil, content) }

// TableCell returns a data cell holding the given blocks.
func TableCell(content ...*Node) *Node { return block("tableCell", nil, content) }

// Panel returns a panel of the given type: info, note, tip, warning, error
// or success.
func Panel(panelType string, content ...*Node) *Node {
	return block("panel", map[string]any{"panelType": panelType}, content)
}

// Expand returns a collapsible section with a title.
func Expand(title string, content ...*Node) *Node {
	return block("expand", map[string]any{"title": title}, content)
}

// NestedExpand returns a collapsible section for use inside an expand or a
// table cell.
func NestedExpand(title string, content ...*Node) *Node {
	return block("nestedExpand", map[string]any{"title": title}, content)
}

// TaskList returns a Confluence task list with the given local id.
func TaskList(localID string, items ...*Node) *Node {
	return block("taskList", map[string]any{"localId": localID}, items)
}

// TaskItem returns a task with the given local id, done or to do.
func TaskItem(localID string, done bool, content ...*Node) *Node {
	state := "TODO"
	if done {
		state = "DONE"
	}
	return block("taskItem", map[string]any{"localId": localID, "state": state}, content)
}

// DecisionList returns a list of decisions with the given local id.
func DecisionList(localID string, items ...*Node) *Node {
	return block("decisionList", map[string]any{"localId": localID}, items)
}

// DecisionItem returns a decided item with the given local id.
func DecisionItem(localID string, content ...*Node) *Node {
	return block("decisionItem", map[string]any{"localId": localID, "state": "DECIDED"}, content)
}

// Mention returns a mention of an Atlassian account; name is shown as @name.
func Mention(accountID, name string) *Node {
	return &Node{Type: "mention", Attrs: map[string]any{"id": accountID, "text": "@" + name}}
}

// Emoji returns an emoji such as Emoji(":smile:", "😄").
func Emoji(shortName, text string) *Node {
	attrs := map[string]any{"shortName": shortName}
	if text != "" {
		attrs["text"] = text
	}
	return &Node{Type: "emoji", Attrs: attrs}
}

// Status returns a status lozenge; color is neutral, purple, blue, red,
// yellow or green.
func Status(text, color string) *Node {
	return &Node{Type: "status", Attrs: map[string]any{"text": text, "color": color}}
}

// Date returns a date node for the day of t (in UTC).
func Date(t time.Time) *Node {
	y, m, d := t.UTC().Date()
	day := time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	return &Node{Type: "date", Attrs: map[string]any{"timestamp": strconv.FormatInt(day.UnixMilli(), 10)}}
}

// InlineCard returns a smart link to url.
func InlineCard(url string) *Node {
	return &Node{Type: "inlineCard", Attrs: map[string]any{"url": url}}
}

// BlockCard returns a smart link shown as a card.
func BlockCard(url string) *Node { return &Node{Type: "blockCard", Attrs: map[string]any{"url": url}} }

// Image returns an external image: a mediaSingle holding media of type
// external.
func Image(url, alt string) *Node {
	attrs := map[string]any{"type": "external", "url": url}
	if alt != "" {
		attrs["alt"] = alt
	}
	return &Node{Type: "mediaSingle", Attrs: map[string]any{"layout": "center"},
		Content: []*Node{{Type: "media", Attrs: attrs}}}
}

// File returns an attached file shown as an image: a mediaSingle holding
// media of type file from a media collection.
func File(id, collection, alt string) *Node {
	attrs := map[string]any{"type": "file", "id": id, "collection": collection}
	if alt != "" {
		attrs["alt"] = alt
	}
	return &Node{Type: "mediaSingle", Attrs: map[string]any{"layout": "center"},
		Content: []*Node{{Type: "media", Attrs: attrs}}}
}

// Extension returns a macro without a body, e.g. Extension("jira",
// "com.atlassian.confluence.macro.core", map[string]any{...}).
func Extension(key, extensionType string, parameters map[string]any) *Node {
	attrs := map[string]any{"extensionKey": key, "extensionType": extensionType}
	if parameters != nil {
		attrs["parameters"] = parameters
	}
	return &Node{Type: "extension", Attrs: attrs}
}

// BodiedExtension returns a macro with a body of blocks.
func BodiedExtension(key, extensionType string, content ...*Node) *Node {
	return block("bodiedExtension", map[string]any{"extensionKey": key, "extensionType": extensionType}, content)
}

// LayoutSection returns a layout of two or three columns.
func LayoutSection(columns ...*Node) *Node { return block("layoutSection", nil, columns) }

// LayoutColumn returns a layout column of the given width in percent.
func LayoutColumn(width float64, content ...*Node) *Node {
	return block("layoutColumn", map[string]any{"width": width}, content)
}

// Strong returns a bold mark.
func Strong() *Mark { return &Mark{Type: "strong"} }

// Em returns an italic mark.
func Em() *Mark { return &Mark{Type: "em"} }

// Code returns an inline code mark.
func Code() *Mark { return &Mark{Type: "code"} }

// Strike returns a strikethrough mark.
func Strike() *Mark { return &Mark{Type: "strike"} }

// Underline returns an underline mark.
func Underline() *Mark { return &Mark{Type: "underline"} }

// Link returns a link mark to href.
func Link(href string) *Mark { return &Mark{Type: "link", Attrs: map[string]any{"href": href}} }

// TextColor returns a text colour mark; color is #rrggbb.
func TextColor(color string) *Mark {
	return &Mark{Type: "textColor", Attrs: map[string]any{"color": color}}
}

// Sub returns a subscript mark.
func Sub() *Mark { return &Mark{Type: "subsup", Attrs: map[string]any{"type": "sub"}} }

// Sup returns a superscript mark.
func Sup() *Mark { return &Mark{Type: "subsup", Attrs: map[string]any{"type": "sup"}} }
