package adf

import (
	"reflect"
	"strings"
	"testing"
)

// sectionDoc is a page with prose, a macro, a mention, a layout and nested
// headings.
func sectionDoc() *Node {
	return Doc(
		Heading(1, Text("Intro")),
		Paragraph(Text("Welcome.")),
		Heading(2, Text("Goals")),
		Paragraph(Text("Talk to "), Mention("acc-1", "Ann"), Text(" and "), Mention("acc-2", "Bob")),
		Extension("jira", "com.atlassian.confluence.macro.core", map[string]any{"jql": "project = ENG"}),
		Heading(3, Text("Stretch")),
		File("f-1", "c-1", "chart.png"),
		Heading(2, Text("Risks")),
		Paragraph(Text("None.")),
		LayoutSection(
			LayoutColumn(50, Heading(2, Text("Left")), Paragraph(Text("l1")), Heading(3, Text("Notes")), Paragraph(Text("left notes"))),
			LayoutColumn(50, Paragraph(Text("r1"))),
		),
		Heading(2, Text("Notes")),
		Paragraph(Text("bottom notes")),
	)
}

func nodeJSONs(t *testing.T, nodes []*Node) []string {
	out := make([]string, len(nodes))
	for i, n := range nodes {
		out[i] = mustJSON(t, n)
	}
	return out
}

func TestMergeAppendPrependKeepEverything(t *testing.T) {
	existing := kitchenSink(t)
	before := mustJSON(t, existing)
	change := FromMarkdown("## Added\n\nnew *text*\n\n- [ ] task", Confluence)
	for _, mode := range []MergeMode{MergeAppend, MergePrepend} {
		got, report, err := Merge(existing, change, mode, "")
		if err != nil {
			t.Fatal(err)
		}
		if len(report.Removed) != 0 {
			t.Errorf("%s removed %v", mode, report.Removed)
		}
		old := nodeJSONs(t, existing.Content)
		all := nodeJSONs(t, got.Content)
		kept := all[:len(old)]
		added := all[len(old):]
		if mode == MergePrepend {
			kept, added = all[len(all)-len(old):], all[:len(all)-len(old)]
		}
		if !reflect.DeepEqual(kept, old) {
			t.Errorf("%s changed existing nodes", mode)
		}
		if len(added) != len(change.Content) {
			t.Errorf("%s added %d nodes, want %d", mode, len(added), len(change.Content))
		}
		if err := Validate(got); err != nil {
			t.Errorf("%s result invalid: %v", mode, err)
		}
	}
	if mustJSON(t, existing) != before {
		t.Error("Merge modified its input")
	}
}

func TestMergeSection(t *testing.T) {
	existing := sectionDoc()
	old := nodeJSONs(t, existing.Content)
	got, report, err := Merge(existing, FromMarkdown("New goals, with @[Ann](accountid:acc-1).", Confluence), MergeSection, "  ## GOALS ")
	if err != nil {
		t.Fatal(err)
	}
	now := nodeJSONs(t, got.Content)
	// Intro, its paragraph and the Goals heading stay; the section body
	// (paragraph, macro, Stretch and its image) is replaced by one paragraph.
	want := append(append(append([]string{}, old[:3]...), mustJSON(t, got.Content[3])), old[7:]...)
	if !reflect.DeepEqual(now, want) {
		t.Fatalf("nodes outside the section changed:\n%v", strings.Join(now, "\n"))
	}
	if !strings.Contains(PlainText(got.Content[3]), "New goals") {
		t.Errorf("the new paragraph is missing: %s", now[3])
	}
	wantRemoved := []string{"mention @Bob", "extension jira", "media chart.png"}
	if !reflect.DeepEqual(report.Removed, wantRemoved) {
		t.Errorf("Removed = %q, want %q", report.Removed, wantRemoved)
	}
	if err := Validate(got); err != nil {
		t.Error(err)
	}
}

func TestMergeSectionReplacesHeadingWhenChangeStartsWithOne(t *testing.T) {
	got, _, err := Merge(sectionDoc(), FromMarkdown("## Objectives\n\nship", Confluence), MergeSection, "Risks")
	if err != nil {
		t.Fatal(err)
	}
	var texts []string
	for _, h := range headings(got) {
		texts = append(texts, h.shown)
	}
	want := []string{"Intro", "Goals", "Stretch", "Objectives", "Left", "Notes", "Notes"}
	if PlainText(got.Content[8]) != "ship" {
		t.Errorf("the Risks section should end where the layout's h2 begins: %q", PlainText(got.Content[8]))
	}
	if !reflect.DeepEqual(texts, want) {
		t.Errorf("headings = %q, want %q", texts, want)
	}
}

func TestMergeSectionErrors(t *testing.T) {
	change := FromMarkdown("x", Confluence)
	_, _, err := Merge(sectionDoc(), change, MergeSection, "Budget")
	if err == nil || !strings.Contains(err.Error(), `section "Budget" not found; available headings: "Intro" (h1), "Goals" (h2), "Stretch" (h3), "Risks" (h2), "Left" (h2), "Notes" (h3), "Notes" (h2)`) {
		t.Errorf("missing section: %v", err)
	}
	_, _, err = Merge(sectionDoc(), change, MergeSection, "notes")
	if err == nil || !strings.Contains(err.Error(), `matches 2 headings; name one by its path of headings, such as "Intro > Notes"`) {
		t.Errorf("ambiguous section: %v", err)
	}
	_, _, err = Merge(Doc(Paragraph(Text("x"))), change, MergeSection, "a")
	if err == nil || !strings.Contains(err.Error(), "no headings") {
		t.Errorf("no headings: %v", err)
	}
	if _, _, err = Merge(sectionDoc(), change, MergeSection, " "); err == nil {
		t.Error("an empty section name should fail")
	}
	if _, _, err = Merge(sectionDoc(), change, "merge", ""); err == nil || !strings.Contains(err.Error(), "use replace, append, prepend or section") {
		t.Errorf("unknown mode: %v", err)
	}
	if _, _, err = Merge(sectionDoc(), nil, MergeAppend, ""); err == nil {
		t.Error("a nil change should fail")
	}
	if _, _, err = Merge(sectionDoc(), Paragraph(), MergeAppend, ""); err == nil {
		t.Error("a change that is not a doc should fail")
	}
}

