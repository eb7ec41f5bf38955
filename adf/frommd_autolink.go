package adf

import (
	"bytes"
	"slices"
	"sort"

	gast "github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/util"
)

// This file links bare URLs, www. addresses and e-mail addresses exactly as
// goldmark's Linkify extension (part of GFM) does, without running Linkify
// inside goldmark's inline parser, where it is called at every space and
// costs a quarter of the parse.
//
// The document is parsed without Linkify. Linkify only ever turns plain text
// into a link, so every address it would link lies in a run of plain text of
// that tree. For each run the walker finds where Linkify would have been
// asked (after a space, "(", "*", "_", "~" or "`", at the start of a line or
// right after other syntax, outside link labels) at something that starts
// like an address, and lets goldmark's own Linkify parser say whether and
// how far it links there. If such a link would reach past the run, its
// characters having been read as other syntax, or goldmark would split the
// text differently around an escape, the converter gives up and the
// document is converted again by the parser with Linkify (see fromMarkdown).

// addressSpan is an address found in a text run: source bytes [start, end)
// become a link.
type addressSpan struct {
	start int
	addressMatch
}

// autolinker is the inline walker's state for linking addresses in one
// block.
type autolinker struct {
	labels int // link labels goldmark would have open ("[" not yet closed)
	spans  []addressSpan
	cands  []int
	next   int // index into spans for the node being written
}

// startsRun reports whether text node n begins a run of plain text: its
// previous sibling is not text that ends where n starts on the same line.
func startsRun(n *gast.Text) bool {
	prev, ok := n.PreviousSibling().(*gast.Text)
	return !ok || prev.Segment.Stop != n.Segment.Start || prev.SoftLineBreak() || prev.HardLineBreak()
}

// continuesRun reports whether next continues the run that n is in.
func continuesRun(n gast.Node, next gast.Node) (*gast.Text, bool) {
	t, ok := next.(*gast.Text)
	if !ok {
		return nil, false
	}
	cur := n.(*gast.Text)
	if cur.Segment.Stop != t.Segment.Start || cur.SoftLineBreak() || cur.HardLineBreak() {
		return nil, false
	}
	return t, true
}

// autoText writes text node n, linking the addresses Linkify would have
// linked in it (none inside a link).
func (w *inlineWalker) autoText(n *gast.Text, marks []*Mark) {
	src := w.c.src
	pos, stop := n.Segment.Start, n.Segment.Stop
	if w.inLink == 0 {
		if startsRun(n) {
			w.scanRun(n)
		}
		for w.al.next < len(w.al.spans) {
			sp := w.al.spans[w.al.next]
			if sp.start >= stop {
				break
			}
			if sp.start+sp.end <= pos {
				w.al.next++
				continue
			}
			if sp.start > pos {
				w.plainText(src[pos:sp.start], marks)
			}
			if sp.start >= n.Segment.Start {
				var protocol []byte
				if sp.httpW {
					protocol = []byte("http")
				}
				w.address(src[sp.start:sp.start+sp.end], protocol, sp.kind, marks)
			}
			if sp.start+sp.end > stop {
				pos = stop // the address goes on in the next node of the run
				break
			}
			pos = sp.start + sp.end
			w.al.next++
		}
	}
	w.startText(marks)
	if pos < stop {
		w.appendText(src[pos:stop])
	}
	w.buf = append(w.buf, linkifyKeptSpace(src, n)...)
	w.lineBreak(n)
}

// linkifyKeptSpace returns the whitespace at the end of n's line that
// goldmark's inline parser keeps when Linkify is on: it trims only the last
// text segment of a line, and with Linkify every whitespace character
// starts a segment, so all but the last whitespace character stay.
func linkifyKeptSpace(src []byte, n *gast.Text) []byte {
	if !n.SoftLineBreak() && !n.HardLineBreak() {
		return nil
	}
	start := n.Segment.Stop
	nl := bytes.IndexByte(src[start:], '\n')
	if nl < 0 {
		return nil
	}
	end := start + nl
	if n.HardLineBreak() {
		if end > 0 && src[end-1] == '\\' {
			return nil // a backslash break trims nothing
		}
		end -= 2 // the two spaces that make the break
	}
	if end-start < 2 {
		return nil
	}
	ws := src[start:end]
	for _, c := range ws {
		if !util.IsSpace(c) {
			return nil
		}
	}
	return ws[:len(ws)-1]
}

// plainText appends decoded source text with the given marks.
func (w *inlineWalker) plainText(seg []byte, marks []*Mark) {
	w.startText(marks)
	w.appendText(seg)
}

// appendText appends decoded source text to the pending text.
func (w *inlineWalker) appendText(seg []byte) {
	if bytes.IndexByte(seg, '\n') >= 0 {
		// A source newline inside text reads as a space, like a soft
		// break; newlines written as &#10; stay.
		seg = bytes.ReplaceAll(seg, []byte("\n"), []byte(" "))
	}
	w.buf = appendDecoded(w.buf, seg)
}

