package sandbox

import (
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/clawbridge/atlassian-mcp/internal/lazyre"
	"github.com/clawbridge/atlassian-mcp/sandbox/cql"
)

// wikiRecord is a page or a footer comment as the CQL engine sees it.
type wikiRecord struct {
	page    *WikiPage
	comment *FooterComment
}

// Values implements cql.Record.
func (r wikiRecord) Values(field string) []any {
	p := r.page
	if r.comment != nil {
		p = r.comment.Page
	}
	cur := p.current()
	switch field {
	case cql.FieldSpace:
		return []any{p.Space.Key}
	case cql.FieldType:
		if r.comment != nil {
			return []any{"comment"}
		}
		return []any{"page"}
	case cql.FieldTitle:
		return []any{r.title()}
	case cql.FieldText:
		return []any{r.title(), plainText(r.body())}
	case cql.FieldLabel:
		if r.comment != nil {
			return nil
		}
		return strs(p.Labels)
	case cql.FieldAncestor, cql.FieldParent:
		var ids []any
		anc := p.ancestors()
		if r.comment != nil {
			anc = append(anc, p)
		}
		for _, a := range anc {
			ids = append(ids, itoa(a.ID))
		}
		if field == cql.FieldParent && len(ids) > 0 {
			return ids[len(ids)-1:]
		}
		return ids
	case cql.FieldID:
		return []any{r.id()}
	case cql.FieldCreator:
		if r.comment != nil {
			return []any{r.comment.Author}
		}
		return []any{p.AuthorID}
	case cql.FieldContributor:
		if r.comment != nil {
			return []any{r.comment.Author}
		}
		var out []any
		seen := map[string]bool{}
		for _, v := range p.Versions {
			if !seen[v.By] {
				seen[v.By] = true
				out = append(out, v.By)
			}
		}
		return out
	case cql.FieldCreated:
		if r.comment != nil {
			return []any{r.comment.Created}
		}
		return []any{p.Created}
	case cql.FieldLastModified:
		if r.comment != nil {
			return []any{r.comment.Created}
		}
		return []any{cur.At}
	}
	return nil
}

func (r wikiRecord) id() string {
	if r.comment != nil {
		return itoa(r.comment.ID)
	}
	return itoa(r.page.ID)
}

func (r wikiRecord) title() string {
	if r.comment != nil {
		return "Re: " + r.comment.Page.Title()
	}
	return r.page.Title()
}

func (r wikiRecord) body() []byte {
	if r.comment != nil {
		return r.comment.Body
	}
	return r.page.current().Body
}

// wikiCQLEnv resolves space names and people's names for the CQL engine.
func (c *call) wikiCQLEnv() *cql.Env {
	now := c.sb.now()
	if u := c.site.user(c.who.AccountID); u != nil {
		if loc, err := time.LoadLocation(u.TimeZone); err == nil {
			now = now.In(loc)
		}
	}
	return &cql.Env{Now: now, CurrentUser: c.who.AccountID, Resolve: func(field, v string) []string {
		switch field {
		case cql.FieldSpace:
			for _, sp := range c.site.Wiki.Spaces {
				if strings.EqualFold(sp.Name, v) {
					return []string{sp.Key}
				}
			}
		case cql.FieldCreator, cql.FieldContributor:
			for _, u := range c.site.Users {
				if strings.EqualFold(u.DisplayName, v) || strings.EqualFold(u.Email, v) {
					return []string{u.AccountID}
				}
			}
		}
		return nil
	}}
}

func (c *call) wikiSearch() {
	q := c.r.URL.Query()
	query := q.Get("cql")
	if strings.TrimSpace(query) == "" {
		c.wikiV1Error(http.StatusBadRequest, "CQL query parameter is required but was empty")
		return
	}
	parsed, err := cql.Parse(query, c.wikiCQLEnv())
	if err != nil {
		var ce *cql.Error
		if errors.As(err, &ce) {
			c.wikiV1Error(http.StatusBadRequest, ce.Message)
			return
		}
		c.wikiV1Error(http.StatusBadRequest, "Could not parse cql : "+query)
		return
	}
	limit, start := 25, 0
	if v := q.Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 {
			c.wikiV1Error(http.StatusBadRequest, "limit must be a non-negative integer")
			return
		}
		limit = min(max(n, 1), 100)
	}
	if v := q.Get("start"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 {
			c.wikiV1Error(http.StatusBadRequest, "start must be a non-negative integer")
			return
		}
		start = n
	}
	pg := wikiPaging{offset: start, limit: limit, scope: "search?" + query}
	if cur := q.Get("cursor"); cur != "" {
		off, ok := decodeWikiCursor(cur, pg.scope)
		if !ok {
			c.wikiV1Error(http.StatusBadRequest, "Invalid cursor: it belongs to another query or is malformed")
			return
		}
		pg.offset = off
	}
	var hits []cql.Record
	w := c.site.Wiki
	for _, p := range w.Pages {
		if w.canView(c.who.AccountID, p.Space) && parsed.Match(wikiRecord{page: p}) {
			hits = append(hits, wikiRecord{page: p})
		}
	}
	for _, cm := range w.Comments {
		if w.canView(c.who.AccountID, cm.Page.Space) && parsed.Match(wikiRecord{comment: cm}) {
			hits = append(hits, wikiRecord{comment: cm})
		}
	}
	parsed.Sort(hits)
	from, to, more := pg.window(len(hits))
	terms := wikiSearchTerms(query)
	mode := firstNonEmpty(q.Get("excerpt"), "highlight")
	withSpace := strings.Contains(q.Get("expand"), "content.space")
	results := []any{}
	for _, h := range hits[from:to] {
		results = append(results, c.wikiSearchResult(h.(wikiRecord), terms, mode, withSpace))
	}
	links := map[string]any{"base": c.wikiBase(), "context": "/wiki", "self": c.wikiBase() + "/rest/api/search"}
	if more {
		nq := url.Values{"cql": {query}, "cursor": {pg.cursor(to)}, "next": {"true"}, "limit": {itoa(limit)}, "start": {itoa(to)}}
		if q.Get("expand") != "" {
			nq.Set("expand", q.Get("expand"))
		}
		if q.Get("excerpt") != "" {
			nq.Set("excerpt", q.Get("excerpt"))
		}
		links["next"] = "/rest/api/search?" + nq.Encode()
	}
	c.ok(map[string]any{"results": results, "start": from, "limit": limit, "size": len(results), "totalSize": len(hits),
		"cqlQuery": query, "searchDuration": 7, "_links": links})
}

