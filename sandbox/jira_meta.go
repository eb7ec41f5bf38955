package sandbox

import (
	"net/http"
	"strings"
)

// A screenField is one field on a create, edit or transition screen, and
// whether the screen requires it.
type screenField struct {
	id       string
	required bool
}

// Custom fields the seeded screens use.
const (
	fieldSprint         = "customfield_10020"
	fieldFlagged        = "customfield_10021"
	fieldSeverity       = "customfield_10030"
	fieldTeam           = "customfield_10031"
	fieldCustomerImpact = "customfield_10032"
)

// projectIssueTypes lists the issue types a project offers: software
// projects have epics and stories, business projects tasks and bugs.
func projectIssueTypes(p *Project) []issueTypeInfo {
	var out []issueTypeInfo
	for _, t := range issueTypes {
		if p.TypeKey != "software" && (t.Name == "Epic" || t.Name == "Story") {
			continue
		}
		out = append(out, t)
	}
	return out
}

// offersType reports whether project p offers issue type t.
func offersType(p *Project, t issueTypeInfo) bool {
	for _, o := range projectIssueTypes(p) {
		if o.ID == t.ID {
			return true
		}
	}
	return false
}

// createScreen returns the fields of p's create screen for issue type t.
// ENG and OPS estimate with different story-point fields, OPS requires a
// Severity on bugs, and sub-tasks require a parent, so that tools must
// read the screen rather than assume it.
func createScreen(p *Project, t issueTypeInfo) []screenField {
	out := []screenField{{"project", true}, {"issuetype", true}, {"summary", true}, {"description", false},
		{"reporter", false}, {"assignee", false}, {"priority", false}, {"labels", false}, {"duedate", false}}
	if len(p.Components) > 0 {
		out = append(out, screenField{"components", false})
	}
	switch {
	case t.Subtask:
		out = append(out, screenField{"parent", true})
	case t.Level == 0:
		out = append(out, screenField{"parent", false})
	}
	if p.StoryPointsField != "" && t.Level == 0 {
		out = append(out, screenField{p.StoryPointsField, false})
	}
	out = append(out, screenField{fieldTeam, false})
	if p.TypeKey == "software" {
		out = append(out, screenField{fieldFlagged, false})
		if t.Name == "Bug" {
			out = append(out, screenField{fieldSeverity, p.Key == "OPS"}, screenField{fieldCustomerImpact, false})
		}
	}
	return out
}

// editScreen returns the fields of an issue's edit screen: its create
// screen without the project and issue type.
func editScreen(is *Issue) []screenField {
	t, _ := issueTypeByName(is.Type)
	var out []screenField
	for _, sf := range createScreen(is.Project, t) {
		if sf.id != "project" && sf.id != "issuetype" {
			out = append(out, sf)
		}
	}
	return out
}

// onScreen returns the screen field with id, if the screen has it.
func onScreen(screen []screenField, id string) (screenField, bool) {
	for _, sf := range screen {
		if sf.id == id {
			return sf, true
		}
	}
	return screenField{}, false
}

// schemaJSON renders a field's schema as Jira's JsonTypeBean.
func schemaJSON(f *Field) map[string]any {
	schema := map[string]any{"type": f.SchemaType}
	if f.Items != "" {
		schema["items"] = f.Items
	}
	if f.Custom {
		schema["custom"] = f.CustomType
		schema["customId"] = f.CustomID
	} else {
		schema["system"] = f.System
	}
	return schema
}

// operations lists the edit verbs a field supports.
func operations(f *Field) []string {
	if f.SchemaType == "array" && (f.ID == "labels" || f.ID == "components" || f.Items == "option") {
		return []string{"add", "set", "remove"}
	}
	return []string{"set"}
}

// fieldMetaJSON renders one screen field as Jira's FieldMetadata, with its
// allowed values. withID adds "fieldId", which only create metadata has.
func (c *call) fieldMetaJSON(f *Field, sf screenField, p *Project, withID bool) map[string]any {
	m := map[string]any{"key": f.ID, "name": f.Name, "required": sf.required, "schema": schemaJSON(f),
		"operations": operations(f), "hasDefaultValue": false}
	if withID {
		m["fieldId"] = f.ID
	}
	var allowed []any
	switch f.ID {
	case "project":
		allowed = []any{c.projectJSON(p)}
	case "issuetype":
		for _, t := range projectIssueTypes(p) {
			allowed = append(allowed, c.issueTypeJSON(t.Name))
		}
	case "priority":
		for _, pr := range priorities {
			allowed = append(allowed, c.priorityJSON(pr.Name))
		}
		m["hasDefaultValue"] = true
		m["defaultValue"] = c.priorityJSON("Medium")
	case "components":
		for _, name := range p.Components {
			allowed = append(allowed, map[string]any{"self": c.base + "/rest/api/3/component/" + componentID(p, name), "id": componentID(p, name), "name": name})
		}
	case "resolution":
		for _, r := range resolutions {
			allowed = append(allowed, map[string]any{"self": c.base + "/rest/api/3/resolution/" + resolutionID(r), "id": resolutionID(r), "name": r, "description": ""})
		}
	case "assignee", "reporter":
		m["autoCompleteUrl"] = c.base + "/rest/api/3/user/assignable/search?project=" + p.Key + "&query="
	case "labels":
		m["autoCompleteUrl"] = c.base + "/rest/api/1.0/labels/suggest?query="
	}
	for _, o := range f.Options {
		allowed = append(allowed, map[string]any{"self": c.base + "/rest/api/3/customFieldOption/" + optionID(f, o), "value": o, "id": optionID(f, o)})
	}
	if allowed != nil {
		m["allowedValues"] = allowed
	}
	return m
}

