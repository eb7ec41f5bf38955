package adf

import (
	"bytes"
	"strings"

	gast "github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"
)

// inlines converts the inline children of a block. With skipFirstLine the
// first source line is left out (it held a GitHub alert marker).
func (c *mdConverter) inlines(n gast.Node, skipFirstLine bool) []*Node {
	w := &c.sh.walker
	if c.sh.walking {
		w = &inlineWalker{} // not expected: inline content holds no blocks
	} else {
		c.sh.walking = true
		defer func() { c.sh.walking = false }()
	}
	w.reset(c, n)
	if c.linkHere && carriesEscape(c.src, n) {
		w.giveUp()
	}
	skipping := skipFirstLine
	for ch := n.FirstChild(); ch != nil; ch = ch.NextSibling() {
		if skipping {
			if t, ok := ch.(*gast.Text); ok && (t.SoftLineBreak() || t.HardLineBreak()) {
				skipping = false
			}
			continue
		}
		w.inline(ch, nil)
	}
	w.flush()
	out := c.sh.nodeSlice(normalizeInline(w.out))
	clear(w.out)
	return out
}

// reset readies the walker for the inline content of block root, keeping
// its buffers.
func (w *inlineWalker) reset(c *mdConverter, root gast.Node) {
	if w.paired {
		clear(w.tagRole)
		w.paired = false
	}
	w.c, w.root = c, root
	w.out, w.html, w.htmlVer = w.out[:0], w.html[:0], 0
	w.buf, w.bufMarks = w.buf[:0], nil
	w.al.labels, w.al.spans, w.al.cands, w.al.next = 0, w.al.spans[:0], w.al.cands[:0], 0
	w.inLink = 0
	w.lastIn, w.lastVer, w.lastEff, w.hasCache = nil, 0, nil, false
}

// inlineWalker collects ADF inline nodes. Marks come from two sources: the
// goldmark tree (emphasis, links) and raw HTML tags such as <u>…</u>, which
// need not nest with the tree and are tracked as a flat list.
type inlineWalker struct {
	c       *mdConverter
	root    gast.Node
	out     []*Node
	html    []*Mark
	htmlVer int                   // bumped when html changes, for the effective() cache
	paired  bool                  // tagRole has been computed
	tagRole map[*gast.RawHTML]int // +1 opens a mark, -1 closes one; absent: literal text

	// Text is gathered here until the marks change, so runs of text become
	// one node without intermediate strings.
	buf      []byte
	bufMarks []*Mark

	al     autolinker // bare addresses, when the converter links them
	inLink int        // depth inside links, where nothing is linked again

	// effective() cache: the last tree marks seen and their result.
	lastIn   []*Mark
	lastVer  int
	lastEff  []*Mark
	hasCache bool
}

// htmlMarks maps the inline HTML tags this package understands to marks.
var htmlMarks = map[string]markKind{
	"u":      markUnderline,
	"ins":    markUnderline,
	"sub":    markSub,
	"sup":    markSup,
	"em":     markEm,
	"i":      markEm,
	"strong": markStrong,
	"b":      markStrong,
	"del":    markStrike,
	"s":      markStrike,
	"strike": markStrike,
}

// pairTags matches opening and closing formatting tags in document order;
// unmatched tags stay literal text.
func (w *inlineWalker) pairTags(n gast.Node) {
	type open struct {
		name string
		node *gast.RawHTML
	}
	var stack []open
	var visit func(gast.Node)
	visit = func(p gast.Node) {
		for ch := p.FirstChild(); ch != nil; ch = ch.NextSibling() {
			switch ch := ch.(type) {
			case *gast.Image:
				continue
			case *gast.RawHTML:
				name, closing, ok := simpleTag(w.c.rawHTML(ch))
				if _, known := htmlMarks[name]; !ok || !known {
					continue
				}
				if !closing {
					stack = append(stack, open{name, ch})
					continue
				}
				for i := len(stack) - 1; i >= 0; i-- {
					if stack[i].name == name {
						if w.tagRole == nil {
							w.tagRole = map[*gast.RawHTML]int{}
						}
						w.tagRole[stack[i].node] = 1
						w.tagRole[ch] = -1
						stack = append(stack[:i], stack[i+1:]...)
						break
					}
				}
			default:
				visit(ch)
			}
		}
	}
	visit(n)
}

