package sandbox

import (
	"encoding/base64"
	"fmt"
	"hash/fnv"
	"net/http"
	"net/url"
	"strconv"
	"strings"
)

// wikiPaging is one page of a v2 list: where it starts and how long it is.
type wikiPaging struct {
	offset, limit int
	scope         string // what the cursor is bound to: the path and filters
}

// wikiPageList starts a handler that lists something of the page named by
// the path's id (its comments, children or labels): the page, or 404 when
// the caller cannot see it, and the list's paging, or 400 for a bad cursor
// or limit. ok is false when the answer has been written.
func (c *call) wikiPageList() (p *WikiPage, pg wikiPaging, ok bool) {
	if p = c.visibleWikiPage(c.r.PathValue("id")); p == nil {
		return nil, pg, false
	}
	pg, ok = c.wikiListPaging(wikiListScope(c.r), 25, 250)
	return p, pg, ok
}

// wikiListPaging reads the cursor and limit of a v2 list request. A cursor is bound
// to the listing it came from; one from another listing is refused, as
// Confluence refuses cursors it did not issue for that request.
func (c *call) wikiListPaging(scope string, def, max int) (wikiPaging, bool) {
	pg := wikiPaging{limit: def, scope: scope}
	if v := c.r.URL.Query().Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > max {
			c.wikiError(http.StatusBadRequest, fmt.Sprintf("limit must be an integer between 1 and %d", max))
			return pg, false
		}
		pg.limit = n
	}
	if cur := c.r.URL.Query().Get("cursor"); cur != "" {
		off, ok := decodeWikiCursor(cur, scope)
		if !ok {
			c.wikiError(http.StatusBadRequest, "Invalid cursor: "+cur)
			return pg, false
		}
		pg.offset = off
	}
	return pg, true
}

// window returns the bounds of the page within n items and whether more
// follow.
func (pg wikiPaging) window(n int) (from, to int, more bool) {
	from = min(pg.offset, n)
	to = min(pg.offset+pg.limit, n)
	return from, to, to < n
}

// cursor returns the opaque cursor for the items from offset on.
func (pg wikiPaging) cursor(offset int) string {
	return base64.RawURLEncoding.EncodeToString([]byte(strconv.Itoa(offset) + ":" + wikiScopeHash(pg.scope)))
}

func decodeWikiCursor(cur, scope string) (int, bool) {
	raw, err := base64.RawURLEncoding.DecodeString(cur)
	if err != nil {
		return 0, false
	}
	off, hash, ok := strings.Cut(string(raw), ":")
	n, err := strconv.Atoi(off)
	if !ok || err != nil || n < 0 || hash != wikiScopeHash(scope) {
		return 0, false
	}
	return n, true
}

func wikiScopeHash(s string) string {
	h := fnv.New32a()
	h.Write([]byte(s))
	return strconv.FormatUint(uint64(h.Sum32()), 36)
}

// wikiList writes a v2 list: results, _links.next when more follow (a
// path relative to the site, as Confluence writes it), _links.base, and the
// same links in the Link header.
func (c *call) wikiList(results []any, pg wikiPaging, to int, more bool) {
	if results == nil {
		results = []any{}
	}
	links := map[string]any{"base": c.wikiBase()}
	link := []string{"<" + c.wikiBase() + `>; rel="base"`}
	if more {
		q := c.r.URL.Query()
		q.Set("cursor", pg.cursor(to))
		next := c.r.URL.Path[strings.Index(c.r.URL.Path, "/wiki/"):] + "?" + q.Encode()
		links["next"] = next
		link = append([]string{"<" + next + `>; rel="next"`}, link...)
	}
	c.w.Header().Set("Link", strings.Join(link, ", "))
	c.ok(map[string]any{"results": results, "_links": links})
}

// wikiListScope names a listing for cursor binding: its path and every query
// parameter but the cursor and limit.
func wikiListScope(r *http.Request) string {
	q := url.Values{}
	for k, v := range r.URL.Query() {
		if k != "cursor" && k != "limit" {
			q[k] = v
		}
	}
	return r.URL.Path + "?" + q.Encode()
}
