package atlassian

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"

	"github.com/tidwall/gjson"
)

// Confluence scope sets. Confluence v2 documents granular scopes only; the
// classic set of each v2 operation is the one Atlassian's scope reference
// ("Confluence scopes for OAuth 2.0 (3LO) and Forge apps") describes for
// that kind of access (user details: read:confluence-user). TestOpsMatchTheSpecs accepts these docs-derived sets
// explicitly, through classicFromDocs in confluence_ops_test.go. The v1
// operations carry both sets in the spec.
var (
	confSpaceSummary   = []string{"read:confluence-space.summary"}
	confContentSummary = []string{"read:confluence-content.summary"}
	confContentAll     = []string{"read:confluence-content.all"}
	confContentWrite   = []string{"write:confluence-content"}
)

// Confluence operations. v2 paths are relative to /wiki/api/v2, as the v2
// spec writes them; v1 paths are absolute below the site.
var (
	OpListSpaces = Op{"confluence.space.list", "confluence-v2", "GET", "/spaces",
		confSpaceSummary, []string{"read:space:confluence"}}
	OpListPages = Op{"confluence.page.list", "confluence-v2", "GET", "/pages",
		confContentAll, []string{"read:page:confluence"}}
	OpGetPage = Op{"confluence.page.get", "confluence-v2", "GET", "/pages/{id}",
		confContentAll, []string{"read:page:confluence"}}
	OpCreatePage = Op{"confluence.page.create", "confluence-v2", "POST", "/pages",
		confContentWrite, []string{"write:page:confluence"}}
	OpUpdatePage = Op{"confluence.page.update", "confluence-v2", "PUT", "/pages/{id}",
		confContentWrite, []string{"write:page:confluence"}}
	OpPageChildren = Op{"confluence.page.children", "confluence-v2", "GET", "/pages/{id}/direct-children",
		confContentSummary, []string{"read:hierarchical-content:confluence"}}
	OpCreateFooterComment = Op{"confluence.comment.create", "confluence-v2", "POST", "/footer-comments",
		confContentWrite, []string{"write:comment:confluence"}}
	OpSearchCQL = Op{"confluence.search", "confluence-v1", "GET", "/wiki/rest/api/search",
		[]string{"search:confluence"}, []string{"read:content-details:confluence"}}
	OpAddLabels = Op{"confluence.label.add", "confluence-v1", "POST", "/wiki/rest/api/content/{id}/label",
		confContentWrite, []string{"read:label:confluence", "write:label:confluence"}}
	OpUsersBulk = Op{"confluence.user.lookup", "confluence-v2", "POST", "/users-bulk",
		[]string{"read:confluence-user"}, []string{"read:user:confluence"}}
)

// confluenceOps lists the Confluence operations the client calls.
func confluenceOps() []Op {
	return []Op{OpListSpaces, OpListPages, OpGetPage, OpCreatePage, OpUpdatePage, OpPageChildren,
		OpCreateFooterComment, OpSearchCQL, OpAddLabels, OpUsersBulk}
}

// IsConflict reports whether err is Atlassian's 409, which Confluence
// answers to a page update whose version is stale.
func IsConflict(err error) bool { return StatusOf(err) == http.StatusConflict }

// A Space is a Confluence space.
type Space struct {
	ID, Key, Name, Type string
	// HomepageID is the id of the space's home page, the root of its tree.
	HomepageID string
}

func spaceOf(r gjson.Result) Space {
	return Space{ID: r.Get("id").String(), Key: r.Get("key").String(), Name: r.Get("name").String(),
		Type: r.Get("type").String(), HomepageID: r.Get("homepageId").String()}
}

// A SpacePage is one page of spaces.
type SpacePage struct {
	Spaces []Space
	// Cursor fetches the next page; empty on the last.
	Cursor string
}

// Spaces returns a page of the spaces the user may view
// (GET /wiki/api/v2/spaces), ordered by key. keys, if given, restricts the
// page to those space keys.
func (c *Client) Spaces(ctx context.Context, keys []string, cursor string, limit int) (*SpacePage, error) {
	q := url.Values{"sort": {"key"}}
	for _, k := range keys {
		q.Add("keys", k)
	}
	list, err := c.list(ctx, OpListSpaces, "", "wiki/api/v2/spaces", q, cursor, limit)
	if err != nil {
		return nil, err
	}
	out := &SpacePage{Cursor: list.Cursor}
	for _, r := range list.Items {
		if sp := spaceOf(r); c.cfg.Policy == nil || c.cfg.Policy.AllowsSpace(sp.Key) {
			out.Spaces = append(out.Spaces, sp)
		}
	}
	return out, nil
}

