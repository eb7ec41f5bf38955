package atlassian

import (
	"context"
	"net/url"
	"strconv"
	"strings"

	"github.com/tidwall/gjson"
)

// An Edit is a change to an issue: values to set, and verbs such as
// {"labels": [{"add": "x"}]} to apply. Only what it names changes.
type Edit struct {
	Fields map[string]any
	Update map[string][]map[string]any
}

// Empty reports whether the edit changes nothing.
func (e Edit) Empty() bool { return len(e.Fields) == 0 && len(e.Update) == 0 }

// UpdateIssue reads an issue with its edit screen (the given fields plus
// expand=editmeta: one request, which under a Policy also checks the issue
// by the project it is really in), lets plan decide the edit from them, and
// applies it (PUT /rest/api/3/issue/{key}). Under a Policy a new parent
// must really be in an allowed project, and so must the one it replaces. An error from plan stops the
// update before anything is written. Edits are idempotent, so an attempt
// whose outcome is unknown may be retried.
func (c *Client) UpdateIssue(ctx context.Context, key string, fields []string, plan func(issue gjson.Result, screen []FieldMeta) (Edit, error)) error {
	issue, err := c.GetIssue(ctx, key, append([]string{"project"}, fields...), "editmeta")
	if err != nil {
		return err
	}
	edit, err := plan(issue, EditMeta(issue))
	if err != nil {
		return err
	}
	if edit.Empty() {
		return nil
	}
	if err := c.checkFieldRefs(ctx, OpEditIssue, edit.Fields, edit.Update); err != nil {
		return err
	}
	if err := c.checkCurrentRefs(ctx, OpEditIssue, key, edit.Fields, edit.Update); err != nil {
		return err
	}
	payload := map[string]any{}
	if len(edit.Fields) > 0 {
		payload["fields"] = edit.Fields
	}
	if len(edit.Update) > 0 {
		payload["update"] = edit.Update
	}
	_, err = c.do(ctx, request{op: OpEditIssue, target: key, path: "rest/api/3/issue/" + url.PathEscape(key), body: payload, idempotent: true})
	return c.issueErr(key, err)
}

// A TransitionRequest says which transition to take, the values of its
// screen's fields, and an optional comment (an ADF document).
type TransitionRequest struct {
	ID      string
	Fields  map[string]any
	Comment any
}

// TransitionIssue reads the transitions an issue can take, lets choose pick
// one and fill its screen, and takes it (POST …/issue/{key}/transitions).
// Under a Policy the issue is checked once, first. An error from choose
// stops before anything is written.
func (c *Client) TransitionIssue(ctx context.Context, key string, choose func([]Transition) (TransitionRequest, error)) error {
	if err := c.checkExisting(ctx, OpDoTransition, key); err != nil {
		return err
	}
	ts, err := c.transitions(ctx, key)
	if err != nil {
		return err
	}
	tr, err := choose(ts)
	if err != nil {
		return err
	}
	if err := c.checkFieldRefs(ctx, OpDoTransition, tr.Fields, nil); err != nil {
		return err
	}
	if err := c.checkCurrentRefs(ctx, OpDoTransition, key, tr.Fields, nil); err != nil {
		return err
	}
	payload := map[string]any{"transition": map[string]any{"id": tr.ID}}
	if len(tr.Fields) > 0 {
		payload["fields"] = tr.Fields
	}
	if tr.Comment != nil {
		payload["update"] = map[string]any{"comment": []any{map[string]any{"add": map[string]any{"body": tr.Comment}}}}
	}
	_, err = c.do(ctx, request{op: OpDoTransition, target: key, path: "rest/api/3/issue/" + url.PathEscape(key) + "/transitions", body: payload})
	return c.issueErr(key, err)
}

// AddComment adds a comment whose body is an ADF document
// (POST /rest/api/3/issue/{key}/comment) and returns the comment's id.
// Under a Policy the issue is first checked by its real project.
func (c *Client) AddComment(ctx context.Context, key string, body any) (string, error) {
	if err := c.checkExisting(ctx, OpAddComment, key); err != nil {
		return "", err
	}
	res, err := c.do(ctx, request{op: OpAddComment, target: key, path: "rest/api/3/issue/" + url.PathEscape(key) + "/comment",
		body: map[string]any{"body": body}})
	if err != nil {
		return "", c.issueErr(key, err)
	}
	return gjson.GetBytes(res, "id").String(), nil
}