func (c *mdConverter) rawHTML(n *gast.RawHTML) string {
	var b strings.Builder
	for i := 0; i < n.Segments.Len(); i++ {
		seg := n.Segments.At(i)
		b.Write(seg.Value(c.src))
	}
	return b.String()
}

// simpleTag parses <name>, </name>, <name/> or <name attr...>; it reports
// the lower-case name and whether the tag closes.
func simpleTag(raw string) (name string, closing, ok bool) {
	if len(raw) < 3 || raw[0] != '<' || raw[len(raw)-1] != '>' {
		return "", false, false
	}
	s := raw[1 : len(raw)-1]
	if strings.HasPrefix(s, "/") {
		closing = true
		s = s[1:]
	}
	i := 0
	for i < len(s) && (s[i] >= 'a' && s[i] <= 'z' || s[i] >= 'A' && s[i] <= 'Z' || i > 0 && s[i] >= '0' && s[i] <= '9') {
		i++
	}
	if i == 0 {
		return "", false, false
	}
	return strings.ToLower(s[:i]), closing, true
}

func (w *inlineWalker) inline(n gast.Node, marks []*Mark) {
	c := w.c
	src := c.src
	switch n := n.(type) {
	case *gast.Text:
		if c.linkHere && !n.IsRaw() {
			w.autoText(n, marks)
			return
		}
		seg := n.Segment.Value(src)
		w.startText(marks)
		if n.IsRaw() {
			w.buf = append(w.buf, seg...)
		} else {
			w.appendText(seg)
		}
		w.lineBreak(n)
	case *gast.String:
		w.text(n.Value, marks)
	case *gast.CodeSpan:
		b := c.sh.bytes[:0]
		for ch := n.FirstChild(); ch != nil; ch = ch.NextSibling() {
			switch t := ch.(type) {
			case *gast.Text:
				v := t.Segment.Value(src)
				if bytes.HasSuffix(v, []byte("\n")) {
					b = append(append(b, v[:len(v)-1]...), ' ')
				} else {
					b = append(b, v...)
				}
			case *gast.String:
				b = append(b, t.Value...)
			}
		}
		c.sh.bytes = b
		w.code(b, marks)
	case *gast.Emphasis:
		m := c.sh.mark(markEm)
		if n.Level >= 2 {
			m = c.sh.mark(markStrong)
		}
		w.children(n, w.withMark(marks, m))
	case *east.Strikethrough:
		w.children(n, w.withMark(marks, c.sh.mark(markStrike)))
	case *gast.Link:
		attrs := map[string]any{"href": c.decodedURL(n.Destination)}
		if n.Title != nil {
			if t := c.decoded(n.Title); t != "" {
				attrs["title"] = t
			}
		}
		w.inLink++
		w.children(n, w.withMark(marks, c.sh.arena.mark(Mark{Type: "link", Attrs: attrs})))
		w.inLink--
	case *gast.AutoLink:
		w.address(n.Label(src), n.Protocol, n.AutoLinkType, marks)
	case *gast.Image:
		img := c.node(Node{Type: "image", Attrs: map[string]any{
			"url": c.decodedURL(n.Destination),
			"alt": strings.TrimSpace(c.plainInline(n)),
		}})
		if l := lastMark(marks, "link"); l != nil {
			img.Marks = c.sh.markSlice(nil, l)
		}
		w.emit(img)
	case *gast.RawHTML:
		w.rawHTML(n, marks)
	case *east.TaskCheckBox:
		w.emit(c.checkbox(n.IsChecked))
	case *mentionNode:
		c.sh.bytes = append(append(c.sh.bytes[:0], '@'), n.name...)
		w.emit(c.node(Node{Type: "mention", Attrs: map[string]any{"id": n.id, "text": c.sh.str(c.sh.bytes)}}))
	case *statusNode:
		w.emit(c.node(Node{Type: "status", Attrs: map[string]any{"text": n.text, "color": n.color}}))
	case *dateNode:
		w.emit(c.node(Node{Type: "date", Attrs: map[string]any{"timestamp": n.timestamp}}))
	default:
		w.children(n, marks)
	}
}

