package sandbox

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/clawbridge/atlassian-mcp/sandbox/jql"
)

// searchRequest holds the parameters of an enhanced JQL search.
type searchRequest struct {
	JQL           string   `json:"jql"`
	NextPageToken string   `json:"nextPageToken"`
	MaxResults    *int     `json:"maxResults"`
	Fields        []string `json:"fields"`
	Expand        string   `json:"expand"`
	Properties    []string `json:"properties"`
	FieldsByKeys  bool     `json:"fieldsByKeys"`
	FailFast      bool     `json:"failFast"`
	Reconcile     []int64  `json:"reconcileIssues"`
}

func (c *call) searchGet() {
	q := c.r.URL.Query()
	req := searchRequest{JQL: q.Get("jql"), NextPageToken: q.Get("nextPageToken"), Fields: listParam(c.r, "fields"), Expand: q.Get("expand")}
	if v := q.Get("maxResults"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil {
			c.jiraError(http.StatusBadRequest, []string{"The 'maxResults' parameter must be an integer."}, nil)
			return
		}
		req.MaxResults = &n
	}
	c.search(req)
}

func (c *call) searchPost() {
	var req searchRequest
	if !c.decode(&req) {
		return
	}
	var fields []string
	for _, f := range req.Fields {
		fields = append(fields, strings.Split(f, ",")...)
	}
	req.Fields = fields
	c.search(req)
}

func (c *call) search(req searchRequest) {
	q, err := jql.Parse(req.JQL, c.jqlEnv())
	if err != nil {
		var je *jql.Error
		if errors.As(err, &je) {
			c.jiraError(http.StatusBadRequest, je.Messages, nil)
			return
		}
		c.jiraError(http.StatusBadRequest, []string{err.Error()}, nil)
		return
	}
	if !q.Bounded() {
		c.jiraError(http.StatusBadRequest, []string{jql.UnboundedMessage}, nil)
		return
	}
	sel := parseFieldSelection(req.Fields, "id")
	max := 50
	if req.MaxResults != nil {
		max = *req.MaxResults
	}
	limit := 5000
	if !sel.empty(c.site) {
		limit = 100 // Jira returns fewer items per page when fields are requested.
	}
	if max <= 0 || max > limit {
		max = limit
	}
	offset, ok := c.decodePageToken(req.NextPageToken, req.JQL)
	if !ok {
		return
	}
	var recs []jql.Record
	for _, is := range c.site.Issues {
		if !c.site.canBrowse(c.who.AccountID, is.Project) {
			continue
		}
		r := issueRecord{c: c, is: is}
		if q.Match(r) {
			recs = append(recs, r)
		}
	}
	q.Sort(recs)
	end := min(offset+max, len(recs))
	issues := []any{}
	names := strings.Contains(req.Expand, "names")
	for _, r := range recs[min(offset, len(recs)):end] {
		issues = append(issues, c.issueJSON(r.(issueRecord).is, sel, false))
	}
	out := map[string]any{"issues": issues, "isLast": end >= len(recs)}
	if end < len(recs) {
		out["nextPageToken"] = pageToken(end, req.JQL)
	}
	if names {
		nm := map[string]string{}
		for _, f := range c.site.Fields {
			if sel.wants(f) {
				nm[f.ID] = f.Name
			}
		}
		out["names"] = nm
	}
	c.ok(out)
}

// pageToken encodes an offset bound to the query it pages through.
func pageToken(offset int, query string) string {
	return base64.RawURLEncoding.EncodeToString([]byte(itoa(offset) + ":" + queryHash(query)))
}

func queryHash(query string) string {
	sum := sha256.Sum256([]byte(query))
	return hex.EncodeToString(sum[:6])
}

func (c *call) decodePageToken(tok, query string) (int, bool) {
	if tok == "" {
		return 0, true
	}
	raw, err := base64.RawURLEncoding.DecodeString(tok)
	n, h, found := strings.Cut(string(raw), ":")
	offset, convErr := strconv.Atoi(n)
	if err != nil || !found || convErr != nil || offset < 0 || h != queryHash(query) {
		c.jiraError(http.StatusBadRequest, []string{"The provided next page token is invalid or expired."}, nil)
		return 0, false
	}
	return offset, true
}

func (c *call) jqlEnv() *jql.Env {
	return &jql.Env{
		Now:         c.sb.now(),
		CurrentUser: c.who.AccountID,
		Resolve:     c.resolveJQLValue,
		Field:       c.jqlField,
		Sprints: func(state string) []string {
			var ids []string
			for _, sp := range c.site.Sprints {
				if sp.State == state {
					ids = append(ids, itoa(sp.ID))
				}
			}
			return ids
		},
		Filter: func(string) (string, bool) { return "", false },
		Rank: func(field, value string) (int, bool) {
			if field != "priority" {
				return 0, false
			}
			id, _, ok := priorityByName(value)
			n, _ := atoi(id)
			return -n, ok // Highest (id 1) ranks above Lowest (id 5).
		},
	}
}

// jqlAliases maps JQL clause names that are not field ids to the ids the
// issue records answer to.
var jqlAliases = map[string]string{
	"issuekey": "key", "key": "key", "id": "id", "text": "text", "comment": "comment",
	"statuscategory": "statuscategory", "type": "issuetype", "component": "components",
	"fixversion": "fixversion", "sprint": "sprint", "resolved": "resolutiondate",
}