// pageBounds reads startAt and maxResults (at most limit) and answers 400
// when they are malformed or too large, as Jira does.
func (c *call) pageBounds(def, limit int) (int, int, bool) {
	startAt, ok := c.intParam("startAt", 0)
	if !ok {
		return 0, 0, false
	}
	maxResults, ok := c.intParam("maxResults", def)
	if !ok {
		return 0, 0, false
	}
	if maxResults > limit {
		c.jiraError(http.StatusBadRequest, []string{"Parameter 'maxResults' must not exceed the limit '" + itoa(limit) + "'"}, nil)
		return 0, 0, false
	}
	return startAt, maxResults, true
}

// visibleProject resolves a project key or id the caller may browse,
// answering 404 otherwise.
func (c *call) visibleProject(ref string) *Project {
	p := c.site.project(ref)
	if p == nil || !c.site.canBrowse(c.who.AccountID, p) {
		c.jiraError(http.StatusNotFound, []string{"No project could be found with key '" + ref + "'."}, nil)
		return nil
	}
	return p
}

func (c *call) createMetaIssueTypes() {
	p := c.visibleProject(c.r.PathValue("project"))
	if p == nil {
		return
	}
	startAt, maxResults, ok := c.pageBounds(50, 200)
	if !ok {
		return
	}
	types := projectIssueTypes(p)
	page := types[min(startAt, len(types)):min(startAt+maxResults, len(types))]
	out := []any{}
	for _, t := range page {
		out = append(out, c.issueTypeJSON(t.Name))
	}
	c.ok(map[string]any{"issueTypes": out, "maxResults": maxResults, "startAt": startAt, "total": len(types)})
}

func (c *call) createMetaFields() {
	p := c.visibleProject(c.r.PathValue("project"))
	if p == nil {
		return
	}
	t, found := issueTypeByName(c.r.PathValue("type"))
	if !found || t.ID != c.r.PathValue("type") || !offersType(p, t) {
		c.jiraError(http.StatusNotFound, []string{"Issue type with id '" + c.r.PathValue("type") + "' does not exist or is not valid for project '" + p.Key + "'."}, nil)
		return
	}
	startAt, maxResults, ok := c.pageBounds(50, 200)
	if !ok {
		return
	}
	screen := createScreen(p, t)
	page := screen[min(startAt, len(screen)):min(startAt+maxResults, len(screen))]
	out := []any{}
	for _, sf := range page {
		out = append(out, c.fieldMetaJSON(c.site.field(sf.id), sf, p, true))
	}
	c.ok(map[string]any{"fields": out, "maxResults": maxResults, "startAt": startAt, "total": len(screen)})
}

func (c *call) editMeta() {
	is := c.visibleIssue(c.r.PathValue("key"))
	if is == nil {
		return
	}
	c.ok(c.editMetaJSON(is))
}

// editMetaJSON renders an issue's edit screen as Jira's IssueUpdateMetadata.
func (c *call) editMetaJSON(is *Issue) map[string]any {
	fields := map[string]any{}
	for _, sf := range editScreen(is) {
		fields[sf.id] = c.fieldMetaJSON(c.site.field(sf.id), sf, is.Project, false)
	}
	return map[string]any{"fields": fields}
}

// notOnScreen is Jira's message for a field a screen lacks.
func notOnScreen(id string) string {
	return "Field '" + id + "' cannot be set. It is not on the appropriate screen, or unknown."
}

// requiredMessage is Jira's message for a required field left empty.
func requiredMessage(f *Field) string {
	return f.Name + " is required."
}

// hasValue reports whether an issue holds a value for a field id.
func hasValue(is *Issue, id string) bool {
	switch id {
	case "project", "issuetype":
		return true
	case "summary":
		return strings.TrimSpace(is.Summary) != ""
	case "parent":
		return is.Parent != nil
	case "resolution":
		return is.Resolution != ""
	case "assignee":
		return is.Assignee != ""
	case "priority":
		return is.Priority != ""
	}
	v, ok := is.Custom[id]
	return ok && v != nil
}
