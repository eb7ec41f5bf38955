package adf

import (
	"html"
	"math"
	"strconv"
	"strings"
)

// ToMarkdown renders a document as Markdown in the syntax FromMarkdown reads.
// Every node gets a rendering: what Markdown cannot hold (macros, layouts,
// attached files, cards) becomes a short bracketed placeholder that names it,
// such as "[macro: jira]" or "[2-column layout]". For every document
// FromMarkdown produces, FromMarkdown(ToMarkdown(doc)) gives it back.
func ToMarkdown(doc *Node) string {
	if doc == nil {
		return ""
	}
	r := &mdRenderer{}
	var lines []string
	if doc.Type == "doc" {
		lines = r.blocks(doc.Content)
	} else {
		lines = r.blocks([]*Node{doc})
	}
	out := strings.Join(lines, "\n")
	out = strings.TrimRight(out, "\n")
	if out == "" {
		return ""
	}
	return out + "\n"
}

type mdRenderer struct {
	depth int
}

// maxRenderDepth stops rendering runaway trees; decoded documents are at
// most maxDepth deep.
const maxRenderDepth = 4 * maxDepth

// listFamily tells which Markdown list markers a block renders with, so that
// two adjacent lists can use different markers and stay apart.
func listFamily(n *Node) string {
	switch n.Type {
	case "bulletList", "taskList", "decisionList":
		return "bullet"
	case "orderedList":
		return "ordered"
	}
	return ""
}

// blocks renders a sequence of blocks separated by blank lines.
func (r *mdRenderer) blocks(nodes []*Node) []string {
	var out []string
	prevFamily, alt := "", false
	for i, n := range nodes {
		if n == nil {
			continue
		}
		fam := listFamily(n)
		if fam != "" && fam == prevFamily {
			alt = !alt
		} else {
			alt = false
		}
		prevFamily = fam
		if i > 0 && len(out) > 0 {
			out = append(out, "")
		}
		out = append(out, r.block(n, alt)...)
	}
	return out
}

func (r *mdRenderer) block(n *Node, alt bool) []string {
	if r.depth >= maxRenderDepth {
		// Only a tree built in code (Parse and Decode bound nesting) gets
		// here, perhaps one with a cycle.
		return []string{"[nested too deep]"}
	}
	r.depth++
	defer func() { r.depth-- }()
	switch n.Type {
	case "paragraph":
		return strings.Split(r.inline(n.Content, inPara), "\n")
	case "heading":
		return []string{r.heading(n)}
	case "codeBlock":
		return codeFence(n)
	case "blockquote":
		return prefixLines(r.blocks(n.Content), "> ", ">")
	case "panel":
		return r.panel(n)
	case "bulletList":
		return r.list(n, alt)
	case "orderedList":
		return r.list(n, alt)
	case "taskList":
		return r.taskList(n, alt)
	case "decisionList":
		return r.decisionList(n, alt)
	case "rule":
		return []string{"---"}
	case "table":
		return r.table(n)
	case "expand", "nestedExpand":
		return r.expand(n)
	case "mediaSingle":
		return r.mediaSingle(n)
	case "mediaGroup":
		parts := make([]string, 0, len(n.Content))
		for _, m := range n.Content {
			parts = append(parts, mediaPlaceholder(m, "file"))
		}
		return []string{strings.Join(parts, " ")}
	case "extension":
		return []string{macroPlaceholder(n)}
	case "bodiedExtension":
		return r.wrapped(macroPlaceholder(n), n.Content, "[end macro]")
	case "layoutSection":
		return r.layout(n)
	case "layoutColumn":
		return r.blocks(n.Content)
	case "blockCard":
		return []string{cardPlaceholder(n, "card")}
	case "embedCard":
		return []string{cardPlaceholder(n, "embed")}
	case "syncBlock":
		return []string{"[synced block]"}
	case "bodiedSyncBlock":
		return r.wrapped("[synced block]", n.Content, "[end synced block]")
	case "listItem", "taskItem", "blockTaskItem", "decisionItem":
		// Out of place, but its content must not be lost.
		return r.blocks(itemBlocks(n))
	case "tableRow", "tableCell", "tableHeader":
		return []string{r.cellsLine(n)}
	case "caption":
		return []string{r.inline(n.Content, inPara)}
	}
	if isInline(n) {
		return strings.Split(r.inline([]*Node{n}, inPara), "\n")
	}
	// A node type this package does not know: name it, keep its content.
	if len(n.Content) == 0 {
		return []string{"[" + placeholderText(n.Type) + "]"}
	}
	return r.wrapped("["+placeholderText(n.Type)+"]", n.Content, "")
}

// itemBlocks returns an item's content as blocks (task and decision items
// hold inline content).
func itemBlocks(n *Node) []*Node {
	if n.Type == "taskItem" || n.Type == "decisionItem" {
		return []*Node{{Type: "paragraph", Content: n.Content}}
	}
	return n.Content
}

func isInline(n *Node) bool {
	switch n.Type {
	case "text", "hardBreak", "mention", "emoji", "status", "date", "inlineCard",
		"placeholder", "inlineExtension", "mediaInline":
		return true
	}
	return false
}

