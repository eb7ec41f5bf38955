package sandbox

import (
	"errors"
	"net/http"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/clawbridge/atlassian-mcp/sandbox/jql"
)

// agileOps lists the Jira Software (agile 1.0) operations.
//
// They have no classic scope set: the agile spec documents granular scopes
// only, and Atlassian's "Jira Software scopes for OAuth 2.0 (3LO) and Forge
// apps" page says "Jira Software doesn't support classic scopes. Use
// granular scopes instead." So only the granular set enables them.
func agileOps() []op {
	a := func(method, path string, granular []string, h func(*call)) op {
		return op{product: "jira", method: method, path: "/rest/agile/1.0" + path, granular: granular, handle: h}
	}
	return []op{
		a("GET", "/board", []string{"read:board-scope:jira-software", "read:project:jira"}, (*call).boards),
		a("GET", "/board/{board}", []string{"read:board-scope:jira-software", "read:issue-details:jira"}, (*call).getBoard),
		a("GET", "/board/{board}/configuration", []string{"read:board-scope.admin:jira-software", "read:project:jira"}, (*call).boardConfiguration),
		a("GET", "/board/{board}/sprint", []string{"read:sprint:jira-software"}, (*call).boardSprints),
		a("GET", "/sprint/{sprint}", []string{"read:sprint:jira-software"}, (*call).getSprint),
		a("GET", "/sprint/{sprint}/issue", []string{"read:sprint:jira-software", "read:issue-details:jira", "read:jql:jira"}, (*call).sprintIssues),
		a("POST", "/sprint/{sprint}/issue", []string{"write:sprint:jira-software"}, (*call).moveToSprint),
	}
}

// visibleBoard resolves a board id whose project the caller may browse,
// answering 404 otherwise, as Jira Software does.
func (c *call) visibleBoard(ref string) *Board {
	if id, ok := atoi(ref); ok {
		for _, b := range c.site.Boards {
			if b.ID == id && c.site.canBrowse(c.who.AccountID, b.Project) {
				return b
			}
		}
	}
	c.jiraError(http.StatusNotFound, []string{"Board does not exist or you do not have permission to see it."}, nil)
	return nil
}

// visibleSprint resolves a sprint id on a board the caller may see.
func (c *call) visibleSprint(ref string) *Sprint {
	if id, ok := atoi(ref); ok {
		if sp := c.site.sprint(id); sp != nil && c.site.canBrowse(c.who.AccountID, sp.Board.Project) {
			return sp
		}
	}
	c.jiraError(http.StatusNotFound, []string{"Sprint does not exist or you do not have permission to view it."}, nil)
	return nil
}

func (c *call) boards() {
	startAt, maxResults, ok := c.pageBounds(50, 50)
	if !ok {
		return
	}
	q := c.r.URL.Query()
	var proj *Project
	if ref := q.Get("projectKeyOrId"); ref != "" {
		if proj = c.site.project(ref); proj == nil || !c.site.canBrowse(c.who.AccountID, proj) {
			c.jiraError(http.StatusBadRequest, []string{"No project could be found with key or id '" + ref + "'."}, nil)
			return
		}
	}
	types := listParam(c.r, "type")
	name := strings.ToLower(q.Get("name"))
	var all []*Board
	for _, b := range c.site.Boards {
		if !c.site.canBrowse(c.who.AccountID, b.Project) || (proj != nil && b.Project != proj) ||
			(len(types) > 0 && !slices.Contains(types, b.Type)) || !strings.Contains(strings.ToLower(b.Name), name) {
			continue
		}
		all = append(all, b)
	}
	page := all[min(startAt, len(all)):min(startAt+maxResults, len(all))]
	values := []any{}
	for _, b := range page {
		values = append(values, c.boardJSON(b))
	}
	c.ok(map[string]any{"maxResults": maxResults, "startAt": startAt, "total": len(all), "isLast": startAt+len(page) >= len(all), "values": values})
}

func (c *call) getBoard() {
	if b := c.visibleBoard(c.r.PathValue("board")); b != nil {
		c.ok(c.boardJSON(b))
	}
}

