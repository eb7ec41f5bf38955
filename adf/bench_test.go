package adf

import (
	"encoding/json"
	"runtime"
	"testing"

	"github.com/yuin/goldmark/text"
)

// BenchmarkFromMarkdown converts a realistic ~100 KB page (the target is
// at least 20 MB/s).
func BenchmarkFromMarkdown(b *testing.B) {
	md := realisticMarkdown(100_000)
	b.SetBytes(int64(len(md)))
	b.ReportAllocs()
	for b.Loop() {
		FromMarkdown(md, Confluence)
	}
}

// BenchmarkFromMarkdownCold converts the same page with the pool of goldmark
// allocators empty, as for the first conversion in a process or one after
// two garbage collections: two collections run before each conversion,
// outside the timer.
func BenchmarkFromMarkdownCold(b *testing.B) {
	md := realisticMarkdown(100_000)
	b.SetBytes(int64(len(md)))
	b.ReportAllocs()
	for range b.N {
		b.StopTimer()
		runtime.GC()
		runtime.GC()
		b.StartTimer()
		FromMarkdown(md, Confluence)
	}
}

// BenchmarkToMarkdown renders the same page back; bytes are the Markdown
// written.
func BenchmarkToMarkdown(b *testing.B) {
	doc := FromMarkdown(realisticMarkdown(100_000), Confluence)
	b.SetBytes(int64(len(ToMarkdown(doc))))
	b.ReportAllocs()
	for b.Loop() {
		ToMarkdown(doc)
	}
}

// BenchmarkParse decodes and validates the page's ADF JSON.
func BenchmarkParse(b *testing.B) {
	raw, err := json.Marshal(FromMarkdown(realisticMarkdown(100_000), Confluence))
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(raw)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Parse(raw); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkGoldmarkBaseline parses the same page with goldmark alone (GFM
// and the ADF syntax, no conversion), as FromMarkdown did before it linked
// bare addresses itself.
func BenchmarkGoldmarkBaseline(b *testing.B) {
	md := []byte(realisticMarkdown(100_000))
	p := linkifyMarkdownParser()
	b.SetBytes(int64(len(md)))
	b.ReportAllocs()
	for b.Loop() {
		p.Parse(text.NewReader(md))
	}
}
