package adf

import (
	"bytes"
	"log/slog"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/yuin/goldmark"
	gast "github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// A Flavor selects the product a document is written for; the two differ in
// how Markdown task lists come out.
type Flavor int

const (
	// Confluence turns "- [ ] item" into taskList/taskItem nodes.
	Confluence Flavor = iota
	// Jira turns "- [ ] item" into a bullet list whose items start with ☐ or ☑.
	Jira
)

// String returns "confluence" or "jira".
func (f Flavor) String() string {
	if f == Jira {
		return "jira"
	}
	return "confluence"
}

const (
	uncheckedBox = "☐"
	checkedBox   = "☑"
	// maxListDepth bounds list nesting; deeper lists are flattened into
	// their parent item.
	maxListDepth = 16
	// maxDetailsDepth bounds how deeply <details> blocks re-parse their body.
	maxDetailsDepth = 8
	// maxDetailsNest bounds nested <details> blocks; ADF nests two at most.
	maxDetailsNest = 32
)

// newMarkdown returns goldmark with GitHub's extensions but Linkify (see
// frommd_autolink.go), the ADF syntax and the extra extensions given. Its
// parser is goldmark's default one but for linkRefGate.
func newMarkdown(extra ...goldmark.Extender) goldmark.Markdown {
	p := parser.NewParser(
		parser.WithBlockParsers(parser.DefaultBlockParsers()...),
		parser.WithInlineParsers(parser.DefaultInlineParsers()...),
		parser.WithParagraphTransformers(util.Prioritized(linkRefGate{}, 100)),
	)
	exts := []goldmark.Extender{extension.Table, extension.Strikethrough, extension.TaskList, adfSyntax{}}
	return goldmark.New(goldmark.WithParser(p), goldmark.WithExtensions(append(exts, extra...)...))
}

// linkRefGate is goldmark's transformer that reads link reference
// definitions, asked only about paragraphs that may begin with one: it
// makes a reader for every paragraph, and a definition begins with "[" and
// has "]:" after its label.
type linkRefGate struct{}

// Transform implements parser.ParagraphTransformer.
func (linkRefGate) Transform(node *gast.Paragraph, reader text.Reader, pc parser.Context) {
	if mayDefineLink(node.Lines(), reader.Source()) {
		parser.LinkReferenceParagraphTransformer.Transform(node, reader, pc)
	}
}

// mayDefineLink reports whether lines may begin with a link reference
// definition: the first non-space byte is "[" (or the first line is blank)
// and some line holds "]:". Otherwise goldmark's transformer would find no
// definition and change nothing.
func mayDefineLink(lines *text.Segments, src []byte) bool {
	if lines.Len() == 0 {
		return true
	}
	seg := lines.At(0)
	first := seg.Value(src)
	i := 0
	for i < len(first) && util.IsSpace(first[i]) {
		i++
	}
	if i < len(first) && first[i] != '[' {
		return false
	}
	for j := 0; j < lines.Len(); j++ {
		seg := lines.At(j)
		if bytes.Contains(seg.Value(src), []byte("]:")) {
			return true
		}
	}
	return false
}

// The parsers are built once: goldmark parsers are immutable after
// construction and safe for concurrent use. markdownParser leaves bare
// addresses to the converter; linkifyMarkdownParser links them itself, for
// the documents the converter cannot link exactly.
var (
	markdownParser        = sync.OnceValue(func() parser.Parser { return newMarkdown().Parser() })
	linkifyMarkdownParser = sync.OnceValue(func() parser.Parser { return newMarkdown(extension.Linkify).Parser() })
)

// FromMarkdown converts Markdown (CommonMark with GitHub's extensions and the
// ADF syntax described in the package documentation) to an ADF doc node. The
// result is always a valid document: anything ADF cannot hold where it stands
// degrades to plain text or is unwrapped into its parent.
func FromMarkdown(md string, f Flavor) *Node {
	doc := fromMarkdown(md, f)
	if err := Validate(doc); err != nil {
		// A conversion bug must not reach Atlassian as an invalid document:
		// fall back to the text, line by line. Tests keep this path unused.
		slog.Warn("adf: Markdown conversion produced an invalid document; sending plain text instead", "error", err)
		return plainDoc(md)
	}
	return doc
}

// fromMarkdown is FromMarkdown without the safety net, for tests.
func fromMarkdown(md string, f Flavor) *Node {
	md = normalizeSource(md)
	if doc := convertParallel(md, f, pieceSize/2, parallelPieces(len(md)), parallelWorkers()); doc != nil {
		return doc
	}
	return convertWhole(md, f)
}

// convertWhole converts normalised md in one piece.
func convertWhole(md string, f Flavor) *Node {
	if doc := convertMarkdown(md, f, markdownParser(), true); doc != nil {
		return doc
	}
	return convertMarkdown(md, f, linkifyMarkdownParser(), false)
}

// convertMarkdown converts normalised md with the given goldmark parser,
// which also reads the bodies of <details> blocks. With linkHere the parser
// has no Linkify and the converter links bare addresses itself; it returns
// nil when it cannot do so exactly as Linkify would.
func convertMarkdown(md string, f Flavor, p parser.Parser, linkHere bool) *Node {
	c := newConverter([]byte(md), f, p, linkHere)
	content := c.blocks(c.parse(c.src), "doc")
	c.sh.releaseTrees()
	if c.sh.linkifyNeeded {
		return nil
	}
	if content == nil {
		content = []*Node{}
	}
	return c.node(Node{Type: "doc", Content: content})
}

// mdConverter walks a goldmark tree. ctx names the content rule (see
// contentRules) of the ADF parent being filled, so each construct can check
// whether ADF allows it there. Converters append the nodes they make to a
// list they are given and return it.
type mdConverter struct {
	src          []byte
	flavor       Flavor
	parser       parser.Parser   // reads the document and <details> bodies
	linkHere     bool            // link bare addresses (the parser does not)
	anchors      *addressAnchors // of src, for linking addresses
	sh           *conversion     // shared with converters of <details> bodies
	listDepth    int
	detailsDepth int // <details> bodies re-parsed as Markdown, nested
	detailsNest  int // <details> blocks being converted, nested
}

// conversion is what the converters of one document share: the memory of
// the result, the generated ids, and lists and buffers reused while
// building it.
type conversion struct {
	*arena
	ids           int
	linkifyNeeded bool // an address could not be linked exactly
	pairs         *detailsPairs
	marks         [numMarkKinds]*Mark
	lists         [][]*Node // lists of nodes being built, by depth
	depth         int
	walker        inlineWalker
	walking       bool
	bytes         []byte // scratch for rawBytes and decoded
	// trees holds the goldmark trees parsed for this conversion, from
	// parsed bytes of Markdown; see parse.
	trees  *gast.Allocator
	parsed int
}

func newConverter(src []byte, f Flavor, p parser.Parser, linkHere bool) *mdConverter {
	return &mdConverter{src: src, flavor: f, parser: p, linkHere: linkHere,
		sh: &conversion{arena: newArena(len(src))}}
}

// node returns a new node holding n's fields.
func (c *mdConverter) node(n Node) *Node { return c.sh.node(&n) }

// borrow returns an empty list to build a node's content in; every borrow
// is paired with a keep or release, innermost first.
func (s *conversion) borrow() []*Node {
	if s.depth == len(s.lists) {
		s.lists = append(s.lists, make([]*Node, 0, 16))
	}
	b := s.lists[s.depth][:0]
	s.lists[s.depth] = nil // in use
	s.depth++
	return b
}

// release gives back a list from borrow.
func (s *conversion) release(b []*Node) {
	s.depth--
	clear(b)
	s.lists[s.depth] = b[:0]
}

// keep returns a copy of a borrowed list (nil when empty) and gives the list
// back.
func (s *conversion) keep(b []*Node) []*Node {
	out := s.nodeSlice(b)
	s.release(b)
	return out
}

// Kinds of the marks a conversion shares between nodes: they carry no
// attributes, or the same ones everywhere.
type markKind uint8

const (
	markEm markKind = iota
	markStrong
	markStrike
	markCode
	markUnderline
	markSub
	markSup
	markAlignCenter
	markAlignEnd
	numMarkKinds
)

// mark returns the conversion's mark of kind k.
func (s *conversion) mark(k markKind) *Mark {
	if m := s.marks[k]; m != nil {
		return m
	}
	var m Mark
	switch k {
	case markEm:
		m = Mark{Type: "em"}
	case markStrong:
		m = Mark{Type: "strong"}
	case markStrike:
		m = Mark{Type: "strike"}
	case markCode:
		m = Mark{Type: "code"}
	case markUnderline:
		m = Mark{Type: "underline"}
	case markSub:
		m = Mark{Type: "subsup", Attrs: map[string]any{"type": "sub"}}
	case markSup:
		m = Mark{Type: "subsup", Attrs: map[string]any{"type": "sup"}}
	case markAlignCenter:
		m = Mark{Type: "alignment", Attrs: map[string]any{"align": "center"}}
	case markAlignEnd:
		m = Mark{Type: "alignment", Attrs: map[string]any{"align": "end"}}
	}
	s.marks[k] = s.arena.mark(m)
	return s.marks[k]
}

// text returns a text node.
func (c *mdConverter) text(s string) *Node { return c.node(Node{Type: "text", Text: s}) }

// decoded returns src with escapes and character references resolved.
func (c *mdConverter) decoded(src []byte) string {
	c.sh.bytes = appendDecoded(c.sh.bytes[:0], src)
	return c.sh.str(c.sh.bytes)
}

// allowed reports whether content rule ctx allows a child of type typ.
func allowed(ctx, typ string) bool {
	r := ruleIndex()[ctx]
	return r != nil && r.child(typ) != nil
}

func (c *mdConverter) newID() string {
	c.sh.ids++
	return c.sh.localID(c.sh.ids)
}

// blocks converts the children of parent.
func (c *mdConverter) blocks(parent gast.Node, ctx string) []*Node {
	return c.finish(c.blockRange(c.sh.borrow(), parent.FirstChild(), nil, ctx), ctx)
}

// blockRange converts siblings from first up to (not including) stop.
func (c *mdConverter) blockRange(out []*Node, first, stop gast.Node, ctx string) []*Node {
	for n := first; n != nil && n != stop; {
		if hb, ok := n.(*gast.HTMLBlock); ok && detailsOpenRE().Match(c.rawBytes(hb)) {
			out, n = c.details(out, hb, stop, ctx)
			continue
		}
		out = c.block(out, n, ctx)
		n = n.NextSibling()
	}
	return out
}

// finish drops empty paragraphs and makes the content fit its parent: at
// least one node where one is needed, and list items that start with a
// paragraph. It keeps the borrowed list nodes.
func (c *mdConverter) finish(nodes []*Node, ctx string) []*Node {
	out := nodes[:0]
	for _, n := range nodes {
		if n.Type == "paragraph" && len(n.Content) == 0 {
			continue
		}
		out = append(out, n)
	}
	var rule *contentRule
	if r := ruleIndex()[ctx]; r != nil {
		rule = &r.rule
	} else {
		rule = &contentRule{}
	}
	if len(out) == 0 && rule.min > 0 {
		out = append(out, c.node(Node{Type: "paragraph"}))
	}
	if ctx == "listItem" && !contains(rule.first, out[0].Type) {
		out = append(out, nil)
		copy(out[1:], out)
		out[0] = c.node(Node{Type: "paragraph"})
	}
	if len(nodes) > len(out) {
		clear(nodes[len(out):]) // dropped paragraphs
	}
	return c.sh.keep(out)
}

func (c *mdConverter) block(out []*Node, n gast.Node, ctx string) []*Node {
	switch n := n.(type) {
	case *gast.Paragraph, *gast.TextBlock:
		return c.appendParagraph(out, n, ctx, false)
	case *gast.Heading:
		return c.heading(out, n, ctx)
	case *gast.ThematicBreak:
		if allowed(ctx, "rule") {
			return append(out, c.node(Node{Type: "rule"}))
		}
		return append(out, c.paragraphOf("---"))
	case *gast.FencedCodeBlock:
		lang := ""
		if n.Info != nil {
			lang = c.decoded(n.Language(c.src))
		}
		return append(out, c.codeBlock(lang, n))
	case *gast.CodeBlock:
		return append(out, c.codeBlock("", n))
	case *gast.Blockquote:
		return c.blockquote(out, n, ctx)
	case *gast.List:
		return c.list(out, n, ctx)
	case *gast.HTMLBlock:
		return c.htmlBlock(out, n)
	case *east.Table:
		return c.table(out, n, ctx)
	case *gast.LinkReferenceDefinition:
		return out
	default:
		// Unknown blocks keep their children, so nothing is lost.
		return c.blockRange(out, n.FirstChild(), nil, ctx)
	}
}

// paragraphOf returns a paragraph holding the text s.
func (c *mdConverter) paragraphOf(s string) *Node {
	return c.node(Node{Type: "paragraph", Content: c.sh.nodeSlice([]*Node{c.text(s)})})
}

func paragraphOf(s string) *Node {
	return &Node{Type: "paragraph", Content: []*Node{{Type: "text", Text: s}}}
}

// codeBlock returns a code block holding the lines of n, without the last
// line feed.
func (c *mdConverter) codeBlock(lang string, n gast.Node) *Node {
	code := c.rawBytes(n)
	code = code[:len(code)-len(bytesSuffix(code, '\n'))]
	b := c.node(Node{Type: "codeBlock"})
	if lang != "" {
		b.Attrs = map[string]any{"language": lang}
	}
	if len(code) > 0 {
		b.Content = c.sh.nodeSlice([]*Node{c.text(c.sh.str(code))})
	}
	return b
}

// bytesSuffix returns the last byte of b as a slice if it is c.
func bytesSuffix(b []byte, c byte) []byte {
	if len(b) > 0 && b[len(b)-1] == c {
		return b[len(b)-1:]
	}
	return nil
}

func codeBlock(lang, code string) *Node {
	code = strings.TrimSuffix(code, "\n")
	n := &Node{Type: "codeBlock"}
	if lang != "" {
		n.Attrs = map[string]any{"language": lang}
	}
	if code != "" {
		n.Content = []*Node{{Type: "text", Text: code}}
	}
	return n
}

// rawBytes returns a block's lines as they stand in the source, in a buffer
// the next call reuses.
func (c *mdConverter) rawBytes(n gast.Node) []byte {
	lines := n.Lines()
	b := c.sh.bytes[:0]
	for i := 0; i < lines.Len(); i++ {
		seg := lines.At(i)
		b = append(b, seg.Value(c.src)...)
	}
	if hb, ok := n.(*gast.HTMLBlock); ok && hb.HasClosure() {
		b = append(b, hb.ClosureLine.Value(c.src)...)
	}
	c.sh.bytes = b
	return b
}

// rawLines is rawBytes as a string of its own.
func (c *mdConverter) rawLines(n gast.Node) string { return string(c.rawBytes(n)) }

func (c *mdConverter) heading(out []*Node, n *gast.Heading, ctx string) []*Node {
	if !allowed(ctx, "heading") {
		return c.appendParagraph(out, n, ctx, false)
	}
	inl := normalizeInline(imagesToText(c.checkboxToText(c.inlines(n, false))))
	h := c.node(Node{Type: "heading", Attrs: map[string]any{"level": n.Level}})
	if len(inl) > 0 {
		h.Content = inl
	}
	return append(out, h)
}

// appendParagraph converts a paragraph. Images become mediaSingle nodes
// between the pieces of text where the context allows them.
func (c *mdConverter) appendParagraph(out []*Node, n gast.Node, ctx string, skipFirstLine bool) []*Node {
	inl := c.checkboxToText(c.inlines(n, skipFirstLine))
	if !hasImage(inl) {
		return append(out, c.node(Node{Type: "paragraph", Content: nilIfEmpty(inl)}))
	}
	if !allowed(ctx, "mediaSingle") {
		return append(out, c.node(Node{Type: "paragraph", Content: nilIfEmpty(normalizeInline(imagesToText(inl)))}))
	}
	var cur []*Node
	flush := func() {
		cur = normalizeInline(trimSpaceEdges(cur))
		if len(cur) > 0 {
			out = append(out, c.node(Node{Type: "paragraph", Content: cur}))
		}
		cur = nil
	}
	for _, x := range inl {
		if x.Type != "image" {
			cur = append(cur, x)
			continue
		}
		flush()
		if x.attrString("url") == "" {
			out = append(out, c.node(Node{Type: "paragraph", Content: nilIfEmpty(imagesToText([]*Node{x}))}))
			continue
		}
		out = append(out, mediaSingleFromImage(x))
	}
	flush()
	return out
}

func nilIfEmpty(n []*Node) []*Node {
	if len(n) == 0 {
		return nil
	}
	return n
}

func mediaSingleFromImage(img *Node) *Node {
	attrs := map[string]any{"type": "external", "url": img.attrString("url")}
	if alt := img.attrString("alt"); alt != "" {
		attrs["alt"] = alt
	}
	media := &Node{Type: "media", Attrs: attrs, Marks: img.Marks}
	return &Node{Type: "mediaSingle", Attrs: map[string]any{"layout": "center"}, Content: []*Node{media}}
}

func (c *mdConverter) blockquote(out []*Node, n *gast.Blockquote, ctx string) []*Node {
	if panelType, ok := c.alertType(n); ok {
		if !allowed(ctx, "panel") {
			return c.blockRange(out, n.FirstChild(), nil, ctx)
		}
		first := n.FirstChild()
		content := c.appendParagraph(c.sh.borrow(), first, "panel", true)
		content = c.blockRange(content, first.NextSibling(), nil, "panel")
		return append(out, c.node(Node{
			Type:    "panel",
			Attrs:   map[string]any{"panelType": panelType},
			Content: c.finish(content, "panel"),
		}))
	}
	if !allowed(ctx, "blockquote") {
		return c.blockRange(out, n.FirstChild(), nil, ctx)
	}
	return append(out, c.node(Node{Type: "blockquote", Content: c.blocks(n, "blockquote")}))
}

func isASCII(b []byte) bool {
	for _, c := range b {
		if c >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// alertPanels maps GitHub alert kinds to ADF panel types.
var alertPanels = map[string]string{
	"NOTE":      "info",
	"TIP":       "success",
	"IMPORTANT": "note",
	"WARNING":   "warning",
	"CAUTION":   "error",
}

// alertType reports whether a blockquote is a GitHub alert: its first line is
// [!NOTE], [!TIP], [!IMPORTANT], [!WARNING] or [!CAUTION] alone.
func (c *mdConverter) alertType(n *gast.Blockquote) (string, bool) {
	p, ok := n.FirstChild().(*gast.Paragraph)
	if !ok || p.Lines().Len() == 0 {
		return "", false
	}
	seg := p.Lines().At(0)
	line := bytes.TrimSpace(seg.Value(c.src))
	if len(line) < 4 || line[0] != '[' || line[1] != '!' || line[len(line)-1] != ']' {
		return "", false
	}
	kind := line[2 : len(line)-1]
	var upper [16]byte
	if len(kind) <= len(upper) && isASCII(kind) {
		for i, b := range kind {
			if 'a' <= b && b <= 'z' {
				b -= 'a' - 'A'
			}
			upper[i] = b
		}
		t, ok := alertPanels[string(upper[:len(kind)])]
		return t, ok
	}
	t, ok := alertPanels[strings.ToUpper(string(kind))]
	return t, ok
}
