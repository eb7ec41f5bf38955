package adf

import (
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	gast "github.com/yuin/goldmark/ast"
)

// This file converts a large document on several cores. A long page is
// mostly a run of sections, each opening with a heading, and in CommonMark a
// heading at the start of a line after a blank line always begins a new
// top-level block: whatever came before (a list, a quote, a table, a
// paragraph) has ended. So the document can be cut before such headings
// and the pieces converted at once, each by its own converter, and their
// blocks laid end to end give the document the whole conversion would.
//
// That holds only where the cut cannot fall inside a construct that spans
// blank lines. cutPoints is strict rather than clever: it refuses documents
// that hold link reference definitions (they are document-wide), HTML
// (blocks of HTML can span blank lines, and <details> pairs across them), or
// an indented or ambiguous code fence, and it tracks the fences it accepts
// exactly. When it refuses, the document is converted in one piece.
// parallel_test.go checks that both ways give identical documents over the
// whole corpus, cutting at every point cutPoints allows.

// parallelMin is the size from which a document is cut: below it the pieces
// are too small to repay the work of cutting.
const parallelMin = 32 << 10

// pieceSize is the size a large document's pieces aim at. Pieces are
// converted by a few workers, each reusing one goldmark allocator from piece
// to piece, so smaller pieces mean a smaller tree in memory at once: a
// 100 KB page parses into 2.4 MB of nodes, a 16 KB piece into about 400 KB.
// That matters most for the first conversion in a process, before the
// allocator pool is warm.
const pieceSize = 16 << 10

// maxPieces bounds how many pieces a document is cut into.
const maxPieces = 64

// convertParallel converts normalised md in pieces of at least minPiece
// bytes, at most pieces of them, by workers goroutines (the caller's among
// them; 1 converts the pieces one after the other on it), and returns nil
// when the document cannot be cut safely, has no cut point, needs
// goldmark's Linkify (see convertMarkdown), or a piece's conversion
// panicked: the caller then converts it whole on its own goroutine, where a
// panic reaches the tool server's recovery instead of ending the process.
func convertParallel(md string, f Flavor, minPiece, pieces, workers int) *Node {
	if pieces < 2 {
		return nil
	}
	cuts := cutPoints(md, minPiece, pieces)
	if len(cuts) == 0 {
		return nil
	}
	bounds := append(append([]int{0}, cuts...), len(md))
	src := []byte(md)
	out := make([]piece, len(bounds)-1)
	var next atomic.Int64
	workers = min(max(workers, 1), len(out))
	work := func() {
		trees := getTrees()
		mem := newArena(len(md) / workers) // the result's memory, shared by this worker's pieces
		largest := 0
		for {
			i := int(next.Add(1) - 1)
			if i >= len(out) {
				break
			}
			part := src[bounds[i]:bounds[i+1]:bounds[i+1]]
			largest = max(largest, len(part))
			if out[i] = convertPiece(part, f, trees, mem); out[i].failed {
				return // the allocator may be half-built: leave it to the collector
			}
		}
		putTrees(trees, largest)
	}
	var wg sync.WaitGroup
	for range workers - 1 {
		wg.Go(work)
	}
	work() // on this goroutine too
	wg.Wait()
	total, ids := 0, 0
	for _, p := range out {
		if p.failed {
			return nil
		}
		total += len(p.content)
	}
	content := make([]*Node, 0, total)
	for _, p := range out {
		if ids > 0 {
			shiftLocalIDs(p.content, ids)
		}
		ids += p.ids
		content = append(content, p.content...)
	}
	return &Node{Type: "doc", Content: content}
}

// piece is one piece's conversion: its blocks and how many local ids it
// generated, or failed.
type piece struct {
	content []*Node
	ids     int
	failed  bool
}

// convertPiece converts one piece with goldmark nodes from trees, which it
// resets afterwards, into nodes from mem. A panic makes a failed piece.
func convertPiece(part []byte, f Flavor, trees *gast.Allocator, mem *arena) (p piece) {
	defer func() {
		if r := recover(); r != nil {
			p = piece{failed: true}
		}
	}()
	c := newConverter(part, f, markdownParser(), true)
	c.sh.trees, c.sh.arena = trees, mem
	content := c.blocks(c.parse(part), "doc")
	trees.Reset()
	return piece{content: content, ids: c.sh.ids, failed: c.sh.linkifyNeeded}
}

