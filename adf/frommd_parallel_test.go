package adf

import (
	"fmt"
	"strings"
	"testing"
)

// convertAtEveryCut converts normalised md cut before every heading
// cutPoints allows, or returns nil when it allows none. The pieces are
// converted one after the other, so that the fuzzer's coverage does not
// depend on how goroutines interleave (which made it minimise for ever).
func convertAtEveryCut(md string, f Flavor) *Node {
	return convertParallel(md, f, 1, len(md)+1, 1)
}

// sameDocument fails t unless a and b marshal to the same JSON.
func sameDocument(t *testing.T, name string, whole, cut *Node) {
	t.Helper()
	if a, b := mustJSON(t, whole), mustJSON(t, cut); a != b {
		t.Fatalf("%s: converting in pieces changed the document\nwhole: %s\ncut:   %s", name, a, b)
	}
}

// TestPiecesMatchWholeOverCorpus converts every corpus document, alone and
// framed by headings (so that each construct of the corpus meets a cut:
// lists, quotes, fences and tables that a heading must end), cut at every
// point cutPoints allows, and checks the result is the whole conversion's,
// byte for byte.
func TestPiecesMatchWholeOverCorpus(t *testing.T) {
	corpus := append(loadCorpus(t), corpusEntry{name: "realistic 100 KB", md: realisticMarkdown(100_000)})
	cut, tried := 0, 0
	for _, e := range corpus {
		framed := "# Before\n\n" + e.md + "\n\n## Between\n\n" + e.md + "\n# After\n"
		for _, md := range []string{normalizeSource(e.md), normalizeSource(framed)} {
			for _, f := range []Flavor{Confluence, Jira} {
				tried++
				pieces := convertAtEveryCut(md, f)
				if pieces == nil {
					continue
				}
				cut++
				sameDocument(t, e.name+" ("+f.String()+")", convertWhole(md, f), pieces)
			}
		}
	}
	// The corpus must exercise the cutting, or this test proves nothing.
	if cut < tried/4 {
		t.Fatalf("only %d of %d conversions were cut; the test needs documents it may cut", cut, tried)
	}
	t.Logf("%d of %d conversions were cut into pieces", cut, tried)
}

// TestLargeDocumentsAreConvertedInPieces checks that FromMarkdown takes the
// piecewise path for the benchmark's document, so that the benchmark
// measures it, and that the ids of task lists continue across pieces.
func TestLargeDocumentsAreConvertedInPieces(t *testing.T) {
	md := normalizeSource(realisticMarkdown(100_000))
	pieces := convertParallel(md, Confluence, pieceSize/2, parallelPieces(len(md)), 2)
	if pieces == nil {
		t.Fatal("the 100 KB document was not cut")
	}
	sameDocument(t, "realistic 100 KB", convertWhole(md, Confluence), pieces)
	seen := map[string]bool{}
	var walk func([]*Node)
	walk = func(nodes []*Node) {
		for _, n := range nodes {
			if id, ok := n.Attrs["localId"].(string); ok {
				if seen[id] {
					t.Fatalf("local id %s used twice", id)
				}
				seen[id] = true
			}
			walk(n.Content)
		}
	}
	walk(pieces.Content)
	if len(seen) < 100 {
		t.Fatalf("only %d local ids; the document should hold hundreds of task items", len(seen))
	}
}

// TestCutPoints checks where documents may be cut; "§" marks each expected
// cut and is removed before cutting.
func TestCutPoints(t *testing.T) {
	section := "§## Part\n\nSome *text* and a list:\n\n- a\n- b\n\n"
	tests := []struct{ name, md string }{
		{"sections", "# A\n\n" + section + section},
		{"heading without a blank line before", "para\n# A\ntext\n\n§# B\n"},
		{"a list ends at a heading", "- a\n\n  more\n\n§# B\n\n1. x\n\n§## C\n"},
		{"indented heading is not a cut", "para\n\n # A\n\n§# B\n"},
		{"hashtag is not a heading", "a\n\n#tag\n\n####### seven\n\n§# B\n"},
		{"heading inside a fence", "a\n\n```\n\n# not\n```\n\n§# B\n"},
		{"longer fence not closed by a shorter one", "a\n\n````\n```\n\n# no\n````\n\n§# B\n"},
		{"tilde fence not closed by backticks", "a\n\n~~~\n```\n\n# no\n~~~\n\n§# B\n"},
		{"unclosed fence runs to the end", "a\n\n§# A\n\n```\n\n# no\n"},
		{"heading in a quote is no cut", "a\n\n> # q\n\n§# B\n"},
		{"link reference definitions refuse", "[x]\n\n# A\n\n[x]: http://a\n"},
		{"HTML refuses", "a\n\n<div>\n\n# A\n</div>\n"},
		{"details refuse", "<details>\n<summary>s</summary>\n\n# A\n\n</details>\n"},
		{"indented fence refuses", "- a\n\n  ```\n\n# A\n```\n\n# B\n"},
		{"backtick in a backtick fence's info refuses", "a\n\n```x`y\n\n# A\n"},
		{"no heading, no cut", "a\n\nb\n\n- c\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var want []int
			md := tt.md
			for i := strings.Index(md, "§"); i >= 0; i = strings.Index(md, "§") {
				want = append(want, i)
				md = md[:i] + md[i+len("§"):]
			}
			got := cutPoints(md, 1, len(md)+1)
			if fmt.Sprint(got) != fmt.Sprint(want) {
				t.Fatalf("cutPoints = %v, want %v", got, want)
			}
			for _, f := range []Flavor{Confluence, Jira} {
				if doc := convertAtEveryCut(md, f); doc != nil {
					sameDocument(t, tt.name, convertWhole(md, f), doc)
				}
			}
		})
	}
}

func TestSpreadKeepsPiecesLargeAndEven(t *testing.T) {
	candidates := []int{10, 30, 45, 52, 70, 90}
	if got := spread(candidates, 100, 20, 2); len(got) != 1 || got[0] != 52 {
		t.Fatalf("two pieces: %v, want [52]", got)
	}
	if got := spread(candidates, 100, 15, 4); fmt.Sprint(got) != "[30 52 70]" {
		t.Fatalf("four pieces: %v, want [30 52 70]", got)
	}
	if got := spread(candidates, 100, 20, 4); fmt.Sprint(got) != "[30 52]" {
		t.Fatalf("four pieces of at least 20 bytes: %v, want [30 52]", got)
	}
	if got := spread(candidates, 100, 60, 2); got != nil {
		t.Fatalf("pieces of 60 bytes cannot fit in 100: %v", got)
	}
}

// FuzzPiecesMatchWhole checks, for any Markdown, that converting it cut at
// every point cutPoints allows gives the whole conversion's document.
func FuzzPiecesMatchWhole(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add("# A\n\n" + s + "\n\n## B\n\n" + s + "\n# C\n\n" + s)
	}
	f.Fuzz(func(t *testing.T, md string) {
		md = normalizeSource(md)
		for _, fl := range []Flavor{Confluence, Jira} {
			if doc := convertAtEveryCut(md, fl); doc != nil {
				sameDocument(t, fl.String(), convertWhole(md, fl), doc)
			}
		}
	})
}
