package atlassian

import (
	"context"
	"fmt"
	"net/url"
	"strconv"
	"strings"

	"github.com/tidwall/gjson"
)

// Myself returns the user the credentials act as (GET /rest/api/3/myself).
func (c *Client) Myself(ctx context.Context) (gjson.Result, error) {
	body, err := c.do(ctx, request{op: OpMyself,
		path: "rest/api/3/myself", idempotent: true})
	if err != nil {
		return gjson.Result{}, err
	}
	return gjson.ParseBytes(body), nil
}

// A SearchRequest is one page of an enhanced JQL search.
type SearchRequest struct {
	JQL           string
	Fields        []string
	MaxResults    int
	NextPageToken string
	Expand        string
}

// A SearchPage is one page of JQL search results.
type SearchPage struct {
	Issues        []gjson.Result
	NextPageToken string
	IsLast        bool
}

// SearchJQL runs one page of a JQL search through the enhanced search API
// (POST /rest/api/3/search/jql), so long queries never hit URL limits.
func (c *Client) SearchJQL(ctx context.Context, sr SearchRequest) (*SearchPage, error) {
	payload := map[string]any{"jql": sr.JQL}
	if len(sr.Fields) > 0 {
		payload["fields"] = sr.Fields
	}
	if sr.MaxResults > 0 {
		payload["maxResults"] = sr.MaxResults
	}
	if sr.NextPageToken != "" {
		payload["nextPageToken"] = sr.NextPageToken
	}
	if sr.Expand != "" {
		payload["expand"] = sr.Expand
	}
	body, err := c.do(ctx, request{op: OpSearchJQL,
		path: "rest/api/3/search/jql", body: payload, idempotent: true})
	if err != nil {
		return nil, err
	}
	res := gjson.ParseBytes(body)
	page := &SearchPage{Issues: res.Get("issues").Array(), NextPageToken: res.Get("nextPageToken").String(), IsLast: res.Get("isLast").Bool()}
	if page.NextPageToken == "" {
		page.IsLast = true
	}
	return page, nil
}

// GetIssue returns one issue by key or id (GET /rest/api/3/issue/{key}).
// Nil fields means all fields.
func (c *Client) GetIssue(ctx context.Context, key string, fields []string, expand string) (gjson.Result, error) {
	q := url.Values{}
	if len(fields) > 0 {
		q.Set("fields", strings.Join(fields, ","))
	}
	if expand != "" {
		q.Set("expand", expand)
	}
	path := "rest/api/3/issue/" + url.PathEscape(key)
	if len(q) > 0 {
		path += "?" + q.Encode()
	}
	body, err := c.do(ctx, request{op: OpGetIssue, target: key, path: path, idempotent: true})
	if err != nil {
		return gjson.Result{}, err
	}
	return gjson.ParseBytes(body), nil
}

// A CreatedIssue identifies a new issue.
type CreatedIssue struct {
	ID, Key string
}

// CreateIssue creates an issue from Jira's "fields" map (POST /rest/api/3/issue).
func (c *Client) CreateIssue(ctx context.Context, fields map[string]any) (CreatedIssue, error) {
	target := ""
	if p, ok := fields["project"].(map[string]any); ok {
		target = fmt.Sprint(p["key"])
	}
	body, err := c.do(ctx, request{op: OpCreateIssue, target: target,
		path: "rest/api/3/issue", body: map[string]any{"fields": fields}})
	if err != nil {
		return CreatedIssue{}, err
	}
	res := gjson.ParseBytes(body)
	return CreatedIssue{ID: res.Get("id").String(), Key: res.Get("key").String()}, nil
}

// A ProjectPage is one page of projects.
type ProjectPage struct {
	Projects []gjson.Result
	Total    int
	IsLast   bool
	Next     int // startAt of the next page
}

// SearchProjects returns a page of the projects the user may browse
// (GET /rest/api/3/project/search). keys, if given, restricts the page to
// those project keys.
func (c *Client) SearchProjects(ctx context.Context, query string, keys []string, startAt, maxResults int) (*ProjectPage, error) {
	q := url.Values{}
	if query != "" {
		q.Set("query", query)
	}
	for _, k := range keys {
		q.Add("keys", k)
	}
	q.Set("startAt", strconv.Itoa(startAt))
	if maxResults > 0 {
		q.Set("maxResults", strconv.Itoa(maxResults))
	}
	q.Set("expand", "lead")
	body, err := c.do(ctx, request{op: OpSearchProjects,
		path: "rest/api/3/project/search?" + q.Encode(), idempotent: true})
	if err != nil {
		return nil, err
	}
	res := gjson.ParseBytes(body)
	vals := res.Get("values").Array()
	return &ProjectPage{Projects: vals, Total: int(res.Get("total").Int()), IsLast: res.Get("isLast").Bool(), Next: startAt + len(vals)}, nil
}

// A Field describes a Jira field, system or custom.
type Field struct {
	ID, Name   string
	Custom     bool
	Type       string // schema.type: string, number, option, array, user, …
	Items      string // schema.items for arrays
	System     string // schema.system
	CustomType string // schema.custom, e.g. com.pyxis.greenhopper.jira:jsw-story-points
}

// Fields returns every field of the site (GET /rest/api/3/field), cached
// for the metadata TTL.
func (c *Client) Fields(ctx context.Context) ([]Field, error) {
	v, err := c.cache.get(ctx, "fields", func(ctx context.Context) (any, error) {
		body, err := c.do(ctx, request{op: OpFields, path: "rest/api/3/field", idempotent: true})
		if err != nil {
			return nil, err
		}
		var out []Field
		gjson.ParseBytes(body).ForEach(func(_, f gjson.Result) bool {
			out = append(out, Field{ID: f.Get("id").String(), Name: f.Get("name").String(), Custom: f.Get("custom").Bool(),
				Type: f.Get("schema.type").String(), Items: f.Get("schema.items").String(), System: f.Get("schema.system").String(),
				CustomType: f.Get("schema.custom").String()})
			return true
		})
		return out, nil
	})
	if err != nil {
		return nil, err
	}
	return v.([]Field), nil
}