func (c *call) boardJSON(b *Board) map[string]any {
	p := b.Project
	return map[string]any{"id": b.ID, "self": c.base + "/rest/agile/1.0/board/" + itoa(b.ID), "name": b.Name, "type": b.Type,
		"location": map[string]any{"projectId": p.ID, "projectKey": p.Key, "projectName": p.Name, "projectTypeKey": p.TypeKey,
			"displayName": p.Name + " (" + p.Key + ")", "name": p.Name + " (" + p.Key + ")"}}
}

func (c *call) boardConfiguration() {
	b := c.visibleBoard(c.r.PathValue("board"))
	if b == nil {
		return
	}
	columns := []any{}
	for _, st := range statuses {
		columns = append(columns, map[string]any{"name": st.Name,
			"statuses": []any{map[string]any{"id": st.ID, "self": c.base + "/rest/api/3/status/" + st.ID}}})
	}
	est := c.site.field(b.EstimationField)
	c.ok(map[string]any{
		"id": b.ID, "name": b.Name, "type": b.Type, "self": c.base + "/rest/agile/1.0/board/" + itoa(b.ID) + "/configuration",
		"location":     map[string]any{"type": "project", "projectKeyOrId": itoa(b.Project.ID)},
		"filter":       map[string]any{"id": itoa(10000 + b.ID), "self": c.base + "/rest/api/3/filter/" + itoa(10000+b.ID)},
		"columnConfig": map[string]any{"columns": columns, "constraintType": "issueCount"},
		"estimation":   map[string]any{"type": "field", "field": map[string]any{"fieldId": est.ID, "displayName": est.Name}},
		"ranking":      map[string]any{"rankCustomFieldId": 10019},
	})
}

// sprintStates are the states a sprint can be in.
var sprintStates = []string{"future", "active", "closed"}

func (c *call) boardSprints() {
	b := c.visibleBoard(c.r.PathValue("board"))
	if b == nil {
		return
	}
	if b.Type != "scrum" {
		c.jiraError(http.StatusBadRequest, []string{"The board does not support sprints."}, nil)
		return
	}
	startAt, maxResults, ok := c.pageBounds(50, 50)
	if !ok {
		return
	}
	states := listParam(c.r, "state")
	for _, s := range states {
		if !slices.Contains(sprintStates, s) {
			c.jiraError(http.StatusBadRequest, []string{"The sprint state '" + s + "' is not valid; valid states: future, active, closed."}, nil)
			return
		}
	}
	var all []*Sprint
	for _, sp := range c.site.Sprints {
		if sp.Board == b && (len(states) == 0 || slices.Contains(states, sp.State)) {
			all = append(all, sp)
		}
	}
	sort.SliceStable(all, func(i, j int) bool { return all[i].ID < all[j].ID })
	page := all[min(startAt, len(all)):min(startAt+maxResults, len(all))]
	values := []any{}
	for _, sp := range page {
		values = append(values, c.sprintJSON(sp))
	}
	c.ok(map[string]any{"maxResults": maxResults, "startAt": startAt, "total": len(all), "isLast": startAt+len(page) >= len(all), "values": values})
}

func (c *call) getSprint() {
	if sp := c.visibleSprint(c.r.PathValue("sprint")); sp != nil {
		c.ok(c.sprintJSON(sp))
	}
}

// sprintIssues serves GET /sprint/{id}/issue: the issues whose Sprint field
// holds the sprint (now or in the past), optionally filtered by JQL, in
// rank order (the sandbox ranks by creation).
func (c *call) sprintIssues() {
	sp := c.visibleSprint(c.r.PathValue("sprint"))
	if sp == nil {
		return
	}
	startAt, maxResults, ok := c.pageBounds(50, 100)
	if !ok {
		return
	}
	q := c.r.URL.Query()
	var query *jql.Query
	if text := strings.TrimSpace(q.Get("jql")); text != "" {
		parsed, err := jql.Parse(text, c.jqlEnv())
		if err != nil {
			var je *jql.Error
			if errors.As(err, &je) {
				c.jiraError(http.StatusBadRequest, je.Messages, nil)
			} else {
				c.jiraError(http.StatusBadRequest, []string{err.Error()}, nil)
			}
			return
		}
		query = parsed
	}
	var match []*Issue
	for _, is := range c.site.Issues {
		ids, _ := is.Custom[fieldSprint].([]int)
		if !slices.Contains(ids, sp.ID) || !c.site.canBrowse(c.who.AccountID, is.Project) {
			continue
		}
		if query != nil && !query.Match(issueRecord{c: c, is: is}) {
			continue
		}
		match = append(match, is)
	}
	sel := parseFieldSelection(listParam(c.r, "fields"), "*navigable")
	changelog := strings.Contains(q.Get("expand"), "changelog")
	issues := []any{}
	for _, is := range match[min(startAt, len(match)):min(startAt+maxResults, len(match))] {
		m := c.issueJSON(is, sel, false)
		c.agileFields(m, is, sel)
		if changelog {
			m["changelog"] = c.changelogJSON(is)
		}
		issues = append(issues, m)
	}
	c.ok(map[string]any{"expand": "schema,names", "startAt": startAt, "maxResults": maxResults, "total": len(match), "issues": issues})
}

