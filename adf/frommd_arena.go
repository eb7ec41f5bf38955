package adf

import (
	"strconv"
	"strings"
)

// This file holds the memory of one conversion. A 100 KB page becomes some
// 9,000 nodes; allocating each node, slice, mark and string on its own made
// the allocator and the garbage collector a large part of the conversion.
// They are carved from chunks instead. Slices are carved with their capacity
// equal to their length, so appending to one reallocates rather than
// overwriting a neighbour: no two nodes share memory a caller could change
// through one of them.

// Chunk sizes, in elements: the first chunk is sized from the source, later
// ones double up to maxChunk.
const (
	minChunk     = 16
	maxChunk     = 1024
	minTextChunk = 256
	maxTextChunk = 1 << 20
)

// arena hands out the nodes, slices, marks and strings of one conversion.
type arena struct {
	nodes    []Node
	nodePtrs []*Node
	marks    []Mark
	markPtrs []*Mark
	text     *strings.Builder
	// sizes of the next chunks
	nodeChunk, ptrChunk, markChunk, textChunk int
}

// newArena returns an arena for the conversion of srcLen bytes of Markdown.
func newArena(srcLen int) *arena {
	n := min(max(srcLen/16, minChunk), maxChunk)
	return &arena{nodeChunk: n, ptrChunk: n, markChunk: minChunk,
		textChunk: min(max(srcLen, minTextChunk), maxTextChunk)}
}

// carve returns n zero elements of *chunk with capacity n, starting a new
// chunk of *size elements (at least n) when too few are left; *size doubles
// up to maxChunk.
func carve[T any](chunk *[]T, n int, size *int) []T {
	if cap(*chunk)-len(*chunk) < n {
		*chunk = make([]T, 0, max(n, *size))
		*size = min(2**size, maxChunk)
	}
	l := len(*chunk)
	*chunk = (*chunk)[:l+n]
	return (*chunk)[l : l+n : l+n]
}

// node returns a new node holding n's fields. They are set one by one,
// skipping empty ones: copying the whole struct into the chunk costs more
// while the garbage collector runs.
func (a *arena) node(n *Node) *Node {
	if len(a.nodes) == cap(a.nodes) {
		a.nodes = make([]Node, 0, a.nodeChunk)
		a.nodeChunk = min(2*a.nodeChunk, maxChunk)
	}
	a.nodes = a.nodes[:len(a.nodes)+1]
	p := &a.nodes[len(a.nodes)-1]
	p.Type = n.Type
	if n.Attrs != nil {
		p.Attrs = n.Attrs
	}
	if n.Content != nil {
		p.Content = n.Content
	}
	if n.Marks != nil {
		p.Marks = n.Marks
	}
	if n.Text != "" {
		p.Text = n.Text
	}
	return p
}

// nodeSlice returns a copy of nodes, or nil when there are none.
func (a *arena) nodeSlice(nodes []*Node) []*Node {
	if len(nodes) == 0 {
		return nil
	}
	s := carve(&a.nodePtrs, len(nodes), &a.ptrChunk)
	copy(s, nodes)
	return s
}

// mark returns a new mark holding m's fields.
func (a *arena) mark(m Mark) *Mark {
	p := &carve(&a.marks, 1, &a.markChunk)[0]
	*p = m
	return p
}

// markSlice returns a copy of marks followed by more, or nil when empty.
func (a *arena) markSlice(marks []*Mark, more ...*Mark) []*Mark {
	if len(marks)+len(more) == 0 {
		return nil
	}
	s := carve(&a.markPtrs, len(marks)+len(more), &a.ptrChunk)
	copy(s[copy(s, marks):], more)
	return s
}

// str returns b as a string. Strings are written one after another into a
// strings.Builder, which never changes what it has written, so each can be
// a slice of what the builder holds.
func (a *arena) str(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	if a.text == nil || a.text.Cap()-a.text.Len() < len(b) {
		a.text = new(strings.Builder)
		a.text.Grow(max(len(b), a.textChunk))
		a.textChunk = min(2*a.textChunk, maxTextChunk)
	}
	a.text.Write(b)
	s := a.text.String()
	return s[len(s)-len(b):]
}

// localID returns the n-th generated local id, as localID does, from the
// arena.
func (a *arena) localID(n int) string {
	var buf [48]byte
	var hex [16]byte
	b := append(buf[:0], localIDPrefix...)
	h := strconv.AppendInt(hex[:0], int64(n), 16)
	for i := len(h); i < 12; i++ {
		b = append(b, '0')
	}
	return a.str(append(b, h...))
}