func TestMergeSectionInLayoutByPath(t *testing.T) {
	existing := sectionDoc()
	got, _, err := Merge(existing, FromMarkdown("rewritten", Confluence), MergeSection, "Left > Notes")
	if err != nil {
		t.Fatal(err)
	}
	col := got.Content[9].Content[0]
	if PlainText(col) != "Left\nl1\nNotes\nrewritten" {
		t.Errorf("layout column = %q", PlainText(col))
	}
	if mustJSON(t, got.Content[9].Content[1]) != mustJSON(t, existing.Content[9].Content[1]) {
		t.Error("the other column changed")
	}
	if PlainText(got.Content[11]) != "bottom notes" {
		t.Error("the other Notes section changed")
	}
}

func TestMergeReplaceReportsAndRestores(t *testing.T) {
	existing := sectionDoc()
	// An agent read the page as Markdown, kept the macro placeholder and
	// the image placeholder, dropped Bob and rewrote the rest.
	md := ToMarkdown(existing)
	md = strings.Replace(md, " and @[Bob](accountid:acc-2)", "", 1)
	md = strings.Replace(md, "None.", "Some.", 1)
	got, report, err := Merge(existing, FromMarkdown(md, Confluence), MergeReplace, "")
	if err != nil {
		t.Fatal(err)
	}
	if mustJSON(t, got.Content[4]) != mustJSON(t, existing.Content[4]) {
		t.Errorf("the macro was not restored from its placeholder: %s", mustJSON(t, got.Content[4]))
	}
	if mustJSON(t, got.Content[6]) != mustJSON(t, existing.Content[6]) {
		t.Errorf("the image was not restored from its placeholder: %s", mustJSON(t, got.Content[6]))
	}
	want := []string{"mention @Bob", "layoutSection (2 columns)"}
	if !reflect.DeepEqual(report.Removed, want) {
		t.Errorf("Removed = %q, want %q", report.Removed, want)
	}
	if err := Validate(got); err != nil {
		t.Error(err)
	}
}

func TestMergeReplaceKitchenSinkReport(t *testing.T) {
	_, report, err := Merge(kitchenSink(t), FromMarkdown("gone", Confluence), MergeReplace, "")
	if err != nil {
		t.Fatal(err)
	}
	got := strings.Join(report.Removed, "; ")
	for _, want := range []string{"inline comment on \"commented\"", "mention @Jane Doe", "emoji :smile:", "status In progress",
		"date 2026-11-22", "inlineCard https://example.atlassian.net/browse/ENG-1", "inlineExtension anchor", "mediaInline notes.txt",
		"panel info", "expand \"More\"", "nestedExpand \"Even more\"", "decisionList", "media diagram.png", "media report.pdf",
		"extension jira", "bodiedExtension details", "layoutSection (2 columns)", "blockCard https://example.atlassian.net/wiki/spaces/ENG/pages/1",
		"embedCard https://www.youtube.com/watch?v=1", "syncBlock", "bodiedSyncBlock"} {
		if !strings.Contains(got, want) {
			t.Errorf("report lacks %q:\n%s", want, got)
		}
	}
	if strings.Contains(got, "logo") {
		t.Error("external images are Markdown; they should not be reported")
	}
}

func TestMergeRenumbersClashingIDs(t *testing.T) {
	existing := FromMarkdown("- [ ] a\n- [x] b", Confluence)
	change := FromMarkdown("- [ ] c", Confluence)
	got, _, err := Merge(existing, change, MergeAppend, "")
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	var walk func(*Node)
	walk = func(n *Node) {
		if id := n.attrString("localId"); id != "" {
			if seen[id] {
				t.Errorf("localId %s appears twice", id)
			}
			seen[id] = true
		}
		for _, c := range n.Content {
			walk(c)
		}
	}
	walk(got)
	if len(seen) != 5 {
		t.Errorf("want 5 distinct ids, got %d", len(seen))
	}
	if mustJSON(t, got.Content[0]) != mustJSON(t, existing.Content[0]) {
		t.Error("existing ids must not change")
	}
	if change.Content[0].attrString("localId") != "00000000-0000-4000-8000-000000000001" {
		t.Error("Merge modified the change")
	}
}

func TestMergeIntoNothing(t *testing.T) {
	got, _, err := Merge(nil, FromMarkdown("x", Confluence), MergeAppend, "")
	if err != nil || PlainText(got) != "x" {
		t.Errorf("append to nil: %v %q", err, PlainText(got))
	}
	got, _, err = Merge(nil, Doc(), MergeReplace, "")
	if err != nil || mustJSON(t, got) != `{"type":"doc","version":1,"content":[]}` {
		t.Errorf("replace nil with empty: %v %s", err, mustJSON(t, got))
	}
}
