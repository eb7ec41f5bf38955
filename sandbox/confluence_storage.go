package sandbox

import (
	"encoding/json"
	"fmt"
	"html"
	"sort"
	"strings"
)

// adfNode is an ADF node as the sandbox reads it.
type adfNode struct {
	Type    string         `json:"type"`
	Attrs   map[string]any `json:"attrs"`
	Content []adfNode      `json:"content"`
	Text    string         `json:"text"`
	Marks   []struct {
		Type  string         `json:"type"`
		Attrs map[string]any `json:"attrs"`
	} `json:"marks"`
}

func xmlEscape(s string) string { return html.EscapeString(s) }

// storageXHTML renders an ADF document in Confluence's storage format, the
// XHTML with ac: and ri: elements that Confluence stores pages in. Macros,
// media, mentions, layouts and tasks map to their storage elements.
func storageXHTML(doc []byte) string {
	var n adfNode
	if json.Unmarshal(doc, &n) != nil {
		return ""
	}
	var b strings.Builder
	writeStorageNode(&b, n)
	return b.String()
}

func adfAttr(n adfNode, name string) string {
	if v, ok := n.Attrs[name]; ok && v != nil {
		return fmt.Sprint(v)
	}
	return ""
}

var storagePanels = map[string]string{"info": "info", "note": "note", "tip": "tip", "warning": "warning", "error": "warning", "success": "tip"}

func writeStorageNode(b *strings.Builder, n adfNode) {
	kids := func() {
		for _, c := range n.Content {
			writeStorageNode(b, c)
		}
	}
	wrap := func(open, close string) {
		b.WriteString(open)
		kids()
		b.WriteString(close)
	}
	switch n.Type {
	case "text":
		writeStorageText(b, n)
	case "paragraph":
		wrap("<p>", "</p>")
	case "heading":
		lvl := adfAttr(n, "level")
		if lvl == "" {
			lvl = "1"
		}
		wrap("<h"+lvl+">", "</h"+lvl+">")
	case "hardBreak":
		b.WriteString("<br />")
	case "rule":
		b.WriteString("<hr />")
	case "bulletList", "decisionList":
		wrap("<ul>", "</ul>")
	case "orderedList":
		wrap("<ol>", "</ol>")
	case "listItem", "decisionItem":
		wrap("<li>", "</li>")
	case "blockquote":
		wrap("<blockquote>", "</blockquote>")
	case "table":
		wrap("<table><tbody>", "</tbody></table>")
	case "tableRow":
		wrap("<tr>", "</tr>")
	case "tableHeader":
		wrap("<th>", "</th>")
	case "tableCell":
		wrap("<td>", "</td>")
	case "codeBlock":
		var src strings.Builder
		for _, c := range n.Content {
			src.WriteString(c.Text)
		}
		b.WriteString(`<ac:structured-macro ac:name="code">`)
		if lang := adfAttr(n, "language"); lang != "" {
			b.WriteString(`<ac:parameter ac:name="language">` + xmlEscape(lang) + `</ac:parameter>`)
		}
		b.WriteString(`<ac:plain-text-body><![CDATA[` + strings.ReplaceAll(src.String(), "]]>", "]]]]><![CDATA[>") + `]]></ac:plain-text-body></ac:structured-macro>`)
	case "panel":
		name := storagePanels[adfAttr(n, "panelType")]
		if name == "" {
			name = "panel"
		}
		wrap(`<ac:structured-macro ac:name="`+name+`"><ac:rich-text-body>`, `</ac:rich-text-body></ac:structured-macro>`)
	case "expand", "nestedExpand":
		wrap(`<ac:structured-macro ac:name="expand"><ac:parameter ac:name="title">`+xmlEscape(adfAttr(n, "title"))+`</ac:parameter><ac:rich-text-body>`,
			`</ac:rich-text-body></ac:structured-macro>`)
	case "mention":
		b.WriteString(`<ac:link><ri:user ri:account-id="` + xmlEscape(adfAttr(n, "id")) + `" /></ac:link>`)
	case "status":
		b.WriteString(`<ac:structured-macro ac:name="status"><ac:parameter ac:name="title">` + xmlEscape(adfAttr(n, "text")) +
			`</ac:parameter><ac:parameter ac:name="colour">` + xmlEscape(adfAttr(n, "color")) + `</ac:parameter></ac:structured-macro>`)
	case "date":
		b.WriteString(`<time datetime="` + xmlEscape(adfAttr(n, "timestamp")) + `" />`)
	case "emoji":
		b.WriteString(`<ac:emoticon ac:name="` + xmlEscape(strings.Trim(adfAttr(n, "shortName"), ":")) + `" />`)
	case "inlineCard", "blockCard", "embedCard":
		u := xmlEscape(adfAttr(n, "url"))
		b.WriteString(`<a href="` + u + `">` + u + `</a>`)
	case "mediaSingle", "mediaGroup":
		kids()
	case "media":
		b.WriteString(`<ac:image><ri:attachment ri:filename="` + xmlEscape(firstNonEmpty(adfAttr(n, "alt"), adfAttr(n, "id"))) + `" /></ac:image>`)
	case "extension", "inlineExtension", "bodiedExtension":
		writeStorageMacro(b, n)
	case "layoutSection":
		wrap(`<ac:layout><ac:layout-section ac:type="`+storageLayout(len(n.Content))+`">`, `</ac:layout-section></ac:layout>`)
	case "layoutColumn":
		wrap("<ac:layout-cell>", "</ac:layout-cell>")
	case "taskList":
		wrap("<ac:task-list>", "</ac:task-list>")
	case "taskItem":
		state := "incomplete"
		if adfAttr(n, "state") == "DONE" {
			state = "complete"
		}
		wrap("<ac:task><ac:task-status>"+state+"</ac:task-status><ac:task-body>", "</ac:task-body></ac:task>")
	default:
		kids()
	}
}

