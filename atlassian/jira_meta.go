package atlassian

import (
	"context"
	"net/url"
	"strconv"
	"strings"

	"github.com/tidwall/gjson"
)

// An IssueType is one issue type a project offers.
type IssueType struct {
	ID, Name string
	Subtask  bool
	// Level is the hierarchy level: 1 for epics, 0 for standard types,
	// -1 for sub-tasks.
	Level int
}

// A FieldMeta describes one field of a create, edit or transition screen.
type FieldMeta struct {
	ID, Name string
	Required bool
	// Type, Items, System and Custom are the field's schema.
	Type, Items, System, Custom string
	// Operations lists the edit verbs the field takes: set, add, remove.
	Operations []string
	// Allowed lists the values the field accepts, when Jira restricts them.
	Allowed []Allowed
}

// An Allowed is one allowed value of a field: an option ({id, value}) or
// a named thing such as a priority, component or resolution ({id, name}).
type Allowed struct {
	ID, Name, Value string
}

// Label returns what a person calls the value.
func (a Allowed) Label() string {
	if a.Value != "" {
		return a.Value
	}
	return a.Name
}

// Takes reports whether the field supports an edit verb.
func (f FieldMeta) Takes(verb string) bool {
	for _, o := range f.Operations {
		if o == verb {
			return true
		}
	}
	return false
}

func parseFieldMeta(id string, f gjson.Result) FieldMeta {
	if id == "" {
		id = f.Get("fieldId").String()
	}
	if id == "" {
		id = f.Get("key").String()
	}
	m := FieldMeta{ID: id, Name: f.Get("name").String(), Required: f.Get("required").Bool(),
		Type: f.Get("schema.type").String(), Items: f.Get("schema.items").String(),
		System: f.Get("schema.system").String(), Custom: f.Get("schema.custom").String()}
	for _, op := range f.Get("operations").Array() {
		m.Operations = append(m.Operations, op.String())
	}
	for _, v := range f.Get("allowedValues").Array() {
		a := Allowed{ID: v.Get("id").String(), Name: v.Get("name").String(), Value: v.Get("value").String()}
		if a.Name == "" && a.Value == "" {
			a.Name = v.Get("key").String()
		}
		m.Allowed = append(m.Allowed, a)
	}
	return m
}

// metaPageSize is the page size for create metadata; Jira allows 200.
const metaPageSize = 200

// CreateMetaIssueTypes returns the issue types a project offers
// (GET /rest/api/3/issue/createmeta/{project}/issuetypes), cached for the
// metadata TTL. Under a Policy the project must be an allowed key.
func (c *Client) CreateMetaIssueTypes(ctx context.Context, project string) ([]IssueType, error) {
	if err := c.checkProject(ctx, OpCreateMetaTypes, strings.ToUpper(project)); err != nil {
		return nil, err
	}
	key := "createmeta:" + strings.ToUpper(project)
	v, err := c.cache.get(ctx, key, func(ctx context.Context) (any, error) {
		var out []IssueType
		err := c.pages(ctx, func(startAt int) (gjson.Result, error) {
			return c.getJSON(ctx, OpCreateMetaTypes, project, "rest/api/3/issue/createmeta/"+url.PathEscape(project)+"/issuetypes?"+pageQuery(startAt))
		}, "issueTypes", func(t gjson.Result) {
			out = append(out, IssueType{ID: t.Get("id").String(), Name: t.Get("name").String(),
				Subtask: t.Get("subtask").Bool(), Level: int(t.Get("hierarchyLevel").Int())})
		})
		return out, err
	})
	if err != nil {
		return nil, err
	}
	return v.([]IssueType), nil
}

