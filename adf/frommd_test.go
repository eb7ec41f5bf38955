package adf

import (
	"encoding/json"
	"strings"
	"testing"
)

func contentJSON(t *testing.T, doc *Node) string {
	t.Helper()
	raw, err := json.Marshal(doc.Content)
	if err != nil {
		t.Fatal(err)
	}
	return string(raw)
}

func TestFromMarkdown(t *testing.T) {
	const (
		p  = `{"type":"paragraph","content":[`
		tx = `{"type":"text","text":`
	)
	for _, c := range []struct {
		name, md string
		flavor   Flavor
		want     string
	}{
		{"heading", "## Goals", Confluence,
			`[{"type":"heading","attrs":{"level":2},"content":[{"type":"text","text":"Goals"}]}]`},
		{"soft and hard breaks", "a\nb\\\nc  \nd", Confluence,
			`[` + p + tx + `"a b"},{"type":"hardBreak"},` + tx + `"c"},{"type":"hardBreak"},` + tx + `"d"}]}]`},
		{"marks", "**b** *i* ~~s~~ `c`", Confluence,
			`[` + p + `{"type":"text","marks":[{"type":"strong"}],"text":"b"},` + tx + `" "},{"type":"text","marks":[{"type":"em"}],"text":"i"},` + tx + `" "},{"type":"text","marks":[{"type":"strike"}],"text":"s"},` + tx + `" "},{"type":"text","marks":[{"type":"code"}],"text":"c"}]}]`},
		{"code drops strong", "**`x`**", Confluence,
			`[` + p + `{"type":"text","marks":[{"type":"code"}],"text":"x"}]}]`},
		{"link with title and code", "[a `b`](https://x.y \"T\")", Confluence,
			`[` + p + `{"type":"text","marks":[{"type":"link","attrs":{"href":"https://x.y","title":"T"}}],"text":"a "},{"type":"text","marks":[{"type":"link","attrs":{"href":"https://x.y","title":"T"}},{"type":"code"}],"text":"b"}]}]`},
		{"autolinks", "<https://a.b> <me@x.org> www.c.de", Confluence,
			`[` + p + `{"type":"text","marks":[{"type":"link","attrs":{"href":"https://a.b"}}],"text":"https://a.b"},` + tx + `" "},{"type":"text","marks":[{"type":"link","attrs":{"href":"mailto:me@x.org"}}],"text":"me@x.org"},` + tx + `" "},{"type":"text","marks":[{"type":"link","attrs":{"href":"http://www.c.de"}}],"text":"www.c.de"}]}]`},
		{"html marks and breaks", "H<sub>2</sub>O<br><u>u</u> <span>x</span>", Confluence,
			`[` + p + tx + `"H"},{"type":"text","marks":[{"type":"subsup","attrs":{"type":"sub"}}],"text":"2"},` + tx + `"O"},{"type":"hardBreak"},{"type":"text","marks":[{"type":"underline"}],"text":"u"},` + tx + `" \u003cspan\u003ex\u003c/span\u003e"}]}]`},
		{"ordered list keeps its start", "3. a\n4. b", Confluence,
			`[{"type":"orderedList","attrs":{"order":3},"content":[{"type":"listItem","content":[` + p + tx + `"a"}]}]},{"type":"listItem","content":[` + p + tx + `"b"}]}]}]}]`},
		{"empty item and item starting with a list", "-\n- - x", Confluence,
			`[{"type":"bulletList","content":[{"type":"listItem","content":[{"type":"paragraph"}]},{"type":"listItem","content":[{"type":"paragraph"},{"type":"bulletList","content":[{"type":"listItem","content":[` + p + tx + `"x"}]}]}]}]}]}]`},
		{"code blocks", "```go\nx\n```\n\n    y", Confluence,
			`[{"type":"codeBlock","attrs":{"language":"go"},"content":[{"type":"text","text":"x"}]},{"type":"codeBlock","content":[{"type":"text","text":"y"}]}]`},
		{"quote and rule", "> q\n\n---", Confluence,
			`[{"type":"blockquote","content":[` + p + tx + `"q"}]}]},{"type":"rule"}]`},
		{"table with alignment", "| a | b |\n|:-:|--:|\n| 1 |", Confluence,
			`[{"type":"table","content":[{"type":"tableRow","content":[{"type":"tableHeader","content":[{"type":"paragraph","content":[{"type":"text","text":"a"}],"marks":[{"type":"alignment","attrs":{"align":"center"}}]}]},{"type":"tableHeader","content":[{"type":"paragraph","content":[{"type":"text","text":"b"}],"marks":[{"type":"alignment","attrs":{"align":"end"}}]}]}]},{"type":"tableRow","content":[{"type":"tableCell","content":[{"type":"paragraph","content":[{"type":"text","text":"1"}],"marks":[{"type":"alignment","attrs":{"align":"center"}}]}]},{"type":"tableCell","content":[{"type":"paragraph","marks":[{"type":"alignment","attrs":{"align":"end"}}]}]}]}]}]`},
		{"confluence tasks", "- [ ] a\n- [x] b\n  - [ ] c", Confluence,
			`[{"type":"taskList","attrs":{"localId":"00000000-0000-4000-8000-000000000001"},"content":[{"type":"taskItem","attrs":{"localId":"00000000-0000-4000-8000-000000000002","state":"TODO"},"content":[` + tx + `"a"}]},{"type":"taskItem","attrs":{"localId":"00000000-0000-4000-8000-000000000003","state":"DONE"},"content":[` + tx + `"b"}]},{"type":"taskList","attrs":{"localId":"00000000-0000-4000-8000-000000000004"},"content":[{"type":"taskItem","attrs":{"localId":"00000000-0000-4000-8000-000000000005","state":"TODO"},"content":[` + tx + `"c"}]}]}]}]`},
		{"jira tasks", "- [ ] a\n- [x] b", Jira,
			`[{"type":"bulletList","content":[{"type":"listItem","content":[` + p + tx + `"☐ a"}]}]},{"type":"listItem","content":[` + p + tx + `"☑ b"}]}]}]}]`},
		{"mixed list stays a bullet list", "- [ ] a\n- b", Confluence,
			`[{"type":"bulletList","content":[{"type":"listItem","content":[` + p + tx + `"☐ a"}]}]},{"type":"listItem","content":[` + p + tx + `"b"}]}]}]}]`},
		{"no task lists in quotes", "> - [x] a", Confluence,
			`[{"type":"blockquote","content":[{"type":"bulletList","content":[{"type":"listItem","content":[` + p + tx + `"☑ a"}]}]}]}]}]`},
		{"image", "![Logo](https://x.y/l.png)", Confluence,
			`[{"type":"mediaSingle","attrs":{"layout":"center"},"content":[{"type":"media","attrs":{"alt":"Logo","type":"external","url":"https://x.y/l.png"}}]}]`},
		{"linked image", "[![](https://x.y/l.png)](https://x.y)", Confluence,
			`[{"type":"mediaSingle","attrs":{"layout":"center"},"content":[{"type":"media","attrs":{"type":"external","url":"https://x.y/l.png"},"marks":[{"type":"link","attrs":{"href":"https://x.y"}}]}]}]`},
		{"image splits a paragraph", "a ![i](u.png) b", Confluence,
			`[` + p + tx + `"a"}]},{"type":"mediaSingle","attrs":{"layout":"center"},"content":[{"type":"media","attrs":{"alt":"i","type":"external","url":"u.png"}}]},` + p + tx + `"b"}]}]`},
		{"image in a heading becomes a link", "# ![i](u.png)", Confluence,
			`[{"type":"heading","attrs":{"level":1},"content":[{"type":"text","marks":[{"type":"link","attrs":{"href":"u.png"}}],"text":"i"}]}]`},
		{"alerts", "> [!NOTE]\n> n\n\n> [!TIP]\n> t\n\n> [!IMPORTANT]\n> i\n\n> [!WARNING]\n> w\n\n> [!CAUTION]\n> c", Confluence,
			`[{"type":"panel","attrs":{"panelType":"info"},"content":[` + p + tx + `"n"}]}]},{"type":"panel","attrs":{"panelType":"success"},"content":[` + p + tx + `"t"}]}]},{"type":"panel","attrs":{"panelType":"note"},"content":[` + p + tx + `"i"}]}]},{"type":"panel","attrs":{"panelType":"warning"},"content":[` + p + tx + `"w"}]}]},{"type":"panel","attrs":{"panelType":"error"},"content":[` + p + tx + `"c"}]}]}]`},
		{"details", "<details>\n<summary>T &amp; C</summary>\n\nbody\n\n<details><summary>In</summary>\n\ndeep\n\n</details>\n\n</details>", Confluence,
			`[{"type":"expand","attrs":{"title":"T \u0026 C"},"content":[` + p + tx + `"body"}]},{"type":"nestedExpand","attrs":{"title":"In"},"content":[` + p + tx + `"deep"}]}]}]}]`},
		{"details in a list is unwrapped", "- <details><summary>T</summary>\n\n  body\n\n  </details>", Confluence,
			`[{"type":"bulletList","content":[{"type":"listItem","content":[` + p + tx + `"T"}]},` + p + tx + `"body"}]}]}]}]`},
		{"mention status date", "@[Ann Lee](accountid:557058:abc-1) {status:In review|yellow} {status:New} {date:2026-11-22}", Confluence,
			`[` + p + `{"type":"mention","attrs":{"id":"557058:abc-1","text":"@Ann Lee"}},` + tx + `" "},{"type":"status","attrs":{"color":"yellow","text":"In review"}},` + tx + `" "},{"type":"status","attrs":{"color":"neutral","text":"New"}},` + tx + `" "},{"type":"date","attrs":{"timestamp":"1795305600000"}}]}]`},
		{"escaped syntax stays text", `\{status:x} \@[a](accountid:b)`, Confluence,
			`[` + p + tx + `"{status:x} @"},{"type":"text","marks":[{"type":"link","attrs":{"href":"accountid:b"}}],"text":"a"}]}]`},
		{"raw html block is text, comments go", "<div>\n*x*\n</div>\n\n<!-- gone -->", Confluence,
			`[` + p + tx + `"\u003cdiv\u003e"},{"type":"hardBreak"},` + tx + `"*x*"},{"type":"hardBreak"},` + tx + `"\u003c/div\u003e"}]}]`},
		{"heading and rule in a list item", "- # h\n\n  ---", Confluence,
			`[{"type":"bulletList","content":[{"type":"listItem","content":[` + p + tx + `"h"}]},` + p + tx + `"---"}]}]}]}]`},
		{"quote in quote is merged", "> a\n> > b", Confluence,
			`[{"type":"blockquote","content":[` + p + tx + `"a"}]},` + p + tx + `"b"}]}]}]`},
		{"table in a quote becomes text", "> | a | b |\n> |---|---|\n> | 1 | 2 |", Confluence,
			`[{"type":"blockquote","content":[` + p + tx + `"a | b"}]},` + p + tx + `"1 | 2"}]}]}]`},
		{"empty input", "", Confluence, `[]`},
	} {
		t.Run(c.name, func(t *testing.T) {
			doc := FromMarkdown(c.md, c.flavor)
			if err := Validate(doc); err != nil {
				t.Fatalf("invalid: %v", err)
			}
			if got := contentJSON(t, doc); got != c.want {
				t.Errorf("FromMarkdown(%q)\n got: %s\nwant: %s", c.md, got, c.want)
			}
		})
	}
}

