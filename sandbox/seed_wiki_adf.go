package sandbox

import (
	"encoding/json"
	"fmt"
	"hash/fnv"
	"strings"
)

// adfMap is an ADF adfMap as a map, ready to marshal.
type adfMap = map[string]any

// adfKit builds the seeded pages' ADF. Its methods return nodes; doc
// assembles a document. It is a type only to keep the builders' short
// names out of the package's namespace.
type adfKit struct{}

func (k adfKit) doc(blocks ...adfMap) json.RawMessage {
	b, err := json.Marshal(adfMap{"type": "doc", "version": 1, "content": blocks})
	if err != nil {
		panic(err)
	}
	return b
}

// localID derives a stable UUID-shaped id from a seed string.
func (k adfKit) localID(seed string) string {
	h := fnv.New128a()
	h.Write([]byte(seed))
	s := fmt.Sprintf("%x", h.Sum(nil))
	return s[0:8] + "-" + s[8:12] + "-" + s[12:16] + "-" + s[16:20] + "-" + s[20:32]
}

func (k adfKit) txt(s string, marks ...string) adfMap {
	n := adfMap{"type": "text", "text": s}
	if len(marks) > 0 {
		ms := []adfMap{}
		for _, m := range marks {
			ms = append(ms, adfMap{"type": m})
		}
		n["marks"] = ms
	}
	return n
}

func (k adfKit) link(s, href string) adfMap {
	return adfMap{"type": "text", "text": s, "marks": []adfMap{{"type": "link", "attrs": adfMap{"href": href}}}}
}

// para builds a paragraph from inline nodes and plain strings.
func (k adfKit) para(parts ...any) adfMap {
	content := []adfMap{}
	for _, p := range parts {
		switch v := p.(type) {
		case string:
			content = append(content, k.txt(v))
		case adfMap:
			content = append(content, v)
		}
	}
	return adfMap{"type": "paragraph", "content": content}
}

func (k adfKit) heading(level int, s string) adfMap {
	return adfMap{"type": "heading", "attrs": adfMap{"level": level}, "content": []adfMap{k.txt(s)}}
}

func (k adfKit) bullets(items ...any) adfMap {
	var lis []adfMap
	for _, it := range items {
		lis = append(lis, adfMap{"type": "listItem", "content": []adfMap{k.para(it)}})
	}
	return adfMap{"type": "bulletList", "content": lis}
}

func (k adfKit) numbered(items ...string) adfMap {
	var lis []adfMap
	for _, it := range items {
		lis = append(lis, adfMap{"type": "listItem", "content": []adfMap{k.para(it)}})
	}
	return adfMap{"type": "orderedList", "attrs": adfMap{"order": 1}, "content": lis}
}

func (k adfKit) code(lang, src string) adfMap {
	return adfMap{"type": "codeBlock", "attrs": adfMap{"language": lang}, "content": []adfMap{k.txt(src)}}
}

func (k adfKit) panel(kind string, blocks ...adfMap) adfMap {
	return adfMap{"type": "panel", "attrs": adfMap{"panelType": kind}, "content": blocks}
}

func (k adfKit) mention(accountID string) adfMap {
	name := accountID
	for _, u := range acmeUsers {
		if u.AccountID == accountID {
			name = u.DisplayName
		}
	}
	return adfMap{"type": "mention", "attrs": adfMap{"id": accountID, "text": "@" + name, "accessLevel": ""}}
}

func (k adfKit) status(text, color string) adfMap {
	return adfMap{"type": "status", "attrs": adfMap{"text": text, "color": color, "localId": k.localID("status " + text)}}
}

// table builds a table whose first row is a header row. Cells are plain
// strings or inline nodes.
func (k adfKit) table(rows ...[]any) adfMap {
	var trs []adfMap
	for i, r := range rows {
		cellType := "tableCell"
		if i == 0 {
			cellType = "tableHeader"
		}
		var cells []adfMap
		for _, c := range r {
			cells = append(cells, adfMap{"type": cellType, "content": []adfMap{k.para(c)}})
		}
		trs = append(trs, adfMap{"type": "tableRow", "content": cells})
	}
	return adfMap{"type": "table", "attrs": adfMap{"isNumberColumnEnabled": false, "layout": "default", "localId": k.localID(fmt.Sprint(rows))}, "content": trs}
}

// macro builds a Confluence macro (an ADF extension adfMap).
func (k adfKit) macro(key string, params map[string]string) adfMap {
	mp := adfMap{}
	for k, v := range params {
		mp[k] = adfMap{"value": v}
	}
	return adfMap{"type": "extension", "attrs": adfMap{
		"extensionType": "com.atlassian.confluence.macro.core", "extensionKey": key, "layout": "default",
		"localId": k.localID("macro " + key + fmt.Sprint(params)),
		"parameters": adfMap{"macroParams": mp, "macroMetadata": adfMap{
			"macroId":       adfMap{"value": k.localID("macro id " + key + fmt.Sprint(params))},
			"schemaVersion": adfMap{"value": "1"}, "title": strings.ToUpper(key[:1]) + key[1:],
		}},
	}}
}

// image builds a media adfMap of an attachment, inside a mediaSingle.
func (k adfKit) image(name string, width, height int) adfMap {
	return adfMap{"type": "mediaSingle", "attrs": adfMap{"layout": "center"}, "content": []adfMap{{
		"type": "media", "attrs": adfMap{"type": "file", "id": k.localID("media " + name), "collection": "contentId-seed",
			"width": width, "height": height, "alt": name},
	}}}
}

// columns builds a two- or three-column layout.
func (k adfKit) columns(cols ...[]adfMap) adfMap {
	var out []adfMap
	for _, c := range cols {
		out = append(out, adfMap{"type": "layoutColumn", "attrs": adfMap{"width": 100.0 / float64(len(cols))}, "content": c})
	}
	return adfMap{"type": "layoutSection", "content": out}
}

func (k adfKit) tasks(items ...string) adfMap {
	var out []adfMap
	for i, it := range items {
		state := "TODO"
		if strings.HasPrefix(it, "[x] ") {
			state, it = "DONE", it[4:]
		}
		out = append(out, adfMap{"type": "taskItem", "attrs": adfMap{"localId": k.localID(fmt.Sprint("task", i, it)), "state": state},
			"content": []adfMap{k.txt(it)}})
	}
	return adfMap{"type": "taskList", "attrs": adfMap{"localId": k.localID(fmt.Sprint("tasks", items))}, "content": out}
}

func (k adfKit) rule() adfMap { return adfMap{"type": "rule"} }
