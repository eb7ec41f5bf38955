package adf

import (
	"strings"

	gast "github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
)

// inlineCtx says where inline content is written: paragraph lines (hard
// breaks as a backslash and newline), or a heading or table cell, which must
// stay on one line (hard breaks as <br>).
type inlineCtx uint8

const (
	inPara inlineCtx = iota
	inHeading
	inCell
)

type tokKind uint8

const (
	tokText   tokKind = iota // text, escaped when written
	tokSyntax                // Markdown syntax, written as is
	tokBreak                 // a hard line break
)

type token struct {
	kind tokKind
	s    string
}

// inline renders inline nodes. Emphasis is written with * ** ~~ and checked
// by parsing the result back; where CommonMark's delimiter rules would read
// it differently, the paragraph is written with <em>, <strong> and <del>.
func (r *mdRenderer) inline(nodes []*Node, ctx inlineCtx) string {
	items := prepareInline(nodes)
	toks, delims := tokenize(items, ctx, false)
	s := serialize(toks, ctx)
	if !delims {
		return s
	}
	// Check the emphasis with every other inline node standing in as a code
	// span: both are atomic punctuation-bounded units to the delimiter
	// rules, and code spans parse back exactly, unlike placeholders.
	checkCtx := ctx
	if ctx == inCell {
		checkCtx = inHeading // the same, but pipes in code spans stay as they are
	}
	checkItems := normalizeInline(asCheckable(items))
	t, _ := tokenize(checkItems, checkCtx, false)
	if inlineRoundTrips(serialize(t, checkCtx), checkItems) {
		return s
	}
	toks, _ = tokenize(items, ctx, true)
	return serialize(toks, ctx)
}

// renderedMarks are the marks Markdown can show; others (colours,
// annotations) are dropped from the rendering.
var renderedMarks = map[string]bool{
	"link": true, "em": true, "strong": true, "strike": true, "underline": true, "subsup": true, "code": true,
}

// prepareInline copies the nodes, keeps only renderable marks, turns line
// feeds in text into hard breaks, merges neighbouring text with equal marks
// and trims hard breaks from the ends.
func prepareInline(nodes []*Node) []*Node {
	var out []*Node
	for _, n := range nodes {
		if n == nil {
			continue
		}
		if n.Type != "text" {
			out = append(out, n)
			continue
		}
		var ms []*Mark
		code := false
		for _, m := range n.Marks {
			if m != nil && m.Type == "code" {
				code = true
			}
		}
		for _, m := range n.Marks {
			if m == nil || !renderedMarks[m.Type] || (code && m.Type != "code" && m.Type != "link") {
				continue
			}
			if lastMark(ms, m.Type) == nil {
				ms = append(ms, m)
			}
		}
		sortMarks(ms)
		if code || !strings.Contains(n.Text, "\n") {
			out = append(out, &Node{Type: "text", Text: n.Text, Marks: ms})
			continue
		}
		// A line feed inside text shows as a line break.
		for i, part := range strings.Split(n.Text, "\n") {
			if i > 0 {
				out = append(out, &Node{Type: "hardBreak"})
			}
			out = append(out, &Node{Type: "text", Text: part, Marks: ms})
		}
	}
	return normalizeInline(out)
}

func hasMark(n *Node, typ string) bool {
	for _, m := range n.Marks {
		if m != nil && m.Type == typ {
			return true
		}
	}
	return false
}

// spanMarks returns the marks of plain text that open Markdown spans.
func spanMarks(n *Node) []*Mark {
	if n.Type != "text" || hasMark(n, "code") {
		return nil
	}
	return n.Marks
}

// transparent nodes cannot carry formatting in ADF (mentions, code text…);
// formatting around them stays open when text on both sides shares it.
func transparent(n *Node) bool {
	return n.Type != "text" || hasMark(n, "code")
}

