package adf

import (
	"errors"
	"strings"
	"testing"
)

// brokenDocs are documents full.json rejects. Parse must reject them too,
// naming the JSON path of the first invalid node (schema_test.go checks the
// schema side).
var brokenDocs = []struct {
	name, doc, path, msg string
}{
	{"paragraph in bullet list",
		`{"type":"doc","version":1,"content":[{"type":"paragraph"},{"type":"rule"},{"type":"bulletList","content":[{"type":"paragraph","content":[{"type":"text","text":"x"}]}]}]}`,
		"content[2].content[0]", `node type "paragraph" is not allowed inside "bulletList" (expected listItem)`},
	{"missing version", `{"type":"doc","content":[]}`, "", `"version":1`},
	{"wrong version", `{"type":"doc","version":2,"content":[]}`, "", `"version" must be 1`},
	{"missing doc content", `{"type":"doc","version":1}`, "", `"content" array`},
	{"root is not a doc", `{"type":"paragraph","content":[]}`, "", `the top node must be`},
	{"doc with attrs", `{"type":"doc","version":1,"attrs":{"x":1},"content":[]}`, "", `takes no attrs`},
	{"unknown node type", `{"type":"doc","version":1,"content":[{"type":"section"}]}`, "content[0]", `unknown node type "section"`},
	{"heading without level", `{"type":"doc","version":1,"content":[{"type":"heading","content":[{"type":"text","text":"x"}]}]}`, "content[0]", `needs attrs: level (a number from 1 to 6)`},
	{"heading level 7", `{"type":"doc","version":1,"content":[{"type":"heading","attrs":{"level":7}}]}`, "content[0].attrs.level", `must be a number from 1 to 6, got 7`},
	{"empty text", `{"type":"doc","version":1,"content":[{"type":"paragraph","content":[{"type":"text","text":""}]}]}`, "content[0].content[0]", `non-empty "text"`},
	{"strong code text", `{"type":"doc","version":1,"content":[{"type":"paragraph","content":[{"type":"text","text":"x","marks":[{"type":"strong"},{"type":"code"}]}]}]}`, "content[0].content[0]", `marks strong+code cannot be combined`},
	{"marked text in code block", `{"type":"doc","version":1,"content":[{"type":"codeBlock","content":[{"type":"text","text":"x","marks":[{"type":"em"}]}]}]}`, "content[0].content[0].marks[0]", `cannot carry marks`},
	{"unknown mark", `{"type":"doc","version":1,"content":[{"type":"paragraph","content":[{"type":"text","text":"x","marks":[{"type":"bold"}]}]}]}`, "content[0].content[0].marks[0]", `unknown mark "bold"`},
	{"link without href", `{"type":"doc","version":1,"content":[{"type":"paragraph","content":[{"type":"text","text":"x","marks":[{"type":"link","attrs":{"title":"t"}}]}]}]}`, "content[0].content[0].marks[0]", `needs attrs.href`},
	{"link without attrs", `{"type":"doc","version":1,"content":[{"type":"paragraph","content":[{"type":"text","text":"x","marks":[{"type":"link"}]}]}]}`, "content[0].content[0].marks[0]", `mark "link" needs attrs`},
	{"strong with attrs", `{"type":"doc","version":1,"content":[{"type":"paragraph","content":[{"type":"text","text":"x","marks":[{"type":"strong","attrs":{}}]}]}]}`, "content[0].content[0].marks[0]", `takes no attrs`},
	{"bad text colour", `{"type":"doc","version":1,"content":[{"type":"paragraph","content":[{"type":"text","text":"x","marks":[{"type":"textColor","attrs":{"color":"red"}}]}]}]}`, "content[0].content[0].marks[0].attrs.color", `a colour like #ff5630`},
	{"subsup super", `{"type":"doc","version":1,"content":[{"type":"paragraph","content":[{"type":"text","text":"x","marks":[{"type":"subsup","attrs":{"type":"super"}}]}]}]}`, "content[0].content[0].marks[0].attrs.type", `one of "sub", "sup"`},
	{"unknown paragraph attr", `{"type":"doc","version":1,"content":[{"type":"paragraph","attrs":{"align":"left"}}]}`, "content[0].attrs.align", `attribute "align" is not allowed on node "paragraph" (allowed: localId)`},
	{"panel without type", `{"type":"doc","version":1,"content":[{"type":"panel","content":[{"type":"paragraph"}]}]}`, "content[0]", `needs attrs: panelType`},
	{"panel of unknown type", `{"type":"doc","version":1,"content":[{"type":"panel","attrs":{"panelType":"danger"},"content":[{"type":"paragraph"}]}]}`, "content[0].attrs.panelType", `"info", "note", "tip", "warning", "error", "success", "custom"`},
	{"task state", `{"type":"doc","version":1,"content":[{"type":"taskList","attrs":{"localId":"a"},"content":[{"type":"taskItem","attrs":{"localId":"b","state":"OPEN"}}]}]}`, "content[0].content[0].attrs.state", `"TODO", "DONE"`},
	{"task list without id", `{"type":"doc","version":1,"content":[{"type":"taskList","content":[{"type":"taskItem","attrs":{"localId":"b","state":"TODO"}}]}]}`, "content[0]", `needs attrs: localId`},
	{"empty bullet list", `{"type":"doc","version":1,"content":[{"type":"bulletList","content":[]}]}`, "content[0]", `at least 1 child node`},
	{"list item without content", `{"type":"doc","version":1,"content":[{"type":"bulletList","content":[{"type":"listItem"}]}]}`, "content[0].content[0]", `needs a "content" array`},
	{"table in quote", `{"type":"doc","version":1,"content":[{"type":"blockquote","content":[{"type":"table","content":[{"type":"tableRow","content":[]}]}]}]}`, "content[0].content[0]", `node type "table" is not allowed inside "blockquote"`},
	{"heading in quote", `{"type":"doc","version":1,"content":[{"type":"blockquote","content":[{"type":"heading","attrs":{"level":1}}]}]}`, "content[0].content[0]", `not allowed inside "blockquote"`},
	{"quote in quote", `{"type":"doc","version":1,"content":[{"type":"blockquote","content":[{"type":"blockquote","content":[{"type":"paragraph"}]}]}]}`, "content[0].content[0]", `not allowed inside "blockquote"`},
	{"one-column layout", `{"type":"doc","version":1,"content":[{"type":"layoutSection","content":[{"type":"layoutColumn","attrs":{"width":100},"content":[{"type":"paragraph"}]}]}]}`, "content[0]", `needs 2 to 3 layoutColumn nodes, got 1`},
	{"image without media", `{"type":"doc","version":1,"content":[{"type":"mediaSingle","attrs":{"layout":"center"},"content":[]}]}`, "content[0]", `at least 1 child node`},
	{"external media without url", `{"type":"doc","version":1,"content":[{"type":"mediaSingle","attrs":{"layout":"center"},"content":[{"type":"media","attrs":{"type":"external"}}]}]}`, "content[0].content[0]", `needs attrs.url`},
	{"image attrs without layout", `{"type":"doc","version":1,"content":[{"type":"mediaSingle","attrs":{},"content":[{"type":"media","attrs":{"type":"external","url":"u"}}]}]}`, "content[0]", `needs attrs.layout`},
	{"caption first", `{"type":"doc","version":1,"content":[{"type":"mediaSingle","content":[{"type":"caption"},{"type":"media","attrs":{"type":"external","url":"u"}}]}]}`, "content[0].content[0]", `cannot be child 0 of "mediaSingle"`},
	{"status without colour", `{"type":"doc","version":1,"content":[{"type":"paragraph","content":[{"type":"status","attrs":{"text":"x"}}]}]}`, "content[0].content[0]", `needs attrs.color`},
	{"mention without id", `{"type":"doc","version":1,"content":[{"type":"paragraph","content":[{"type":"mention","attrs":{"text":"@x"}}]}]}`, "content[0].content[0]", `needs attrs.id`},
	{"empty date", `{"type":"doc","version":1,"content":[{"type":"paragraph","content":[{"type":"date","attrs":{"timestamp":""}}]}]}`, "content[0].content[0].attrs.timestamp", `a non-empty string`},
	{"unknown node field", `{"type":"doc","version":1,"content":[{"type":"paragraph","localId":"x"}]}`, "content[0]", `unknown field "localId"`},
	{"text with content", `{"type":"doc","version":1,"content":[{"type":"paragraph","content":[{"type":"text","text":"x","content":[]}]}]}`, "content[0].content[0]", `cannot have content`},
	{"empty marks on list item", `{"type":"doc","version":1,"content":[{"type":"bulletList","content":[{"type":"listItem","marks":[],"content":[{"type":"paragraph"}]}]}]}`, "content[0].content[0]", `cannot have marks`},
	{"content not an array", `{"type":"doc","version":1,"content":[{"type":"paragraph","content":{"type":"text"}}]}`, "content[0]", `"content" must be an array of nodes, got an object`},
	{"number as node", `{"type":"doc","version":1,"content":[42]}`, "content[0]", `expected a node object`},
	{"expand in expand", `{"type":"doc","version":1,"content":[{"type":"expand","content":[{"type":"expand","content":[{"type":"paragraph"}]}]}]}`, "content[0].content[0]", `expected paragraph, heading`},
	{"extension without type", `{"type":"doc","version":1,"content":[{"type":"extension","attrs":{"extensionKey":"jira"}}]}`, "content[0]", `needs attrs.extensionType`},
	{"rule with content", `{"type":"doc","version":1,"content":[{"type":"rule","content":[]}]}`, "content[0]", `cannot have content`},
	{"hard break text", `{"type":"doc","version":1,"content":[{"type":"paragraph","content":[{"type":"hardBreak","attrs":{"text":"x"}}]}]}`, "content[0].content[0].attrs.text", `one of "\n"`},
	{"empty table cell", `{"type":"doc","version":1,"content":[{"type":"table","content":[{"type":"tableRow","content":[{"type":"tableCell","content":[]}]}]}]}`, "content[0].content[0].content[0]", `at least 1 child node`},
	{"negative list start", `{"type":"doc","version":1,"content":[{"type":"orderedList","attrs":{"order":-1},"content":[{"type":"listItem","content":[{"type":"paragraph"}]}]}]}`, "content[0].attrs.order", `a number of 0 or more`},
	{"text field on paragraph", `{"type":"doc","version":1,"content":[{"type":"paragraph","text":"x"}]}`, "content[0]", `cannot have a "text" field`},
	{"nested expand without attrs", `{"type":"doc","version":1,"content":[{"type":"expand","content":[{"type":"nestedExpand","content":[{"type":"paragraph"}]}]}]}`, "content[0].content[0]", `needs attrs`},
	{"mark on mention", `{"type":"doc","version":1,"content":[{"type":"paragraph","content":[{"type":"mention","attrs":{"id":"a"},"marks":[{"type":"strong"}]}]}]}`, "content[0].content[0]", `cannot have marks`},
	{"alignment on list paragraph", `{"type":"doc","version":1,"content":[{"type":"bulletList","content":[{"type":"listItem","content":[{"type":"paragraph","marks":[{"type":"alignment","attrs":{"align":"center"}}]}]}]}]}`, "content[0].content[0].content[0].marks[0]", `mark "alignment" is not allowed on "paragraph" inside "listItem" (allowed: fontSize)`},
	{"card datasource without views", `{"type":"doc","version":1,"content":[{"type":"blockCard","attrs":{"datasource":{"id":"d","parameters":{}}}}]}`, "content[0].attrs.datasource", `"id", "parameters" and "views"`},
	{"first invalid wins", `{"type":"doc","version":1,"content":[{"type":"paragraph","content":[{"type":"text","text":"ok"},{"type":"text","text":""}]},{"type":"foo"}]}`, "content[0].content[1]", `non-empty "text"`},
}

