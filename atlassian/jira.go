package atlassian

import (
	"context"
	"errors"
	"fmt"
	"net/http"
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
//
// Under a Policy the query is constrained to the allowlist first, and every
// issue in the answer is checked again by the project it is really in.
func (c *Client) SearchJQL(ctx context.Context, sr SearchRequest) (*SearchPage, error) {
	q, err := c.guardJQL(ctx, OpSearchJQL, sr.JQL)
	if err != nil {
		return nil, err
	}
	if q == "" && c.cfg.Policy != nil {
		return &SearchPage{IsLast: true}, nil // no allowed project is visible to this caller
	}
	payload := map[string]any{"jql": q}
	fields := sr.Fields
	if c.cfg.Policy != nil {
		if len(fields) == 0 {
			fields = []string{"key"}
		}
		fields = withField(fields, "project")
	}
	if len(fields) > 0 {
		payload["fields"] = fields
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
		if c.missingKeyAnswer(err) {
			// Under the allowlist a key that names no issue and one that
			// names an issue elsewhere must look alike: both find nothing.
			return &SearchPage{IsLast: true}, nil
		}
		return nil, err
	}
	res := gjson.ParseBytes(body)
	page := &SearchPage{NextPageToken: res.Get("nextPageToken").String(), IsLast: res.Get("isLast").Bool()}
	for _, is := range res.Get("issues").Array() {
		if err := c.checkIssue(ctx, OpSearchJQL, is.Get("key").String(), is); err != nil {
			continue // withheld: the constraint should have kept it out
		}
		page.Issues = append(page.Issues, c.redactIssue(ctx, is))
	}
	if page.NextPageToken == "" {
		page.IsLast = true
	}
	return page, nil
}

// GetIssue returns one issue by key or id (GET /rest/api/3/issue/{key}).
// Nil fields means all fields.
// Under a Policy, the issue must really be in an allowed project; an issue
// outside, one that does not exist and one the user may not see all give
// the same *OutsideError.
func (c *Client) GetIssue(ctx context.Context, key string, fields []string, expand string) (gjson.Result, error) {
	if err := c.precheckIssue(ctx, OpGetIssue, key); err != nil {
		return gjson.Result{}, err
	}
	body, err := c.do(ctx, request{op: OpGetIssue, target: key, path: issuePath(key, withField(fields, "project"), expand), idempotent: true})
	if err != nil {
		if IsNotFound(err) {
			return gjson.Result{}, c.outside("issue", strings.ToUpper(key), false, err)
		}
		return gjson.Result{}, err
	}
	is := gjson.ParseBytes(body)
	if err := c.checkIssue(ctx, OpGetIssue, key, is); err != nil {
		return gjson.Result{}, err
	}
	return c.redactIssue(ctx, is), nil
}

// missingKeyAnswer reports whether err is Jira's answer that an issue key in
// a query names no issue, under a Policy that confines the query. Jira
// answers it for keys that do not exist but finds nothing for keys of
// issues the constraint keeps out (such as an issue moved away); told
// apart, the two would reveal which keys exist outside the allowlist.
func (c *Client) missingKeyAnswer(err error) bool {
	var ae *Error
	if c.cfg.Policy == nil || c.cfg.Policy.ProjectKeys() == nil || !errors.As(err, &ae) || ae.Status != http.StatusBadRequest {
		return false
	}
	for _, m := range ae.Messages {
		if strings.HasPrefix(m, "An issue with key ") || strings.HasPrefix(m, "The issue key ") {
			return true
		}
	}
	return false
}

// issuePath is the path of GET /issue/{key} with its query.
func issuePath(key string, fields []string, expand string) string {
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
	return path
}

// A CreatedIssue identifies a new issue.
type CreatedIssue struct {
	ID, Key string
}

// CreateIssue creates an issue from Jira's "fields" map (POST /rest/api/3/issue).
// Under a Policy the project must be named by key and allowed, and a
// parent must really be in an allowed project.
func (c *Client) CreateIssue(ctx context.Context, fields map[string]any) (CreatedIssue, error) {
	target := ""
	if p, ok := fields["project"].(map[string]any); ok {
		target, _ = p["key"].(string)
	}
	if c.cfg.Policy != nil {
		if target == "" {
			return CreatedIssue{}, fmt.Errorf("atlassian: name the project by key to create an issue")
		}
		if err := c.checkProject(ctx, OpCreateIssue, target); err != nil {
			return CreatedIssue{}, err
		}
		if err := c.checkFieldRefs(ctx, OpCreateIssue, fields, nil); err != nil {
			return CreatedIssue{}, err
		}
	}
	body, err := c.do(ctx, request{op: OpCreateIssue, target: target, created: "key",
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
	page := &ProjectPage{Total: int(res.Get("total").Int()), IsLast: res.Get("isLast").Bool(), Next: startAt + len(vals)}
	for _, p := range vals {
		if c.cfg.Policy == nil || c.cfg.Policy.AllowsProject(p.Get("key").String()) {
			page.Projects = append(page.Projects, p)
		}
	}
	return page, nil
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