// CreateMetaFields returns the create screen of one issue type in a
// project (GET …/createmeta/{project}/issuetypes/{id}), cached for the
// metadata TTL. Under a Policy the project must be an allowed key.
func (c *Client) CreateMetaFields(ctx context.Context, project, issueTypeID string) ([]FieldMeta, error) {
	if err := c.checkProject(ctx, OpCreateMetaFields, strings.ToUpper(project)); err != nil {
		return nil, err
	}
	key := "createmeta:" + strings.ToUpper(project) + ":" + issueTypeID
	v, err := c.cache.get(ctx, key, func(ctx context.Context) (any, error) {
		var out []FieldMeta
		path := "rest/api/3/issue/createmeta/" + url.PathEscape(project) + "/issuetypes/" + url.PathEscape(issueTypeID) + "?"
		err := c.pages(ctx, func(startAt int) (gjson.Result, error) {
			return c.getJSON(ctx, OpCreateMetaFields, project, path+pageQuery(startAt))
		}, "fields", func(f gjson.Result) { out = append(out, parseFieldMeta("", f)) })
		return out, err
	})
	if err != nil {
		return nil, err
	}
	return v.([]FieldMeta), nil
}

// EditMeta parses the edit screen of an issue read with expand=editmeta.
func EditMeta(issue gjson.Result) []FieldMeta {
	var out []FieldMeta
	issue.Get("editmeta.fields").ForEach(func(id, f gjson.Result) bool {
		out = append(out, parseFieldMeta(id.String(), f))
		return true
	})
	return out
}

// A Transition is one workflow step an issue can take now.
type Transition struct {
	ID, Name string
	// To and ToCategory are the target status and its category key (new,
	// indeterminate or done).
	To, ToCategory string
	// Fields is the transition screen.
	Fields []FieldMeta
}

// Transitions returns the transitions an issue can take, with the fields
// of their screens (GET /rest/api/3/issue/{key}/transitions). Under a
// Policy the issue is first checked by the project it is really in.
func (c *Client) Transitions(ctx context.Context, key string) ([]Transition, error) {
	if err := c.checkExisting(ctx, OpTransitions, key); err != nil {
		return nil, err
	}
	return c.transitions(ctx, key)
}

func (c *Client) transitions(ctx context.Context, key string) ([]Transition, error) {
	res, err := c.getJSON(ctx, OpTransitions, key, "rest/api/3/issue/"+url.PathEscape(key)+"/transitions?expand=transitions.fields")
	if err != nil {
		return nil, c.issueErr(key, err)
	}
	var out []Transition
	for _, t := range res.Get("transitions").Array() {
		tr := Transition{ID: t.Get("id").String(), Name: t.Get("name").String(), To: t.Get("to.name").String(),
			ToCategory: t.Get("to.statusCategory.key").String()}
		t.Get("fields").ForEach(func(id, f gjson.Result) bool {
			tr.Fields = append(tr.Fields, parseFieldMeta(id.String(), f))
			return true
		})
		out = append(out, tr)
	}
	return out, nil
}

// getJSON sends an idempotent GET and parses the answer.
func (c *Client) getJSON(ctx context.Context, op Op, target, path string) (gjson.Result, error) {
	body, err := c.do(ctx, request{op: op, target: target, path: path, idempotent: true})
	if err != nil {
		return gjson.Result{}, err
	}
	return gjson.ParseBytes(body), nil
}

// pages fetches startAt-paged results until the last page, handing each
// item of the list at path to each.
func (c *Client) pages(ctx context.Context, fetch func(startAt int) (gjson.Result, error), path string, each func(gjson.Result)) error {
	for startAt := 0; ; {
		res, err := fetch(startAt)
		if err != nil {
			return err
		}
		items := res.Get(path).Array()
		for _, it := range items {
			each(it)
		}
		startAt += len(items)
		if len(items) == 0 || startAt >= int(res.Get("total").Int()) || ctx.Err() != nil {
			return ctx.Err()
		}
	}
}

func pageQuery(startAt int) string {
	return "startAt=" + strconv.Itoa(startAt) + "&maxResults=" + strconv.Itoa(metaPageSize)
}

// checkExisting checks, under a Policy, that an existing issue is really
// in an allowed project before the client reads or writes it through an
// operation whose answer does not say.
func (c *Client) checkExisting(ctx context.Context, op Op, key string) error {
	if c.cfg.Policy == nil {
		return nil
	}
	_, err := c.IssueProject(ctx, op, key)
	return err
}

// issueErr turns Atlassian's 404 for an issue into the *OutsideError every
// issue read and write gives, so that missing, hidden and refused issues
// read alike.
func (c *Client) issueErr(key string, err error) error {
	if IsNotFound(err) {
		return c.outside("issue", strings.ToUpper(key), false, err)
	}
	return err
}
