package adf

import (
	"encoding/json"
	"os"
	"strings"
	"testing"
)

func kitchenSink(t *testing.T) *Node {
	t.Helper()
	raw, err := os.ReadFile("testdata/kitchen-sink.json")
	if err != nil {
		t.Fatal(err)
	}
	doc, err := Parse(raw)
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

// TestToMarkdownRendersEveryNode checks that each node type of the kitchen
// sink shows up in the Markdown, as syntax or as a placeholder naming it.
func TestToMarkdownRendersEveryNode(t *testing.T) {
	md := ToMarkdown(kitchenSink(t))
	for typ, want := range map[string]string{
		"heading":         "# Overview",
		"strong":          "**bold**",
		"em":              "*italic*",
		"strike":          "~~gone~~",
		"code":            "`x := 1`",
		"underline":       "<u>under</u>",
		"link":            `[site](https://example.com/a?b=c "Example")`,
		"subsup":          "H<sub>2</sub>O E=mc<sup>2</sup>",
		"hardBreak":       "commented\\\n",
		"mention":         "@[Jane Doe](accountid:5b10ac8d82e05b22cc7d4ef5)",
		"emoji":           "😄",
		"status":          "{status:In progress|blue}",
		"date":            "{date:2026-11-22}",
		"inlineCard":      "<https://example.atlassian.net/browse/ENG-1>",
		"placeholder":     "[placeholder: Type here]",
		"inlineExtension": "[macro: anchor]",
		"mediaInline":     "[file: notes.txt]",
		"bulletList":      "- one",
		"orderedList":     "  3. three",
		"listItem":        "- tasks",
		"codeBlock":       "```go\nfmt.Println(\"hi\")\n```",
		"blockquote":      "> Quoted",
		"rule":            "\n---\n",
		"table":           "| Key | Value |\n| --- | --- |\n| a\\|b | in cell |\n| cell list |  |",
		"panel":           "> [!NOTE]\n>\n> ### Heads up\n>\n> Panel text",
		"expand":          "<details>\n<summary>More</summary>\n\nHidden",
		"nestedExpand":    "<details>\n<summary>Even more</summary>\n\nDeeper\n\n</details>",
		"taskList":        "- [ ] Write tests\n- [x] Ship\n  - [ ] Sub-task\n- [ ] Block task",
		"decisionList":    "◆ Use Go",
		"mediaSingle":     "[image: diagram.png]\n\nThe architecture",
		"external media":  "![logo](https://example.com/logo.png)",
		"mediaGroup":      "[file: report.pdf] [file: f-link]",
		"extension":       "[macro: jira (issue list)]",
		"bodiedExtension": "[macro: details]\n\nMacro body\n\n[end macro]",
		"layoutSection":   "[2-column layout]\n\n[column 1]\n\n## Left\n\nLeft text\n\n[column 2]\n\nRight text\n\n[end layout]",
		"blockCard":       "[card: https://example.atlassian.net/wiki/spaces/ENG/pages/1]",
		"datasource card": "[card: https://example.atlassian.net/issues]",
		"embedCard":       "[embed: https://www.youtube.com/watch?v=1]",
		"syncBlock":       "[synced block]\n\n[synced block]\n\nSynced text\n\n[end synced block]",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("%s: the Markdown lacks %q\n%s", typ, want, md)
		}
	}
	// Text carried only by attributes or unrendered marks is still there.
	for _, s := range []string{"red", "shaded", "commented", "Centred", "Indented", "in cell"} {
		if !strings.Contains(md, s) {
			t.Errorf("text %q was dropped", s)
		}
	}
}

func TestToMarkdownUnknownNodesKeepContent(t *testing.T) {
	doc, err := Decode([]byte(`{"type":"doc","version":1,"content":[
		{"type":"multiBodiedExtension","content":[{"type":"paragraph","content":[{"type":"text","text":"kept"}]}]},
		{"type":"paragraph","content":[{"type":"futureInline","content":[{"type":"text","text":"inner"}]},{"type":"futureLeaf"}]}]}`))
	if err != nil {
		t.Fatal(err)
	}
	md := ToMarkdown(doc)
	for _, want := range []string{"[multiBodiedExtension]", "kept", "[futureInline: inner]", "[futureLeaf]"} {
		if !strings.Contains(md, want) {
			t.Errorf("Markdown lacks %q:\n%s", want, md)
		}
	}
}