// TestDetailsBodyKeepsItsNodes guards the node arena: a <details> body
// parsed separately must not be overwritten by the nodes after it.
func TestDetailsBodyKeepsItsNodes(t *testing.T) {
	md := "before\n\n<details><summary>T</summary>\ninner *text*\n</details>\n\nafter one\n\nafter two\n"
	doc := FromMarkdown(md, Confluence)
	if got, want := PlainText(doc), "before\ninner text\nafter one\nafter two"; got != want {
		t.Errorf("PlainText = %q, want %q", got, want)
	}
}

func TestFromMarkdownBoundsNesting(t *testing.T) {
	md := ""
	for i := 0; i < 60; i++ {
		md += strings.Repeat("  ", i) + "- level\n"
	}
	doc := fromMarkdown(md, Confluence)
	if err := Validate(doc); err != nil {
		t.Fatal(err)
	}
	depth := 0
	for n := doc.Content[0]; n != nil; {
		depth++
		var next *Node
		for _, item := range n.Content {
			for _, c := range item.Content {
				if c.Type == "bulletList" {
					next = c
				}
			}
		}
		n = next
	}
	if depth != maxListDepth {
		t.Errorf("lists nest %d deep, want the bound %d", depth, maxListDepth)
	}
	if got := strings.Count(PlainText(doc), "level"); got != 60 {
		t.Errorf("flattening lost items: %d of 60 left", got)
	}
}

