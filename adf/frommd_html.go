package adf

import (
	"html"
	"strings"

	gast "github.com/yuin/goldmark/ast"

	"github.com/clawbridge/atlassian-mcp/internal/lazyre"
)

var (
	detailsOpenRE  = lazyre.New(`(?is)^\s*<details(?:\s[^>]*)?>`)
	summaryRE      = lazyre.New(`(?is)^\s*<summary(?:\s[^>]*)?>(.*?)</summary\s*>`)
	detailsCloseRE = lazyre.New(`(?i)</details\s*>`)
	closerLineRE   = lazyre.New(`(?i)^\s*</details\s*>`)
	tagRE          = lazyre.New(`<[^>]*>`)
)

// details converts <details><summary>Title</summary> … </details> into an
// expand (or nestedExpand inside an expand). The body may sit inside the
// opening HTML block or follow it as Markdown blocks up to a closing
// </details> block. It returns the nodes and the sibling to continue with.
func (c *mdConverter) details(out []*Node, open *gast.HTMLBlock, stop gast.Node, ctx string) ([]*Node, gast.Node) {
	raw := c.rawLines(open)
	rest := raw[len(detailsOpenRE().FindString(raw)):]
	next := open.NextSibling()

	title, rest, found := cutSummary(rest)
	if !found && strings.TrimSpace(rest) == "" && next != nil && next != stop {
		if hb, ok := next.(*gast.HTMLBlock); ok {
			if t, r, ok := cutSummary(c.rawLines(hb)); ok {
				title, rest = t, r
				next = hb.NextSibling()
			}
		}
	}

	// The body inside the opening block, and where the expand ends.
	inner, after, closed := rest, "", false
	if loc := detailsCloseRE().FindStringIndex(rest); loc != nil {
		inner, after, closed = rest[:loc[0]], rest[loc[1]:], true
	}
	bodyFirst, bodyStop, cont := next, stop, stop
	if closed {
		bodyFirst, bodyStop, cont = nil, nil, next
	} else if closer := c.detailsCloser(open); closer != nil {
		bodyStop, cont = closer, closer.NextSibling()
		r := c.rawLines(closer)
		after = r[detailsCloseRE().FindStringIndex(r)[1]:]
	}
	if c.detailsNest >= maxDetailsNest {
		// Absurdly deep: keep the tags as text rather than recurse on.
		return c.htmlBlock(out, open), open.NextSibling()
	}
	c.detailsNest++
	defer func() { c.detailsNest-- }()

	inCtx := ""
	switch {
	case allowed(ctx, "expand"):
		inCtx = "expand"
	case allowed(ctx, "nestedExpand"):
		inCtx = "nestedExpand"
	}
	bodyCtx := inCtx
	if bodyCtx == "" {
		bodyCtx = ctx
	}
	body := c.markdownFragment(c.sh.borrow(), inner, bodyCtx)
	if bodyFirst != nil {
		body = c.blockRange(body, bodyFirst, bodyStop, bodyCtx)
	}

	if inCtx == "" {
		// No expand can stand here: keep the title as text and the body.
		if title != "" {
			out = append(out, c.paragraphOf(title))
		}
		out = append(out, body...)
		c.sh.release(body)
	} else {
		exp := c.node(Node{Type: inCtx, Content: c.finish(body, inCtx)})
		if title != "" {
			exp.Attrs = map[string]any{"title": title}
		} else if inCtx == "nestedExpand" {
			exp.Attrs = map[string]any{}
		}
		out = append(out, exp)
	}
	return c.markdownFragment(out, after, ctx), cont
}

// detailsCloser returns the </details> block that closes open, or nil. The
// openers and closers among open's siblings are paired once, like brackets.
func (c *mdConverter) detailsCloser(open *gast.HTMLBlock) gast.Node {
	if c.sh.pairs == nil {
		c.sh.pairs = &detailsPairs{closer: map[gast.Node]gast.Node{}, done: map[gast.Node]bool{}}
	}
	pairs := c.sh.pairs
	parent := open.Parent()
	if parent != nil && !pairs.done[parent] {
		pairs.done[parent] = true
		var stack []gast.Node
		for s := parent.FirstChild(); s != nil; s = s.NextSibling() {
			hb, ok := s.(*gast.HTMLBlock)
			if !ok {
				continue
			}
			r := c.rawBytes(hb)
			switch {
			case detailsOpenRE().Match(r) && !detailsCloseRE().Match(r):
				stack = append(stack, hb)
			case closerLineRE().Match(r) && len(stack) > 0:
				pairs.closer[stack[len(stack)-1]] = hb
				stack = stack[:len(stack)-1]
			}
		}
	}
	return pairs.closer[open]
}

// detailsPairs caches which </details> block closes which <details>.
type detailsPairs struct {
	closer map[gast.Node]gast.Node
	done   map[gast.Node]bool // parents whose children are paired
}

// cutSummary takes a leading <summary>…</summary> off s and returns its text.
func cutSummary(s string) (title, rest string, ok bool) {
	m := summaryRE().FindStringSubmatchIndex(s)
	if m == nil {
		return "", s, false
	}
	t := tagRE().ReplaceAllString(s[m[2]:m[3]], "")
	t = strings.Join(strings.Fields(html.UnescapeString(t)), " ")
	return t, s[m[1]:], true
}

// markdownFragment parses Markdown found inside an HTML block (the body of a
// <details>) and converts it in ctx, appending to out.
func (c *mdConverter) markdownFragment(out []*Node, md string, ctx string) []*Node {
	if strings.TrimSpace(md) == "" {
		return out
	}
	if c.detailsDepth >= maxDetailsDepth {
		return c.textLines(out, md)
	}
	sub := *c
	sub.src = []byte(md)
	sub.anchors = nil // they are the parent's source's
	sub.detailsDepth++
	root := c.parse(sub.src)
	return sub.blockRange(out, root.FirstChild(), nil, ctx)
}

// htmlBlock keeps raw HTML as text, line by line; comments are dropped.
func (c *mdConverter) htmlBlock(out []*Node, n *gast.HTMLBlock) []*Node {
	if n.HTMLBlockType == gast.HTMLBlockType2 {
		return out
	}
	return c.textLines(out, c.rawLines(n))
}

// textLines turns raw text into one paragraph with a hard break per line.
func (c *mdConverter) textLines(out []*Node, s string) []*Node {
	inl := c.sh.borrow()
	for i, line := range strings.Split(strings.TrimRight(s, "\n"), "\n") {
		if i > 0 {
			inl = append(inl, c.node(Node{Type: "hardBreak"}))
		}
		if line != "" {
			inl = append(inl, c.text(line))
		}
	}
	if para := normalizeInline(c.sh.keep(inl)); len(para) > 0 {
		out = append(out, c.node(Node{Type: "paragraph", Content: para}))
	}
	return out
}