// agileFields adds the fields Jira Software adds to issues: flagged, the
// open sprint and the closed sprints.
func (c *call) agileFields(m map[string]any, is *Issue, sel fieldSelection) {
	fields, _ := m["fields"].(map[string]any)
	if fields == nil {
		fields = map[string]any{}
		m["fields"] = fields
	}
	want := func(id string) bool { return sel.all || sel.navigable || sel.include[id] }
	if want("flagged") {
		flags, _ := is.Custom[fieldFlagged].([]string)
		fields["flagged"] = len(flags) > 0
	}
	ids, _ := is.Custom[fieldSprint].([]int)
	var closed []any
	for _, id := range ids {
		sp := c.site.sprint(id)
		switch {
		case sp == nil:
		case sp.State == "closed":
			closed = append(closed, c.sprintJSON(sp))
		case want("sprint"):
			fields["sprint"] = c.sprintJSON(sp)
		}
	}
	if want("closedSprints") && closed != nil {
		fields["closedSprints"] = closed
	}
}

func (c *call) sprintJSON(sp *Sprint) map[string]any {
	m := map[string]any{"id": sp.ID, "self": c.base + "/rest/agile/1.0/sprint/" + itoa(sp.ID), "state": sp.State,
		"name": sp.Name, "originBoardId": sp.Board.ID}
	if sp.Goal != "" {
		m["goal"] = sp.Goal
	}
	if !sp.Start.IsZero() {
		m["startDate"] = agileTime(sp.Start)
		m["endDate"] = agileTime(sp.End)
	}
	if !sp.Complete.IsZero() {
		m["completeDate"] = agileTime(sp.Complete)
	}
	return m
}

// moveToSprint serves POST /sprint/{id}/issue: each issue leaves its open
// sprint (closed sprints stay in its history) and joins this one.
func (c *call) moveToSprint() {
	sp := c.visibleSprint(c.r.PathValue("sprint"))
	if sp == nil {
		return
	}
	var in struct {
		Issues []string `json:"issues"`
	}
	if !c.decode(&in) {
		return
	}
	switch {
	case len(in.Issues) == 0:
		c.jiraError(http.StatusBadRequest, []string{"At least one issue is required."}, nil)
		return
	case len(in.Issues) > 50:
		c.jiraError(http.StatusBadRequest, []string{"At most 50 issues can be moved in one request."}, nil)
		return
	case sp.State == "closed":
		c.jiraError(http.StatusBadRequest, []string{"Issues cannot be moved to a closed sprint."}, nil)
		return
	}
	var moving []*Issue
	for _, ref := range in.Issues {
		is := c.visibleIssue(ref)
		if is == nil {
			return
		}
		moving = append(moving, is)
	}
	now := c.sb.now()
	for _, is := range moving {
		ids, _ := is.Custom[fieldSprint].([]int)
		next := cloneIssue(is)
		kept := slices.DeleteFunc(slices.Clone(ids), func(id int) bool {
			o := c.site.sprint(id)
			return o == nil || o.State != "closed"
		})
		next.Custom[fieldSprint] = append(kept, sp.ID)
		c.site.recordChanges(is, next, c.who.AccountID, now)
		next.Updated = now
		*is = *next
	}
	c.noContent()
}

// agileTime formats t as Jira Software does: 2026-11-20T10:15:30.000Z.
func agileTime(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05.000Z07:00") }