// tokenize turns inline nodes into tokens, opening and closing mark spans
// as a stack. It reports whether it wrote any * ** or ~~ delimiter.
func tokenize(items []*Node, ctx inlineCtx, htmlEmphasis bool) ([]token, bool) {
	var toks []token
	var active []*Mark
	delims := false
	closeTo := func(k int) {
		for j := len(active) - 1; j >= k; j-- {
			s, d := closeMark(active[j], ctx, htmlEmphasis)
			delims = delims || d
			toks = append(toks, token{tokSyntax, s})
		}
		active = active[:k]
	}
	for i, n := range items {
		var want []*Mark
		auto := ""
		if transparent(n) {
			next := nextSpanMarks(items, i+1)
			for _, m := range active {
				if m.Type != "link" && markIn(next, m) {
					want = append(want, m)
				}
			}
			if n.Type == "text" {
				if l := lastMark(n.Marks, "link"); l != nil {
					want = append(want, l)
				}
			}
		} else {
			want = spanMarks(n)
			if l := lastMark(want, "link"); l != nil && !markIn(active, l) &&
				(i+1 >= len(items) || !markIn(items[i+1].Marks, l)) {
				if a, ok := autolink(n.Text, l, ctx); ok {
					auto = a
					want = withoutMark(want, l)
				}
			}
		}
		k := 0
		for k < len(active) && markIn(want, active[k]) {
			k++
		}
		closeTo(k)
		for _, m := range orderOpens(items, i, want, active) {
			s, d := openMark(m, htmlEmphasis)
			delims = delims || d
			toks = append(toks, token{tokSyntax, s})
			active = append(active, m)
		}
		if auto != "" {
			toks = append(toks, token{tokSyntax, auto})
			continue
		}
		toks = append(toks, inlineTokens(n, ctx)...)
	}
	closeTo(0)
	return toks, delims
}

func nextSpanMarks(items []*Node, from int) []*Mark {
	for j := from; j < len(items); j++ {
		if !transparent(items[j]) {
			return spanMarks(items[j])
		}
	}
	return nil
}

func withoutMark(list []*Mark, m *Mark) []*Mark {
	var out []*Mark
	for _, x := range list {
		if x != m {
			out = append(out, x)
		}
	}
	return out
}

func markIn(list []*Mark, m *Mark) bool {
	for _, x := range list {
		if sameMark(x, m) {
			return true
		}
	}
	return false
}

// orderOpens returns the marks of want that are not open yet, the longest
// running first (a link before others on a tie), so spans nest well.
func orderOpens(items []*Node, i int, want, active []*Mark) []*Mark {
	var opens []*Mark
	for _, m := range want {
		if !markIn(active, m) {
			opens = append(opens, m)
		}
	}
	if len(opens) < 2 {
		return opens
	}
	runs := make([]int, len(opens))
	for k, m := range opens {
		for j := i; j < len(items); j++ {
			if transparent(items[j]) && j > i {
				continue
			}
			if !markIn(items[j].Marks, m) {
				break
			}
			runs[k]++
		}
	}
	for a := 1; a < len(opens); a++ {
		for b := a; b > 0; b-- {
			ra, rb := runs[b], runs[b-1]
			if ra > rb || (ra == rb && opens[b].Type == "link" && opens[b-1].Type != "link") {
				opens[b], opens[b-1] = opens[b-1], opens[b]
				runs[b], runs[b-1] = runs[b-1], runs[b]
			} else {
				break
			}
		}
	}
	return opens
}

func openMark(m *Mark, htmlEmphasis bool) (string, bool) {
	switch m.Type {
	case "link":
		return "[", false
	case "em":
		if htmlEmphasis {
			return "<em>", false
		}
		return "*", true
	case "strong":
		if htmlEmphasis {
			return "<strong>", false
		}
		return "**", true
	case "strike":
		if htmlEmphasis {
			return "<del>", false
		}
		return "~~", true
	case "underline":
		return "<u>", false
	case "subsup":
		if m.attrString("type") == "sup" {
			return "<sup>", false
		}
		return "<sub>", false
	}
	return "", false
}

func closeMark(m *Mark, ctx inlineCtx, htmlEmphasis bool) (string, bool) {
	switch m.Type {
	case "link":
		s := "](" + encodeDest(m.attrString("href"), ctx == inCell)
		if t := m.attrString("title"); t != "" {
			s += ` "` + escapeTitle(t, ctx == inCell) + `"`
		}
		return s + ")", false
	case "underline":
		return "</u>", false
	case "subsup":
		if m.attrString("type") == "sup" {
			return "</sup>", false
		}
		return "</sub>", false
	}
	s, d := openMark(m, htmlEmphasis)
	if strings.HasPrefix(s, "<") {
		s = "</" + s[1:]
	}
	return s, d
}

