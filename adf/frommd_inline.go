package adf

import (
	"bytes"
	"reflect"
	"strconv"
	"strings"
	"unicode/utf8"

	gast "github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/util"
)

// inlines converts the inline children of a block. With skipFirstLine the
// first source line is left out (it held a GitHub alert marker).
func (c *mdConverter) inlines(n gast.Node, skipFirstLine bool) []*Node {
	w := &inlineWalker{c: c, root: n, buf: c.textBuf[:0]}
	defer func() { c.textBuf = w.buf }()
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
	return normalizeInline(w.out)
}

// inlinesSkipping is inlines under the name paragraph() reads best with.
func (c *mdConverter) inlinesSkipping(n gast.Node, skipFirstLine bool) []*Node {
	return c.inlines(n, skipFirstLine)
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

	// effective() cache: the last tree marks seen and their result.
	lastIn   []*Mark
	lastVer  int
	lastEff  []*Mark
	hasCache bool
}

// htmlMarks maps the inline HTML tags this package understands to marks.
var htmlMarks = map[string]*Mark{
	"u":      {Type: "underline"},
	"ins":    {Type: "underline"},
	"sub":    {Type: "subsup", Attrs: map[string]any{"type": "sub"}},
	"sup":    {Type: "subsup", Attrs: map[string]any{"type": "sup"}},
	"em":     {Type: "em"},
	"i":      {Type: "em"},
	"strong": {Type: "strong"},
	"b":      {Type: "strong"},
	"del":    {Type: "strike"},
	"s":      {Type: "strike"},
	"strike": {Type: "strike"},
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
				if !ok || htmlMarks[name] == nil {
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
	src := w.c.src
	switch n := n.(type) {
	case *gast.Text:
		seg := n.Segment.Value(src)
		w.startText(marks)
		if n.IsRaw() {
			w.buf = append(w.buf, seg...)
		} else {
			if bytes.IndexByte(seg, '\n') >= 0 {
				// A source newline inside text reads as a space, like a
				// soft break; newlines written as &#10; stay.
				seg = bytes.ReplaceAll(seg, []byte("\n"), []byte(" "))
			}
			w.buf = appendDecoded(w.buf, seg)
		}
		if n.HardLineBreak() {
			w.emit(w.c.node(Node{Type: "hardBreak"}))
		} else if n.SoftLineBreak() {
			w.buf = append(w.buf, ' ')
		}
	case *gast.String:
		w.text(string(n.Value), marks)
	case *gast.CodeSpan:
		var b strings.Builder
		for ch := n.FirstChild(); ch != nil; ch = ch.NextSibling() {
			switch t := ch.(type) {
			case *gast.Text:
				v := t.Segment.Value(src)
				if bytes.HasSuffix(v, []byte("\n")) {
					b.Write(v[:len(v)-1])
					b.WriteByte(' ')
				} else {
					b.Write(v)
				}
			case *gast.String:
				b.Write(t.Value)
			}
		}
		w.code(b.String(), marks)
	case *gast.Emphasis:
		m := &Mark{Type: "em"}
		if n.Level >= 2 {
			m = &Mark{Type: "strong"}
		}
		w.children(n, withMark(marks, m))
	case *east.Strikethrough:
		w.children(n, withMark(marks, &Mark{Type: "strike"}))
	case *gast.Link:
		attrs := map[string]any{"href": decodeURL(n.Destination)}
		if n.Title != nil {
			if t := decodeText(n.Title); t != "" {
				attrs["title"] = t
			}
		}
		w.children(n, withMark(marks, &Mark{Type: "link", Attrs: attrs}))
	case *gast.AutoLink:
		href := string(n.URL(src))
		if n.AutoLinkType == gast.AutoLinkEmail && !strings.HasPrefix(strings.ToLower(href), "mailto:") {
			href = "mailto:" + href
		}
		w.text(string(n.Label(src)), withMark(marks, &Mark{Type: "link", Attrs: map[string]any{"href": href}}))
	case *gast.Image:
		img := &Node{Type: "image", Attrs: map[string]any{
			"url": decodeURL(n.Destination),
			"alt": strings.TrimSpace(w.c.plainInline(n)),
		}}
		if l := lastMark(marks, "link"); l != nil {
			img.Marks = []*Mark{l}
		}
		w.emit(img)
	case *gast.RawHTML:
		w.rawHTML(n, marks)
	case *east.TaskCheckBox:
		w.emit(&Node{Type: "checkbox", Attrs: map[string]any{"checked": n.IsChecked}})
	case *mentionNode:
		w.emit(&Node{Type: "mention", Attrs: map[string]any{"id": n.id, "text": "@" + n.name}})
	case *statusNode:
		w.emit(&Node{Type: "status", Attrs: map[string]any{"text": n.text, "color": n.color}})
	case *dateNode:
		w.emit(&Node{Type: "date", Attrs: map[string]any{"timestamp": n.timestamp}})
	default:
		w.children(n, marks)
	}
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
	name, closing, ok := simpleTag(raw)
	if ok && name == "br" && !strings.ContainsAny(raw, "\n") {
		w.emit(&Node{Type: "hardBreak"})
		return
	}
	if ok && htmlMarks[name] != nil && !w.paired {
		w.pairTags(w.root)
		w.paired = true
	}
	switch w.tagRole[n] {
	case 1:
		w.html = append(w.html, htmlMarks[name])
		w.htmlVer++
	case -1:
		want := htmlMarks[name]
		for i := len(w.html) - 1; i >= 0; i-- {
			if w.html[i] == want {
				w.html = append(w.html[:i], w.html[i+1:]...)
				break
			}
		}
		w.htmlVer++
	default:
		_ = closing
		w.text(strings.ReplaceAll(raw, "\n", " "), marks)
	}
}

func (w *inlineWalker) text(s string, marks []*Mark) {
	if s == "" {
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

// flush turns the pending text into a node.
func (w *inlineWalker) flush() {
	if len(w.buf) > 0 {
		w.out = append(w.out, w.c.node(Node{Type: "text", Text: string(w.buf), Marks: w.bufMarks}))
		w.buf = w.buf[:0]
	}
}

// emit adds a node after the pending text.
func (w *inlineWalker) emit(n *Node) {
	w.flush()
	w.out = append(w.out, n)
}

// code adds code text, which in ADF may carry only a link besides code.
func (w *inlineWalker) code(s string, marks []*Mark) {
	if s == "" {
		return
	}
	ms := []*Mark{{Type: "code"}}
	if l := lastMark(marks, "link"); l != nil {
		ms = []*Mark{l, ms[0]}
	}
	w.emit(&Node{Type: "text", Text: s, Marks: ms})
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
	out := make([]*Mark, 0, len(marks)+len(w.html))
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
	return out
}

func withMark(marks []*Mark, m *Mark) []*Mark {
	return append(marks[:len(marks):len(marks)], m)
}

func lastMark(marks []*Mark, typ string) *Mark {
	for i := len(marks) - 1; i >= 0; i-- {
		if marks[i].Type == typ {
			return marks[i]
		}
	}
	return nil
}

// markRank orders marks so that equal sets compare equal.
var markRank = map[string]int{
	"link": 1, "em": 2, "strong": 3, "strike": 4, "underline": 5, "subsup": 6,
	"code": 7, "textColor": 8, "backgroundColor": 9, "annotation": 10,
}

func sortMarks(ms []*Mark) {
	for i := 1; i < len(ms); i++ {
		for j := i; j > 0 && markRank[ms[j].Type] < markRank[ms[j-1].Type]; j-- {
			ms[j], ms[j-1] = ms[j-1], ms[j]
		}
	}
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
				if ch.SoftLineBreak() || ch.HardLineBreak() {
					b.WriteByte(' ')
				}
			case *gast.String:
				b.Write(ch.Value)
			case *gast.AutoLink:
				b.Write(ch.Label(c.src))
			case *mentionNode:
				b.WriteString("@" + ch.name)
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

// normalizeInline drops empty text, merges neighbouring text with equal
// marks, and trims hard breaks from both ends.
func normalizeInline(in []*Node) []*Node {
	out := in[:0]
	for _, n := range in {
		if n.Type == "text" && n.Text == "" {
			continue
		}
		if n.Type == "text" && len(out) > 0 {
			prev := out[len(out)-1]
			if prev.Type == "text" && sameMarks(prev.Marks, n.Marks) {
				out[len(out)-1] = &Node{Type: "text", Text: prev.Text + n.Text, Marks: prev.Marks}
				continue
			}
		}
		out = append(out, n)
	}
	return trimBreaks(out)
}

func trimBreaks(in []*Node) []*Node {
	for len(in) > 0 && in[0].Type == "hardBreak" {
		in = in[1:]
	}
	for len(in) > 0 && in[len(in)-1].Type == "hardBreak" {
		in = in[:len(in)-1]
	}
	if len(in) == 0 {
		return nil
	}
	return in
}

// trimSpaceEdges removes spaces and hard breaks where a paragraph was split
// around an image.
func trimSpaceEdges(in []*Node) []*Node {
	for len(in) > 0 {
		in = trimBreaks(in)
		if len(in) == 0 || in[0].Type != "text" {
			break
		}
		t := strings.TrimLeft(in[0].Text, " \t")
		if t != "" {
			in[0] = &Node{Type: "text", Text: t, Marks: in[0].Marks}
			break
		}
		in = in[1:]
	}
	for len(in) > 0 {
		in = trimBreaks(in)
		last := len(in) - 1
		if len(in) == 0 || in[last].Type != "text" {
			break
		}
		t := strings.TrimRight(in[last].Text, " \t")
		if t != "" {
			in[last] = &Node{Type: "text", Text: t, Marks: in[last].Marks}
			break
		}
		in = in[:last]
	}
	return in
}

func hasImage(inl []*Node) bool {
	for _, n := range inl {
		if n.Type == "image" {
			return true
		}
	}
	return false
}

// imagesToText turns images into linked text (the alt text, or the address),
// for places where ADF allows no media.
func imagesToText(inl []*Node) []*Node {
	out := inl[:0]
	for _, n := range inl {
		if n.Type != "image" {
			out = append(out, n)
			continue
		}
		url, alt := n.attrString("url"), n.attrString("alt")
		label := alt
		if label == "" {
			label = url
		}
		if label == "" {
			continue
		}
		t := &Node{Type: "text", Text: label}
		switch {
		case len(n.Marks) > 0:
			t.Marks = n.Marks
		case url != "":
			t.Marks = []*Mark{{Type: "link", Attrs: map[string]any{"href": url}}}
		}
		out = append(out, t)
	}
	return out
}

func sameMarks(a, b []*Mark) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if !sameMark(a[i], b[i]) {
			return false
		}
	}
	return true
}

func sameMark(a, b *Mark) bool {
	if a == b {
		return true
	}
	if a == nil || b == nil || a.Type != b.Type || len(a.Attrs) != len(b.Attrs) {
		return false
	}
	for k, v := range a.Attrs {
		w, ok := b.Attrs[k]
		if !ok {
			return false
		}
		if sv, ok := v.(string); ok {
			if sw, ok := w.(string); !ok || sv != sw {
				return false
			}
			continue
		}
		if !reflect.DeepEqual(v, w) {
			return false
		}
	}
	return true
}

// decodeURL resolves escapes and character references in a link
// destination, exactly as goldmark does before rendering it.
func decodeURL(dest []byte) string {
	return string(util.ResolveEntityNames(util.ResolveNumericReferences(util.UnescapePunctuations(dest))))
}

// decodeText resolves backslash escapes and character references in text,
// mirroring goldmark's HTML writer (so the text is what a reader sees).
func decodeText(src []byte) string {
	if bytes.IndexByte(src, '\\') < 0 && bytes.IndexByte(src, '&') < 0 {
		return string(src)
	}
	return string(appendDecoded(nil, src))
}

// appendDecoded appends the decoded form of src (see decodeText) to dst.
func appendDecoded(dst, src []byte) []byte {
	if bytes.IndexByte(src, '\\') < 0 && bytes.IndexByte(src, '&') < 0 {
		return append(dst, src...)
	}
	escaped := false
	n := 0
	for i := 0; i < len(src); i++ {
		c := src[i]
		if escaped {
			escaped = false
			if util.IsPunct(c) {
				dst = append(dst, src[n:i-1]...)
				n = i
				continue
			}
		}
		if c == '&' {
			if r, end, ok := charRef(src, i); ok {
				dst = append(dst, src[n:i]...)
				dst = append(dst, r...)
				n = end
				i = end - 1
				continue
			}
		}
		if c == '\\' {
			escaped = true
		}
	}
	return append(dst, src[n:]...)
}

// charRef decodes the character reference starting at src[i] ('&'); end is
// the index after its ';'.
func charRef(src []byte, i int) (string, int, bool) {
	j := i + 1
	if j < len(src) && src[j] == '#' {
		j++
		if j < len(src) && (src[j] == 'x' || src[j] == 'X') {
			start := j + 1
			k := start
			for k < len(src) && util.IsHexDecimal(src[k]) {
				k++
			}
			if k > start && k < len(src) && src[k] == ';' && k-start < 7 {
				v, _ := strconv.ParseUint(string(src[start:k]), 16, 32)
				return string(validRune(rune(v))), k + 1, true
			}
			return "", 0, false
		}
		start := j
		k := start
		for k < len(src) && util.IsNumeric(src[k]) {
			k++
		}
		if k > start && k < len(src) && src[k] == ';' && k-start < 8 {
			v, _ := strconv.ParseUint(string(src[start:k]), 10, 32)
			return string(validRune(rune(v))), k + 1, true
		}
		return "", 0, false
	}
	k := j
	for k < len(src) && util.IsAlphaNumeric(src[k]) {
		k++
	}
	if k > j && k < len(src) && src[k] == ';' {
		if e, ok := util.LookUpHTML5EntityByName(string(src[j:k])); ok {
			return string(e.Characters), k + 1, true
		}
	}
	return "", 0, false
}

func validRune(r rune) rune {
	if r == 0 || !utf8.ValidRune(r) {
		return utf8.RuneError
	}
	return r
}
