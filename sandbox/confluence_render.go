package sandbox

import (
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
)

// wikiTime formats a time as Confluence v2 does.
func wikiTime(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05.000Z") }

func (c *call) wikiSpaceJSON(sp *WikiSpace) map[string]any {
	m := map[string]any{
		"id": itoa(sp.ID), "key": sp.Key, "name": sp.Name, "type": sp.Type, "status": "current",
		"authorId": sp.AuthorID, "createdAt": wikiTime(sp.Created),
		"_links": map[string]any{"webui": "/spaces/" + sp.Key},
	}
	if sp.Homepage != nil {
		m["homepageId"] = itoa(sp.Homepage.ID)
	}
	if f := c.r.URL.Query().Get("description-format"); f == "plain" || f == "view" {
		v := sp.Description
		if f == "view" {
			v = "<p>" + xmlEscape(v) + "</p>"
		}
		m["description"] = map[string]any{f: map[string]any{"representation": f, "value": v}}
	}
	return m
}

func wikiVersionJSON(v *PageVersion) map[string]any {
	return map[string]any{"number": v.Number, "message": v.Message, "minorEdit": v.Minor,
		"authorId": v.By, "createdAt": wikiTime(v.At)}
}

// wikiPageLinks are a page's UI links, relative to the site's /wiki.
func wikiPageLinks(p *WikiPage) map[string]any {
	return map[string]any{
		"webui":  "/spaces/" + p.Space.Key + "/pages/" + itoa(p.ID) + "/" + url.QueryEscape(p.Title()),
		"editui": "/pages/resumedraft.action?draftId=" + itoa(p.ID),
		"tinyui": "/x/" + strconv.FormatInt(int64(p.ID), 36),
	}
}

// wikiPageJSON renders a page as the v2 API does. format is the requested
// body-format ("" for no body); v is the version to show.
func (c *call) wikiPageJSON(p *WikiPage, v *PageVersion, format string) map[string]any {
	m := map[string]any{
		"id": itoa(p.ID), "status": "current", "title": v.Title, "spaceId": itoa(p.Space.ID),
		"position": p.Position, "authorId": p.AuthorID, "ownerId": p.AuthorID, "lastOwnerId": nil,
		"createdAt": wikiTime(p.Created), "version": wikiVersionJSON(v), "body": map[string]any{},
		"_links": wikiPageLinks(p),
	}
	if v != p.current() {
		m["status"] = "historical"
	}
	if p.Parent != nil {
		m["parentId"] = itoa(p.Parent.ID)
		m["parentType"] = "page"
	}
	if format != "" {
		m["body"] = map[string]any{format: wikiBodyJSON(v.Body, format)}
	}
	return m
}

// wikiBodyJSON renders an ADF body in a representation: atlas_doc_format as
// the document's JSON text, every other format as storage XHTML.
func wikiBodyJSON(doc []byte, format string) map[string]any {
	if format == "atlas_doc_format" {
		return map[string]any{"representation": format, "value": string(doc)}
	}
	return map[string]any{"representation": format, "value": storageXHTML(doc)}
}

func (c *call) wikiLabelsJSON(names []string) []any {
	out := []any{}
	for _, n := range names {
		out = append(out, map[string]any{"id": itoa(c.site.Wiki.labelID(n)), "name": n, "prefix": "global"})
	}
	return out
}

func (c *call) wikiCommentJSON(cm *FooterComment, format string) map[string]any {
	m := map[string]any{
		"id": itoa(cm.ID), "status": "current", "title": "Re: " + cm.Page.Title(), "pageId": itoa(cm.Page.ID),
		"version": map[string]any{"number": 1, "message": "", "minorEdit": false, "authorId": cm.Author, "createdAt": wikiTime(cm.Created)},
		"body":    map[string]any{},
		"_links":  map[string]any{"webui": wikiPageLinks(cm.Page)["webui"].(string) + "?focusedCommentId=" + itoa(cm.ID)},
	}
	if format != "" {
		m["body"] = map[string]any{format: wikiBodyJSON(cm.Body, format)}
	}
	return m
}

// sortWikiPages orders pages by a v2 sort key such as "-modified-date".
func sortWikiPages(ps []*WikiPage, key string) {
	desc := strings.HasPrefix(key, "-")
	key = strings.TrimPrefix(key, "-")
	cmp := func(a, b *WikiPage) int {
		switch key {
		case "title":
			return strings.Compare(strings.ToLower(a.Title()), strings.ToLower(b.Title()))
		case "created-date":
			return a.Created.Compare(b.Created)
		case "modified-date":
			return a.current().At.Compare(b.current().At)
		case "child-position":
			if d := a.Position - b.Position; d != 0 {
				return d
			}
		}
		return a.ID - b.ID
	}
	slices.SortStableFunc(ps, func(a, b *WikiPage) int {
		if desc {
			return -cmp(a, b)
		}
		return cmp(a, b)
	})
}