// SpaceByKey resolves a space key, caching the answer for the metadata TTL.
// A key the user cannot see gives an *Error with status 404; under a
// Policy, a key outside the allowlist is refused without asking Atlassian.
func (c *Client) SpaceByKey(ctx context.Context, key string) (Space, error) {
	if err := c.checkSpace(ctx, OpListSpaces, key); err != nil {
		return Space{}, err
	}
	return c.space(ctx, "key", key)
}

// SpaceByID resolves a space id, caching the answer for the metadata TTL.
// Under a Policy, a space outside the allowlist reads as one that does not
// exist.
func (c *Client) SpaceByID(ctx context.Context, id string) (Space, error) {
	if err := c.allowSpaceID(ctx, OpListSpaces, "space", id, id); err != nil {
		return Space{}, err
	}
	return c.space(ctx, "id", id)
}

func (c *Client) space(ctx context.Context, by, ref string) (Space, error) {
	v, err := c.cache.get(ctx, "confluence.space."+by+"."+ref, func(ctx context.Context) (any, error) {
		q := url.Values{}
		if by == "key" {
			q.Set("keys", ref)
		} else {
			if _, err := strconv.ParseInt(ref, 10, 64); err != nil {
				return nil, fmt.Errorf("atlassian: space id %q is not numeric", ref)
			}
			q.Set("ids", ref)
		}
		list, err := c.list(ctx, OpListSpaces, ref, "wiki/api/v2/spaces", q, "", 1)
		if err != nil {
			return nil, err
		}
		if len(list.Items) == 0 {
			return nil, &Error{Status: http.StatusNotFound, Method: "GET", Path: "/wiki/api/v2/spaces",
				Messages: []string{"space " + ref + " does not exist, or you may not view it"}}
		}
		return spaceOf(list.Items[0]), nil
	})
	if err != nil {
		return Space{}, err
	}
	return v.(Space), nil
}

// A List is one page of a v2 list: its items and the cursor of the next
// page (empty on the last).
type List struct {
	Items  []gjson.Result
	Cursor string
}

// list fetches one page of a v2 list. The cursor of the next page is taken
// from _links.next, which Confluence writes relative to the site.
func (c *Client) list(ctx context.Context, op Op, target, path string, q url.Values, cursor string, limit int) (*List, error) {
	if cursor != "" {
		q.Set("cursor", cursor)
	}
	if limit > 0 {
		q.Set("limit", strconv.Itoa(limit))
	}
	if len(q) > 0 {
		path += "?" + q.Encode()
	}
	body, err := c.do(ctx, request{op: op, target: target, path: path, idempotent: true})
	if err != nil {
		return nil, err
	}
	res := gjson.ParseBytes(body)
	out := &List{Items: res.Get("results").Array()}
	if next := res.Get("_links.next").String(); next != "" {
		if u, err := url.Parse(next); err == nil {
			out.Cursor = u.Query().Get("cursor")
		}
	}
	return out, nil
}

// UserNames returns the display names of Confluence users by accountId
// (POST /wiki/api/v2/users-bulk), each cached for the metadata TTL. Ids
// Confluence does not know are missing from the map.
func (c *Client) UserNames(ctx context.Context, ids []string) (map[string]string, error) {
	out := map[string]string{}
	var missing []string
	for _, id := range ids {
		if id == "" || out[id] != "" || slices.Contains(missing, id) {
			continue
		}
		if v, ok := c.cache.peek("confluence.user." + id); ok {
			out[id] = v.(string)
			continue
		}
		missing = append(missing, id)
	}
	for len(missing) > 0 {
		batch := missing[:min(len(missing), 100)]
		missing = missing[len(batch):]
		body, err := c.do(ctx, request{op: OpUsersBulk, path: "wiki/api/v2/users-bulk",
			body: map[string]any{"accountIds": batch}, idempotent: true})
		if err != nil {
			return out, err
		}
		for _, u := range gjson.GetBytes(body, "results").Array() {
			id, name := u.Get("accountId").String(), u.Get("displayName").String()
			if id != "" && name != "" {
				out[id] = name
				_, _ = c.cache.get(ctx, "confluence.user."+id, func(context.Context) (any, error) { return name, nil })
			}
		}
	}
	return out, nil
}

// peek returns a cached value that has not expired, without loading it.
func (m *metaCache) peek(key string) (any, bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	it, ok := m.items[key]
	if !ok || !m.now().Before(it.expires) {
		return nil, false
	}
	return it.val, true
}
