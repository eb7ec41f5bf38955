package parser

import (
	"github.com/yuin/goldmark/ast"
)

// This file is atlassian-mcp's patch (see PATCH.md): parsers take the nodes
// they create from the ast.Allocator a caller sets on the Context, so that
// the memory of a finished tree can serve the next parse.

var allocatorKey = NewContextKey()

// SetAllocator makes the parse that uses pc take its nodes from a. The
// caller must not Reset a while it still uses the tree.
func SetAllocator(pc Context, a *ast.Allocator) {
	pc.Set(allocatorKey, a)
}

// NodeAllocator returns the allocator set on pc, or nil: a nil
// *ast.Allocator allocates each node on its own.
func NodeAllocator(pc Context) *ast.Allocator {
	a, _ := pc.Get(allocatorKey).(*ast.Allocator)
	return a
}

var delimiterKey = ast.NewSlabKey[Delimiter]()

// ScanDelimiterFrom is ScanDelimiter with the delimiter taken from pc's
// allocator.
func ScanDelimiterFrom(pc Context, line []byte, before rune, minimum int, processor DelimiterProcessor) *Delimiter {
	return scanDelimiter(NodeAllocator(pc), line, before, minimum, processor)
}