// validDocs pass both full.json and Parse.
var validDocs = []struct{ name, doc string }{
	{"empty doc", `{"type":"doc","version":1,"content":[]}`},
	{"empty paragraph", `{"type":"doc","version":1,"content":[{"type":"paragraph"}]}`},
	{"empty table row", `{"type":"doc","version":1,"content":[{"type":"table","content":[{"type":"tableRow","content":[]}]}]}`},
	{"nested expand with empty attrs", `{"type":"doc","version":1,"content":[{"type":"expand","content":[{"type":"nestedExpand","attrs":{},"content":[{"type":"paragraph"}]}]}]}`},
	{"pixel-wide image", `{"type":"doc","version":1,"content":[{"type":"mediaSingle","attrs":{"layout":"center","width":300,"widthType":"pixel"},"content":[{"type":"media","attrs":{"type":"external","url":"u"}}]}]}`},
	{"code with link", `{"type":"doc","version":1,"content":[{"type":"paragraph","content":[{"type":"text","text":"x","marks":[{"type":"link","attrs":{"href":"h"}},{"type":"code"}]}]}]}`},
	{"data consumer on extension", `{"type":"doc","version":1,"content":[{"type":"extension","attrs":{"extensionKey":"k","extensionType":"t"},"marks":[{"type":"dataConsumer","attrs":{"sources":["a"]}},{"type":"fragment","attrs":{"localId":"f"}}]}]}`},
	{"border on media", `{"type":"doc","version":1,"content":[{"type":"mediaGroup","content":[{"type":"media","attrs":{"type":"file","id":"i","collection":"c"},"marks":[{"type":"border","attrs":{"size":2,"color":"#091e4224"}}]}]}]}`},
	{"small text in panel", `{"type":"doc","version":1,"content":[{"type":"panel","attrs":{"panelType":"custom","panelColor":"#abcdef"},"content":[{"type":"paragraph","marks":[{"type":"fontSize","attrs":{"fontSize":"small"}}]}]}]}`},
}

