package ast

import (
	"sync/atomic"

	textm "github.com/yuin/goldmark/text"
)

// This file is atlassian-mcp's patch (see PATCH.md). A parse allocates one
// struct per node, and for a program that converts one document after
// another these trees are most of what it allocates and so most of what
// drives its garbage collector. An Allocator lets such a program hand the
// memory of a finished tree back for the next parse.

// An Allocator hands out the nodes of parses from chunks it keeps. Reset
// zeroes every node handed out and makes the memory available again. The
// zero value is ready to use. A nil *Allocator allocates every node on its
// own, exactly as the package's New functions do. An Allocator is not safe
// for concurrent use.
type Allocator struct {
	slabs []resetter
}

type resetter interface{ reset() }

// A SlabKey names the store of one node type in every Allocator. Keys are
// made once, at package initialisation, with NewSlabKey.
type SlabKey[T any] struct{ i int }

var slabKeys atomic.Int64

// NewSlabKey returns a key for the nodes of type T.
func NewSlabKey[T any]() SlabKey[T] {
	return SlabKey[T]{i: int(slabKeys.Add(1) - 1)}
}

// slabChunk is the number of nodes in a chunk.
const slabChunk = 128

// slab keeps the chunks of one node type.
type slab[T any] struct {
	chunks [][]T
	chunk  int // the chunk nodes now come from
	used   int // nodes handed out from chunks[chunk]
}

func (s *slab[T]) alloc() *T {
	if s.chunk < len(s.chunks) && s.used == slabChunk {
		s.chunk++
		s.used = 0
	}
	if s.chunk == len(s.chunks) {
		s.chunks = append(s.chunks, make([]T, slabChunk))
	}
	p := &s.chunks[s.chunk][s.used]
	s.used++
	return p
}

func (s *slab[T]) reset() {
	for i := 0; i < s.chunk && i < len(s.chunks); i++ {
		clear(s.chunks[i])
	}
	if s.chunk < len(s.chunks) {
		clear(s.chunks[s.chunk][:s.used])
	}
	s.chunk, s.used = 0, 0
}

// Alloc returns a zero T from a, or new(T) when a is nil.
func Alloc[T any](a *Allocator, k SlabKey[T]) *T {
	if a == nil {
		return new(T)
	}
	if k.i >= len(a.slabs) {
		a.slabs = append(a.slabs, make([]resetter, k.i+1-len(a.slabs))...)
	}
	s, ok := a.slabs[k.i].(*slab[T])
	if !ok {
		s = new(slab[T])
		a.slabs[k.i] = s
	}
	return s.alloc()
}

// Reset zeroes every node a has handed out and makes their memory
// available to later calls. No node handed out before may be used after.
// On a nil Allocator, which keeps nothing, it does nothing.
func (a *Allocator) Reset() {
	if a == nil {
		return
	}
	for _, s := range a.slabs {
		if s != nil {
			s.reset()
		}
	}
}

var (
	textKey       = NewSlabKey[Text]()
	paragraphKey  = NewSlabKey[Paragraph]()
	textBlockKey  = NewSlabKey[TextBlock]()
	headingKey    = NewSlabKey[Heading]()
	blockquoteKey = NewSlabKey[Blockquote]()
	listKey       = NewSlabKey[List]()
	listItemKey   = NewSlabKey[ListItem]()
	codeSpanKey   = NewSlabKey[CodeSpan]()
)

// NewTextSegment is NewTextSegment, from a.
func (a *Allocator) NewTextSegment(v textm.Segment) *Text {
	t := Alloc(a, textKey)
	t.Segment = v
	return t
}

// NewRawTextSegment is NewRawTextSegment, from a.
func (a *Allocator) NewRawTextSegment(v textm.Segment) *Text {
	t := a.NewTextSegment(v)
	t.SetRaw(true)
	return t
}

// MergeOrAppendTextSegment is MergeOrAppendTextSegment, with a new node
// from a.
func (a *Allocator) MergeOrAppendTextSegment(parent Node, s textm.Segment) {
	last := parent.LastChild()
	t, ok := last.(*Text)
	if ok && t.Segment.Stop == s.Start && !t.SoftLineBreak() {
		t.Segment = t.Segment.WithStop(s.Stop)
	} else {
		parent.AppendChild(parent, a.NewTextSegment(s))
	}
}

// NewParagraph is NewParagraph, from a.
func (a *Allocator) NewParagraph() *Paragraph { return Alloc(a, paragraphKey) }

// NewTextBlock is NewTextBlock, from a.
func (a *Allocator) NewTextBlock() *TextBlock { return Alloc(a, textBlockKey) }

// NewBlockquote is NewBlockquote, from a.
func (a *Allocator) NewBlockquote() *Blockquote { return Alloc(a, blockquoteKey) }

// NewCodeSpan is NewCodeSpan, from a.
func (a *Allocator) NewCodeSpan() *CodeSpan { return Alloc(a, codeSpanKey) }

// NewHeading is NewHeading, from a.
func (a *Allocator) NewHeading(level int) *Heading {
	h := Alloc(a, headingKey)
	h.Level = level
	return h
}

// NewList is NewList, from a.
func (a *Allocator) NewList(marker byte) *List {
	l := Alloc(a, listKey)
	l.Marker = marker
	l.IsTight = true
	return l
}

// NewListItem is NewListItem, from a.
func (a *Allocator) NewListItem(offset int) *ListItem {
	li := Alloc(a, listItemKey)
	li.Offset = offset
	return li
}