// decodedURL resolves escapes and character references in a link
// destination, as decodeURL does.
func (c *mdConverter) decodedURL(dest []byte) string {
	if bytes.IndexByte(dest, '\\') < 0 && bytes.IndexByte(dest, '&') < 0 {
		return c.sh.str(dest)
	}
	return decodeURL(dest)
}

// address writes an autolink: its label linked to protocol://label (to
// the label when protocol is nil), with "mailto:" before an e-mail address
// that lacks it.
func (w *inlineWalker) address(label, protocol []byte, kind gast.AutoLinkType, marks []*Mark) {
	sh := w.c.sh
	const mailto = "mailto:"
	b := append(sh.bytes[:0], mailto...)
	if protocol != nil {
		b = append(append(b, protocol...), "://"...)
	}
	b = append(b, label...)
	sh.bytes = b
	href := b[len(mailto):]
	if kind == gast.AutoLinkEmail && !hasPrefixLower(href, mailto) {
		href = b
	}
	w.text(label, w.withMark(marks, sh.arena.mark(Mark{Type: "link", Attrs: map[string]any{"href": sh.str(href)}})))
}

// hasPrefixLower reports whether b in lower case starts with prefix, an
// ASCII lower-case string.
func hasPrefixLower(b []byte, prefix string) bool {
	if len(b) >= len(prefix) && isASCII(b[:len(prefix)]) {
		for i := range len(prefix) {
			c := b[i]
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			if c != prefix[i] {
				return false
			}
		}
		return true
	}
	return strings.HasPrefix(strings.ToLower(string(b)), prefix)
}

func (w *inlineWalker) children(n gast.Node, marks []*Mark) {
	for ch := n.FirstChild(); ch != nil; ch = ch.NextSibling() {
		w.inline(ch, marks)
	}
}

func (w *inlineWalker) rawHTML(n *gast.RawHTML, marks []*Mark) {
	raw := w.c.rawHTML(n)
	if strings.HasPrefix(raw, "<!--") {
		return // comments are not content
	}
	name, _, ok := simpleTag(raw)
	if ok && name == "br" && !strings.ContainsAny(raw, "\n") {
		w.emit(w.c.node(Node{Type: "hardBreak"}))
		return
	}
	kind, known := htmlMarks[name]
	if ok && known && !w.paired {
		w.pairTags(w.root)
		w.paired = true
	}
	switch w.tagRole[n] {
	case 1:
		w.html = append(w.html, w.c.sh.mark(kind))
		w.htmlVer++
	case -1:
		want := w.c.sh.mark(kind)
		for i := len(w.html) - 1; i >= 0; i-- {
			if w.html[i] == want {
				w.html = append(w.html[:i], w.html[i+1:]...)
				break
			}
		}
		w.htmlVer++
	default:
		w.text([]byte(strings.ReplaceAll(raw, "\n", " ")), marks)
	}
}

func (w *inlineWalker) text(s []byte, marks []*Mark) {
	if len(s) == 0 {
		return
	}
	w.startText(marks)
	w.buf = append(w.buf, s...)
}

// startText prepares the buffer for text with the given tree marks, ending
// the pending text node if its marks differ.
func (w *inlineWalker) startText(marks []*Mark) {
	eff := w.effective(marks)
	if len(w.buf) > 0 && !sameMarks(eff, w.bufMarks) {
		w.flush()
	}
	w.bufMarks = eff
}

