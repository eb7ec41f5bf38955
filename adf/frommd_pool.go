package adf

import (
	"sync"

	gast "github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
)

// This file keeps the goldmark trees of conversions in reusable memory:
// a conversion parses into nodes from an allocator it takes from a pool and
// hands back once the tree is converted (see third_party/goldmark/PATCH.md).

// treePool keeps the memory of goldmark trees between conversions. A 100 KB
// page parses into some 2 MB of nodes that are garbage once converted;
// allocating them afresh for every conversion made the garbage collector
// run about once per page.
var treePool = sync.Pool{New: func() any { return new(gast.Allocator) }}

// maxPooledSource bounds the Markdown whose trees' memory is kept for reuse:
// an allocator that served a huge document is left to the collector rather
// than holding its memory for the pages that follow.
const maxPooledSource = 1 << 20

// freshTrees, set only by tests, makes conversions parse as upstream
// goldmark does, each node allocated on its own and none reused: the
// reference that pooled conversions are compared with.
var freshTrees bool

// getTrees returns an allocator from the pool, or nil (each node allocated
// on its own) under freshTrees.
func getTrees() *gast.Allocator {
	if freshTrees {
		return nil
	}
	return treePool.Get().(*gast.Allocator)
}

// parse parses src with the converter's parser into nodes from the
// conversion's allocator. The tree lives until releaseTrees.
func (c *mdConverter) parse(src []byte) gast.Node {
	if c.sh.trees == nil {
		c.sh.trees = getTrees()
	}
	c.sh.parsed += len(src)
	pc := parser.NewContext()
	parser.SetAllocator(pc, c.sh.trees)
	return c.parser.Parse(text.NewReader(src), parser.WithContext(pc))
}

// releaseTrees hands the memory of the trees parse returned back for later
// conversions; none of their nodes may be used after.
func (s *conversion) releaseTrees() {
	putTrees(s.trees, s.parsed)
	s.trees, s.parsed = nil, 0
}

// putTrees resets a, which served largest bytes of Markdown in one go, and
// returns it to the pool unless it is nil or grew too large to keep.
func putTrees(a *gast.Allocator, largest int) {
	a.Reset()
	if a != nil && largest <= maxPooledSource {
		treePool.Put(a)
	}
}
