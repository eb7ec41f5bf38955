package sandbox

import (
	"net/http"
	"slices"
	"strings"
)

// wikiBodyFormats are the body-format values of GET /pages/{id}.
var wikiBodyFormats = map[string]bool{"storage": true, "atlas_doc_format": true, "view": true, "export_view": true,
	"anonymous_export_view": true, "styled_view": true, "editor": true}

func (c *call) wikiSpaces() {
	pg, ok := c.wikiListPaging(wikiListScope(c.r), 25, 250)
	if !ok {
		return
	}
	q := c.r.URL.Query()
	ids, keys := listParam(c.r, "ids"), listParam(c.r, "keys")
	var all []*WikiSpace
	for _, sp := range c.site.Wiki.Spaces {
		switch {
		case !c.site.Wiki.canView(c.who.AccountID, sp),
			len(ids) > 0 && !slices.Contains(ids, itoa(sp.ID)),
			len(keys) > 0 && !slices.Contains(keys, sp.Key),
			q.Get("type") != "" && q.Get("type") != sp.Type,
			q.Get("status") == "archived":
			continue
		}
		all = append(all, sp)
	}
	sortWikiSpaces(all, q.Get("sort"))
	from, to, more := pg.window(len(all))
	var out []any
	for _, sp := range all[from:to] {
		out = append(out, c.wikiSpaceJSON(sp))
	}
	c.wikiList(out, pg, to, more)
}

func sortWikiSpaces(ss []*WikiSpace, key string) {
	desc := strings.HasPrefix(key, "-")
	slices.SortStableFunc(ss, func(a, b *WikiSpace) int {
		var d int
		switch strings.TrimPrefix(key, "-") {
		case "key":
			d = strings.Compare(a.Key, b.Key)
		case "name":
			d = strings.Compare(strings.ToLower(a.Name), strings.ToLower(b.Name))
		default:
			d = a.ID - b.ID
		}
		if desc {
			return -d
		}
		return d
	})
}

func (c *call) wikiPages() {
	pg, ok := c.wikiListPaging(wikiListScope(c.r), 25, 250)
	if !ok {
		return
	}
	q := c.r.URL.Query()
	ids, spaceIDs, statuses := listParam(c.r, "id"), listParam(c.r, "space-id"), listParam(c.r, "status")
	format := q.Get("body-format")
	if format != "" && format != "storage" && format != "atlas_doc_format" {
		c.wikiError(http.StatusBadRequest, "body-format must be storage or atlas_doc_format")
		return
	}
	var all []*WikiPage
	for _, p := range c.site.Wiki.Pages {
		switch {
		case !c.site.Wiki.canView(c.who.AccountID, p.Space),
			len(ids) > 0 && !slices.Contains(ids, itoa(p.ID)),
			len(spaceIDs) > 0 && !slices.Contains(spaceIDs, itoa(p.Space.ID)),
			len(statuses) > 0 && !slices.Contains(statuses, "current"),
			q.Has("title") && p.Title() != q.Get("title"):
			continue
		}
		all = append(all, p)
	}
	sortWikiPages(all, firstNonEmpty(q.Get("sort"), "id"))
	from, to, more := pg.window(len(all))
	var out []any
	for _, p := range all[from:to] {
		m := c.wikiPageJSON(p, p.current(), format)
		delete(m, "lastOwnerId")
		out = append(out, m)
	}
	c.wikiList(out, pg, to, more)
}

