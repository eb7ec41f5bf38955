package adf

import (
	"log/slog"
	"strconv"
	"strings"
	"sync"

	"github.com/yuin/goldmark"
	gast "github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
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
// frommd_autolink.go), the ADF syntax and the extra extensions given.
func newMarkdown(extra ...goldmark.Extender) goldmark.Markdown {
	exts := []goldmark.Extender{extension.Table, extension.Strikethrough, extension.TaskList, adfSyntax{}}
	return goldmark.New(goldmark.WithExtensions(append(exts, extra...)...))
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
	c := &mdConverter{src: []byte(md), flavor: f, ids: new(int), parser: p, linkHere: linkHere, shared: &sharedState{}}
	root := p.Parse(text.NewReader(c.src))
	content := c.blocks(root, "doc")
	if c.shared.linkifyNeeded {
		return nil
	}
	if content == nil {
		content = []*Node{}
	}
	return &Node{Type: "doc", Content: content}
}

// normalizeSource makes line endings "\n", replaces NUL and invalid UTF-8 with
// U+FFFD, as CommonMark asks.
func normalizeSource(md string) string {
	md = strings.ToValidUTF8(md, "\uFFFD")
	if strings.ContainsAny(md, "\r\x00") {
		md = strings.ReplaceAll(md, "\r\n", "\n")
		md = strings.ReplaceAll(md, "\r", "\n")
		md = strings.ReplaceAll(md, "\x00", "\uFFFD")
	}
	return md
}

func plainDoc(md string) *Node {
	doc := &Node{Type: "doc", Content: []*Node{}}
	for _, para := range strings.Split(normalizeSource(md), "\n\n") {
		var inl []*Node
		for i, line := range strings.Split(para, "\n") {
			if i > 0 && len(inl) > 0 {
				inl = append(inl, &Node{Type: "hardBreak"})
			}
			if line != "" {
				inl = append(inl, &Node{Type: "text", Text: line})
			}
		}
		inl = trimBreaks(inl)
		if len(inl) > 0 {
			doc.Content = append(doc.Content, &Node{Type: "paragraph", Content: inl})
		}
	}
	return doc
}

// mdConverter walks a goldmark tree. ctx names the content rule (see
// contentRules) of the ADF parent being filled, so each construct can check
// whether ADF allows it there.
type mdConverter struct {
	textBuf      []byte  // reused by inline walkers
	inlineBuf    []*Node // reused by inline walkers
	src          []byte
	flavor       Flavor
	parser       parser.Parser // reads the document and <details> bodies
	linkHere     bool          // link bare addresses (the parser does not)
	shared       *sharedState  // shared with converters of <details> bodies
	linker       *linkerState  // runs Linkify on src; see linkifyAt
	ids          *int          // shared with converters of nested <details> bodies
	listDepth    int
	detailsDepth int           // <details> bodies re-parsed as Markdown, nested
	detailsNest  int           // <details> blocks being converted, nested
	pairs        *detailsPairs // shared with sub-converters
	arena        []Node        // nodes are carved from chunks to spare the allocator
}

// sharedState is what the converters of one document share.
type sharedState struct {
	linkifyNeeded bool // an address could not be linked exactly
}

// node returns a new node holding n's fields, taken from the arena.
func (c *mdConverter) node(n Node) *Node {
	if len(c.arena) == cap(c.arena) {
		c.arena = make([]Node, 0, 256)
	}
	c.arena = append(c.arena, n)
	return &c.arena[len(c.arena)-1]
}

func allowed(ctx, typ string) bool {
	_, ok := contentRules[ctx].children[typ]
	return ok
}

func (c *mdConverter) newID() string {
	*c.ids++
	return localID(*c.ids)
}

// localID returns the n-th generated local id, shaped like a UUID.
func localID(n int) string {
	h := strconv.FormatInt(int64(n), 16)
	if len(h) < 12 {
		h = "000000000000"[len(h):] + h
	}
	return "00000000-0000-4000-8000-" + h
}

// blocks converts the children of parent.
func (c *mdConverter) blocks(parent gast.Node, ctx string) []*Node {
	return c.finish(c.blockRange(parent.FirstChild(), nil, ctx), ctx)
}

// blockRange converts siblings from first up to (not including) stop.
func (c *mdConverter) blockRange(first, stop gast.Node, ctx string) []*Node {
	var out []*Node
	for n := first; n != nil && n != stop; {
		if hb, ok := n.(*gast.HTMLBlock); ok && isDetailsOpen(c.rawLines(hb)) {
			var nodes []*Node
			nodes, n = c.details(hb, stop, ctx)
			out = append(out, nodes...)
			continue
		}
		if p, ok := n.(*gast.Paragraph); ok {
			out = c.appendParagraph(out, p, ctx, false) // the common case, without a temporary slice
		} else {
			out = append(out, c.block(n, ctx)...)
		}
		n = n.NextSibling()
	}
	return out
}

// finish drops empty paragraphs and makes the content fit its parent: at
// least one node where one is needed, and list items that start with a
// paragraph.
func (c *mdConverter) finish(nodes []*Node, ctx string) []*Node {
	out := nodes[:0]
	for _, n := range nodes {
		if n.Type == "paragraph" && len(n.Content) == 0 {
			continue
		}
		out = append(out, n)
	}
	if len(out) == 0 && contentRules[ctx].min > 0 {
		out = append(out, &Node{Type: "paragraph"})
	}
	if ctx == "listItem" && !contains(contentRules[ctx].first, out[0].Type) {
		out = append([]*Node{{Type: "paragraph"}}, out...)
	}
	return out
}

func (c *mdConverter) block(n gast.Node, ctx string) []*Node {
	switch n := n.(type) {
	case *gast.Paragraph, *gast.TextBlock:
		return c.paragraph(n, ctx, false)
	case *gast.Heading:
		return c.heading(n, ctx)
	case *gast.ThematicBreak:
		if allowed(ctx, "rule") {
			return []*Node{{Type: "rule"}}
		}
		return []*Node{paragraphOf("---")}
	case *gast.FencedCodeBlock:
		lang := ""
		if n.Info != nil {
			lang = decodeText(n.Language(c.src))
		}
		return []*Node{codeBlock(lang, c.rawLines(n))}
	case *gast.CodeBlock:
		return []*Node{codeBlock("", c.rawLines(n))}
	case *gast.Blockquote:
		return c.blockquote(n, ctx)
	case *gast.List:
		return c.list(n, ctx)
	case *gast.HTMLBlock:
		return c.htmlBlock(n)
	case *east.Table:
		return c.table(n, ctx)
	case *gast.LinkReferenceDefinition:
		return nil
	default:
		// Unknown blocks keep their children, so nothing is lost.
		return c.blockRange(n.FirstChild(), nil, ctx)
	}
}

func paragraphOf(s string) *Node {
	return &Node{Type: "paragraph", Content: []*Node{{Type: "text", Text: s}}}
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

// rawLines returns a block's lines as they stand in the source.
func (c *mdConverter) rawLines(n gast.Node) string {
	lines := n.Lines()
	var b strings.Builder
	for i := 0; i < lines.Len(); i++ {
		seg := lines.At(i)
		b.Write(seg.Value(c.src))
	}
	if hb, ok := n.(*gast.HTMLBlock); ok && hb.HasClosure() {
		b.Write(hb.ClosureLine.Value(c.src))
	}
	return b.String()
}

func (c *mdConverter) heading(n *gast.Heading, ctx string) []*Node {
	if !allowed(ctx, "heading") {
		return c.paragraph(n, ctx, false)
	}
	inl := normalizeInline(imagesToText(checkboxToText(c.inlines(n, false))))
	h := &Node{Type: "heading", Attrs: map[string]any{"level": n.Level}}
	if len(inl) > 0 {
		h.Content = inl
	}
	return []*Node{h}
}

// paragraph converts a paragraph. Images become mediaSingle nodes between
// the pieces of text where the context allows them.
func (c *mdConverter) paragraph(n gast.Node, ctx string, skipFirstLine bool) []*Node {
	return c.appendParagraph(nil, n, ctx, skipFirstLine)
}

// appendParagraph is paragraph appending to out.
func (c *mdConverter) appendParagraph(out []*Node, n gast.Node, ctx string, skipFirstLine bool) []*Node {
	inl := c.inlines(n, skipFirstLine)
	inl = checkboxToText(inl)
	if !hasImage(inl) {
		return append(out, c.node(Node{Type: "paragraph", Content: nilIfEmpty(inl)}))
	}
	if !allowed(ctx, "mediaSingle") {
		return append(out, &Node{Type: "paragraph", Content: nilIfEmpty(normalizeInline(imagesToText(inl)))})
	}
	var cur []*Node
	flush := func() {
		cur = normalizeInline(trimSpaceEdges(cur))
		if len(cur) > 0 {
			out = append(out, &Node{Type: "paragraph", Content: cur})
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
			out = append(out, &Node{Type: "paragraph", Content: nilIfEmpty(imagesToText([]*Node{x}))})
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

func (c *mdConverter) blockquote(n *gast.Blockquote, ctx string) []*Node {
	if panelType, ok := c.alertType(n); ok {
		if !allowed(ctx, "panel") {
			return c.blockRange(n.FirstChild(), nil, ctx)
		}
		first := n.FirstChild()
		content := c.paragraph(first, "panel", true)
		content = append(content, c.blockRange(first.NextSibling(), nil, "panel")...)
		return []*Node{{
			Type:    "panel",
			Attrs:   map[string]any{"panelType": panelType},
			Content: c.finish(content, "panel"),
		}}
	}
	if !allowed(ctx, "blockquote") {
		return c.blockRange(n.FirstChild(), nil, ctx)
	}
	return []*Node{{Type: "blockquote", Content: c.blocks(n, "blockquote")}}
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
	line := strings.TrimSpace(string(seg.Value(c.src)))
	if len(line) < 4 || line[0] != '[' || line[1] != '!' || line[len(line)-1] != ']' {
		return "", false
	}
	t, ok := alertPanels[strings.ToUpper(line[2:len(line)-1])]
	return t, ok
}
