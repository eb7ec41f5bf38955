package adf

import (
	"bytes"
	"encoding/json"
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
