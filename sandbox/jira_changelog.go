package sandbox

import (
	"sort"
	"strings"
)

// changelogJSON renders an issue's history as Jira's PageOfChangelogs,
// oldest first, one history entry per change.
func (c *call) changelogJSON(is *Issue) map[string]any {
	hist := append([]Change(nil), is.History...)
	sort.SliceStable(hist, func(i, j int) bool { return hist[i].At.Before(hist[j].At) })
	out := []any{}
	for i, ch := range hist {
		h := map[string]any{"id": itoa(is.ID*1000 + i), "created": jiraTime(ch.At), "items": []any{c.changeItemJSON(ch)}}
		if u := c.userJSON(ch.By); u != nil {
			h["author"] = u
		}
		out = append(out, h)
	}
	return map[string]any{"startAt": 0, "maxResults": len(out), "total": len(out), "histories": out}
}

// changeItemJSON renders one change as Jira's ChangeDetails. Ids go in
// from/to and display text in fromString/toString, as Jira writes them;
// empty sides are left out because the spec does not allow null there.
func (c *call) changeItemJSON(ch Change) map[string]any {
	item := map[string]any{"field": ch.Field, "fieldtype": "jira"}
	set := func(k, v string) {
		if v != "" {
			item[k] = v
		}
	}
	switch ch.Field {
	case "status":
		item["fieldId"] = "status"
		from, _ := statusByName(ch.From)
		to, _ := statusByName(ch.To)
		set("from", from.ID)
		set("to", to.ID)
		set("fromString", ch.From)
		set("toString", ch.To)
	case "assignee":
		item["fieldId"] = "assignee"
		set("from", ch.From)
		set("to", ch.To)
		set("fromString", c.displayName(ch.From))
		set("toString", c.displayName(ch.To))
	case "Sprint":
		item["fieldtype"], item["fieldId"] = "custom", fieldSprint
		set("from", ch.From)
		set("to", ch.To)
		set("fromString", c.sprintNames(ch.From))
		set("toString", c.sprintNames(ch.To))
	default:
		if f := c.fieldNamed(ch.Field); f != nil {
			item["fieldId"] = f.ID
			if f.Custom {
				item["fieldtype"] = "custom"
			}
		}
		set("fromString", ch.From)
		set("toString", ch.To)
	}
	return item
}

func (c *call) displayName(accountID string) string {
	if u := c.site.user(accountID); u != nil {
		return u.DisplayName
	}
	return ""
}

// sprintNames turns "21, 22" into "ENG Sprint 21, ENG Sprint 22".
func (c *call) sprintNames(ids string) string {
	var names []string
	for _, id := range strings.Split(ids, ",") {
		if n, ok := atoi(strings.TrimSpace(id)); ok {
			if sp := c.site.sprint(n); sp != nil {
				names = append(names, sp.Name)
			}
		}
	}
	return strings.Join(names, ", ")
}

// fieldNamed returns the field whose id or name is ref, or nil.
func (c *call) fieldNamed(ref string) *Field {
	for _, f := range c.site.Fields {
		if f.ID == ref || f.Name == ref {
			return f
		}
	}
	return nil
}
