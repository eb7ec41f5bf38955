package atlassian

import (
	"context"
	"encoding/json"
	"net/url"
	"strconv"

	"github.com/tidwall/gjson"
)

// Body formats a page can be read in.
const (
	// FormatADF is the Atlassian Document Format, as JSON text.
	FormatADF = "atlas_doc_format"
	// FormatStorage is Confluence's XHTML storage format.
	FormatStorage = "storage"
)

// GetPage returns one page (GET /wiki/api/v2/pages/{id}) with its current
// version and labels, and its body in format ("" for none). For
// FormatADF the body is at body.atlas_doc_format.value, as JSON text.
func (c *Client) GetPage(ctx context.Context, id, format string) (gjson.Result, error) {
	q := url.Values{"include-labels": {"true"}}
	if format != "" {
		q.Set("body-format", format)
	}
	body, err := c.do(ctx, request{op: OpGetPage, target: id,
		path: "wiki/api/v2/pages/" + url.PathEscape(id) + "?" + q.Encode(), idempotent: true})
	if err != nil {
		return gjson.Result{}, err
	}
	return gjson.ParseBytes(body), nil
}

// FindPage returns the page titled exactly title in the space with id
// spaceID (GET /wiki/api/v2/pages?space-id=…&title=…), and whether there is
// one.
func (c *Client) FindPage(ctx context.Context, spaceID, title string) (gjson.Result, bool, error) {
	q := url.Values{"space-id": {spaceID}, "title": {title}}
	list, err := c.list(ctx, OpListPages, title, "wiki/api/v2/pages", q, "", 1)
	if err != nil {
		return gjson.Result{}, false, err
	}
	if len(list.Items) == 0 {
		return gjson.Result{}, false, nil
	}
	return list.Items[0], true, nil
}

// SpacePages returns one page of the pages of a space, without bodies
// (GET /wiki/api/v2/pages?space-id=…), ordered by id.
func (c *Client) SpacePages(ctx context.Context, spaceID, cursor string, limit int) (*List, error) {
	return c.list(ctx, OpListPages, spaceID, "wiki/api/v2/pages", url.Values{"space-id": {spaceID}}, cursor, limit)
}

// Children returns one page of a page's direct children in their order in
// the tree (GET /wiki/api/v2/pages/{id}/direct-children).
func (c *Client) Children(ctx context.Context, id, cursor string, limit int) (*List, error) {
	return c.list(ctx, OpPageChildren, id, "wiki/api/v2/pages/"+url.PathEscape(id)+"/direct-children", url.Values{}, cursor, limit)
}

// adfBody is the body of a write in the Atlassian Document Format.
func adfBody(doc []byte) map[string]any {
	return map[string]any{"representation": FormatADF, "value": string(doc)}
}

// A NewPage describes a page to create. Body is an ADF document.
type NewPage struct {
	SpaceID, Title string
	// ParentID is the parent page; empty puts the page under the space's
	// home page, as Confluence does.
	ParentID string
	Body     json.RawMessage
}

// CreatePage creates a page (POST /wiki/api/v2/pages) and returns it.
// Creates are never retried after a failure whose effect is unknown.
func (c *Client) CreatePage(ctx context.Context, p NewPage) (gjson.Result, error) {
	payload := map[string]any{"spaceId": p.SpaceID, "status": "current", "title": p.Title, "body": adfBody(p.Body)}
	if p.ParentID != "" {
		payload["parentId"] = p.ParentID
	}
	body, err := c.do(ctx, request{op: OpCreatePage, target: p.Title, path: "wiki/api/v2/pages", body: payload})
	if err != nil {
		return gjson.Result{}, err
	}
	return gjson.ParseBytes(body), nil
}

// A PageUpdate is a new version of a page. Version must be the current
// version plus one; Confluence answers a stale one with 409 (IsConflict).
type PageUpdate struct {
	ID, Title string
	Body      json.RawMessage
	Version   int
	Message   string
}

// UpdatePage saves a new version of a page (PUT /wiki/api/v2/pages/{id})
// and returns it. It is not retried after a failure whose effect is
// unknown: the caller re-reads the page instead, since a repeated update
// would meet a 409 for its own earlier success.
func (c *Client) UpdatePage(ctx context.Context, u PageUpdate) (gjson.Result, error) {
	payload := map[string]any{"id": u.ID, "status": "current", "title": u.Title, "body": adfBody(u.Body),
		"version": map[string]any{"number": u.Version, "message": u.Message}}
	body, err := c.do(ctx, request{op: OpUpdatePage, target: u.ID, path: "wiki/api/v2/pages/" + url.PathEscape(u.ID), body: payload})
	if err != nil {
		return gjson.Result{}, err
	}
	return gjson.ParseBytes(body), nil
}

// AddFooterComment adds a comment at the bottom of a page
// (POST /wiki/api/v2/footer-comments) and returns it. body is an ADF
// document.
func (c *Client) AddFooterComment(ctx context.Context, pageID string, body json.RawMessage) (gjson.Result, error) {
	res, err := c.do(ctx, request{op: OpCreateFooterComment, target: pageID, path: "wiki/api/v2/footer-comments",
		body: map[string]any{"pageId": pageID, "body": adfBody(body)}})
	if err != nil {
		return gjson.Result{}, err
	}
	return gjson.ParseBytes(res), nil
}

// AddLabels adds global labels to a page (POST
// /wiki/rest/api/content/{id}/label) and returns all its labels. Adding a
// label twice changes nothing, so the call is safe to retry.
func (c *Client) AddLabels(ctx context.Context, id string, labels []string) ([]string, error) {
	payload := make([]map[string]string, len(labels))
	for i, l := range labels {
		payload[i] = map[string]string{"prefix": "global", "name": l}
	}
	body, err := c.do(ctx, request{op: OpAddLabels, target: id,
		path: "wiki/rest/api/content/" + url.PathEscape(id) + "/label", body: payload, idempotent: true})
	if err != nil {
		return nil, err
	}
	var out []string
	for _, r := range gjson.GetBytes(body, "results.#.name").Array() {
		out = append(out, r.String())
	}
	return out, nil
}

// A CQLPage is one page of CQL search results.
type CQLPage struct {
	Results []gjson.Result
	// Total is how many results the whole search has.
	Total int
	// Cursor fetches the next page; empty on the last.
	Cursor string
}

// SearchCQL runs one page of a CQL search (GET /wiki/rest/api/search), with
// each result's space expanded and highlighted excerpts.
func (c *Client) SearchCQL(ctx context.Context, cql, cursor string, limit int) (*CQLPage, error) {
	q := url.Values{"cql": {cql}, "expand": {"content.space"}, "excerpt": {"highlight"}}
	if cursor != "" {
		q.Set("cursor", cursor)
	}
	if limit > 0 {
		q.Set("limit", strconv.Itoa(limit))
	}
	body, err := c.do(ctx, request{op: OpSearchCQL, path: "wiki/rest/api/search?" + q.Encode(), idempotent: true})
	if err != nil {
		return nil, err
	}
	res := gjson.ParseBytes(body)
	page := &CQLPage{Results: res.Get("results").Array(), Total: int(res.Get("totalSize").Int())}
	if next := res.Get("_links.next").String(); next != "" {
		if u, err := url.Parse(next); err == nil {
			page.Cursor = u.Query().Get("cursor")
		}
	}
	return page, nil
}