// A LinkType is a kind of issue link and its two phrases: with Blocks,
// "A blocks B" (outward) and "B is blocked by A" (inward).
type LinkType struct {
	ID, Name, Inward, Outward string
}

// LinkTypes returns the site's issue link types (GET /rest/api/3/issueLinkType),
// cached for the metadata TTL.
func (c *Client) LinkTypes(ctx context.Context) ([]LinkType, error) {
	v, err := c.cache.get(ctx, "linktypes", func(ctx context.Context) (any, error) {
		res, err := c.getJSON(ctx, OpLinkTypes, "", "rest/api/3/issueLinkType")
		if err != nil {
			return nil, err
		}
		var out []LinkType
		for _, t := range res.Get("issueLinkTypes").Array() {
			out = append(out, LinkType{ID: t.Get("id").String(), Name: t.Get("name").String(),
				Inward: t.Get("inward").String(), Outward: t.Get("outward").String()})
		}
		return out, nil
	})
	if err != nil {
		return nil, err
	}
	return v.([]LinkType), nil
}

// LinkIssues links two issues so that "from <outward phrase> to" holds,
// e.g. with Blocks, from blocks to (POST /rest/api/3/issueLink).
//
// Jira Cloud gives the outward phrase to the issue sent as inwardIssue,
// although the spec's prose calls outwardIssue the "from" issue; see
// Atlassian's "Jira issue linking model" guide for how links read back.
// Jira answers a duplicate link as created, so the call is idempotent.
//
// Under a Policy both issues are first checked by their real projects.
func (c *Client) LinkIssues(ctx context.Context, typeName, from, to string) error {
	for _, key := range []string{from, to} {
		if err := c.checkExisting(ctx, OpLinkIssues, key); err != nil {
			return err
		}
	}
	payload := map[string]any{"type": map[string]any{"name": typeName},
		"inwardIssue": map[string]any{"key": from}, "outwardIssue": map[string]any{"key": to}}
	_, err := c.do(ctx, request{op: OpLinkIssues, target: from, path: "rest/api/3/issueLink", body: payload, idempotent: true})
	if IsNotFound(err) {
		return c.outside("issue", strings.ToUpper(from)+" or "+strings.ToUpper(to), false, err)
	}
	return err
}

// A User is an Atlassian account as Jira shows it.
type User struct {
	AccountID, DisplayName, Email string
	Active                        bool
}

func parseUser(u gjson.Result) User {
	return User{AccountID: u.Get("accountId").String(), DisplayName: u.Get("displayName").String(),
		Email: u.Get("emailAddress").String(), Active: u.Get("active").Bool()}
}

// AssignableUsers returns up to max users who can be assigned issues in
// project and whose name or email starts with query
// (GET /rest/api/3/user/assignable/search). Under a Policy the project
// must be an allowed key.
func (c *Client) AssignableUsers(ctx context.Context, project, query string, max int) ([]User, error) {
	if err := c.checkProject(ctx, OpAssignableUsers, strings.ToUpper(project)); err != nil {
		return nil, err
	}
	q := url.Values{"project": {project}}
	if query != "" {
		q.Set("query", query)
	}
	if max > 0 {
		q.Set("maxResults", strconv.Itoa(max))
	}
	res, err := c.getJSON(ctx, OpAssignableUsers, project, "rest/api/3/user/assignable/search?"+q.Encode())
	if err != nil {
		return nil, err
	}
	var out []User
	for _, u := range res.Array() {
		out = append(out, parseUser(u))
	}
	return out, nil
}

// Me returns the user the credentials act as, cached for the metadata TTL.
func (c *Client) Me(ctx context.Context) (User, error) {
	v, err := c.cache.get(ctx, "myself", func(ctx context.Context) (any, error) {
		res, err := c.Myself(ctx)
		if err != nil {
			return nil, err
		}
		return parseUser(res), nil
	})
	if err != nil {
		return User{}, err
	}
	return v.(User), nil
}
