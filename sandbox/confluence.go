package sandbox

import (
	"encoding/json"
	"net/http"
	"strings"
	"time"
)

// Confluence scope sets. Confluence v2 documents granular scopes only; the
// classic set of each v2 operation comes from Atlassian's scope reference
// ("Confluence scopes for OAuth 2.0 (3LO) and Forge apps"), which recommends
// classic scopes and says which one covers what: space summaries, content
// summaries (no expansions), full content, user details, and writes. The tests in
// confluence_scopes_test.go list these docs-derived sets explicitly. The v1
// operations carry both sets in the spec and take them from there.
var (
	classicSpaceSummary   = []string{"read:confluence-space.summary"}
	classicContentSummary = []string{"read:confluence-content.summary"}
	classicContentAll     = []string{"read:confluence-content.all"}
	classicContentWrite   = []string{"write:confluence-content"}
)

// confluenceOps lists the Confluence v2 and v1 operations.
func confluenceOps() []op {
	v2 := func(method, path string, classic []string, granular string, h func(*call)) op {
		return op{product: "confluence", method: method, path: "/wiki/api/v2" + path, classic: classic,
			granular: []string{granular}, handle: h}
	}
	v1 := func(method, path string, classic, granular []string, h func(*call)) op {
		return op{product: "confluence", method: method, path: "/wiki/rest/api" + path, classic: classic, granular: granular, handle: h}
	}
	return []op{
		v2("GET", "/spaces", classicSpaceSummary, "read:space:confluence", (*call).wikiSpaces),
		v2("GET", "/pages", classicContentAll, "read:page:confluence", (*call).wikiPages),
		v2("POST", "/pages", classicContentWrite, "write:page:confluence", (*call).wikiCreatePage),
		v2("GET", "/pages/{id}", classicContentAll, "read:page:confluence", (*call).wikiPage),
		v2("PUT", "/pages/{id}", classicContentWrite, "write:page:confluence", (*call).wikiUpdatePage),
		v2("GET", "/pages/{id}/direct-children", classicContentSummary, "read:hierarchical-content:confluence", (*call).wikiChildren),
		v2("GET", "/pages/{id}/ancestors", classicContentSummary, "read:content.metadata:confluence", (*call).wikiAncestors),
		v2("GET", "/pages/{id}/labels", classicContentAll, "read:page:confluence", (*call).wikiPageLabels),
		v2("GET", "/pages/{id}/footer-comments", classicContentAll, "read:comment:confluence", (*call).wikiPageComments),
		v2("POST", "/footer-comments", classicContentWrite, "write:comment:confluence", (*call).wikiCreateComment),
		v2("POST", "/users-bulk", []string{"read:confluence-user"}, "read:user:confluence", (*call).wikiUsers),
		v1("GET", "/search", []string{"search:confluence"}, []string{"read:content-details:confluence"}, (*call).wikiSearch),
		v1("POST", "/content/{id}/label", classicContentWrite, []string{"read:label:confluence", "write:label:confluence"}, (*call).wikiAddLabels),
	}
}

// wiki is a site's Confluence content. All access goes through the
// Sandbox's lock.
type wiki struct {
	Spaces   []*WikiSpace
	Pages    []*WikiPage
	Comments []*FooterComment
	// Labels gives every label name used on the site its id.
	Labels map[string]int
	// View lists, per accountId, the space keys the user may view. A user
	// absent from the map may view every space.
	View   map[string][]string
	nextID int
}

// A WikiSpace is a Confluence space.
type WikiSpace struct {
	ID          int
	Key         string
	Name        string
	Description string
	Type        string // global or personal
	AuthorID    string
	Created     time.Time
	Homepage    *WikiPage
}

// A WikiPage is a Confluence page. Its body is an ADF document; Versions
// holds every version, the current one last.
type WikiPage struct {
	ID       int
	Space    *WikiSpace
	Parent   *WikiPage
	Position int
	AuthorID string
	Created  time.Time
	Labels   []string
	Versions []PageVersion
}

// A PageVersion is one saved version of a page.
type PageVersion struct {
	Number  int
	Title   string
	Body    json.RawMessage
	By      string
	At      time.Time
	Message string
	Minor   bool
}