// jqlField maps a field reference in JQL to a field id.
func (c *call) jqlField(ref string) (string, bool) {
	r := strings.ToLower(strings.TrimSpace(ref))
	if id, ok := jqlAliases[r]; ok {
		return id, true
	}
	if strings.HasPrefix(r, "cf[") && strings.HasSuffix(r, "]") {
		id := "customfield_" + r[3:len(r)-1]
		if c.site.field(id) != nil {
			return id, true
		}
		return "", false
	}
	for _, f := range c.site.Fields {
		if strings.EqualFold(f.ID, r) || strings.EqualFold(f.Name, r) {
			if f.ID == "customfield_10020" {
				return "sprint", true
			}
			return f.ID, true
		}
	}
	return "", false
}

// resolveJQLValue maps a user-visible value to stored values, or nil if it
// does not exist for the field.
func (c *call) resolveJQLValue(field, value string) []string {
	v := strings.TrimSpace(value)
	switch field {
	case "project":
		if p := c.site.project(v); p != nil && c.site.canBrowse(c.who.AccountID, p) {
			return []string{p.Key}
		}
		for _, p := range c.site.Projects {
			if strings.EqualFold(p.Name, v) && c.site.canBrowse(c.who.AccountID, p) {
				return []string{p.Key}
			}
		}
		return nil
	case "assignee", "reporter", "creator":
		var ids []string
		for _, u := range c.site.Users {
			if u.AccountID == v || strings.EqualFold(u.Email, v) || strings.EqualFold(u.DisplayName, v) {
				ids = append(ids, u.AccountID)
			}
		}
		return ids
	case "status":
		if st, ok := statusByName(v); ok {
			return []string{st.Name}
		}
		for _, st := range statuses {
			if st.ID == v {
				return []string{st.Name}
			}
		}
		return nil
	case "priority":
		if _, name, ok := priorityByName(v); ok {
			return []string{name}
		}
		return nil
	case "issuetype":
		if t, ok := issueTypeByName(v); ok {
			return []string{t.Name}
		}
		return nil
	case "statuscategory":
		for key, cat := range statusCategories {
			if strings.EqualFold(cat.Name, v) || strings.EqualFold(key, v) || itoa(cat.ID) == v {
				return []string{key}
			}
		}
		return nil
	case "key":
		if is := c.site.issue(v); is != nil && c.site.canBrowse(c.who.AccountID, is.Project) {
			return []string{is.Key}
		}
		return nil
	}
	return []string{v}
}

// issueRecord adapts an issue to the JQL engine.
type issueRecord struct {
	c  *call
	is *Issue
}

// Values returns the values of a field for JQL.
func (r issueRecord) Values(field string) []any {
	is := r.is
	str := func(s string) []any {
		if s == "" {
			return nil
		}
		return []any{s}
	}
	switch field {
	case "project":
		return []any{is.Project.Key}
	case "key":
		out := []any{is.Key}
		for _, k := range is.OldKeys {
			out = append(out, k)
		}
		return out
	case "id":
		return []any{float64(is.ID)}
	case "summary":
		return str(is.Summary)
	case "description":
		return str(plainText(is.Description))
	case "comment":
		var out []any
		for _, cm := range is.Comments {
			out = append(out, plainText(cm.Body))
		}
		return out
	case "text":
		out := []any{is.Summary, plainText(is.Description)}
		for _, cm := range is.Comments {
			out = append(out, plainText(cm.Body))
		}
		return out
	case "status":
		return []any{is.Status}
	case "statuscategory":
		st, _ := statusByName(is.Status)
		return []any{st.Category}
	case "assignee":
		return str(is.Assignee)
	case "reporter", "creator":
		return str(is.Reporter)
	case "priority":
		return str(is.Priority)
	case "labels":
		return strs(is.Labels)
	case "components":
		return strs(is.Components)
	case "issuetype":
		return []any{is.Type}
	case "created":
		return []any{is.Created}
	case "updated":
		return []any{is.Updated}
	case "resolution":
		return str(is.Resolution)
	case "resolutiondate":
		if is.Resolved.IsZero() {
			return nil
		}
		return []any{is.Resolved}
	case "duedate":
		if t, err := time.Parse("2006-01-02", is.DueDate); err == nil {
			return []any{t}
		}
		return nil
	case "parent":
		if is.Parent == nil {
			return nil
		}
		return []any{is.Parent.Key}
	case "sprint":
		ids, _ := is.Custom["customfield_10020"].([]int)
		var out []any
		for _, id := range ids {
			out = append(out, itoa(id))
			if sp := r.c.site.sprint(id); sp != nil {
				out = append(out, sp.Name)
			}
		}
		return out
	}
	switch v := is.Custom[field].(type) {
	case float64:
		return []any{v}
	case string:
		return str(v)
	case []string:
		return strs(v)
	}
	return nil
}

// History returns the changes of one field, for WAS and CHANGED.
func (r issueRecord) History(field string) []jql.Change {
	var out []jql.Change
	for _, ch := range r.is.History {
		if strings.EqualFold(ch.Field, field) {
			out = append(out, jql.Change{At: ch.At, By: ch.By, From: ch.From, To: ch.To})
		}
	}
	return out
}

func strs(ss []string) []any {
	out := make([]any, len(ss))
	for i, s := range ss {
		out[i] = s
	}
	return out
}
