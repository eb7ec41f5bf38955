package atlassian

import (
	"context"
	"net/url"

	"github.com/tidwall/gjson"
)

// The Confluence side of the Claw's allowlist (see Policy). A page is
// checked by the space Atlassian says it is in: its spaceId resolved to a
// key through the cached space lookup. Writes to an existing page check the
// page's space first, from what the last read of that page said (GetPage
// records it) or, failing that, from a fresh read.

// pageSpaceKey is the cache key of the space id a page is in.
func pageSpaceKey(id string) string { return "confluence.page.space." + id }

// notePageSpace records which space a page is in, from an answer.
func (c *Client) notePageSpace(ctx context.Context, id, spaceID string) {
	if c.cfg.Policy == nil || id == "" || spaceID == "" {
		return
	}
	c.cache.set(ctx, pageSpaceKey(id), spaceID)
}

// allowSpaceID checks a space id against the allowlist by its key. kind
// and ref name the object the caller asked for, for the refusal.
func (c *Client) allowSpaceID(ctx context.Context, op Op, kind, ref, spaceID string) error {
	if c.cfg.Policy == nil {
		return nil
	}
	sp, err := c.space(ctx, "id", spaceID)
	if err != nil {
		if IsNotFound(err) {
			return c.deny(ctx, op, ref, c.outside(kind, ref, true, nil))
		}
		return err
	}
	if !c.cfg.Policy.AllowsSpace(sp.Key) {
		return c.deny(ctx, op, ref, c.outside(kind, ref, true, nil))
	}
	return nil
}

// precheckPage checks that a page lies in an allowed space before a call
// that names it, reading the page when its space is not known yet. Writes
// pass fresh, which always reads the page: a page moved to another space
// since it was last read must not be written under its old space.
func (c *Client) precheckPage(ctx context.Context, op Op, id string, fresh bool) error {
	if c.cfg.Policy == nil {
		return nil
	}
	read := func(ctx context.Context) (any, error) {
		body, err := c.do(ctx, request{op: OpGetPage, target: id, path: "wiki/api/v2/pages/" + url.PathEscape(id), idempotent: true})
		if err != nil {
			return nil, err
		}
		return gjson.GetBytes(body, "spaceId").String(), nil
	}
	var v any
	var err error
	if fresh {
		if v, err = read(ctx); err == nil {
			c.cache.set(ctx, pageSpaceKey(id), v)
		}
	} else {
		v, err = c.cache.get(ctx, pageSpaceKey(id), read)
	}
	if err != nil {
		if IsNotFound(err) {
			return c.outside("page", id, false, err)
		}
		return err
	}
	return c.allowSpaceID(ctx, op, "page", id, v.(string))
}

// allowedResults keeps the v2 results whose spaceId is allowed.
func (c *Client) allowedResults(ctx context.Context, op Op, items []gjson.Result) []gjson.Result {
	if c.cfg.Policy == nil {
		return items
	}
	var out []gjson.Result
	for _, it := range items {
		if c.allowSpaceID(ctx, op, "page", it.Get("id").String(), it.Get("spaceId").String()) == nil {
			out = append(out, it)
		}
	}
	return out
}
