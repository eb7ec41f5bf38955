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
// FormatADF the body is at body.atlas_doc_format.value, as JSON text. A
// page that does not exist, one the user may not see and (under a Policy)
// one outside the allowlist all give the same *OutsideError.
func (c *Client) GetPage(ctx context.Context, id, format string) (gjson.Result, error) {
	q := url.Values{"include-labels": {"true"}}
	if format != "" {
		q.Set("body-format", format)
	}
	body, err := c.do(ctx, request{op: OpGetPage, target: id,
		path: "wiki/api/v2/pages/" + url.PathEscape(id) + "?" + q.Encode(), idempotent: true})
	if err != nil {
		if IsNotFound(err) {
			return gjson.Result{}, c.outside("page", id, false, err)
		}
		return gjson.Result{}, err
	}
	page := gjson.ParseBytes(body)
	if err := c.allowSpaceID(ctx, OpGetPage, "page", id, page.Get("spaceId").String()); err != nil {
		return gjson.Result{}, err
	}
	c.notePageSpace(ctx, id, page.Get("spaceId").String())
	return page, nil
}

// FindPage returns the page titled exactly title in the space with id
// spaceID (GET /wiki/api/v2/pages?space-id=…&title=…), and whether there is
// one.
func (c *Client) FindPage(ctx context.Context, spaceID, title string) (gjson.Result, bool, error) {
	if err := c.allowSpaceID(ctx, OpListPages, "space", spaceID, spaceID); err != nil {
		return gjson.Result{}, false, err
	}
	q := url.Values{"space-id": {spaceID}, "title": {title}}
	list, err := c.list(ctx, OpListPages, title, "wiki/api/v2/pages", q, "", 1)
	if err != nil {
		return gjson.Result{}, false, err
	}
	if len(list.Items) == 0 {
		return gjson.Result{}, false, nil
	}
	c.notePageSpace(ctx, list.Items[0].Get("id").String(), spaceID)
	return list.Items[0], true, nil
}

// SpacePages returns one page of the pages of a space, without bodies
// (GET /wiki/api/v2/pages?space-id=…), ordered by id.
func (c *Client) SpacePages(ctx context.Context, spaceID, cursor string, limit int) (*List, error) {
	if err := c.allowSpaceID(ctx, OpListPages, "space", spaceID, spaceID); err != nil {
		return nil, err
	}
	list, err := c.list(ctx, OpListPages, spaceID, "wiki/api/v2/pages", url.Values{"space-id": {spaceID}}, cursor, limit)
	if err != nil {
		return nil, err
	}
	list.Items = c.allowedResults(ctx, OpListPages, list.Items)
	return list, nil
}

// Children returns one page of a page's direct children in their order in
// the tree (GET /wiki/api/v2/pages/{id}/direct-children).
func (c *Client) Children(ctx context.Context, id, cursor string, limit int) (*List, error) {
	if err := c.precheckPage(ctx, OpPageChildren, id, false); err != nil {
		return nil, err
	}
	list, err := c.list(ctx, OpPageChildren, id, "wiki/api/v2/pages/"+url.PathEscape(id)+"/direct-children", url.Values{}, cursor, limit)
	if err != nil {
		if IsNotFound(err) {
			return nil, c.outside("page", id, false, err)
		}
		return nil, err
	}
	list.Items = c.allowedResults(ctx, OpPageChildren, list.Items)
	return list, nil
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
//
// Under a Policy, the space and the parent must be allowed.
func (c *Client) CreatePage(ctx context.Context, p NewPage) (gjson.Result, error) {
	if err := c.allowSpaceID(ctx, OpCreatePage, "space", p.SpaceID, p.SpaceID); err != nil {
		return gjson.Result{}, err
	}
	if p.ParentID != "" {
		if err := c.precheckPage(ctx, OpCreatePage, p.ParentID, true); err != nil {
			return gjson.Result{}, err
		}
	}
	payload := map[string]any{"spaceId": p.SpaceID, "status": "current", "title": p.Title, "body": adfBody(p.Body)}
	if p.ParentID != "" {
		payload["parentId"] = p.ParentID
	}
	body, err := c.do(ctx, request{op: OpCreatePage, target: "space:" + p.SpaceID, created: "id", path: "wiki/api/v2/pages", body: payload})
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
	if err := c.precheckPage(ctx, OpUpdatePage, u.ID, false); err != nil {
		return gjson.Result{}, err
	}
	payload := map[string]any{"id": u.ID, "status": "current", "title": u.Title, "body": adfBody(u.Body),
		"version": map[string]any{"number": u.Version, "message": u.Message}}
	body, err := c.do(ctx, request{op: OpUpdatePage, target: u.ID, path: "wiki/api/v2/pages/" + url.PathEscape(u.ID), body: payload})
	if err != nil {
		if IsNotFound(err) {
			return gjson.Result{}, c.outside("page", u.ID, false, err)
		}
		return gjson.Result{}, err
	}
	return gjson.ParseBytes(body), nil
}

// AddFooterComment adds a comment at the bottom of a page
// (POST /wiki/api/v2/footer-comments) and returns it. body is an ADF
// document.
func (c *Client) AddFooterComment(ctx context.Context, pageID string, body json.RawMessage) (gjson.Result, error) {
	if err := c.precheckPage(ctx, OpCreateFooterComment, pageID, true); err != nil {
		return gjson.Result{}, err
	}
	res, err := c.do(ctx, request{op: OpCreateFooterComment, target: pageID, path: "wiki/api/v2/footer-comments",
		body: map[string]any{"pageId": pageID, "body": adfBody(body)}})
	if err != nil {
		if IsNotFound(err) {
			return gjson.Result{}, c.outside("page", pageID, false, err)
		}
		return gjson.Result{}, err
	}
	return gjson.ParseBytes(res), nil
}

// AddLabels adds global labels to a page (POST
// /wiki/rest/api/content/{id}/label) and returns all its labels. Adding a
// label twice changes nothing, so the call is safe to retry.
func (c *Client) AddLabels(ctx context.Context, id string, labels []string) ([]string, error) {
	if err := c.precheckPage(ctx, OpAddLabels, id, true); err != nil {
		return nil, err
	}
	payload := make([]map[string]string, len(labels))
	for i, l := range labels {
		payload[i] = map[string]string{"prefix": "global", "name": l}
	}
	body, err := c.do(ctx, request{op: OpAddLabels, target: id,
		path: "wiki/rest/api/content/" + url.PathEscape(id) + "/label", body: payload, idempotent: true})
	if err != nil {
		if IsNotFound(err) {
			return nil, c.outside("page", id, false, err)
		}
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
//
// Under a Policy the query is constrained to the allowlist first, and
// every result is checked again by the space Atlassian says it is in.
func (c *Client) SearchCQL(ctx context.Context, cql, cursor string, limit int) (*CQLPage, error) {
	cql, err := c.guardCQL(ctx, OpSearchCQL, cql)
	if err != nil {
		return nil, err
	}
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
	page := &CQLPage{Total: int(res.Get("totalSize").Int())}
	for _, r := range res.Get("results").Array() {
		if key := r.Get("content.space.key").String(); c.cfg.Policy == nil || c.cfg.Policy.AllowsSpace(key) {
			page.Results = append(page.Results, r)
		} else {
			_ = c.deny(ctx, OpSearchCQL, r.Get("content.id").String(), c.outside("page", r.Get("content.id").String(), true, nil))
		}
	}
	if next := res.Get("_links.next").String(); next != "" {
		if u, err := url.Parse(next); err == nil {
			page.Cursor = u.Query().Get("cursor")
		}
	}
	return page, nil
}
