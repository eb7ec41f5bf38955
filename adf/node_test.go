package adf

import (
	"encoding/json"
	"math"
	"strings"
	"testing"
)

func TestMarshalCanonical(t *testing.T) {
	for _, c := range []struct {
		name string
		node *Node
		want string
	}{
		{"empty doc has version and content", Doc(), `{"type":"doc","version":1,"content":[]}`},
		{"doc without content", &Node{Type: "doc"}, `{"type":"doc","version":1,"content":[]}`},
		{"sorted attrs; json.Marshal escapes HTML", &Node{Type: "x", Attrs: map[string]any{"z": "<&>", "a": 1.5, "m": []any{true, nil}}},
			`{"type":"x","attrs":{"a":1.5,"m":[true,null],"z":"\u003c\u0026\u003e"}}`},
		{"empty attrs and marks omitted", &Node{Type: "paragraph", Attrs: map[string]any{}, Marks: []*Mark{}}, `{"type":"paragraph"}`},
		{"empty attrs kept where required", &Node{Type: "nestedExpand", Attrs: map[string]any{}, Content: []*Node{Paragraph()}},
			`{"type":"nestedExpand","attrs":{},"content":[{"type":"paragraph"}]}`},
		{"empty content kept when set", &Node{Type: "tableRow", Content: []*Node{}}, `{"type":"tableRow","content":[]}`},
		{"text escaping", Text("a\"b\\c\n\u2028\x01\xff"), `{"type":"text","text":"a\"b\\c\n\u2028\u0001\ufffd"}`},
		{"whole numbers print as integers", &Node{Type: "x", Attrs: map[string]any{"f": 3.0, "i": 7, "n": json.Number("1e3")}},
			`{"type":"x","attrs":{"f":3,"i":7,"n":1e3}}`},
		{"marks", Text("t", Link("h"), Strong()), `{"type":"text","marks":[{"type":"link","attrs":{"href":"h"}},{"type":"strong"}],"text":"t"}`},
	} {
		raw, err := json.Marshal(c.node)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if string(raw) != c.want {
			t.Errorf("%s:\n got %s\nwant %s", c.name, raw, c.want)
		}
		if !json.Valid(raw) {
			t.Errorf("%s: invalid JSON %s", c.name, raw)
		}
	}
}

func TestMarshalJSONDoesNotEscapeHTML(t *testing.T) {
	raw, err := Text("<b> & </b>").MarshalJSON()
	if err != nil {
		t.Fatal(err)
	}
	if want := `{"type":"text","text":"<b> & </b>"}`; string(raw) != want {
		t.Errorf("MarshalJSON = %s, want %s", raw, want)
	}
}

func TestMarshalRejectsNonJSONNumbers(t *testing.T) {
	for _, v := range []any{math.NaN(), math.Inf(1), json.Number("12abc")} {
		if _, err := json.Marshal(&Node{Type: "x", Attrs: map[string]any{"v": v}}); err == nil {
			t.Errorf("marshalling %v should fail", v)
		}
	}
}

func TestDecodeKeepsUnknownFields(t *testing.T) {
	in := `{"type":"doc","version":1,"content":[{"type":"newNode","attrs":{"big":12345678901234567890,"f":0.1},"extra":{"b":[1,2],"a":"x"},"content":[{"type":"text","text":"t","marks":[{"type":"newMark","x":1}]}]}]}`
	doc, err := Decode([]byte(in))
	if err != nil {
		t.Fatal(err)
	}
	out, err := json.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	want := `{"type":"doc","version":1,"content":[{"type":"newNode","attrs":{"big":12345678901234567890,"f":0.1},"content":[{"type":"text","marks":[{"type":"newMark","x":1}],"text":"t"}],"extra":{"a":"x","b":[1,2]}}]}`
	if string(out) != want {
		t.Errorf("Decode then Marshal:\n got %s\nwant %s", out, want)
	}
	var n Node
	if err := json.Unmarshal([]byte(in), &n); err != nil {
		t.Fatal(err)
	}
	again, _ := json.Marshal(&n)
	if string(again) != want {
		t.Errorf("UnmarshalJSON differs from Decode:\n%s\n%s", again, want)
	}
	if _, err := Parse([]byte(in)); err == nil {
		t.Error("Parse should reject unknown nodes and fields")
	}
}

func TestUnmarshalInStructs(t *testing.T) {
	var v struct {
		Description *Node `json:"description"`
		Body        Node  `json:"body"`
		Mark        Mark  `json:"mark"`
	}
	in := `{"description":null,"body":null,"mark":{"type":"strong"}}`
	if err := json.Unmarshal([]byte(in), &v); err != nil {
		t.Fatal(err)
	}
	if v.Description != nil || v.Body.Type != "" || v.Mark.Type != "strong" {
		t.Errorf("got %+v", v)
	}
	in = `{"description":{"type":"doc","version":1,"content":[{"type":"paragraph"}]}}`
	if err := json.Unmarshal([]byte(in), &v); err != nil || v.Description == nil || len(v.Description.Content) != 1 {
		t.Errorf("a doc field did not decode: %v %+v", err, v.Description)
	}
}

func TestDecodeRejectsNonTrees(t *testing.T) {
	for _, in := range []string{`[]`, `{"content":[]}`, `{"type":"doc","content":[1]}`, `{"type":"doc","content":{}}`, `{"type":"p","marks":[{"type":1}]}`, `{"type":"p","text":5}`} {
		if _, err := Decode([]byte(in)); err == nil {
			t.Errorf("Decode(%s) should fail", in)
		}
	}
	deep := strings.Repeat(`{"type":"x","content":[`, maxDepth+2) + strings.Repeat(`]}`, maxDepth+2)
	if _, err := Decode([]byte(deep)); err == nil || !strings.Contains(err.Error(), "nested more than") {
		t.Errorf("Decode of a too deep tree: %v", err)
	}
}

func TestCloneIsDeep(t *testing.T) {
	orig := Doc(Paragraph(Text("a", Link("h"))), &Node{Type: "x", Attrs: map[string]any{"m": map[string]any{"k": []any{"v"}}}})
	c := orig.Clone()
	c.Content[0].Content[0].Marks[0].Attrs["href"] = "changed"
	c.Content[1].Attrs["m"].(map[string]any)["k"].([]any)[0] = "changed"
	c.Content[0].Content[0].Text = "changed"
	raw, _ := json.Marshal(orig)
	if strings.Contains(string(raw), "changed") {
		t.Errorf("changing a clone changed the original: %s", raw)
	}
}

func TestFlavorString(t *testing.T) {
	if Confluence.String() != "confluence" || Jira.String() != "jira" {
		t.Errorf("Flavor names: %s %s", Confluence, Jira)
	}
}