func (c *call) wikiPage() {
	p := c.visibleWikiPage(c.r.PathValue("id"))
	if p == nil {
		return
	}
	q := c.r.URL.Query()
	format := q.Get("body-format")
	if format != "" && !wikiBodyFormats[format] {
		c.wikiError(http.StatusBadRequest, "Unsupported body-format: "+format)
		return
	}
	v := p.current()
	if s := q.Get("version"); s != "" {
		n, ok := atoi(s)
		if !ok || n < 1 || n > len(p.Versions) {
			c.wikiError(http.StatusNotFound, "Not Found")
			return
		}
		v = &p.Versions[n-1]
	}
	m := c.wikiPageJSON(p, v, format)
	if q.Get("include-version") == "false" {
		delete(m, "version")
	}
	if q.Get("include-labels") == "true" {
		m["labels"] = map[string]any{"results": c.wikiLabelsJSON(p.Labels), "meta": map[string]any{"hasMore": false, "cursor": ""},
			"_links": map[string]any{"self": "/wiki/api/v2/pages/" + itoa(p.ID) + "/labels"}}
	}
	if q.Get("include-versions") == "true" {
		var vs []any
		for i := len(p.Versions) - 1; i >= 0; i-- {
			vs = append(vs, wikiVersionJSON(&p.Versions[i]))
		}
		m["versions"] = map[string]any{"results": vs, "meta": map[string]any{"hasMore": false, "cursor": ""},
			"_links": map[string]any{"self": "/wiki/api/v2/pages/" + itoa(p.ID) + "/versions"}}
	}
	m["_links"].(map[string]any)["base"] = c.wikiBase()
	c.ok(m)
}

// wikiPageWrite is the body of POST /pages and PUT /pages/{id}.
type wikiPageWrite struct {
	ID       string    `json:"id"`
	SpaceID  string    `json:"spaceId"`
	Status   string    `json:"status"`
	Title    string    `json:"title"`
	ParentID string    `json:"parentId"`
	OwnerID  string    `json:"ownerId"`
	Subtype  string    `json:"subtype"`
	Body     *wikiBody `json:"body"`
	Version  *struct {
		Number  int    `json:"number"`
		Message string `json:"message"`
	} `json:"version"`
}

func (c *call) wikiCreatePage() {
	var in wikiPageWrite
	if !c.decodeWiki(&in) {
		return
	}
	w := c.site.Wiki
	sp := w.space(in.SpaceID)
	if sp == nil || !w.canView(c.who.AccountID, sp) {
		c.wikiError(http.StatusNotFound, "No space with id "+in.SpaceID+" exists, or you do not have permission to view it.")
		return
	}
	if in.Status == "draft" {
		c.wikiError(http.StatusBadRequest, "The sandbox does not keep drafts; create the page with status current")
		return
	}
	title := strings.TrimSpace(in.Title)
	if title == "" {
		c.wikiError(http.StatusBadRequest, "Title is required for a published page")
		return
	}
	if len(title) > 255 {
		c.wikiError(http.StatusBadRequest, "Title must be 255 characters or fewer")
		return
	}
	if w.titleTaken(sp, title, nil) != nil {
		c.wikiError(http.StatusBadRequest, "A page with this title already exists: A page already exists with the title "+title+" in the space with key "+sp.Key)
		return
	}
	rootLevel := c.r.URL.Query().Get("root-level") == "true"
	parent := sp.Homepage
	if in.ParentID != "" {
		if rootLevel {
			c.wikiError(http.StatusBadRequest, "parentId cannot be given with root-level=true")
			return
		}
		parent = w.page(in.ParentID)
		if parent == nil || parent.Space != sp {
			c.wikiError(http.StatusBadRequest, "The parent page "+in.ParentID+" does not exist in the space "+sp.Key)
			return
		}
	} else if rootLevel {
		parent = nil
	}
	body, msg := wikiADF(in.Body)
	if msg != "" {
		c.wikiError(http.StatusBadRequest, msg)
		return
	}
	now := c.sb.now()
	p := &WikiPage{ID: w.newID(), Space: sp, Parent: parent, AuthorID: c.who.AccountID, Created: now,
		Versions: []PageVersion{{Number: 1, Title: title, Body: body, By: c.who.AccountID, At: now}}}
	p.Position = len(w.children(parent))
	w.Pages = append(w.Pages, p)
	m := c.wikiPageJSON(p, p.current(), "atlas_doc_format")
	m["_links"].(map[string]any)["base"] = c.wikiBase()
	c.w.Header().Set("Location", c.wikiBase()+"/api/v2/pages/"+itoa(p.ID))
	c.ok(m)
}