// A FooterComment is a comment at the bottom of a page.
type FooterComment struct {
	ID      int
	Page    *WikiPage
	Author  string
	Body    json.RawMessage
	Created time.Time
}

// current returns the page's latest version.
func (p *WikiPage) current() *PageVersion { return &p.Versions[len(p.Versions)-1] }

// Title returns the page's current title.
func (p *WikiPage) Title() string { return p.current().Title }

// ancestors returns the page's ancestors, the top-most first.
func (p *WikiPage) ancestors() []*WikiPage {
	var out []*WikiPage
	for a := p.Parent; a != nil; a = a.Parent {
		out = append([]*WikiPage{a}, out...)
	}
	return out
}

// newID returns the next content id.
func (w *wiki) newID() int {
	w.nextID++
	return w.nextID
}

// labelID returns the id of a label, creating it on first use.
func (w *wiki) labelID(name string) int {
	if id, ok := w.Labels[name]; ok {
		return id
	}
	id := w.newID()
	w.Labels[name] = id
	return id
}

// canView reports whether accountID may view space sp.
func (w *wiki) canView(accountID string, sp *WikiSpace) bool {
	keys, ok := w.View[accountID]
	if !ok {
		return true
	}
	for _, k := range keys {
		if k == sp.Key {
			return true
		}
	}
	return false
}

func (w *wiki) space(id string) *WikiSpace {
	for _, sp := range w.Spaces {
		if itoa(sp.ID) == id {
			return sp
		}
	}
	return nil
}

func (w *wiki) page(id string) *WikiPage {
	for _, p := range w.Pages {
		if itoa(p.ID) == id {
			return p
		}
	}
	return nil
}

// children returns a page's direct children in position order.
func (w *wiki) children(parent *WikiPage) []*WikiPage {
	var out []*WikiPage
	for _, p := range w.Pages {
		if p.Parent == parent && parent != nil {
			out = append(out, p)
		}
	}
	sortWikiPages(out, "child-position")
	return out
}

// titleTaken returns the page in sp titled title (case-insensitively, as
// Confluence compares), other than except, or nil.
func (w *wiki) titleTaken(sp *WikiSpace, title string, except *WikiPage) *WikiPage {
	for _, p := range w.Pages {
		if p.Space == sp && p != except && strings.EqualFold(p.Title(), title) {
			return p
		}
	}
	return nil
}

// wikiError writes Confluence v2's error body.
func (c *call) wikiError(status int, title string) {
	code := strings.ToUpper(strings.ReplaceAll(http.StatusText(status), " ", "_"))
	writeJSON(c.w, status, map[string]any{"errors": []any{map[string]any{
		"status": status, "code": code, "title": title, "detail": nil,
	}}})
}

// wikiV1Error writes Confluence v1's error body.
func (c *call) wikiV1Error(status int, message string) {
	writeJSON(c.w, status, map[string]any{
		"statusCode": status,
		"data":       map[string]any{"authorized": status != http.StatusForbidden, "valid": false, "errors": []any{}, "successful": false},
		"message":    message,
	})
}

// visibleWikiPage resolves a page id the caller may view. It answers 404 for
// pages that do not exist and pages in spaces the caller may not view
// alike, as Confluence does.
func (c *call) visibleWikiPage(id string) *WikiPage {
	p := c.site.Wiki.page(id)
	if p == nil || !c.site.Wiki.canView(c.who.AccountID, p.Space) {
		c.wikiError(http.StatusNotFound, "Not Found")
		return nil
	}
	return p
}

// wikiBase is the site's Confluence URL, which Confluence puts in
// _links.base.
func (c *call) wikiBase() string { return c.sb.baseURL + "/site/" + c.site.Slug + "/wiki" }

// decodeWiki reads a JSON request body into v, answering Confluence's 400
// on failure.
func (c *call) decodeWiki(v any) bool {
	dec := json.NewDecoder(http.MaxBytesReader(c.w, c.r.Body, 10<<20))
	if err := dec.Decode(v); err != nil {
		c.wikiError(http.StatusBadRequest, "Invalid request body: "+err.Error())
		return false
	}
	return true
}