func TestParseReportsFirstInvalidNode(t *testing.T) {
	for _, c := range brokenDocs {
		t.Run(c.name, func(t *testing.T) {
			_, err := Parse([]byte(c.doc))
			if err == nil {
				t.Fatalf("Parse accepted %s", c.doc)
			}
			var ve *ValidationError
			if !errors.As(err, &ve) {
				t.Fatalf("error %v is a %T, want *ValidationError", err, err)
			}
			if ve.Path != c.path {
				t.Errorf("path = %q, want %q (error: %v)", ve.Path, c.path, err)
			}
			if !strings.Contains(ve.Msg, c.msg) {
				t.Errorf("message %q does not contain %q", ve.Msg, c.msg)
			}
		})
	}
}

func TestValidationErrorText(t *testing.T) {
	_, err := Parse([]byte(brokenDocs[0].doc))
	want := `content[2].content[0]: node type "paragraph" is not allowed inside "bulletList" (expected listItem)`
	if err == nil || err.Error() != want {
		t.Fatalf("error = %v, want %s", err, want)
	}
	_, err = Parse([]byte(`{"type":"doc","content":[]}`))
	if err == nil || !strings.HasPrefix(err.Error(), "doc: ") {
		t.Fatalf("an error on the doc node should read \"doc: …\", got %v", err)
	}
}