// lineBreak writes the break that ends text node n, if any.
func (w *inlineWalker) lineBreak(n *gast.Text) {
	if n.HardLineBreak() {
		w.emit(w.c.node(Node{Type: "hardBreak"}))
	} else if n.SoftLineBreak() {
		w.buf = append(w.buf, ' ')
	}
}

// scanRun finds the addresses of the run of text that starts with first and
// counts the link labels it opens and closes.
func (w *inlineWalker) scanRun(first *gast.Text) {
	src := w.c.src
	start := first.Segment.Start
	var last gast.Node = first
	for t, ok := continuesRun(last, last.NextSibling()); ok; t, ok = continuesRun(last, last.NextSibling()) {
		last = t
	}
	stop := last.(*gast.Text).Segment.Stop
	w.al.spans, w.al.next = w.al.spans[:0], 0

	an := w.c.addressAnchors()
	counted := start // labels are counted up to here
	if an.colons.within(start, stop) || an.wwws.within(start, stop) ||
		an.ats.within(start, min(len(src), stop+maxLocalPart)) {
		w.al.cands = addressCandidates(src, start, stop, w.al.cands[:0])
		resume, leak := -1, false // where the last address ended; see below
		for _, q := range w.al.cands {
			if q < counted {
				continue
			}
			w.countLabels(counted, q, start)
			counted = q
			if w.al.labels > 0 || !w.linkifyTries(q, start, resume) {
				continue
			}
			m, ok := w.linkifyAt(q)
			if !ok {
				continue
			}
			end := q + m.end
			if end > stop {
				// Part of the address was read as other syntax.
				w.giveUp()
				return
			}
			// goldmark keeps a pending escape across the link it makes after
			// an escaped space, and across any syntax right after it, until
			// it reads a character as text: a backslash then reads as text,
			// and the escape may reach the next line.
			if q != resume {
				leak = w.escapedTrigger(q, start)
			}
			if leak && end < len(src) && (util.IsPunct(src[end]) || util.IsSpace(src[end])) {
				w.giveUp()
				return
			}
			w.al.spans = append(w.al.spans, addressSpan{start: q, addressMatch: m})
			counted, resume = end, end
		}
	}
	w.countLabels(counted, stop, start)
}

// giveUp makes the conversion start again with the Linkify parser.
func (w *inlineWalker) giveUp() {
	w.c.sh.linkifyNeeded = true
	w.al.spans = w.al.spans[:0]
}

// maxLocalPart is the longest local part of an e-mail address goldmark's
// util.FindEmailIndex accepts.
const maxLocalPart = 64

// addressCandidates appends, in order, the positions in src[start:stop]
// where an address could begin: a scheme before ":", "www.", or an
// alphanumeric byte of a possible e-mail local part before an "@" that is
// followed by an alphanumeric byte, as a domain must be.
func addressCandidates(src []byte, start, stop int, dst []int) []int {
	b := src[start:stop]
	for i := 0; ; {
		j := bytes.IndexByte(b[i:], ':')
		if j < 0 {
			break
		}
		c := start + i + j
		for _, scheme := range [...]string{"http", "https", "ftp"} {
			if q := c - len(scheme); q >= start && string(src[q:c]) == scheme {
				dst = append(dst, q)
			}
		}
		i += j + 1
	}
	for i := 0; ; {
		j := bytes.Index(b[i:], []byte("www."))
		if j < 0 {
			break
		}
		dst = append(dst, start+i+j)
		i += j + 1
	}
	window := src[start:min(len(src), stop+maxLocalPart)]
	for i := 0; ; {
		j := bytes.IndexByte(window[i:], '@')
		if j < 0 {
			break
		}
		at := start + i + j
		i += j + 1
		if at+1 >= len(src) || !util.IsAlphaNumeric(src[at+1]) {
			continue
		}
		lo := max(start, at-maxLocalPart)
		q := at
		for q > lo && isEmailByte(src[q-1]) {
			q--
		}
		for ; q < at && q < stop; q++ {
			if util.IsAlphaNumeric(src[q]) {
				dst = append(dst, q)
			}
		}
	}
	slices.Sort(dst)
	return slices.Compact(dst)
}

// isEmailByte reports whether c may appear in the local part of an e-mail
// address as goldmark's util.FindEmailIndex reads it.
func isEmailByte(c byte) bool {
	return util.IsAlphaNumeric(c) || c != 0 && bytes.IndexByte([]byte("!#$%&'*+-./=?^_`{|}~"), c) >= 0
}

// linkifyTries reports whether goldmark's inline parser, with Linkify,
// would have asked Linkify for an address at q, an alphanumeric byte of the
// run of text [start, …). It asks at the start of the run (a line start, or
// right after other syntax), where an address ended (resume), after a space,
// after "(", and after the delimiters "*", "_", "~" and "`" it reads as
// syntax; an escaped "(" or delimiter is text.
func (w *inlineWalker) linkifyTries(q, start, resume int) bool {
	if q == start || q == resume {
		return true
	}
	src := w.c.src
	switch c := src[q-1]; c {
	case ' ':
		return true
	case '*', '_', '~', '`':
		if q-2 >= start && src[q-2] == c {
			return true // a run of two or more is read as syntax
		}
		return !isEscaped(src, q-1, start)
	case '(':
		return !isEscaped(src, q-1, start)
	}
	return false
}