// TestTextSurvivesToMarkdown renders awkward text and checks that
// FromMarkdown reads exactly the same text back.
func TestTextSurvivesToMarkdown(t *testing.T) {
	texts := []string{
		"# not a heading", "1. not a list", "2) nor this", "- not a bullet", "+ nor this", "> not a quote",
		"*not em*", "**not strong**", "_x_", "a_b_c", "snake_case_name", "~~x~~", "~5 min", "`code`",
		"[x](y)", "![i](u)", "[ref]: /url", "<div>", "<http://x.y>", "a < b > c", "&amp; &#35; &", "AT&T",
		"http://example.com", "see https://x.y/z", "www.example.com", "mail a@b.co now", "@[a](accountid:b)",
		"{status:x}", "{date:2026-01-01}", "| a | b |", "---", "===", "***", ":-", ":-:", "    four spaces",
		" leading", "trailing ", "\ttab", "tab\tinside", `back\slash`, `end\`, `\*`, "C# and F#", "😄 emoji",
		"\u00a0nbsp", "ctrl\x01char", "100%", "(parens)", "a!", "x\\", "{", "}", "@", "[", "]",
	}
	for _, s := range texts {
		for _, marks := range [][]*Mark{nil, {Strong()}, {Em()}, {Code()}, {Link("https://x.y/(a)")}} {
			doc := Doc(Paragraph(Text("a "), Text(s, marks...), Text(" z")))
			if len(marks) > 0 && marks[0].Type == "code" {
				doc = Doc(Paragraph(Text(s, marks...)))
			}
			want := contentJSON(t, normalizedDoc(doc))
			md := ToMarkdown(doc)
			got := contentJSON(t, FromMarkdown(md, Confluence))
			if got != want {
				t.Errorf("text %q with marks %v did not survive\nmarkdown: %q\n got: %s\nwant: %s", s, markNames(marks), md, got, want)
			}
		}
	}
}

// normalizedDoc puts marks in FromMarkdown's order and merges neighbouring
// text nodes, as FromMarkdown would.
func normalizedDoc(doc *Node) *Node {
	d := doc.Clone()
	for _, p := range d.Content {
		for _, n := range p.Content {
			sortMarks(n.Marks)
		}
		p.Content = normalizeInline(p.Content)
	}
	return d
}

func markNames(ms []*Mark) []string {
	var out []string
	for _, m := range ms {
		out = append(out, m.Type)
	}
	return out
}

// TestMarkCombinationsSurvive checks that neighbouring and overlapping
// marks, where CommonMark's delimiter rules bite, read back the same.
func TestMarkCombinationsSurvive(t *testing.T) {
	cases := [][]*Node{
		{Text("a", Strong()), Text("b", Em())},
		{Text("a", Em()), Text("b", Strong())},
		{Text("a", Strong()), Text("b", Strong(), Em()), Text("c", Em())},
		{Text("x"), Text("\"q\"", Strong()), Text("y")},
		{Text("x"), Text(" spaced ", Strong()), Text("y")},
		{Text("end ", Em())},
		{Text("a", Strike()), Text("b", Strike(), Strong())},
		{Text("go", Link("https://a")), Text("!", Link("https://b"))},
		{Text("**", Strong())},
		{Text("x", Underline()), Text("y", Underline(), Sub()), Text("z", Sup())},
		{Text("Hello ", Strong()), Mention("m-1", "Bob"), Text("!", Strong())},
		{Text("a", Strong()), Text("code", Code()), Text("b", Strong())},
		{Text("www.x.y", Link("http://www.x.y"))},
		{Text("link", Link("https://x.y/a b")), Text(" & ", Strong())},
	}
	for _, inl := range cases {
		doc := Doc(Paragraph(inl...))
		want := contentJSON(t, normalizedDoc(doc))
		md := ToMarkdown(doc)
		if got := contentJSON(t, FromMarkdown(md, Confluence)); got != want {
			t.Errorf("marks did not survive\nmarkdown: %q\n got: %s\nwant: %s", md, got, want)
		}
	}
}

func TestToMarkdownReadability(t *testing.T) {
	for _, c := range []struct {
		doc  *Node
		want string
	}{
		{Doc(Paragraph(Text("Use snake_case names, a < b, 100% and C# here."))), "Use snake_case names, a < b, 100% and C# here.\n"},
		{Doc(Paragraph(Text("bold", Strong()), Text(" and "), Text("italic", Em()))), "**bold** and *italic*\n"},
		{Doc(BulletList(ListItem(Paragraph(Text("a")))), BulletList(ListItem(Paragraph(Text("b"))))), "- a\n\n+ b\n"},
		{Doc(OrderedList(1, ListItem(Paragraph(Text("a")))), OrderedList(1, ListItem(Paragraph(Text("b"))))), "1. a\n\n1) b\n"},
		{Doc(CodeBlock("", "has ``` inside")), "````\nhas ``` inside\n````\n"},
		{Doc(Panel("success", Paragraph(Text("ok")))), "> [!TIP]\n> ok\n"},
		{Doc(Panel("error", BulletList(ListItem(Paragraph(Text("x")))))), "> [!CAUTION]\n>\n> - x\n"},
		{Doc(Paragraph(Text("x", Link("https://x.y")), Text(" "), Text("https://x.y", Link("https://x.y")))), "[x](https://x.y) <https://x.y>\n"},
		{Doc(Table(TableRow(TableHeader(Paragraph(Text("a")))), TableRow(TableCell(Paragraph(Text("1"))), TableCell(Paragraph(Text("2")))))),
			"| a |  |\n| --- | --- |\n| 1 | 2 |\n"},
		{Doc(Paragraph(Status("Done", "neutral"), Text(" "), Status("x|y}", "#aabbcc"))), "{status:Done} {status:xy|#aabbcc}\n"},
		{Doc(Expand("A <b> & c", Paragraph(Text("x")))), "<details>\n<summary>A &lt;b&gt; &amp; c</summary>\n\nx\n\n</details>\n"},
		{nil, ""},
		{Doc(), ""},
	} {
		if got := ToMarkdown(c.doc); got != c.want {
			t.Errorf("ToMarkdown = %q, want %q", got, c.want)
		}
	}
}

func TestPlainText(t *testing.T) {
	doc := Doc(
		Heading(1, Text("Title")),
		Paragraph(Text("Hi "), Mention("a", "Ann"), Text(" "), Status("DONE", "green"), Text(" "), Emoji(":x:", ""), HardBreak(), Text("next")),
		Table(TableRow(TableCell(Paragraph(Text("a"))), TableCell(Paragraph(Text("b"))))),
	)
	want := "Title\nHi @Ann DONE :x:\nnext\na | b"
	if got := PlainText(doc); got != want {
		t.Errorf("PlainText = %q, want %q", got, want)
	}
}

func TestToMarkdownTableWidth(t *testing.T) {
	raw := `{"type":"doc","version":1,"content":[{"type":"table","content":[
	  {"type":"tableRow","content":[{"type":"tableHeader","attrs":{"colspan":2},"content":[{"type":"paragraph","content":[{"type":"text","text":"wide"}]}]}]},
	  {"type":"tableRow","content":[{"type":"tableCell","content":[{"type":"paragraph"}]},{"type":"tableCell","content":[{"type":"paragraph"}]},{"type":"tableCell","content":[{"type":"paragraph","content":[{"type":"text","text":"extra"}]}]}]}]}]}`
	doc, err := Parse([]byte(raw))
	if err != nil {
		t.Fatal(err)
	}
	want := "| wide |  |  |\n| --- | --- | --- |\n|  |  | extra |\n"
	if got := ToMarkdown(doc); got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	back := FromMarkdown(want, Confluence)
	if !strings.Contains(PlainText(back), "extra") {
		t.Error("a cell beyond the header width was lost")
	}
	_ = json.Valid
}

func TestToMarkdownToleratesNilParts(t *testing.T) {
	doc := Doc(nil, Paragraph(nil, Text("a", nil, Strong()), &Node{Type: "mention", Attrs: map[string]any{"id": "x"}, Marks: []*Mark{nil}}),
		BulletList(nil, ListItem(nil, Paragraph(Text("b")))))
	if got := ToMarkdown(doc); got != "**a**@[x](accountid:x)\n\n- b\n" {
		t.Errorf("ToMarkdown = %q", got)
	}
}

func TestRenderersStopOnCycles(t *testing.T) {
	p := Paragraph(Text("x"))
	item := ListItem(p)
	list := BulletList(item)
	item.Content = append(item.Content, list) // a cycle only code can build
	doc := Doc(list)
	if md := ToMarkdown(doc); !strings.Contains(md, "[nested too deep]") {
		t.Errorf("ToMarkdown of a cyclic tree: %.200q", md)
	}
	if got := PlainText(doc); !strings.HasPrefix(got, "x\nx") {
		t.Errorf("PlainText of a cyclic tree: %.50q", got)
	}
}

// TestLineFeedsInText checks that a line feed inside ADF text (Jira writes
// some) reads as a line break, and that &#10; in Markdown gives one.
func TestLineFeedsInText(t *testing.T) {
	if got := ToMarkdown(Doc(Paragraph(Text("one\ntwo")))); got != "one\\\ntwo\n" {
		t.Errorf("ToMarkdown = %q", got)
	}
	want := contentJSON(t, Doc(Paragraph(Text("one"), HardBreak(), Text("two"))))
	for _, md := range []string{"one\\\ntwo", "one&#10;two"} {
		if got := contentJSON(t, FromMarkdown(md, Jira)); got != want {
			t.Errorf("FromMarkdown(%q) = %s, want %s", md, got, want)
		}
	}
	if got := ToMarkdown(Doc(Paragraph(Text("a\nb", Code())))); got != "`a b`\n" {
		t.Errorf("code spans hold no line breaks: %q", got)
	}
}