// flush turns the pending text into a node. A line feed written as a
// character reference (&#10;) becomes a hard break, the ADF way to break a
// line.
func (w *inlineWalker) flush() {
	if len(w.buf) == 0 {
		return
	}
	rest := w.buf
	for {
		i := bytes.IndexByte(rest, '\n')
		if i < 0 {
			break
		}
		if i > 0 {
			w.out = append(w.out, w.c.node(Node{Type: "text", Text: w.c.sh.str(rest[:i]), Marks: w.bufMarks}))
		}
		w.out = append(w.out, w.c.node(Node{Type: "hardBreak"}))
		rest = rest[i+1:]
	}
	if len(rest) > 0 {
		w.out = append(w.out, w.c.node(Node{Type: "text", Text: w.c.sh.str(rest), Marks: w.bufMarks}))
	}
	w.buf = w.buf[:0]
}

// emit adds a node after the pending text.
func (w *inlineWalker) emit(n *Node) {
	w.flush()
	w.out = append(w.out, n)
}

// code adds code text, which in ADF may carry only a link besides code.
func (w *inlineWalker) code(s []byte, marks []*Mark) {
	if len(s) == 0 {
		return
	}
	sh := w.c.sh
	var ms []*Mark
	if l := lastMark(marks, "link"); l != nil {
		ms = sh.markSlice(nil, l, sh.mark(markCode))
	} else {
		ms = sh.markSlice(nil, sh.mark(markCode))
	}
	w.emit(w.c.node(Node{Type: "text", Text: sh.str(s), Marks: ms}))
}

// effective merges the tree's marks with those of open HTML tags: one mark
// per type (the innermost link wins), in a fixed order. Text inside one
// emphasis shares its marks slice, so the last result is reused.
func (w *inlineWalker) effective(marks []*Mark) []*Mark {
	if len(marks) == 0 && len(w.html) == 0 {
		return nil
	}
	if w.hasCache && w.lastVer == w.htmlVer && len(marks) == len(w.lastIn) && (len(marks) == 0 || &marks[0] == &w.lastIn[0]) {
		return w.lastEff
	}
	eff := w.computeEffective(marks)
	w.lastIn, w.lastVer, w.lastEff, w.hasCache = marks, w.htmlVer, eff, true
	return eff
}

func (w *inlineWalker) computeEffective(marks []*Mark) []*Mark {
	var buf [8]*Mark
	out := buf[:0]
	add := func(m *Mark) {
		for i, o := range out {
			if o.Type == m.Type {
				out[i] = m
				return
			}
		}
		out = append(out, m)
	}
	for _, m := range marks {
		add(m)
	}
	for _, m := range w.html {
		add(m)
	}
	sortMarks(out)
	return w.c.sh.markSlice(out)
}

// withMark returns marks followed by m.
func (w *inlineWalker) withMark(marks []*Mark, m *Mark) []*Mark {
	return w.c.sh.markSlice(marks, m)
}

func lastMark(marks []*Mark, typ string) *Mark {
	for i := len(marks) - 1; i >= 0; i-- {
		if marks[i].Type == typ {
			return marks[i]
		}
	}
	return nil
}

// plainInline returns the text of an inline subtree, such as an image's alt.
func (c *mdConverter) plainInline(n gast.Node) string {
	var b strings.Builder
	var visit func(gast.Node)
	visit = func(p gast.Node) {
		for ch := p.FirstChild(); ch != nil; ch = ch.NextSibling() {
			switch ch := ch.(type) {
			case *gast.Text:
				if ch.IsRaw() {
					b.Write(ch.Segment.Value(c.src))
				} else {
					b.WriteString(decodeText(ch.Segment.Value(c.src)))
				}
				if c.linkHere {
					b.Write(linkifyKeptSpace(c.src, ch))
				}
				if ch.SoftLineBreak() || ch.HardLineBreak() {
					b.WriteByte(' ')
				}
			case *gast.String:
				b.Write(ch.Value)
			case *gast.AutoLink:
				b.Write(ch.Label(c.src))
			case *mentionNode:
				b.WriteByte('@')
				b.WriteString(ch.name)
			case *statusNode:
				b.WriteString(ch.text)
			case *gast.RawHTML:
				// tags are not text
			default:
				visit(ch)
			}
		}
	}
	visit(n)
	return b.String()
}