// escapedTrigger reports whether goldmark holds a pending backslash escape
// when it asks Linkify at q: after a space that is escaped.
func (w *inlineWalker) escapedTrigger(q, start int) bool {
	return q > start && w.c.src[q-1] == ' ' && isEscaped(w.c.src, q-1, start)
}

// isEscaped reports whether goldmark reads src[p], in the run of text
// starting at start, as escaped: it follows an odd number of backslashes.
// (Nothing is escaped at the start of a run, where goldmark reads syntax in
// any case, as blocks with an escape carried from one line to the next are
// left to the parser with Linkify.)
func isEscaped(src []byte, p, start int) bool {
	n := 0
	for p-n-1 >= start && src[p-n-1] == '\\' {
		n++
	}
	return n%2 == 1
}

// carriesEscape reports whether goldmark enters a line of block n with a
// backslash escape still pending: the line before ends, where goldmark stops
// reading it, with an odd run of backslashes. goldmark's text segments then
// split escapes differently with Linkify than without.
func carriesEscape(src []byte, n gast.Node) bool {
	lines := n.Lines()
	for i := 0; i < lines.Len()-1; i++ {
		line := lines.At(i)
		b := src[line.Start:line.Stop]
		end := len(b)
		if end == 0 || b[end-1] != '\n' {
			continue
		}
		end--
		switch {
		case end >= 2 && b[end-1] == '\\' && b[end-2] != '\\', end == 1 && b[0] == '\\':
			continue // a backslash line break is not read as text
		case end >= 2 && b[end-1] == ' ' && b[end-2] == ' ':
			end -= 2 // nor are the spaces of a hard line break
		}
		k := 0
		for k < end && b[end-k-1] == '\\' {
			k++
		}
		if k%2 == 1 {
			return true
		}
	}
	return false
}

// countLabels counts the link labels the unescaped "[" and "]" of
// src[from:to] open and close.
func (w *inlineWalker) countLabels(from, to, start int) {
	src := w.c.src
	br := &w.c.addressAnchors().brackets
	for i := br.seek(from); i < len(br.pos) && br.pos[i] < to; i++ {
		p := br.pos[i]
		if isEscaped(src, p, start) {
			continue
		}
		if src[p] == '[' {
			w.al.labels++
		} else if w.al.labels > 0 {
			w.al.labels--
		}
	}
}

// addressAnchors lists where in one source the bytes that linking
// addresses looks for lie: ":", "@", "www.", "[" and "]". Runs of text ask
// about their span mostly in source order, so each list keeps a cursor.
type addressAnchors struct {
	colons, ats, wwws, brackets anchorList
}

// anchorList is a sorted list of positions and a cursor into it.
type anchorList struct {
	pos []int
	cur int
}

// seek returns the index of the first position at or after p.
func (l *anchorList) seek(p int) int {
	if l.cur > 0 && l.pos[l.cur-1] >= p {
		l.cur = sort.SearchInts(l.pos, p)
	}
	for l.cur < len(l.pos) && l.pos[l.cur] < p {
		l.cur++
	}
	return l.cur
}

// within reports whether a position lies in [lo, hi).
func (l *anchorList) within(lo, hi int) bool {
	i := l.seek(lo)
	return i < len(l.pos) && l.pos[i] < hi
}

// addressAnchors returns the anchors of the converter's source, found on
// first use.
func (c *mdConverter) addressAnchors() *addressAnchors {
	if c.anchors == nil {
		a := &addressAnchors{}
		a.colons.pos = indexAll(c.src, ":", nil)
		a.ats.pos = indexAll(c.src, "@", nil)
		a.wwws.pos = indexAll(c.src, "www.", nil)
		a.brackets.pos = indexAll(c.src, "]", indexAll(c.src, "[", nil))
		slices.Sort(a.brackets.pos)
		c.anchors = a
	}
	return c.anchors
}

// indexAll appends the positions of every sep in src to dst.
func indexAll(src []byte, sep string, dst []int) []int {
	for i := 0; ; {
		j := bytes.Index(src[i:], []byte(sep))
		if j < 0 {
			return dst
		}
		dst = append(dst, i+j)
		i += j + 1
	}
}

// linkifyAt matches an address at q as Linkify does, on the rest of q's
// line of the block.
func (w *inlineWalker) linkifyAt(q int) (addressMatch, bool) {
	lines := w.root.Lines()
	i := sort.Search(lines.Len(), func(i int) bool { return lines.At(i).Stop > q })
	if i == lines.Len() || lines.At(i).Start > q {
		w.giveUp() // not on a line of its block: should not happen
		return addressMatch{}, false
	}
	return matchAddress(w.c.src[q:lines.At(i).Stop])
}
