package sandbox

import (
	"encoding/json"
	"fmt"
)

// wikiBody is the body of a page or comment write, in either of the two
// shapes the v2 API takes: {"representation", "value"} or nested under the
// representation's name.
type wikiBody struct {
	Representation string    `json:"representation"`
	Value          *string   `json:"value"`
	Storage        *wikiBody `json:"storage"`
	ADF            *wikiBody `json:"atlas_doc_format"`
	Wiki           *wikiBody `json:"wiki"`
}

// wikiADF returns the ADF document a body write carries, or a message
// saying what is wrong with it. The sandbox stores pages as ADF, so it
// takes atlas_doc_format only; storage and wiki markup are refused with a
// message that says so.
func wikiADF(b *wikiBody) (json.RawMessage, string) {
	if b == nil {
		return nil, "body is required"
	}
	switch {
	case b.ADF != nil:
		b = b.ADF
	case b.Storage != nil || b.Wiki != nil:
		return nil, "the sandbox stores bodies in atlas_doc_format only; send the body as ADF"
	}
	if b.Representation != "atlas_doc_format" {
		return nil, "the sandbox stores bodies in atlas_doc_format only; send the body as ADF"
	}
	if b.Value == nil {
		return nil, "body.value is required"
	}
	raw := json.RawMessage(*b.Value)
	if err := checkWikiADF(raw); err != nil {
		return nil, "Invalid ADF content: " + err.Error()
	}
	return raw, ""
}

// wikiNodeTypes are the ADF node types Confluence accepts.
var wikiNodeTypes = map[string]bool{
	"doc": true, "paragraph": true, "text": true, "heading": true, "bulletList": true, "orderedList": true,
	"listItem": true, "codeBlock": true, "blockquote": true, "rule": true, "hardBreak": true, "panel": true,
	"table": true, "tableRow": true, "tableHeader": true, "tableCell": true, "mention": true, "emoji": true,
	"date": true, "status": true, "inlineCard": true, "blockCard": true, "embedCard": true, "media": true,
	"mediaSingle": true, "mediaGroup": true, "mediaInline": true, "caption": true, "extension": true,
	"bodiedExtension": true, "inlineExtension": true, "layoutSection": true, "layoutColumn": true,
	"taskList": true, "taskItem": true, "blockTaskItem": true, "decisionList": true, "decisionItem": true, "expand": true,
	"nestedExpand": true, "placeholder": true,
}

// checkWikiADF checks the structure of an ADF document: a doc of version 1 at
// the root, known node types, arrays where ADF has arrays, and text nodes
// with text. The error names the JSON path of the first problem.
func checkWikiADF(raw json.RawMessage) error {
	var root map[string]json.RawMessage
	if json.Unmarshal(raw, &root) != nil {
		return fmt.Errorf("the document is not a JSON object")
	}
	var typ string
	var version int
	_ = json.Unmarshal(root["type"], &typ)
	_ = json.Unmarshal(root["version"], &version)
	if typ != "doc" || version != 1 {
		return fmt.Errorf(`the root must be {"type":"doc","version":1,"content":[…]}`)
	}
	return checkWikiNode(root, "$", 0)
}

func checkWikiNode(n map[string]json.RawMessage, path string, depth int) error {
	if depth > 100 {
		return fmt.Errorf("%s: nodes are nested too deeply", path)
	}
	var typ string
	if json.Unmarshal(n["type"], &typ) != nil || typ == "" {
		return fmt.Errorf("%s: a node needs a string type", path)
	}
	if !wikiNodeTypes[typ] {
		return fmt.Errorf("%s: unknown node type %q", path, typ)
	}
	if typ == "text" {
		var text string
		if json.Unmarshal(n["text"], &text) != nil || text == "" {
			return fmt.Errorf("%s: a text node needs non-empty text", path)
		}
	}
	if raw, ok := n["marks"]; ok {
		var marks []map[string]json.RawMessage
		if json.Unmarshal(raw, &marks) != nil {
			return fmt.Errorf("%s.marks: must be an array of marks", path)
		}
		for i, m := range marks {
			var mt string
			if json.Unmarshal(m["type"], &mt) != nil || mt == "" {
				return fmt.Errorf("%s.marks[%d]: a mark needs a string type", path, i)
			}
		}
	}
	if raw, ok := n["attrs"]; ok {
		var attrs map[string]json.RawMessage
		if json.Unmarshal(raw, &attrs) != nil {
			return fmt.Errorf("%s.attrs: must be an object", path)
		}
	}
	raw, ok := n["content"]
	if !ok {
		return nil
	}
	var kids []map[string]json.RawMessage
	if json.Unmarshal(raw, &kids) != nil {
		return fmt.Errorf("%s.content: must be an array of nodes", path)
	}
	for i, k := range kids {
		if err := checkWikiNode(k, fmt.Sprintf("%s.content[%d]", path, i), depth+1); err != nil {
			return err
		}
	}
	return nil
}