func TestParseAcceptsValidDocs(t *testing.T) {
	for _, c := range validDocs {
		if _, err := Parse([]byte(c.doc)); err != nil {
			t.Errorf("%s: %v", c.name, err)
		}
	}
}

func TestParseRejectsBadJSON(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{``, "empty input"},
		{`{"type":"doc"`, "invalid JSON"},
		{`{"type":"doc","version":1,"content":[]} {}`, "unexpected data after the JSON object"},
		{`[1,2]`, "expected a node object"},
		{`{"type":"doc","version":1,"content":[{"type":5}]}`, `every node needs a "type" string`},
	} {
		_, err := Parse([]byte(c.in))
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("Parse(%q) = %v, want an error containing %q", c.in, err, c.want)
		}
	}
}

// TestStricterThanSchema covers the editor rules full.json lacks.
func TestStricterThanSchema(t *testing.T) {
	for _, c := range []struct{ name, doc, path, msg string }{
		{"list item starting with a list",
			`{"type":"doc","version":1,"content":[{"type":"bulletList","content":[{"type":"listItem","content":[{"type":"bulletList","content":[{"type":"listItem","content":[{"type":"paragraph"}]}]}]}]}]}`,
			"content[0].content[0].content[0]", `"listItem" must start with paragraph, mediaSingle or codeBlock, not "bulletList"`},
		{"task list starting with a task list",
			`{"type":"doc","version":1,"content":[{"type":"taskList","attrs":{"localId":"a"},"content":[{"type":"taskList","attrs":{"localId":"b"},"content":[{"type":"taskItem","attrs":{"localId":"c","state":"TODO"}}]}]}]}`,
			"content[0].content[0]", `"taskList" must start with taskItem or blockTaskItem`},
		{"duplicate marks",
			`{"type":"doc","version":1,"content":[{"type":"paragraph","content":[{"type":"text","text":"x","marks":[{"type":"em"},{"type":"em"}]}]}]}`,
			"content[0].content[0].marks[1]", `mark "em" appears twice`},
	} {
		_, err := Parse([]byte(c.doc))
		var ve *ValidationError
		if !errors.As(err, &ve) || ve.Path != c.path || !strings.Contains(ve.Msg, c.msg) {
			t.Errorf("%s: got %v, want %s: …%s…", c.name, err, c.path, c.msg)
		}
	}
}

func TestValidateTrees(t *testing.T) {
	if err := Validate(nil); err == nil {
		t.Error("Validate(nil) should fail")
	}
	ok := Doc(
		Heading(2, Text("Goals")),
		Paragraph(Text("Ship ", Strong()), Mention("abc", "Ann"), Text(" "), Status("DONE", "green")),
		BulletList(ListItem(Paragraph(Text("one")))),
		Panel("info", Paragraph(Text("note"))),
		Expand("More", Paragraph(Text("x")), NestedExpand("", Paragraph(Text("y")))),
		TaskList("t1", TaskItem("t2", true, Text("done"))),
		Table(TableRow(TableHeader(Paragraph(Text("h")))), TableRow(TableCell(Paragraph()))),
		Image("https://example.com/a.png", "a"),
		LayoutSection(LayoutColumn(50, Paragraph(Text("l"))), LayoutColumn(50, Paragraph(Text("r")))),
	)
	if err := Validate(ok); err != nil {
		t.Fatalf("builders made an invalid document: %v", err)
	}
	bad := Doc(Paragraph(Text("x", Code(), Strong())))
	if err := Validate(bad); err == nil {
		t.Error("code+strong text should be rejected")
	}
	deep := Paragraph(Text("x"))
	for i := 0; i < maxDepth+5; i++ {
		deep = BulletList(ListItem(Paragraph(), deep))
	}
	if err := Validate(Doc(deep)); err == nil || !strings.Contains(err.Error(), "nested more than") {
		t.Errorf("a document nested %d levels deep should be rejected, got %v", maxDepth+5, err)
	}
}
