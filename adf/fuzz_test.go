package adf

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"testing"
)

// fuzzSeeds are starting points covering the syntax FromMarkdown knows.
var fuzzSeeds = []string{
	"# Title\n\nHello **world** and *you* ~~not~~ `code` [link](http://x.com \"t\")\n",
	"- a\n  - b\n    1. c\n\n2. d\n3) e\n",
	"- [ ] todo\n- [x] done\n  - [ ] sub\n",
	"> [!NOTE]\n> Useful\n\n> quote\n> > nested\n",
	"<details>\n<summary>More</summary>\n\nHidden *text*\n\n</details>\n",
	"| a | b |\n|:-:|--:|\n| 1 | ![i](http://i.png) |\n",
	"Ping @[Jane Doe](accountid:5b10ac) {status:Done|green} {date:2026-11-22}\n",
	"```go\nfunc main() {}\n```\n\n    indented\n\n---\n",
	"text ![alt](http://a.png) more<br>next <u>u</u> H<sub>2</sub>O x<sup>2</sup>\n",
	"<div>\nraw *html*\n</div>\n\n<!-- comment -->\n",
	"***strong em*** **a *b* c** _x_ __y__ foo_bar_baz\n",
	"www.example.com https://example.com/a?b=c foo@example.com <http://x.y>\n",
	"&amp; &#35; &copy; \\* \\_ \\\\ \\`\n",
}

// FuzzFromMarkdown checks that any Markdown becomes a valid document in both
// flavours, and that rendering it back and converting again gives the same
// document.
func FuzzFromMarkdown(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, md string) {
		for _, fl := range []Flavor{Confluence, Jira} {
			doc := fromMarkdown(md, fl)
			if err := Validate(doc); err != nil {
				t.Fatalf("%v: invalid document: %v\ninput: %q", fl, err, md)
			}
			if err := noSharedNodes(doc); err != nil {
				t.Fatalf("%v: %v\ninput: %q", fl, err, md)
			}
			out := ToMarkdown(doc)
			doc2 := fromMarkdown(out, fl)
			a, err := json.Marshal(doc)
			if err != nil {
				t.Fatal(err)
			}
			b, _ := json.Marshal(doc2)
			if !bytes.Equal(a, b) {
				t.Fatalf("%v: round trip changed the document\ninput: %q\nmarkdown: %q\nfirst:  %s\nsecond: %s", fl, md, out, a, b)
			}
		}
	})
}

// FuzzParse feeds arbitrary bytes to Parse and Decode. Nothing may panic; a
// document Parse accepts must validate, survive marshalling unchanged, and
// render to Markdown that converts back to a valid document.
func FuzzParse(f *testing.F) {
	if raw, err := os.ReadFile("testdata/kitchen-sink.json"); err == nil {
		f.Add(raw)
	}
	for _, c := range brokenDocs {
		f.Add([]byte(c.doc))
	}
	for _, c := range validDocs {
		f.Add([]byte(c.doc))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if doc, err := Decode(data); err == nil {
			md := ToMarkdown(doc)
			_ = PlainText(doc)
			if err := Validate(FromMarkdown(md, Confluence)); err != nil {
				t.Fatalf("Markdown of a decoded document converts to an invalid one: %v", err)
			}
			if _, _, err := Merge(doc, FromMarkdown("x", Jira), MergeAppend, ""); err != nil && doc.Type == "doc" {
				t.Fatalf("append to a decoded doc: %v", err)
			}
			_, _, _ = Merge(doc, FromMarkdown("# x", Jira), MergeSection, "x")
		}
		doc, err := Parse(data)
		if err != nil {
			return
		}
		if err := Validate(doc); err != nil {
			t.Fatalf("Parse accepted what Validate rejects: %v", err)
		}
		raw, err := json.Marshal(doc)
		if err != nil {
			t.Fatalf("cannot marshal a parsed document: %v", err)
		}
		again, err := Parse(raw)
		if err != nil {
			t.Fatalf("a re-marshalled document no longer parses: %v\n%s", err, raw)
		}
		raw2, _ := json.Marshal(again)
		if !bytes.Equal(raw, raw2) {
			t.Fatalf("marshalling is not stable:\n%s\n%s", raw, raw2)
		}
	})
}

// FuzzMergeSection merges arbitrary Markdown into a fixed page under an
// arbitrary section name: it must fail cleanly or return a valid document.
func FuzzMergeSection(f *testing.F) {
	f.Add("Goals", "new text")
	f.Add("Left > Notes", "## Heading\n\n- [ ] t")
	f.Add("notes", "")
	f.Fuzz(func(t *testing.T, section, md string) {
		existing := sectionDoc()
		before, _ := json.Marshal(existing)
		got, _, err := Merge(existing, FromMarkdown(md, Confluence), MergeSection, section)
		after, _ := json.Marshal(existing)
		if !bytes.Equal(before, after) {
			t.Fatal("Merge modified the existing document")
		}
		if err != nil {
			return
		}
		if err := Validate(got); err != nil {
			t.Fatalf("section merge produced an invalid document: %v", err)
		}
	})
}

// noSharedNodes reports a node or mark that appears twice in a tree, which
// would mean the converter reused memory it had already handed out.
func noSharedNodes(doc *Node) error {
	seen := map[any]bool{}
	var walk func(*Node) error
	walk = func(n *Node) error {
		if seen[n] {
			return fmt.Errorf("node %q appears twice in the tree", n.Type)
		}
		seen[n] = true
		for _, c := range n.Content {
			if err := walk(c); err != nil {
				return err
			}
		}
		return nil
	}
	return walk(doc)
}