func TestFromMarkdownSafetyNet(t *testing.T) {
	// plainDoc is what FromMarkdown returns if conversion ever produced an
	// invalid document; it must itself be valid and keep the text.
	doc := plainDoc("# a\n\nb\nc\n\n\n")
	if err := Validate(doc); err != nil {
		t.Fatal(err)
	}
	if got := PlainText(doc); got != "# a\nb\nc" {
		t.Errorf("plainDoc text = %q", got)
	}
}

func TestFromMarkdownNormalizesInput(t *testing.T) {
	a := contentJSON(t, FromMarkdown("a\r\nb\rc\x00\xff", Confluence))
	b := contentJSON(t, FromMarkdown("a\nb\nc\uFFFD\uFFFD", Confluence))
	if a != b {
		t.Errorf("CR, NUL and invalid UTF-8 are not normalised:\n%s\n%s", a, b)
	}
}

func TestFromMarkdownConcurrent(t *testing.T) {
	md := realisticMarkdown(5000)
	want := contentJSON(t, FromMarkdown(md, Confluence))
	done := make(chan string)
	for i := 0; i < 8; i++ {
		go func() {
			raw, _ := json.Marshal(FromMarkdown(md, Confluence).Content)
			done <- string(raw)
		}()
	}
	for i := 0; i < 8; i++ {
		if got := <-done; got != want {
			t.Fatal("concurrent conversions disagree")
		}
	}
}