// parallelPieces is how many pieces a document of n bytes is cut into:
// about one per pieceSize bytes, at least two.
func parallelPieces(n int) int {
	if n < parallelMin {
		return 1
	}
	return min(max(n/pieceSize, 2), maxPieces)
}

// parallelWorkers is how many goroutines convert a document's pieces: one
// per core.
func parallelWorkers() int { return runtime.GOMAXPROCS(0) }

// shiftLocalIDs adds offset to the local ids a piece's converter generated
// (numbered from 1, see newID), so that they continue the previous pieces'
// as they would have in a conversion of the whole document.
func shiftLocalIDs(nodes []*Node, offset int) {
	for _, n := range nodes {
		if n == nil {
			continue
		}
		if n.Type == "taskList" || n.Type == "taskItem" {
			if s, ok := n.Attrs["localId"].(string); ok && strings.HasPrefix(s, localIDPrefix) {
				if k, err := strconv.ParseInt(s[len(localIDPrefix):], 16, 64); err == nil {
					n.Attrs["localId"] = localID(int(k) + offset)
				}
			}
		}
		shiftLocalIDs(n.Content, offset)
	}
}

// cutPoints returns up to pieces-1 offsets in md before which it may be cut,
// each piece at least minPiece bytes and as even as the headings allow, or
// nil when md must not be cut.
func cutPoints(md string, minPiece, pieces int) []int {
	if strings.Contains(md, "]:") {
		return nil // a link reference definition may serve other pieces
	}
	var candidates []int
	var fence fenceState
	blank := false
	for start := 0; start < len(md); {
		end := strings.IndexByte(md[start:], '\n')
		if end < 0 {
			end = len(md)
		} else {
			end += start
		}
		line := md[start:end]
		trimmed := strings.TrimLeft(line, " \t")
		switch {
		case isFenceLike(trimmed):
			if len(trimmed) != len(line) || !fence.step(line) {
				return nil // an indented or ambiguous fence
			}
		case fence.open():
			// code: anything goes
		case strings.HasPrefix(trimmed, "<"):
			return nil // HTML may span blank lines
		case blank && start > 0 && isATXHeading(line):
			candidates = append(candidates, start)
		}
		blank = !fence.open() && trimmed == ""
		start = end + 1
	}
	return spread(candidates, len(md), minPiece, pieces)
}

// spread picks from candidates (ascending) the cuts nearest to even pieces
// of n bytes, dropping any that would leave a piece under minPiece bytes.
func spread(candidates []int, n, minPiece, pieces int) []int {
	var cuts []int
	last, j := 0, 0
	for k := 1; k < pieces; k++ {
		target := n * k / pieces
		for j < len(candidates) && candidates[j] < target {
			j++
		}
		best := -1
		for _, c := range []int{j - 1, j} {
			if c < 0 || c >= len(candidates) {
				continue
			}
			pos := candidates[c]
			if pos-last < minPiece || n-pos < minPiece {
				continue
			}
			if best < 0 || abs(pos-target) < abs(best-target) {
				best = pos
			}
		}
		if best > last {
			cuts = append(cuts, best)
			last = best
		}
	}
	return cuts
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// isFenceLike reports whether a line (without its indentation) begins with
// three backticks or tildes.
func isFenceLike(s string) bool {
	return strings.HasPrefix(s, "```") || strings.HasPrefix(s, "~~~")
}

// isATXHeading reports whether line, unindented, is an ATX heading: one to
// six "#" then a space, a tab or the end of the line.
func isATXHeading(line string) bool {
	i := 0
	for i < len(line) && line[i] == '#' {
		i++
	}
	return i >= 1 && i <= 6 && (i == len(line) || line[i] == ' ' || line[i] == '\t')
}

// fenceState follows the code fences of lines that start in column 0.
type fenceState struct {
	char byte // '`' or '~' while a fence is open
	size int
}

func (f *fenceState) open() bool { return f.char != 0 }

// step reads an unindented fence-like line: it opens a fence, closes the
// open one, or is code inside it. It returns false for a line it cannot
// read for certain: a backtick fence whose info string holds a backtick is
// no fence at all in CommonMark.
func (f *fenceState) step(line string) bool {
	c := line[0]
	n := 0
	for n < len(line) && line[n] == c {
		n++
	}
	rest := line[n:]
	if f.open() {
		if c == f.char && n >= f.size && strings.TrimRight(rest, " \t") == "" {
			*f = fenceState{}
		}
		return true
	}
	if c == '`' && strings.IndexByte(rest, '`') >= 0 {
		return false
	}
	*f = fenceState{char: c, size: n}
	return true
}