func (c *call) wikiUpdatePage() {
	p := c.visibleWikiPage(c.r.PathValue("id"))
	if p == nil {
		return
	}
	var in wikiPageWrite
	if !c.decodeWiki(&in) {
		return
	}
	w := c.site.Wiki
	cur := p.current()
	switch {
	case in.ID != itoa(p.ID):
		c.wikiError(http.StatusBadRequest, "The id in the body ("+in.ID+") must be the page's id "+itoa(p.ID))
		return
	case in.Status != "current":
		c.wikiError(http.StatusBadRequest, "status must be current; the sandbox does not keep drafts")
		return
	case in.Version == nil:
		c.wikiError(http.StatusBadRequest, "Must supply an incremented version when updating Content. No version supplied.")
		return
	case in.Version.Number != cur.Number+1:
		c.wikiError(http.StatusConflict, "Version must be incremented on update. Current version is: "+itoa(cur.Number))
		return
	case in.SpaceID != "" && in.SpaceID != itoa(p.Space.ID):
		c.wikiError(http.StatusBadRequest, "The sandbox cannot move pages between spaces")
		return
	}
	title := strings.TrimSpace(in.Title)
	if title == "" {
		c.wikiError(http.StatusBadRequest, "Title is required for a published page")
		return
	}
	if w.titleTaken(p.Space, title, p) != nil {
		c.wikiError(http.StatusBadRequest, "A page with this title already exists: A page already exists with the title "+title+" in the space with key "+p.Space.Key)
		return
	}
	parent := p.Parent
	if in.ParentID != "" && (parent == nil || in.ParentID != itoa(parent.ID)) {
		np := w.page(in.ParentID)
		if np == nil || np.Space != p.Space || np == p || slices.Contains(np.ancestors(), p) {
			c.wikiError(http.StatusBadRequest, "The parent page "+in.ParentID+" is not a page of space "+p.Space.Key+" outside this page's own tree")
			return
		}
		parent = np
	}
	body, msg := wikiADF(in.Body)
	if msg != "" {
		c.wikiError(http.StatusBadRequest, msg)
		return
	}
	if parent != p.Parent {
		p.Parent = parent
		p.Position = len(w.children(parent))
	}
	p.Versions = append(p.Versions, PageVersion{Number: in.Version.Number, Title: title, Body: body,
		By: c.who.AccountID, At: c.sb.now(), Message: in.Version.Message})
	m := c.wikiPageJSON(p, p.current(), "atlas_doc_format")
	m["_links"].(map[string]any)["base"] = c.wikiBase()
	c.ok(m)
}

func (c *call) wikiChildren() {
	p, pg, ok := c.wikiPageList()
	if !ok {
		return
	}
	kids := c.site.Wiki.children(p)
	if s := c.r.URL.Query().Get("sort"); s != "" {
		sortWikiPages(kids, s)
	}
	from, to, more := pg.window(len(kids))
	var out []any
	for _, k := range kids[from:to] {
		out = append(out, map[string]any{"id": itoa(k.ID), "status": "current", "title": k.Title(), "type": "page",
			"spaceId": itoa(k.Space.ID), "childPosition": k.Position})
	}
	c.wikiList(out, pg, to, more)
}

func (c *call) wikiAncestors() {
	p := c.visibleWikiPage(c.r.PathValue("id"))
	if p == nil {
		return
	}
	limit, ok := c.intParam("limit", 25)
	if !ok {
		return
	}
	anc := p.ancestors()
	if limit > 0 && len(anc) > limit {
		anc = anc[len(anc)-limit:]
	}
	out := []any{}
	for _, a := range anc {
		out = append(out, map[string]any{"id": itoa(a.ID), "type": "page"})
	}
	c.ok(map[string]any{"results": out, "_links": map[string]any{"base": c.wikiBase()}})
}

func (c *call) wikiPageLabels() {
	p, pg, ok := c.wikiPageList()
	if !ok {
		return
	}
	names := slices.Clone(p.Labels)
	if pre := c.r.URL.Query().Get("prefix"); pre != "" && pre != "global" {
		names = nil
	}
	from, to, more := pg.window(len(names))
	c.wikiList(c.wikiLabelsJSON(names[from:to]), pg, to, more)
}
