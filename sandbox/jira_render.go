package sandbox

import (
	"encoding/json"
	"strings"
	"time"
)

// jiraTime formats t as Jira does: 2026-11-20T10:15:30.000+0000.
func jiraTime(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05.000-0700") }

func (c *call) avatarURLs(kind, id string) map[string]string {
	u := c.sb.baseURL + "/avatars/" + kind + "/" + id
	return map[string]string{"16x16": u + "?s=16", "24x24": u + "?s=24", "32x32": u + "?s=32", "48x48": u + "?s=48"}
}

// userJSON renders a user as Jira's User bean, or nil.
func (c *call) userJSON(accountID string) any {
	u := c.site.user(accountID)
	if u == nil {
		return nil
	}
	return map[string]any{
		"self":         c.base + "/rest/api/3/user?accountId=" + u.AccountID,
		"accountId":    u.AccountID,
		"emailAddress": u.Email,
		"avatarUrls":   c.avatarURLs("user", u.AccountID),
		"displayName":  u.DisplayName,
		"active":       u.Active,
		"timeZone":     u.TimeZone,
		"accountType":  "atlassian",
	}
}

func (c *call) projectJSON(p *Project) map[string]any {
	return map[string]any{
		"self":           c.base + "/rest/api/3/project/" + itoa(p.ID),
		"id":             itoa(p.ID),
		"key":            p.Key,
		"name":           p.Name,
		"projectTypeKey": p.TypeKey,
		"simplified":     p.Simplified,
		"avatarUrls":     c.avatarURLs("project", itoa(p.ID)),
	}
}

func (c *call) statusJSON(name string) map[string]any {
	st, _ := statusByName(name)
	cat := statusCategories[st.Category]
	return map[string]any{
		"self":        c.base + "/rest/api/3/status/" + st.ID,
		"description": "",
		"iconUrl":     c.base + "/images/icons/statuses/generic.png",
		"name":        st.Name,
		"id":          st.ID,
		"statusCategory": map[string]any{
			"self":      c.base + "/rest/api/3/statuscategory/" + itoa(cat.ID),
			"id":        cat.ID,
			"key":       st.Category,
			"colorName": cat.Color,
			"name":      cat.Name,
		},
	}
}

func (c *call) priorityJSON(name string) any {
	id, n, ok := priorityByName(name)
	if !ok {
		return nil
	}
	return map[string]any{"self": c.base + "/rest/api/3/priority/" + id, "iconUrl": c.base + "/images/icons/priorities/" + strings.ToLower(n) + ".svg", "name": n, "id": id}
}

func (c *call) issueTypeJSON(name string) map[string]any {
	t, _ := issueTypeByName(name)
	return map[string]any{
		"self":           c.base + "/rest/api/3/issuetype/" + t.ID,
		"id":             t.ID,
		"description":    t.Description,
		"iconUrl":        c.base + "/images/icons/issuetypes/" + strings.ToLower(t.Name) + ".svg",
		"name":           t.Name,
		"subtask":        t.Subtask,
		"hierarchyLevel": t.Level,
	}
}

// issueRef renders the short form of an issue used in links, parents and
// subtasks.
func (c *call) issueRef(is *Issue) map[string]any {
	return map[string]any{
		"id":   itoa(is.ID),
		"key":  is.Key,
		"self": c.base + "/rest/api/3/issue/" + itoa(is.ID),
		"fields": map[string]any{
			"summary":   is.Summary,
			"status":    c.statusJSON(is.Status),
			"priority":  c.priorityJSON(is.Priority),
			"issuetype": c.issueTypeJSON(is.Type),
		},
	}
}

func (c *call) commentJSON(is *Issue, cm *Comment) map[string]any {
	return map[string]any{
		"self":         c.base + "/rest/api/3/issue/" + itoa(is.ID) + "/comment/" + itoa(cm.ID),
		"id":           itoa(cm.ID),
		"author":       c.userJSON(cm.Author),
		"updateAuthor": c.userJSON(cm.Author),
		"body":         cm.Body,
		"created":      jiraTime(cm.Created),
		"updated":      jiraTime(cm.Updated),
		"jsdPublic":    true,
	}
}

// fieldSelection is the parsed form of a "fields" parameter.
type fieldSelection struct {
	all, navigable bool
	include        map[string]bool
	exclude        map[string]bool
}

func parseFieldSelection(list []string, def string) fieldSelection {
	if len(list) == 0 {
		list = []string{def}
	}
	sel := fieldSelection{include: map[string]bool{}, exclude: map[string]bool{}}
	for _, f := range list {
		switch {
		case f == "*all":
			sel.all = true
		case f == "*navigable":
			sel.navigable = true
		case strings.HasPrefix(f, "-"):
			sel.exclude[f[1:]] = true
		default:
			sel.include[f] = true
		}
	}
	return sel
}

func (sel fieldSelection) wants(f *Field) bool {
	if sel.exclude[f.ID] {
		return false
	}
	return sel.all || (sel.navigable && f.Navigable) || sel.include[f.ID]
}

// empty reports whether the selection asks for no field at all (only "id"
// or "key").
func (sel fieldSelection) empty(s *Site) bool {
	for _, f := range s.Fields {
		if sel.wants(f) {
			return false
		}
	}
	return true
}

// issueJSON renders an issue as Jira's IssueBean with the selected fields.
func (c *call) issueJSON(is *Issue, sel fieldSelection, names bool) map[string]any {
	out := map[string]any{"id": itoa(is.ID)}
	if sel.empty(c.site) && !sel.include["key"] {
		return out
	}
	out["key"] = is.Key
	out["self"] = c.base + "/rest/api/3/issue/" + itoa(is.ID)
	out["expand"] = "renderedFields,names,schema,operations,editmeta,changelog,versionedRepresentations"
	fields := map[string]any{}
	nameMap := map[string]string{}
	for _, f := range c.site.Fields {
		if !sel.wants(f) {
			continue
		}
		v, ok := c.fieldValue(is, f)
		if !ok || isNull(v) {
			// Atlassian's spec declares issue fields non-nullable, so empty
			// fields are left out rather than sent as null.
			continue
		}
		fields[f.ID] = v
		nameMap[f.ID] = f.Name
	}
	out["fields"] = fields
	if names {
		out["names"] = nameMap
	}
	return out
}

// fieldValue returns the JSON value of one field of an issue.
func (c *call) fieldValue(is *Issue, f *Field) (any, bool) {
	nullable := func(s string, v any) any {
		if s == "" {
			return nil
		}
		return v
	}
	switch f.ID {
	case "summary":
		return is.Summary, true
	case "description":
		if len(is.Description) == 0 {
			return nil, true
		}
		return json.RawMessage(is.Description), true
	case "status":
		return c.statusJSON(is.Status), true
	case "priority":
		return c.priorityJSON(is.Priority), true
	case "issuetype":
		return c.issueTypeJSON(is.Type), true
	case "project":
		return c.projectJSON(is.Project), true
	case "assignee":
		return nullable(is.Assignee, c.userJSON(is.Assignee)), true
	case "reporter", "creator":
		return nullable(is.Reporter, c.userJSON(is.Reporter)), true
	case "labels":
		return nonNil(is.Labels), true
	case "components":
		comps := []any{}
		for _, name := range is.Components {
			comps = append(comps, map[string]any{"self": c.base + "/rest/api/3/component/" + name, "id": componentID(is.Project, name), "name": name})
		}
		return comps, true
	case "created":
		return jiraTime(is.Created), true
	case "updated":
		return jiraTime(is.Updated), true
	case "resolution":
		return nullable(is.Resolution, map[string]any{"self": c.base + "/rest/api/3/resolution/1", "id": resolutionID(is.Resolution), "description": "", "name": is.Resolution}), true
	case "resolutiondate":
		if is.Resolved.IsZero() {
			return nil, true
		}
		return jiraTime(is.Resolved), true
	case "duedate":
		return nullable(is.DueDate, is.DueDate), true
	case "comment":
		list := []any{}
		for _, cm := range is.Comments {
			list = append(list, c.commentJSON(is, cm))
		}
		return map[string]any{"comments": list, "self": c.base + "/rest/api/3/issue/" + itoa(is.ID) + "/comment",
			"maxResults": len(list), "total": len(list), "startAt": 0}, true
	case "issuelinks":
		return c.linksJSON(is), true
	case "subtasks":
		subs := []any{}
		for _, other := range c.site.Issues {
			if other.Parent == is {
				if t, _ := issueTypeByName(other.Type); t.Subtask {
					subs = append(subs, c.issueRef(other))
				}
			}
		}
		return subs, true
	case "parent":
		if is.Parent == nil {
			return nil, false
		}
		return c.issueRef(is.Parent), true
	}
	if f.Custom {
		v, ok := is.Custom[f.ID]
		if !ok || v == nil {
			return nil, true
		}
		return c.customJSON(f, v), true
	}
	return nil, false
}

// customJSON renders a stored custom field value in Jira's shape.
func (c *call) customJSON(f *Field, v any) any {
	switch f.SchemaType {
	case "option":
		s, _ := v.(string)
		return map[string]any{"self": c.base + "/rest/api/3/customFieldOption/" + optionID(f, s), "value": s, "id": optionID(f, s)}
	case "array":
		if f.Items == "option" {
			vals, _ := v.([]string)
			out := []any{}
			for _, s := range vals {
				out = append(out, map[string]any{"self": c.base + "/rest/api/3/customFieldOption/" + optionID(f, s), "value": s, "id": optionID(f, s)})
			}
			return out
		}
		if f.Items == "json" { // sprints
			return c.sprintFieldJSON(v)
		}
	}
	return v
}

func (c *call) linksJSON(is *Issue) []any {
	out := []any{}
	for _, l := range c.site.Links {
		var other *Issue
		var dir string
		switch {
		case l.Outward == is:
			other, dir = l.Inward, "outwardIssue"
		case l.Inward == is:
			other, dir = l.Outward, "inwardIssue"
		default:
			continue
		}
		t := linkTypeByName(l.Type)
		out = append(out, map[string]any{
			"id":   itoa(l.ID),
			"self": c.base + "/rest/api/3/issueLink/" + itoa(l.ID),
			"type": map[string]any{"id": t.ID, "name": t.Name, "inward": t.Inward, "outward": t.Outward, "self": c.base + "/rest/api/3/issueLinkType/" + t.ID},
			dir:    c.issueRef(other),
		})
	}
	return out
}

func isNull(v any) bool {
	switch x := v.(type) {
	case nil:
		return true
	case map[string]any:
		return x == nil
	case json.RawMessage:
		return x == nil
	}
	return false
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

func componentID(p *Project, name string) string {
	for i, n := range p.Components {
		if n == name {
			return itoa(p.ID*10 + i)
		}
	}
	return "0"
}

func optionID(f *Field, value string) string {
	for i, o := range f.Options {
		if o == value {
			return itoa(f.CustomID*10 + i)
		}
	}
	return "0"
}

func resolutionID(name string) string {
	for i, r := range resolutions {
		if r == name {
			return itoa(10000 + i)
		}
	}
	return "10000"
}

var resolutions = []string{"Done", "Won't Do", "Duplicate", "Cannot Reproduce"}

// sprintFieldJSON renders the Sprint custom field: the sprints an issue
// has been in.
func (c *call) sprintFieldJSON(v any) any {
	ids, _ := v.([]int)
	out := []any{}
	for _, id := range ids {
		sp := c.site.sprint(id)
		if sp == nil {
			continue
		}
		m := map[string]any{"id": sp.ID, "name": sp.Name, "state": sp.State, "boardId": sp.Board.ID, "goal": sp.Goal}
		if !sp.Start.IsZero() {
			m["startDate"] = sp.Start.UTC().Format(time.RFC3339)
			m["endDate"] = sp.End.UTC().Format(time.RFC3339)
		}
		if !sp.Complete.IsZero() {
			m["completeDate"] = sp.Complete.UTC().Format(time.RFC3339)
		}
		out = append(out, m)
	}
	return out
}
