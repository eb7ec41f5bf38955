package sandbox

import (
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"unicode"
)

func (c *call) wikiPageComments() {
	p, pg, ok := c.wikiPageList()
	if !ok {
		return
	}
	format := c.r.URL.Query().Get("body-format")
	if format != "" && format != "storage" && format != "atlas_doc_format" {
		c.wikiError(http.StatusBadRequest, "body-format must be storage or atlas_doc_format")
		return
	}
	var list []*FooterComment
	for _, cm := range c.site.Wiki.Comments {
		if cm.Page == p {
			list = append(list, cm)
		}
	}
	if strings.HasPrefix(c.r.URL.Query().Get("sort"), "-") {
		slices.Reverse(list)
	}
	from, to, more := pg.window(len(list))
	var out []any
	for _, cm := range list[from:to] {
		out = append(out, c.wikiCommentJSON(cm, format))
	}
	c.wikiList(out, pg, to, more)
}

// wikiCommentWrite is the body of POST /footer-comments.
type wikiCommentWrite struct {
	PageID          string    `json:"pageId"`
	BlogPostID      string    `json:"blogPostId"`
	ParentCommentID string    `json:"parentCommentId"`
	AttachmentID    string    `json:"attachmentId"`
	CustomContentID string    `json:"customContentId"`
	Body            *wikiBody `json:"body"`
}

func (c *call) wikiCreateComment() {
	var in wikiCommentWrite
	if !c.decodeWiki(&in) {
		return
	}
	if in.PageID == "" || in.BlogPostID != "" || in.ParentCommentID != "" || in.AttachmentID != "" || in.CustomContentID != "" {
		c.wikiError(http.StatusBadRequest, "The sandbox takes footer comments on pages only: give pageId and nothing else to attach to")
		return
	}
	p := c.visibleWikiPage(in.PageID)
	if p == nil {
		return
	}
	body, msg := wikiADF(in.Body)
	if msg != "" {
		c.wikiError(http.StatusBadRequest, msg)
		return
	}
	w := c.site.Wiki
	cm := &FooterComment{ID: w.newID(), Page: p, Author: c.who.AccountID, Body: body, Created: c.sb.now()}
	w.Comments = append(w.Comments, cm)
	c.w.Header().Set("Location", c.wikiBase()+"/api/v2/footer-comments/"+itoa(cm.ID))
	m := c.wikiCommentJSON(cm, "atlas_doc_format")
	m["_links"].(map[string]any)["base"] = c.wikiBase()
	writeJSON(c.w, http.StatusCreated, m)
}

// wikiLabelCreate is one label of POST /content/{id}/label.
type wikiLabelCreate struct {
	Prefix string `json:"prefix"`
	Name   string `json:"name"`
}

func (c *call) wikiAddLabels() {
	p := c.site.Wiki.page(c.r.PathValue("id"))
	if p == nil || !c.site.Wiki.canView(c.who.AccountID, p.Space) {
		c.wikiV1Error(http.StatusNotFound, "No content found with id: ContentId{id="+c.r.PathValue("id")+"}")
		return
	}
	var raw json.RawMessage
	dec := json.NewDecoder(http.MaxBytesReader(c.w, c.r.Body, 1<<20))
	if dec.Decode(&raw) != nil {
		c.wikiV1Error(http.StatusBadRequest, "Invalid request body: send a label {\"prefix\":\"global\",\"name\":\"…\"} or an array of them")
		return
	}
	var labels []wikiLabelCreate
	if json.Unmarshal(raw, &labels) != nil {
		var one wikiLabelCreate
		if json.Unmarshal(raw, &one) != nil {
			c.wikiV1Error(http.StatusBadRequest, "Invalid request body: send a label {\"prefix\":\"global\",\"name\":\"…\"} or an array of them")
			return
		}
		labels = []wikiLabelCreate{one}
	}
	var add []string
	for _, l := range labels {
		name := strings.ToLower(strings.TrimSpace(l.Name))
		if l.Prefix != "" && l.Prefix != "global" {
			c.wikiV1Error(http.StatusBadRequest, "The sandbox supports global labels only, not prefix "+l.Prefix)
			return
		}
		if msg := badWikiLabel(name); msg != "" {
			c.wikiV1Error(http.StatusBadRequest, msg)
			return
		}
		add = append(add, name)
	}
	for _, n := range add {
		if !slices.Contains(p.Labels, n) {
			p.Labels = append(p.Labels, n)
		}
	}
	out := []any{}
	for _, n := range p.Labels {
		id := itoa(c.site.Wiki.labelID(n))
		out = append(out, map[string]any{"prefix": "global", "name": n, "id": id, "label": n})
	}
	c.ok(map[string]any{"results": out, "start": 0, "limit": 200, "size": len(out),
		"_links": map[string]any{"base": c.wikiBase(), "context": "/wiki", "self": c.wikiBase() + "/rest/api/content/" + itoa(p.ID) + "/label"}})
}

// badWikiLabel says what is wrong with a label name, or "" if nothing is.
func badWikiLabel(name string) string {
	switch {
	case name == "":
		return "A label name cannot be empty"
	case len(name) > 255:
		return "A label name must be 255 characters or fewer"
	case strings.IndexFunc(name, unicode.IsSpace) >= 0:
		return "Label '" + name + "' contains a space; labels are single words (use - or _ to join words)"
	case strings.ContainsAny(name, `!#&()*,.:;<>?@[]^`):
		return "Label '" + name + "' contains a character labels cannot have (! # & ( ) * , . : ; < > ? @ [ ] ^)"
	}
	return ""
}

func (c *call) wikiUsers() {
	var in struct {
		AccountIDs []string `json:"accountIds"`
	}
	if !c.decodeWiki(&in) {
		return
	}
	if len(in.AccountIDs) == 0 || len(in.AccountIDs) > 100 {
		c.wikiError(http.StatusBadRequest, "accountIds must list between 1 and 100 account ids")
		return
	}
	out := []any{}
	for _, id := range in.AccountIDs {
		u := c.site.user(id)
		if u == nil {
			continue
		}
		status := "active"
		if !u.Active {
			status = "inactive"
		}
		out = append(out, map[string]any{"accountId": u.AccountID, "accountType": "atlassian", "accountStatus": status,
			"displayName": u.DisplayName, "publicName": u.DisplayName, "email": u.Email, "timeZone": u.TimeZone,
			"isExternalCollaborator": false, "profilePicture": map[string]any{"path": "/wiki/aa-avatar/" + u.AccountID, "isDefault": true}})
	}
	c.ok(map[string]any{"results": out, "_links": map[string]any{"base": c.wikiBase()}})
}