func storageLayout(cols int) string {
	switch cols {
	case 2:
		return "two_equal"
	case 3:
		return "three_equal"
	}
	return "single"
}

// writeStorageMacro renders an extension node as the structured macro it stands
// for, with its macroParams as parameters.
func writeStorageMacro(b *strings.Builder, n adfNode) {
	b.WriteString(`<ac:structured-macro ac:name="` + xmlEscape(adfAttr(n, "extensionKey")) + `">`)
	params, _ := n.Attrs["parameters"].(map[string]any)
	mp, _ := params["macroParams"].(map[string]any)
	keys := make([]string, 0, len(mp))
	for k := range mp {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		v := mp[k]
		if m, ok := v.(map[string]any); ok {
			v = m["value"]
		}
		b.WriteString(`<ac:parameter ac:name="` + xmlEscape(k) + `">` + xmlEscape(fmt.Sprint(v)) + `</ac:parameter>`)
	}
	if n.Type == "bodiedExtension" {
		b.WriteString("<ac:rich-text-body>")
		for _, c := range n.Content {
			writeStorageNode(b, c)
		}
		b.WriteString("</ac:rich-text-body>")
	}
	b.WriteString("</ac:structured-macro>")
}

var storageMarkTags = map[string]string{"strong": "strong", "em": "em", "code": "code", "strike": "s", "underline": "u"}

func writeStorageText(b *strings.Builder, n adfNode) {
	open, close := "", ""
	for _, m := range n.Marks {
		tag, ok := storageMarkTags[m.Type]
		switch {
		case ok:
			open, close = open+"<"+tag+">", "</"+tag+">"+close
		case m.Type == "link":
			href, _ := m.Attrs["href"].(string)
			open, close = open+`<a href="`+xmlEscape(href)+`">`, "</a>"+close
		case m.Type == "subsup":
			t, _ := m.Attrs["type"].(string)
			if t == "sub" || t == "sup" {
				open, close = open+"<"+t+">", "</"+t+">"+close
			}
		case m.Type == "textColor":
			c, _ := m.Attrs["color"].(string)
			open, close = open+`<span style="color: `+xmlEscape(c)+`;">`, "</span>"+close
		}
	}
	b.WriteString(open + xmlEscape(n.Text) + close)
}
