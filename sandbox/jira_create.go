package sandbox

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"time"
)

// issueInput is the body of POST /issue and PUT /issue/{key}.
type issueInput struct {
	Fields map[string]json.RawMessage `json:"fields"`
	Update map[string]json.RawMessage `json:"update"`
}

// ref is the {"id"|"key"|"name"|"accountId"|"value"} object Jira uses to
// point at things in request bodies.
type ref struct {
	ID        string `json:"id"`
	Key       string `json:"key"`
	Name      string `json:"name"`
	AccountID string `json:"accountId"`
	Value     string `json:"value"`
}

func (c *call) createIssue() {
	var in issueInput
	if !c.decode(&in) {
		return
	}
	errs := map[string]string{}
	var pref ref
	_ = json.Unmarshal(in.Fields["project"], &pref)
	p := c.site.project(firstNonEmpty(pref.Key, pref.ID))
	if p == nil || !c.site.canBrowse(c.who.AccountID, p) {
		errs["project"] = "valid project is required"
		c.jiraError(http.StatusBadRequest, nil, errs)
		return
	}
	var tref ref
	_ = json.Unmarshal(in.Fields["issuetype"], &tref)
	t, ok := issueTypeByName(firstNonEmpty(tref.ID, tref.Name))
	if ok && !offersType(p, t) {
		ok = false
	}
	if !ok {
		errs["issuetype"] = "Specify an issue type"
		c.jiraError(http.StatusBadRequest, nil, errs)
		return
	}
	now := c.sb.now()
	is := &Issue{Project: p, Type: t.Name, Status: "To Do", Priority: "Medium", Reporter: c.who.AccountID,
		Created: now, Updated: now, Custom: map[string]any{}}
	screen := createScreen(p, t)
	for id := range in.Fields {
		if _, on := onScreen(screen, id); !on {
			errs[id] = notOnScreen(id)
			delete(in.Fields, id)
		}
	}
	c.applyFields(is, in.Fields, errs, true)
	for _, sf := range screen {
		if sf.required && !hasValue(is, sf.id) && errs[sf.id] == "" {
			errs[sf.id] = requiredMessage(c.site.field(sf.id))
		}
	}
	if is.Summary == "" && errs["summary"] == "" {
		errs["summary"] = "You must specify a summary of the issue."
	}
	if len(errs) > 0 {
		c.jiraError(http.StatusBadRequest, nil, errs)
		return
	}
	c.site.addIssue(is)
	writeJSON(c.w, http.StatusCreated, map[string]any{"id": itoa(is.ID), "key": is.Key, "self": c.base + "/rest/api/3/issue/" + itoa(is.ID)})
}

// applyFields validates and applies "fields" of a create or edit request.
// It records a message per bad field in errs and changes nothing a caller
// keeps when errs is not empty.
func (c *call) applyFields(is *Issue, fields map[string]json.RawMessage, errs map[string]string, creating bool) {
	for id, raw := range fields {
		switch id {
		case "project", "issuetype":
			if !creating {
				errs[id] = "Field '" + id + "' cannot be set. It is not on the appropriate screen, or unknown."
			}
		case "summary":
			var s string
			if json.Unmarshal(raw, &s) != nil || strings.TrimSpace(s) == "" {
				errs[id] = "You must specify a summary of the issue."
			} else if len(s) > 255 {
				errs[id] = "Summary must be less than 255 characters."
			} else {
				is.Summary = s
			}
		case "description":
			if string(raw) == "null" {
				is.Description = nil
			} else if err := validADF(raw); err != nil {
				errs[id] = "Operation value must be an Atlassian Document (see the Atlassian Document Format): " + err.Error()
			} else {
				is.Description = append(json.RawMessage(nil), raw...)
			}
		case "assignee":
			var r ref
			if string(raw) == "null" || unsetsAccount(raw) {
				is.Assignee = ""
			} else if json.Unmarshal(raw, &r) != nil || c.site.user(r.AccountID) == nil {
				errs[id] = "Specify a valid value for assignee"
			} else {
				is.Assignee = r.AccountID
			}
		case "reporter":
			var r ref
			if json.Unmarshal(raw, &r) != nil || c.site.user(r.AccountID) == nil {
				errs[id] = "Specify a valid value for reporter"
			} else {
				is.Reporter = r.AccountID
			}
		case "priority":
			var r ref
			_ = json.Unmarshal(raw, &r)
			if _, name, ok := priorityByName(firstNonEmpty(r.ID, r.Name)); ok {
				is.Priority = name
			} else {
				errs[id] = "Specify the Priority (id or name) in the string format"
			}
		case "labels":
			var ls []string
			if json.Unmarshal(raw, &ls) != nil {
				errs[id] = "Specify the labels as an array of strings"
			} else if bad := badLabel(ls); bad != "" {
				errs[id] = "The label '" + bad + "' contains spaces, which is invalid."
			} else {
				is.Labels = ls
			}
		case "components":
			var rs []ref
			if json.Unmarshal(raw, &rs) != nil {
				errs[id] = "Specify the components as an array of {\"name\"} or {\"id\"} objects"
				continue
			}
			var names []string
			for _, r := range rs {
				name := componentName(is.Project, firstNonEmpty(r.Name, r.ID))
				if name == "" {
					errs[id] = "Component name '" + firstNonEmpty(r.Name, r.ID) + "' is not valid"
					break
				}
				names = append(names, name)
			}
			is.Components = names
		case "duedate":
			var s string
			if string(raw) == "null" {
				is.DueDate = ""
			} else if json.Unmarshal(raw, &s) != nil {
				errs[id] = "Error parsing date string: " + string(raw)
			} else if _, err := time.Parse("2006-01-02", s); err != nil {
				errs[id] = "Error parsing date string: " + s
			} else {
				is.DueDate = s
			}
		case "parent":
			var r ref
			_ = json.Unmarshal(raw, &r)
			parent := c.site.issue(firstNonEmpty(r.Key, r.ID))
			switch {
			case parent == nil || !c.site.canBrowse(c.who.AccountID, parent.Project) || parent == is:
				errs[id] = "Could not find issue by id or key."
			case !parentFits(parent, is):
				errs[id] = "Given parent work item does not belong to appropriate hierarchy."
			default:
				is.Parent = parent
			}
		default:
			c.applyCustom(is, id, raw, errs)
		}
	}
}

