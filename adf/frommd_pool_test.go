package adf

import (
	"fmt"
	"reflect"
	"strings"
	"testing"

	gast "github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
)

// dumpTree writes a goldmark tree as text: every node's kind, its source
// position, lines and the fields that differ between nodes of a kind. Two
// parses of one source dump alike exactly when they built the same tree.
func dumpTree(b *strings.Builder, n gast.Node, src []byte, depth int) {
	fmt.Fprintf(b, "%s%s pos=%d", strings.Repeat(" ", depth), n.Kind(), n.Pos())
	if n.Type() == gast.TypeBlock {
		lines := n.Lines()
		for i := 0; i < lines.Len(); i++ {
			seg := lines.At(i)
			fmt.Fprintf(b, " %+v", seg)
		}
	}
	switch v := n.(type) {
	case *gast.Text:
		fmt.Fprintf(b, " %+v soft=%v hard=%v raw=%v", v.Segment, v.SoftLineBreak(), v.HardLineBreak(), v.IsRaw())
	case *gast.Heading:
		fmt.Fprintf(b, " level=%d", v.Level)
	case *gast.List:
		fmt.Fprintf(b, " marker=%q tight=%v start=%d", v.Marker, v.IsTight, v.Start)
	case *gast.ListItem:
		fmt.Fprintf(b, " offset=%d", v.Offset)
	case *gast.Emphasis:
		fmt.Fprintf(b, " level=%d", v.Level)
	case *east.TableRow:
		fmt.Fprintf(b, " align=%v", v.Alignments)
	case *east.TableCell:
		fmt.Fprintf(b, " align=%v", v.Alignment)
	case *east.TaskCheckBox:
		fmt.Fprintf(b, " checked=%v", v.IsChecked)
	}
	if attrs := n.Attributes(); len(attrs) > 0 {
		fmt.Fprintf(b, " attrs=%v", attrs)
	}
	b.WriteByte('\n')
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		dumpTree(b, c, src, depth+1)
	}
}

// parseDump parses md with p, taking nodes from a (nil: allocated one by
// one, as upstream goldmark does), and dumps the tree.
func parseDump(p parser.Parser, md string, a *gast.Allocator) string {
	src := []byte(md)
	pc := parser.NewContext()
	parser.SetAllocator(pc, a)
	var b strings.Builder
	dumpTree(&b, p.Parse(text.NewReader(src), parser.WithContext(pc)), src, 0)
	return b.String()
}

// TestReusedNodesParseAsFresh parses every corpus document, with both
// parsers, into nodes reused from the parses of the documents before it,
// and checks each tree is the one goldmark builds with nodes allocated one
// by one: no field of an earlier tree survives a Reset.
func TestReusedNodesParseAsFresh(t *testing.T) {
	corpus := loadCorpus(t)
	for _, p := range []struct {
		name string
		p    parser.Parser
	}{{"converter's parser", markdownParser()}, {"linkify parser", linkifyMarkdownParser()}} {
		var a gast.Allocator
		for i := range corpus {
			// Dirty the allocator with another document first.
			parseDump(p.p, corpus[(i*7+3)%len(corpus)].md, &a)
			a.Reset()
			fresh := parseDump(p.p, corpus[i].md, nil)
			reused := parseDump(p.p, corpus[i].md, &a)
			a.Reset()
			if fresh != reused {
				t.Fatalf("%s, %s: the tree from reused nodes differs\nfresh:\n%s\nreused:\n%s", p.name, corpus[i].name, fresh, reused)
			}
		}
	}
}

// TestAllocatorResetZeroes checks that Reset zeroes every node handed out,
// over more than one chunk, and that nodes come back in the order they were
// first handed out.
func TestAllocatorResetZeroes(t *testing.T) {
	var a gast.Allocator
	var first []*gast.Heading
	for i := range 300 {
		h := a.NewHeading(i%6 + 1)
		h.AppendChild(h, a.NewTextSegment(text.NewSegment(i, i+1)))
		first = append(first, h)
	}
	a.Reset()
	for i, h := range first {
		if !reflect.ValueOf(*h).IsZero() {
			t.Fatalf("heading %d not zeroed by Reset: level %d, %d children", i, h.Level, h.ChildCount())
		}
	}
	for i := range 300 {
		if h := a.NewHeading(2); h != first[i] || h.Level != 2 {
			t.Fatalf("after Reset, heading %d is not the first one's memory, or not set up", i)
		}
	}
	var none *gast.Allocator
	if l := none.NewList('-'); l == nil || !l.IsTight || l.Marker != '-' {
		t.Fatalf("a nil Allocator must allocate as ast.NewList does, got %+v", l)
	}
	none.Reset() // keeps nothing, so resets nothing (and must not panic)
}

// fresh converts md as upstream goldmark's allocation would, with no node
// reused.
func fresh(md string, f Flavor) *Node {
	freshTrees = true
	defer func() { freshTrees = false }()
	return fromMarkdown(md, f)
}

// TestConversionsMatchFreshOnes converts the corpus, in reverse order and
// with large documents converted in pieces on two goroutines in between,
// so that each conversion reuses nodes another document left, and checks
// every document comes out as it does with no node reused. A node used
// after its allocator is reset would show here.
func TestConversionsMatchFreshOnes(t *testing.T) {
	corpus := loadCorpus(t)
	big := realisticMarkdown(100_000)
	same := func(name, md string, f Flavor) {
		t.Helper()
		want, got := mustJSON(t, fresh(md, f)), mustJSON(t, fromMarkdown(md, f))
		if got != want {
			t.Fatalf("%s: converted differently from reused nodes\nfresh:  %s\nreused: %s", name, want, got)
		}
		if got := ToMarkdown(fromMarkdown(md, f)); got != ToMarkdown(fresh(md, f)) {
			t.Fatalf("%s: rendered back differently from reused nodes", name)
		}
	}
	for i := len(corpus) - 1; i >= 0; i-- {
		if i%100 == 0 {
			same("realistic 100 KB", big, Jira)
		}
		same(corpus[i].name, corpus[i].md, Confluence)
	}
}

// FuzzReusedNodes parses any Markdown into nodes an unrelated document left
// behind (a generated page, then the input reversed) and checks the
// tree is the one built from fresh nodes.
func FuzzReusedNodes(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	dirt := realisticMarkdown(4_000)
	f.Fuzz(func(t *testing.T, md string) {
		rev := []rune(md)
		for i, j := 0, len(rev)-1; i < j; i, j = i+1, j-1 {
			rev[i], rev[j] = rev[j], rev[i]
		}
		for _, p := range []parser.Parser{markdownParser(), linkifyMarkdownParser()} {
			var a gast.Allocator
			parseDump(p, dirt, &a)
			parseDump(p, string(rev), &a)
			a.Reset()
			if fresh, reused := parseDump(p, md, nil), parseDump(p, md, &a); fresh != reused {
				t.Fatalf("the tree from reused nodes differs\ninput: %q\nfresh:\n%s\nreused:\n%s", md, fresh, reused)
			}
		}
	})
}
