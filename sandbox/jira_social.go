package sandbox

import (
	"encoding/json"
	"net/http"
	"sort"
	"strings"
)

// addCommentTo stores a comment on is and returns it.
func (c *call) addCommentTo(is *Issue, body json.RawMessage) *Comment {
	now := c.sb.now()
	c.site.nextID++
	cm := &Comment{ID: c.site.nextID, Author: c.who.AccountID, Body: append(json.RawMessage(nil), body...), Created: now, Updated: now}
	is.Comments = append(is.Comments, cm)
	is.Updated = now
	return cm
}

func (c *call) addComment() {
	is := c.visibleIssue(c.r.PathValue("key"))
	if is == nil {
		return
	}
	var in struct {
		Body json.RawMessage `json:"body"`
	}
	if !c.decode(&in) {
		return
	}
	if len(in.Body) == 0 || string(in.Body) == "null" {
		c.jiraError(http.StatusBadRequest, nil, map[string]string{"comment": "Comment body can not be empty!"})
		return
	}
	if err := validADF(in.Body); err != nil {
		c.jiraError(http.StatusBadRequest, nil, map[string]string{"comment": "Comment body must be an Atlassian Document: " + err.Error()})
		return
	}
	if !hasContent(in.Body) {
		c.jiraError(http.StatusBadRequest, nil, map[string]string{"comment": "Comment body can not be empty!"})
		return
	}
	writeJSON(c.w, http.StatusCreated, c.commentJSON(is, c.addCommentTo(is, in.Body)))
}

// hasContent reports whether an ADF document has any content nodes.
func hasContent(raw json.RawMessage) bool {
	var doc struct {
		Content []json.RawMessage `json:"content"`
	}
	return json.Unmarshal(raw, &doc) == nil && len(doc.Content) > 0
}

func (c *call) linkTypesJSON() []any {
	out := []any{}
	for _, t := range linkTypes {
		out = append(out, map[string]any{"id": t.ID, "name": t.Name, "inward": t.Inward, "outward": t.Outward, "self": c.base + "/rest/api/3/issueLinkType/" + t.ID})
	}
	return out
}

func (c *call) issueLinkTypes() { c.ok(map[string]any{"issueLinkTypes": c.linkTypesJSON()}) }

// linkIssues serves POST /rest/api/3/issueLink. The issue named as
// inwardIssue is the one the type's outward phrase applies to: with type
// Blocks, {"inwardIssue": A, "outwardIssue": B} means "A blocks B". That is
// what Jira Cloud does (its issue linking model guide shows how links read
// back), though the spec's prose calls outwardIssue the "from" issue.
func (c *call) linkIssues() {
	var in struct {
		Type         ref `json:"type"`
		InwardIssue  ref `json:"inwardIssue"`
		OutwardIssue ref `json:"outwardIssue"`
	}
	if !c.decode(&in) {
		return
	}
	var lt linkType
	for _, t := range linkTypes {
		if (in.Type.ID != "" && t.ID == in.Type.ID) || (in.Type.ID == "" && strings.EqualFold(t.Name, in.Type.Name)) {
			lt = t
		}
	}
	if lt.ID == "" {
		c.jiraError(http.StatusNotFound, []string{"No issue link type with name '" + firstNonEmpty(in.Type.Name, in.Type.ID) + "' found."}, nil)
		return
	}
	from := c.visibleIssue(firstNonEmpty(in.InwardIssue.Key, in.InwardIssue.ID))
	if from == nil {
		return
	}
	to := c.visibleIssue(firstNonEmpty(in.OutwardIssue.Key, in.OutwardIssue.ID))
	if to == nil {
		return
	}
	if from == to {
		c.jiraError(http.StatusBadRequest, []string{"You cannot link an issue to itself."}, nil)
		return
	}
	for _, l := range c.site.Links {
		if l.Type == lt.Name && l.Outward == from && l.Inward == to {
			c.w.WriteHeader(http.StatusCreated) // a duplicate link is reported as created
			return
		}
	}
	c.site.nextID++
	c.site.Links = append(c.site.Links, &Link{ID: c.site.nextID, Type: lt.Name, Outward: from, Inward: to})
	now := c.sb.now()
	from.Updated, to.Updated = now, now
	c.w.WriteHeader(http.StatusCreated)
}

// assignableUsers serves GET /rest/api/3/user/assignable/search: active
// users who may browse the project, whose name or email starts with the
// query (or any word of the name does).
func (c *call) assignableUsers() {
	q := c.r.URL.Query()
	var p *Project
	switch {
	case q.Get("project") != "":
		if p = c.visibleProject(q.Get("project")); p == nil {
			return
		}
	case q.Get("issueKey") != "" || q.Get("issueId") != "":
		is := c.visibleIssue(firstNonEmpty(q.Get("issueKey"), q.Get("issueId")))
		if is == nil {
			return
		}
		p = is.Project
	default:
		c.jiraError(http.StatusBadRequest, []string{"The 'project', 'issueKey' or 'issueId' parameter is required."}, nil)
		return
	}
	startAt, ok := c.intParam("startAt", 0)
	if !ok {
		return
	}
	maxResults, ok := c.intParam("maxResults", 50)
	if !ok {
		return
	}
	query := strings.ToLower(strings.TrimSpace(q.Get("query")))
	account := q.Get("accountId")
	var match []*User
	for _, u := range c.site.Users {
		if !u.Active || !c.site.canBrowse(u.AccountID, p) {
			continue
		}
		if account != "" && u.AccountID != account {
			continue
		}
		if query != "" && !userMatches(u, query) {
			continue
		}
		match = append(match, u)
	}
	sort.SliceStable(match, func(i, j int) bool { return match[i].DisplayName < match[j].DisplayName })
	out := []any{}
	for _, u := range match[min(startAt, len(match)):min(startAt+maxResults, len(match))] {
		out = append(out, c.userJSON(u.AccountID))
	}
	c.ok(out)
}

func userMatches(u *User, query string) bool {
	name := strings.ToLower(u.DisplayName)
	if strings.HasPrefix(name, query) || strings.HasPrefix(strings.ToLower(u.Email), query) || strings.EqualFold(u.AccountID, query) {
		return true
	}
	for _, w := range strings.Fields(name) {
		if strings.HasPrefix(w, query) {
			return true
		}
	}
	return false
}