func (c *call) wikiSearchResult(r wikiRecord, terms map[string]bool, mode string, withSpace bool) map[string]any {
	p := r.page
	if r.comment != nil {
		p = r.comment.Page
	}
	webui := wikiPageLinks(p)["webui"].(string)
	typ := "page"
	if r.comment != nil {
		typ = "comment"
		webui += "?focusedCommentId=" + r.id()
	}
	last := r.Values(cql.FieldLastModified)[0].(time.Time)
	content := map[string]any{
		"id": r.id(), "type": typ, "status": "current", "title": r.title(),
		"_expandable": map[string]any{"space": "/rest/api/space/" + p.Space.Key, "history": "/rest/api/content/" + r.id() + "/history"},
		"_links":      map[string]any{"webui": webui, "self": c.wikiBase() + "/rest/api/content/" + r.id()},
	}
	if withSpace {
		sp := p.Space
		content["space"] = map[string]any{"id": sp.ID, "key": sp.Key, "name": sp.Name, "type": sp.Type, "status": "current",
			"_expandable": map[string]any{}, "_links": map[string]any{"webui": "/spaces/" + sp.Key, "self": c.wikiBase() + "/rest/api/space/" + sp.Key}}
		delete(content["_expandable"].(map[string]any), "space")
	}
	return map[string]any{
		"content": content, "title": r.title(), "excerpt": wikiExcerpt(plainText(r.body()), terms, mode), "url": webui,
		"resultGlobalContainer": map[string]any{"title": p.Space.Name, "displayUrl": "/spaces/" + p.Space.Key},
		"breadcrumbs":           []any{}, "entityType": "content", "iconCssClass": "aui-icon content-type-" + typ,
		"lastModified": wikiTime(last), "friendlyLastModified": last.UTC().Format("Jan 02, 2006"), "score": 1.0,
	}
}

// wikiTextClause finds the values of text ~ and title ~ clauses, to highlight.
var wikiTextClause = lazyre.New(`(?i)\b(?:text|title)\s*~\s*("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|[^\s()]+)`)

func wikiSearchTerms(query string) map[string]bool {
	terms := map[string]bool{}
	for _, m := range wikiTextClause().FindAllStringSubmatch(query, -1) {
		for _, w := range wikiWords(m[1]) {
			terms[w] = true
		}
	}
	return terms
}

func wikiWords(s string) []string {
	return strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r > 127)
	})
}

// wikiExcerpt cuts about 30 words of text around the first search term, as
// Confluence's excerpts do. In highlight mode the terms are wrapped in
// @@@hl@@@ … @@@endhl@@@ and the text is HTML-escaped.
func wikiExcerpt(text string, terms map[string]bool, mode string) string {
	if mode == "none" {
		return ""
	}
	words := strings.Fields(text)
	at := 0
	for i, w := range words {
		if wikiTermMatch(w, terms) {
			at = max(0, i-5)
			break
		}
	}
	words = words[at:min(len(words), at+30)]
	escape := !strings.HasSuffix(mode, "_unescaped")
	for i, w := range words {
		if escape {
			words[i] = xmlEscape(w)
		}
		if strings.HasPrefix(mode, "highlight") && wikiTermMatch(w, terms) {
			words[i] = "@@@hl@@@" + words[i] + "@@@endhl@@@"
		}
	}
	out := strings.Join(words, " ")
	if at > 0 {
		out = "..." + out
	}
	return out
}

func wikiTermMatch(w string, terms map[string]bool) bool {
	for _, p := range wikiWords(w) {
		for t := range terms {
			if p == t {
				return true
			}
		}
	}
	return false
}