// inlineTokens renders one inline node.
func inlineTokens(n *Node, ctx inlineCtx) []token {
	switch n.Type {
	case "text":
		if hasMark(n, "code") {
			return []token{{tokSyntax, codeSpan(n.Text, ctx == inCell)}}
		}
		return []token{{tokText, n.Text}}
	case "hardBreak":
		return []token{{tokBreak, ""}}
	case "mention":
		return mentionTokens(n)
	case "emoji":
		t := n.attrString("text")
		if t == "" {
			t = n.attrString("shortName")
		}
		if t == "" {
			return []token{{tokSyntax, "[emoji]"}}
		}
		return []token{{tokText, t}}
	case "status":
		return []token{statusToken(n, ctx)}
	case "date":
		if d, ok := formatDate(n.attrString("timestamp")); ok {
			return []token{{tokSyntax, "{date:" + d + "}"}}
		}
		return []token{{tokSyntax, "[date: " + placeholderText(n.attrString("timestamp")) + "]"}}
	case "inlineCard":
		u := n.attrString("url")
		if u == "" {
			return []token{{tokSyntax, "[smart link]"}}
		}
		if isAutolinkURI(u) && !(ctx == inCell && strings.Contains(u, "|")) {
			return []token{{tokSyntax, "<" + u + ">"}}
		}
		return []token{{tokSyntax, "["}, {tokText, u}, {tokSyntax, "](" + encodeDest(u, ctx == inCell) + ")"}}
	case "placeholder":
		return []token{{tokSyntax, "[placeholder: " + placeholderText(n.attrString("text")) + "]"}}
	case "inlineExtension":
		return []token{{tokSyntax, macroPlaceholder(n)}}
	case "mediaInline":
		return []token{{tokSyntax, mediaPlaceholder(n, "file")}}
	}
	if len(n.Content) > 0 {
		return []token{{tokSyntax, "[" + placeholderText(n.Type) + ": "}, {tokText, PlainText(n)}, {tokSyntax, "]"}}
	}
	return []token{{tokSyntax, "[" + placeholderText(n.Type) + "]"}}
}

func asCheckable(items []*Node) []*Node {
	out := make([]*Node, len(items))
	for i, n := range items {
		if n.Type == "text" || n.Type == "hardBreak" {
			out[i] = n
			continue
		}
		out[i] = &Node{Type: "text", Text: "x", Marks: []*Mark{{Type: "code"}}}
	}
	return out
}

// markdownInline converts md to inline nodes; para says whether md was one
// paragraph (or nothing). exact is false when the converter links bare
// addresses (linkHere) and cannot do so exactly as Linkify would.
func markdownInline(md string, p parser.Parser, linkHere bool) (nodes []*Node, para, exact bool) {
	c := newConverter([]byte(md), Confluence, p, linkHere)
	defer c.sh.releaseTrees()
	root := c.parse(c.src)
	switch first := root.FirstChild(); {
	case first == nil:
		return nil, true, true
	case first.NextSibling() != nil || first.Kind() != gast.KindParagraph:
		return nil, false, true
	}
	nodes = c.inlines(root.FirstChild(), false)
	return nodes, true, !c.sh.linkifyNeeded
}

// inlineRoundTrips parses rendered inline Markdown back and reports whether
// it gives the same nodes.
func inlineRoundTrips(md string, items []*Node) bool {
	got, para, exact := markdownInline(md, markdownParser(), true)
	if !exact {
		got, para, _ = markdownInline(md, linkifyMarkdownParser(), false)
	}
	if !para {
		return false
	}
	want := prepareInline(items)
	if len(got) != len(want) {
		return false
	}
	for i := range got {
		if got[i].Type != want[i].Type || got[i].Text != want[i].Text || !sameMarks(got[i].Marks, want[i].Marks) {
			return false
		}
	}
	return true
}
