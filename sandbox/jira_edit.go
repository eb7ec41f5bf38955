package sandbox

import (
	"encoding/json"
	"fmt"
	"maps"
	"net/http"
	"slices"
	"strings"
	"time"
)

// editIssue serves PUT /rest/api/3/issue/{key}: "fields" sets values and
// "update" applies add, remove and set verbs. Every field must be on the
// issue's edit screen. Nothing changes unless the whole edit is valid.
func (c *call) editIssue() {
	is := c.visibleIssue(c.r.PathValue("key"))
	if is == nil {
		return
	}
	var in issueInput
	if !c.decode(&in) {
		return
	}
	if len(in.Fields) == 0 && len(in.Update) == 0 {
		c.jiraError(http.StatusBadRequest, []string{"No fields or updates were given: send \"fields\" or \"update\"."}, nil)
		return
	}
	screen := editScreen(is)
	errs := map[string]string{}
	next := cloneIssue(is)
	fields := map[string]json.RawMessage{}
	for id, raw := range in.Fields {
		switch _, on := onScreen(screen, id); {
		case !on:
			errs[id] = notOnScreen(id)
		case in.Update[id] != nil:
			errs[id] = "Field '" + id + "' cannot be set in both 'fields' and 'update'."
		default:
			fields[id] = raw
		}
	}
	c.applyFields(next, fields, errs, false)
	for id, raw := range in.Update {
		if _, on := onScreen(screen, id); !on {
			errs[id] = notOnScreen(id)
			continue
		}
		c.applyUpdate(next, id, raw, errs)
	}
	for _, sf := range screen {
		if sf.required && !hasValue(next, sf.id) && errs[sf.id] == "" {
			errs[sf.id] = requiredMessage(c.site.field(sf.id))
		}
	}
	if len(errs) > 0 {
		c.jiraError(http.StatusBadRequest, nil, errs)
		return
	}
	now := c.sb.now()
	c.site.recordChanges(is, next, c.who.AccountID, now)
	next.Updated = now
	*is = *next
	c.noContent()
}

// applyUpdate applies one field's list of update verbs to is.
func (c *call) applyUpdate(is *Issue, id string, raw json.RawMessage, errs map[string]string) {
	var ops []map[string]json.RawMessage
	if json.Unmarshal(raw, &ops) != nil {
		errs[id] = "Specify the update of '" + id + "' as an array of {\"add\"|\"remove\"|\"set\": value} objects"
		return
	}
	f := c.site.field(id)
	for _, op := range ops {
		if len(op) != 1 {
			errs[id] = "Each update operation of '" + id + "' must hold exactly one of add, remove or set"
			return
		}
		for verb, val := range op {
			switch {
			case verb == "set":
				c.applyFields(is, map[string]json.RawMessage{id: val}, errs, false)
			case (verb == "add" || verb == "remove") && slices.Contains(operations(f), verb):
				c.addRemove(is, f, verb == "add", val, errs)
			default:
				errs[id] = fmt.Sprintf("Field '%s' does not support the '%s' operation (supported: %s)", id, verb, strings.Join(operations(f), ", "))
			}
			if errs[id] != "" {
				return
			}
		}
	}
}

// addRemove adds one value to, or removes one from, a multi-valued field.
func (c *call) addRemove(is *Issue, f *Field, add bool, val json.RawMessage, errs map[string]string) {
	edit := func(list []string, v string) []string {
		list = slices.DeleteFunc(slices.Clone(list), func(s string) bool { return s == v })
		if add {
			list = append(list, v)
		}
		return list
	}
	switch f.ID {
	case "labels":
		var l string
		if json.Unmarshal(val, &l) != nil || badLabel([]string{l}) != "" {
			errs[f.ID] = fmt.Sprintf("The label %s is not valid: labels are strings without spaces.", string(val))
			return
		}
		is.Labels = edit(is.Labels, l)
	case "components":
		var r ref
		_ = json.Unmarshal(val, &r)
		name := componentName(is.Project, firstNonEmpty(r.Name, r.ID))
		if name == "" {
			errs[f.ID] = "Component name '" + firstNonEmpty(r.Name, r.ID) + "' is not valid"
			return
		}
		is.Components = edit(is.Components, name)
	default:
		var r ref
		_ = json.Unmarshal(val, &r)
		v := optionValue(f, r)
		if v == "" {
			errs[f.ID] = fmt.Sprintf("Option value '%s' is not valid", firstNonEmpty(r.Value, r.ID))
			return
		}
		cur, _ := is.Custom[f.ID].([]string)
		if out := edit(cur, v); len(out) > 0 {
			is.Custom[f.ID] = out
		} else {
			delete(is.Custom, f.ID)
		}
	}
}

// cloneIssue copies an issue deeply enough that edits to the copy leave
// the original alone.
func cloneIssue(is *Issue) *Issue {
	c := *is
	c.Labels = slices.Clone(is.Labels)
	c.Components = slices.Clone(is.Components)
	c.Custom = maps.Clone(is.Custom)
	if c.Custom == nil {
		c.Custom = map[string]any{}
	}
	return &c
}

// recordChanges appends to after's history one change per field whose
// value differs between before and after.
func (s *Site) recordChanges(before, after *Issue, by string, at time.Time) {
	type view struct {
		field string
		get   func(*Issue) string
	}
	views := []view{
		{"summary", func(i *Issue) string { return i.Summary }},
		{"assignee", func(i *Issue) string { return i.Assignee }},
		{"priority", func(i *Issue) string { return i.Priority }},
		{"labels", func(i *Issue) string { return strings.Join(i.Labels, " ") }},
		{"Component", func(i *Issue) string { return strings.Join(i.Components, ", ") }},
		{"duedate", func(i *Issue) string { return i.DueDate }},
		{"status", func(i *Issue) string { return i.Status }},
		{"resolution", func(i *Issue) string { return i.Resolution }},
		{"description", func(i *Issue) string { return plainText(i.Description) }},
		{"Parent", func(i *Issue) string {
			if i.Parent == nil {
				return ""
			}
			return i.Parent.Key
		}},
	}
	for _, f := range s.Fields {
		if f.Custom {
			id := f.ID
			views = append(views, view{f.Name, func(i *Issue) string { return customText(i.Custom[id]) }})
		}
	}
	for _, v := range views {
		if from, to := v.get(before), v.get(after); from != to {
			after.History = append(after.History, Change{At: at, By: by, Field: v.field, From: from, To: to})
		}
	}
}

// customText renders a stored custom field value for history.
func customText(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case []string:
		return strings.Join(x, ", ")
	case []int:
		parts := make([]string, len(x))
		for i, n := range x {
			parts[i] = itoa(n)
		}
		return strings.Join(parts, ", ")
	case float64:
		return strings.TrimSuffix(strings.TrimRight(fmt.Sprintf("%.2f", x), "0"), ".")
	}
	return fmt.Sprint(v)
}

// noContent answers 204 with no body.
func (c *call) noContent() { c.w.WriteHeader(http.StatusNoContent) }