// applyCustom validates and applies one custom field value.
func (c *call) applyCustom(is *Issue, id string, raw json.RawMessage, errs map[string]string) {
	f := c.site.field(id)
	if f == nil || !f.Custom || f.ID == "customfield_10020" {
		errs[id] = "Field '" + id + "' cannot be set. It is not on the appropriate screen, or unknown."
		return
	}
	if string(raw) == "null" {
		delete(is.Custom, id)
		return
	}
	switch f.SchemaType {
	case "number":
		var n float64
		if json.Unmarshal(raw, &n) != nil {
			errs[id] = "Operation value must be a number"
			return
		}
		is.Custom[id] = n
	case "string":
		var s string
		if json.Unmarshal(raw, &s) != nil {
			errs[id] = "Operation value must be a string"
			return
		}
		is.Custom[id] = s
	case "option":
		var r ref
		_ = json.Unmarshal(raw, &r)
		v := optionValue(f, r)
		if v == "" {
			errs[id] = fmt.Sprintf("Option value '%s' is not valid", firstNonEmpty(r.Value, r.ID))
			return
		}
		is.Custom[id] = v
	case "array":
		var rs []ref
		if json.Unmarshal(raw, &rs) != nil {
			errs[id] = "Specify the values as an array of {\"value\"} or {\"id\"} objects"
			return
		}
		var vals []string
		for _, r := range rs {
			v := optionValue(f, r)
			if v == "" {
				errs[id] = fmt.Sprintf("Option value '%s' is not valid", firstNonEmpty(r.Value, r.ID))
				return
			}
			vals = append(vals, v)
		}
		is.Custom[id] = vals
	default:
		errs[id] = "Field '" + id + "' cannot be set. It is not on the appropriate screen, or unknown."
	}
}

func optionValue(f *Field, r ref) string {
	for _, o := range f.Options {
		if o == r.Value || (r.ID != "" && optionID(f, o) == r.ID) {
			return o
		}
	}
	return ""
}

func componentName(p *Project, nameOrID string) string {
	for _, n := range p.Components {
		if strings.EqualFold(n, nameOrID) || componentID(p, n) == nameOrID {
			return n
		}
	}
	return ""
}

func badLabel(ls []string) string {
	for _, l := range ls {
		if l == "" || strings.ContainsAny(l, " \t\n") {
			return l
		}
	}
	return ""
}

func firstNonEmpty(ss ...string) string {
	for _, s := range ss {
		if s != "" {
			return s
		}
	}
	return ""
}

// parentFits reports whether parent sits one level above child in the issue
// type hierarchy (epic above story, story above sub-task).
func parentFits(parent, child *Issue) bool {
	pt, _ := issueTypeByName(parent.Type)
	ct, _ := issueTypeByName(child.Type)
	return pt.Level == ct.Level+1
}

// unsetsAccount reports whether raw is {"accountId": null}, Jira's way to
// clear a user field.
func unsetsAccount(raw json.RawMessage) bool {
	var m map[string]json.RawMessage
	if json.Unmarshal(raw, &m) != nil {
		return false
	}
	v, ok := m["accountId"]
	return ok && string(v) == "null"
}
