package adf

import (
	"bytes"
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// A MergeMode says how Merge applies a change to an existing document.
type MergeMode string

// The merge modes.
const (
	// MergeReplace replaces the whole document with the change.
	MergeReplace MergeMode = "replace"
	// MergeAppend adds the change after the existing content.
	MergeAppend MergeMode = "append"
	// MergePrepend adds the change before the existing content.
	MergePrepend MergeMode = "prepend"
	// MergeSection replaces one section, found by its heading.
	MergeSection MergeMode = "section"
)

// A MergeReport tells what a merge removed that Markdown cannot express, such
// as "extension jira", "media diagram.png" or "mention @Jane Doe", so that a
// caller can warn before it is lost.
type MergeReport struct {
	Removed []string `json:"removed"`
}

// Merge applies change (a doc node, typically from FromMarkdown) to existing
// and returns a new document; neither input is modified.
//
// append and prepend keep every existing node exactly as it was. section
// replaces the section whose heading text matches section (ignoring case,
// surrounding blanks and leading '#'): the section runs from the heading to
// the next heading of the same or a higher level. When the change starts with
// a heading it replaces the section's heading too; otherwise the existing
// heading stays. A section may also be named by a path of headings, such as
// "Release 2 > Notes", to pick one of several "Notes". Everything outside
// the section stays byte-for-byte.
//
// replace returns the change. In replace and section modes, a paragraph of
// the change that consists only of the placeholder ToMarkdown wrote for a
// removed macro, file or card (e.g. "[macro: jira]") brings that node back;
// whatever else that Markdown cannot express is listed in the report.
//
// Task and decision ids of the change that clash with ids in the existing
// document are renumbered.
func Merge(existing, change *Node, mode MergeMode, section string) (*Node, MergeReport, error) {
	var report MergeReport
	if change == nil || change.Type != "doc" {
		return nil, report, errors.New(`adf: the change must be a doc node ({"type":"doc","version":1,"content":[...]})`)
	}
	if existing == nil {
		existing = &Node{Type: "doc", Content: []*Node{}}
	}
	if existing.Type != "doc" {
		return nil, report, fmt.Errorf("adf: the existing document must be a doc node, not %q", existing.Type)
	}
	add := change.Clone().Content
	var content []*Node
	switch mode {
	case MergeReplace:
		add = restorePlaceholders(add, existing.Content)
		report.Removed = removedSpecials(existing.Content, add)
		content = add
	case MergeAppend, MergePrepend:
		renumberIDs(add, existing)
		kept := existing.Clone().Content
		if mode == MergeAppend {
			content = append(kept, add...)
		} else {
			content = append(add, kept...)
		}
	case MergeSection:
		if strings.TrimSpace(section) == "" {
			return nil, report, errors.New("adf: section mode needs the heading text of the section to replace")
		}
		renumberIDs(add, existing)
		doc := existing.Clone()
		removed, err := replaceSection(doc, section, add)
		if err != nil {
			return nil, report, err
		}
		report.Removed = removed
		return doc, report, nil
	default:
		return nil, report, fmt.Errorf("adf: unknown merge mode %q; use replace, append, prepend or section", mode)
	}
	if content == nil {
		content = []*Node{}
	}
	return &Node{Type: "doc", Content: content}, report, nil
}

// headingRef locates a heading: the list holding it and its index there.
type headingRef struct {
	list  *[]*Node
	index int
	level int
	text  string   // normalised, for matching
	shown string   // as written, for messages
	path  []string // normalised texts of the enclosing headings, outermost first
}

// headings lists the headings of the doc and of its layout columns, in
// reading order. A column's headings nest under the headings before its
// layout.
func headings(doc *Node) []headingRef {
	var out []headingRef
	var scan func(list *[]*Node, outer []headingRef)
	scan = func(list *[]*Node, outer []headingRef) {
		stack := append([]headingRef{}, outer...)
		for i, n := range *list {
			if n == nil {
				continue
			}
			if n.Type == "layoutSection" {
				for _, col := range n.Content {
					if col != nil && col.Type == "layoutColumn" {
						scan(&col.Content, stack)
					}
				}
				continue
			}
			if n.Type != "heading" {
				continue
			}
			level := headingLevel(n)
			for len(stack) > 0 && stack[len(stack)-1].level >= level {
				stack = stack[:len(stack)-1]
			}
			plain := PlainText(n)
			h := headingRef{list: list, index: i, level: level, text: normalizeHeading(plain), shown: strings.Join(strings.Fields(plain), " ")}
			for _, s := range stack {
				h.path = append(h.path, s.text)
			}
			stack = append(stack, h)
			out = append(out, h)
		}
	}
	scan(&doc.Content, nil)
	return out
}

func headingLevel(n *Node) int {
	if f, ok := n.attrNumber("level"); ok {
		return int(f)
	}
	return 1
}

// endsSection reports whether n closes a section of the given level: it is
// a heading of that level or higher, or a layout with one in a column.
func endsSection(n *Node, level int) bool {
	if n == nil {
		return false
	}
	switch n.Type {
	case "heading":
		return headingLevel(n) <= level
	case "layoutSection":
		for _, col := range n.Content {
			if col == nil {
				continue
			}
			for _, b := range col.Content {
				if b != nil && b.Type == "heading" && headingLevel(b) <= level {
					return true
				}
			}
		}
	}
	return false
}

func normalizeHeading(s string) string {
	s = strings.TrimLeft(strings.TrimSpace(s), "#")
	return strings.ToLower(strings.Join(strings.Fields(s), " "))
}

// findSection returns the heading a section name refers to.
func findSection(hs []headingRef, section string) (headingRef, error) {
	want := normalizeHeading(section)
	var matches []headingRef
	for _, h := range hs {
		if h.text == want {
			matches = append(matches, h)
		}
	}
	if len(matches) == 0 && strings.Contains(section, ">") {
		parts := strings.Split(section, ">")
		for i := range parts {
			parts[i] = normalizeHeading(parts[i])
		}
		for _, h := range hs {
			if h.text == parts[len(parts)-1] && hasPath(h.path, parts[:len(parts)-1]) {
				matches = append(matches, h)
			}
		}
	}
	switch len(matches) {
	case 1:
		return matches[0], nil
	case 0:
		if len(hs) == 0 {
			return headingRef{}, fmt.Errorf("adf: section %q not found: the document has no headings; use append or replace instead", section)
		}
		return headingRef{}, fmt.Errorf("adf: section %q not found; available headings: %s", section, listHeadings(hs))
	}
	return headingRef{}, fmt.Errorf("adf: section %q matches %d headings; name one by its path of headings, such as %q", section, len(matches), pathName(matches[len(matches)-1], hs))
}

func hasPath(path, want []string) bool {
	j := 0
	for _, p := range path {
		if j < len(want) && p == want[j] {
			j++
		}
	}
	return j == len(want)
}

func pathName(h headingRef, all []headingRef) string {
	// Show the enclosing headings as written.
	var parts []string
	for _, p := range h.path {
		for _, o := range all {
			if o.text == p {
				parts = append(parts, o.shown)
				break
			}
		}
	}
	return strings.Join(append(parts, h.shown), " > ")
}

func listHeadings(hs []headingRef) string {
	var parts []string
	for i, h := range hs {
		if i == 50 {
			parts = append(parts, fmt.Sprintf("and %d more", len(hs)-50))
			break
		}
		parts = append(parts, fmt.Sprintf("%q (h%d)", h.shown, h.level))
	}
	return strings.Join(parts, ", ")
}

// replaceSection swaps the section in doc (a copy the caller owns) for add
// and returns what Markdown could not express among the removed nodes.
func replaceSection(doc *Node, section string, add []*Node) ([]string, error) {
	h, err := findSection(headings(doc), section)
	if err != nil {
		return nil, err
	}
	list := *h.list
	end := h.index + 1
	for end < len(list) && !endsSection(list[end], h.level) {
		end++
	}
	start := h.index + 1
	if len(add) > 0 && add[0] != nil && add[0].Type == "heading" {
		start = h.index
	}
	old := list[start:end]
	add = restorePlaceholders(add, old)
	removed := removedSpecials(old, add)
	out := make([]*Node, 0, len(list)-len(old)+len(add))
	out = append(out, list[:start]...)
	out = append(out, add...)
	out = append(out, list[end:]...)
	*h.list = out
	return removed, nil
}

// restorePlaceholders puts back removed macros, files and cards whose
// placeholder paragraph the change still holds.
func restorePlaceholders(add, old []*Node) []*Node {
	byText := map[string][]*Node{}
	var visit func([]*Node)
	visit = func(list []*Node) {
		for _, n := range list {
			if n == nil {
				continue
			}
			switch n.Type {
			case "extension", "mediaSingle", "mediaGroup", "blockCard", "embedCard", "syncBlock":
				lines := (&mdRenderer{}).block(n, false)
				if len(lines) == 1 && strings.HasPrefix(lines[0], "[") {
					byText[lines[0]] = append(byText[lines[0]], n)
				}
			case "layoutSection", "layoutColumn":
				visit(n.Content)
			}
		}
	}
	visit(old)
	if len(byText) == 0 {
		return add
	}
	for i, n := range add {
		if n == nil || n.Type != "paragraph" {
			continue
		}
		key := strings.TrimSpace(PlainText(n))
		if q := byText[key]; len(q) > 0 {
			add[i] = q[0].Clone()
			byText[key] = q[1:]
		}
	}
	return add
}

// removedSpecials describes the nodes of old that Markdown cannot express
// and that add does not carry over.
func removedSpecials(old, add []*Node) []string {
	kept := map[string]int{}
	walkSpecials(add, func(key, _ string) { kept[key]++ })
	var removed []string
	walkSpecials(old, func(key, desc string) {
		if kept[key] > 0 {
			kept[key]--
			return
		}
		removed = append(removed, desc)
	})
	return removed
}

// plainTypes are the nodes that Markdown expresses fully; every other node
// (and inline comments) counts as special.
var plainTypes = map[string]bool{
	"doc": true, "paragraph": true, "text": true, "heading": true, "bulletList": true,
	"orderedList": true, "listItem": true, "codeBlock": true, "blockquote": true, "rule": true,
	"hardBreak": true, "table": true, "tableRow": true, "tableHeader": true, "tableCell": true,
	"taskList": true, "taskItem": true, "mediaSingle": true, "mediaGroup": true,
	"layoutColumn": true, "caption": true,
}

func walkSpecials(nodes []*Node, fn func(key, desc string)) {
	for _, n := range nodes {
		if n == nil {
			continue
		}
		if !plainTypes[n.Type] && !(n.Type == "media" && n.attrString("type") == "external") {
			fn(specialKey(n), describeSpecial(n))
		}
		for _, m := range n.Marks {
			if m != nil && m.Type == "annotation" {
				fn("annotation|"+m.attrString("id"), "inline comment on "+strconv.Quote(truncate(n.Text, 40)))
			}
		}
		walkSpecials(n.Content, fn)
	}
}

func specialKey(n *Node) string {
	if n.Type == "mention" {
		return "mention|" + n.attrString("id")
	}
	var b bytes.Buffer
	_ = writeValue(&b, n.Attrs)
	return n.Type + "|" + b.String()
}

func describeSpecial(n *Node) string {
	name := ""
	switch n.Type {
	case "extension", "bodiedExtension", "inlineExtension":
		name = n.attrString("extensionKey")
	case "media", "mediaInline":
		name = strings.TrimSuffix(strings.TrimPrefix(mediaPlaceholder(n, "x"), "[x: "), "]")
		if name == "[x]" {
			name = ""
		}
	case "mention":
		name = n.attrString("text")
		if name == "" {
			name = n.attrString("id")
		}
	case "layoutSection":
		name = fmt.Sprintf("(%d columns)", len(n.Content))
	case "inlineCard", "blockCard", "embedCard":
		name = n.attrString("url")
	case "status", "placeholder":
		name = n.attrString("text")
	case "date":
		name, _ = formatDate(n.attrString("timestamp"))
	case "emoji":
		name = n.attrString("shortName")
	case "panel":
		name = n.attrString("panelType")
	case "expand", "nestedExpand":
		if t := n.attrString("title"); t != "" {
			name = strconv.Quote(t)
		}
	}
	if name == "" {
		return n.Type
	}
	return n.Type + " " + truncate(name, 60)
}

func truncate(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n]) + "…"
}

// renumberIDs gives the change's nodes new localIds where they clash with
// the existing document or with each other.
func renumberIDs(add []*Node, existing *Node) {
	taken := map[string]bool{}
	var collect func(*Node)
	collect = func(n *Node) {
		if n == nil {
			return
		}
		if id := n.attrString("localId"); id != "" {
			taken[id] = true
		}
		for _, c := range n.Content {
			collect(c)
		}
	}
	collect(existing)
	next := 0
	var fix func(*Node)
	fix = func(n *Node) {
		if n == nil {
			return
		}
		if id := n.attrString("localId"); id != "" {
			if taken[id] {
				for {
					next++
					cand := localID(next)
					if !taken[cand] {
						n.Attrs["localId"] = cand
						id = cand
						break
					}
				}
			}
			taken[id] = true
		}
		for _, c := range n.Content {
			fix(c)
		}
	}
	for _, n := range add {
		fix(n)
	}
}
