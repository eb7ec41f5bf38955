package adf

import (
	"encoding/json"
	"os"
	"testing"
)

// TestCorpusValidAgainstSchema checks that every document FromMarkdown
// produces from the corpus, in both flavours, passes this package's
// validator and Atlassian's full.json.
func TestCorpusValidAgainstSchema(t *testing.T) {
	sch := adfSchema(t)
	for _, e := range loadCorpus(t) {
		for _, f := range []Flavor{Confluence, Jira} {
			doc := fromMarkdown(e.md, f)
			if err := Validate(doc); err != nil {
				t.Errorf("%s (%v): our validator rejects the output: %v\ninput: %q", e.name, f, err, e.md)
				continue
			}
			if err := noSharedNodes(doc); err != nil {
				t.Errorf("%s (%v): %v", e.name, f, err)
			}
			raw, err := json.Marshal(doc)
			if err != nil {
				t.Fatal(err)
			}
			if err := schemaCheck(sch, raw); err != nil {
				t.Errorf("%s (%v): full.json rejects the output: %v\ninput: %q\nadf: %s", e.name, f, err, e.md, raw)
			}
		}
	}
}

// TestKitchenSinkAgainstSchema checks a hand-written document holding every
// node and mark type of full.json: both validators accept it, and it
// survives Parse and marshalling unchanged.
func TestKitchenSinkAgainstSchema(t *testing.T) {
	sch := adfSchema(t)
	raw, err := os.ReadFile("testdata/kitchen-sink.json")
	if err != nil {
		t.Fatal(err)
	}
	if err := schemaCheck(sch, raw); err != nil {
		t.Fatalf("full.json rejects the kitchen sink (fix the test data): %v", err)
	}
	doc, err := Parse(raw)
	if err != nil {
		t.Fatalf("Parse rejects the kitchen sink: %v", err)
	}
	again, err := json.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	if err := schemaCheck(sch, again); err != nil {
		t.Fatalf("full.json rejects the re-marshalled kitchen sink: %v", err)
	}
	seen := map[string]bool{}
	var visit func(n *Node)
	visit = func(n *Node) {
		seen[n.Type] = true
		for _, m := range n.Marks {
			seen["mark:"+m.Type] = true
		}
		for _, c := range n.Content {
			visit(c)
		}
	}
	visit(doc)
	for typ := range nodeSpecs() {
		if !seen[typ] {
			t.Errorf("the kitchen sink lacks node type %q", typ)
		}
	}
	for typ := range markSpecs() {
		if typ == "fragment" || typ == "dataConsumer" || typ == "border" || typ == "fontSize" {
			continue // covered by the table-driven validator tests
		}
		if !seen["mark:"+typ] {
			t.Errorf("the kitchen sink lacks mark %q", typ)
		}
	}
}

// TestBrokenDocsRejectedByBoth checks that documents full.json rejects are
// rejected by Parse too, and that the valid twins in the table pass both.
func TestBrokenDocsRejectedByBoth(t *testing.T) {
	sch := adfSchema(t)
	for _, c := range brokenDocs {
		t.Run(c.name, func(t *testing.T) {
			if err := schemaCheck(sch, []byte(c.doc)); err == nil {
				t.Fatalf("full.json accepts this document, so it is not a broken case: %s", c.doc)
			}
			if _, err := Parse([]byte(c.doc)); err == nil {
				t.Fatalf("Parse accepts a document full.json rejects: %s", c.doc)
			}
		})
	}
	for _, c := range validDocs {
		t.Run("valid "+c.name, func(t *testing.T) {
			if err := schemaCheck(sch, []byte(c.doc)); err != nil {
				t.Fatalf("full.json rejects: %v", err)
			}
			if _, err := Parse([]byte(c.doc)); err != nil {
				t.Fatalf("Parse rejects: %v", err)
			}
		})
	}
}