func (r *mdRenderer) wrapped(open string, content []*Node, closing string) []string {
	out := []string{open}
	if body := r.blocks(content); len(body) > 0 {
		out = append(out, "")
		out = append(out, body...)
	}
	if closing != "" {
		out = append(out, "", closing)
	}
	return out
}

func (r *mdRenderer) heading(n *Node) string {
	level := 1
	if f, ok := n.attrNumber("level"); ok {
		level = int(math.Max(1, math.Min(6, f)))
	}
	prefix := strings.Repeat("#", level)
	text := r.inline(n.Content, inHeading)
	if text == "" {
		return prefix
	}
	return prefix + " " + text
}

// prefixLines puts prefix before every line, and blank before blank lines.
func prefixLines(lines []string, prefix, blank string) []string {
	out := make([]string, len(lines))
	for i, l := range lines {
		if l == "" {
			out[i] = blank
		} else {
			out[i] = prefix + l
		}
	}
	return out
}

// panelAlerts maps ADF panel types to GitHub alert kinds.
var panelAlerts = map[string]string{
	"info":    "NOTE",
	"note":    "IMPORTANT",
	"tip":     "TIP",
	"success": "TIP",
	"warning": "WARNING",
	"error":   "CAUTION",
	"custom":  "NOTE",
}

func (r *mdRenderer) panel(n *Node) []string {
	kind := panelAlerts[n.attrString("panelType")]
	if kind == "" {
		kind = "NOTE"
	}
	body := r.blocks(n.Content)
	out := []string{"> [!" + kind + "]"}
	if len(body) == 1 && body[0] == "" {
		return out
	}
	if len(n.Content) == 0 || n.Content[0] == nil || n.Content[0].Type != "paragraph" || len(body) == 0 || body[0] == "" {
		out = append(out, ">")
	}
	return append(out, prefixLines(body, "> ", ">")...)
}

func codeFence(n *Node) []string {
	var code strings.Builder
	for _, t := range n.Content {
		if t != nil {
			code.WriteString(t.Text)
		}
	}
	body := code.String()
	lang := n.attrString("language")
	char := byte('`')
	if strings.ContainsAny(lang, "`") {
		char = '~'
	}
	fence := strings.Repeat(string(char), max(3, longestRun(body, char)+1))
	lang = strings.ReplaceAll(lang, "\n", " ")
	out := []string{fence + escapeInfo(lang)}
	if body != "" {
		out = append(out, strings.Split(body, "\n")...)
	}
	return append(out, fence)
}

func longestRun(s string, c byte) int {
	best, cur := 0, 0
	for i := 0; i < len(s); i++ {
		if s[i] == c {
			cur++
			best = max(best, cur)
		} else {
			cur = 0
		}
	}
	return best
}

func (r *mdRenderer) expand(n *Node) []string {
	title := strings.Join(strings.Fields(n.attrString("title")), " ")
	out := []string{"<details>", "<summary>" + html.EscapeString(title) + "</summary>"}
	if body := r.blocks(n.Content); len(body) > 0 && !(len(body) == 1 && body[0] == "") {
		out = append(out, "")
		out = append(out, body...)
	}
	return append(out, "", "</details>")
}

func (r *mdRenderer) mediaSingle(n *Node) []string {
	var out []string
	for _, c := range n.Content {
		if c == nil {
			continue
		}
		switch c.Type {
		case "media":
			out = append(out, r.image(c, n.Marks))
		case "caption":
			if cap := r.inline(c.Content, inPara); cap != "" {
				out = append(out, "", cap)
			}
		default:
			out = append(out, r.block(c, false)...)
		}
	}
	if len(out) == 0 {
		return []string{"[image]"}
	}
	return out
}

// image renders external media as a Markdown image (linked if it carries a
// link mark) and attached files as a placeholder.
func (r *mdRenderer) image(m *Node, outer []*Mark) string {
	if m.attrString("type") != "external" {
		return mediaPlaceholder(m, "image")
	}
	img := "![" + escapeText(m.attrString("alt"), escCtx{}) + "](" + encodeDest(m.attrString("url"), false) + ")"
	for _, mk := range append(append([]*Mark{}, outer...), m.Marks...) {
		if mk != nil && mk.Type == "link" {
			return "[" + img + "](" + encodeDest(mk.attrString("href"), false) + ")"
		}
	}
	return img
}

func (r *mdRenderer) layout(n *Node) []string {
	cols := 0
	for _, c := range n.Content {
		if c != nil && c.Type == "layoutColumn" {
			cols++
		}
	}
	out := []string{"[" + strconv.Itoa(cols) + "-column layout]"}
	i := 0
	for _, c := range n.Content {
		if c == nil {
			continue
		}
		i++
		out = append(out, "", "[column "+strconv.Itoa(i)+"]")
		if body := r.blocks(c.Content); len(body) > 0 {
			out = append(out, "")
			out = append(out, body...)
		}
	}
	return append(out, "", "[end layout]")
}
