package jira

import (
	"context"
	"fmt"
	"math"
	"sort"
	"strings"
	"time"

	"github.com/mark3labs/mcp-go/mcp"

	"github.com/clawbridge/atlassian-mcp/atlassian"
	"github.com/clawbridge/atlassian-mcp/tools"
)

// issueChange holds the arguments jira_create_issue and jira_update_issue
// share. An argument left out changes nothing.
type issueChange struct {
	Summary     string         `json:"summary"`
	Description string         `json:"description"`
	Assignee    string         `json:"assignee"`
	Priority    string         `json:"priority"`
	Labels      []string       `json:"labels"`
	Components  []string       `json:"components"`
	StoryPoints *float64       `json:"story_points"`
	Parent      string         `json:"parent"`
	DueDate     string         `json:"due_date"`
	Fields      map[string]any `json:"fields"`
}

// changeOptions are the schema properties of issueChange.
func changeOptions(summaryRequired bool) []mcp.ToolOption {
	var summary []mcp.PropertyOption
	if summaryRequired {
		summary = append(summary, mcp.Required())
	}
	return []mcp.ToolOption{
		mcp.WithString("summary", summary...),
		mcp.WithString("description", mcp.Description("Markdown")),
		mcp.WithString("assignee", mcp.Description("Name, email, accountId or me")),
		mcp.WithString("priority"),
		mcp.WithArray("labels", mcp.WithStringItems()),
		mcp.WithArray("components", mcp.WithStringItems()),
		mcp.WithNumber("story_points"),
		mcp.WithString("parent", mcp.Description("Issue key")),
		mcp.WithString("due_date", mcp.Description("YYYY-MM-DD")),
		objectArg("fields", "Other fields as {name: value}"),
	}
}

// objectArg declares an object argument without mcp.WithObject's empty
// "properties", which costs context and says nothing.
func objectArg(name, description string) mcp.ToolOption {
	return func(t *mcp.Tool) {
		t.InputSchema.Properties[name] = map[string]any{"type": "object", "description": description}
	}
}

// validate checks the form of the shared arguments, before any request.
func (ch *issueChange) validate() error {
	if strings.ContainsAny(ch.Summary, "\r\n") || len(ch.Summary) > 255 {
		return tools.Inputf("argument \"summary\" must be one line of at most 255 characters")
	}
	if ch.DueDate != "" {
		if _, err := time.Parse("2006-01-02", ch.DueDate); err != nil {
			return tools.Inputf("argument \"due_date\" must be a date as YYYY-MM-DD, e.g. 2026-12-31 (got %q)", ch.DueDate)
		}
	}
	if p := ch.StoryPoints; p != nil && (*p < 0 || math.IsInf(*p, 0) || math.IsNaN(*p)) {
		return tools.Inputf("argument \"story_points\" must be a number of 0 or more, e.g. 3")
	}
	if ch.Parent != "" && !validIssueRef(ch.Parent) {
		return tools.Inputf("argument \"parent\" must be an issue key such as ENG-42 (got %q)", ch.Parent)
	}
	if err := checkLabels("labels", ch.Labels); err != nil {
		return err
	}
	for name := range ch.Fields {
		if strings.TrimSpace(name) == "" {
			return tools.Inputf("argument \"fields\" has an empty field name; name fields as jira_get_project_metadata lists them")
		}
	}
	return nil
}

// any reports whether the change sets anything.
func (ch *issueChange) any() bool {
	return ch.Summary != "" || ch.Description != "" || ch.Assignee != "" || ch.Priority != "" || ch.Labels != nil ||
		ch.Components != nil || ch.StoryPoints != nil || ch.Parent != "" || ch.DueDate != "" || len(ch.Fields) > 0
}

func checkLabels(arg string, labels []string) error {
	for _, l := range labels {
		if strings.TrimSpace(l) == "" || strings.ContainsAny(l, " \t\n") {
			return tools.Inputf("argument %q: label %q is not valid; labels are single words without spaces, such as needs-review", arg, l)
		}
	}
	return nil
}

// assignment is one field an agent asked to set, and through which argument.
type assignment struct {
	arg   string
	field atlassian.FieldMeta
	value any
}

// planner turns an issueChange into Jira's "fields" for one screen.
type planner struct {
	ctx     context.Context
	c       *atlassian.Client
	sc      *screen
	site    *fieldIndex
	project string
}

// users resolves people in the planner's project.
func (p *planner) users(ref string) (atlassian.User, error) {
	if strings.EqualFold(ref, "none") || strings.EqualFold(ref, "unassigned") {
		return atlassian.User{}, nil
	}
	return resolveUser(p.ctx, p.c, p.project, ref)
}

// system finds a system field on the screen by id, for a named argument.
func (p *planner) system(arg, id string) (atlassian.FieldMeta, error) {
	if f, ok := p.sc.byID(id); ok {
		return f, nil
	}
	return atlassian.FieldMeta{}, tools.Inputf("%s has no %s field; leave %q out (fields there: %s)", p.sc.name, p.site.name(id), arg, oneOf(p.sc.names()))
}

// fields returns the Jira "fields" for ch. Every value is checked against
// the screen before anything is sent.
func (p *planner) fields(ch *issueChange) (map[string]any, error) {
	var as []assignment
	add := func(arg, id string, v any) error {
		f, err := p.system(arg, id)
		if err != nil {
			return err
		}
		as = append(as, assignment{arg, f, v})
		return nil
	}
	named := []struct {
		arg, id string
		set     bool
		v       any
	}{
		{"summary", "summary", ch.Summary != "", ch.Summary},
		{"description", "description", ch.Description != "", ch.Description},
		{"assignee", "assignee", ch.Assignee != "", ch.Assignee},
		{"priority", "priority", ch.Priority != "", ch.Priority},
		{"labels", "labels", ch.Labels != nil, strs(ch.Labels)},
		{"components", "components", ch.Components != nil, strs(ch.Components)},
		{"parent", "parent", ch.Parent != "", ch.Parent},
		{"due_date", "duedate", ch.DueDate != "", ch.DueDate},
	}
	for _, n := range named {
		if n.set {
			if err := add(n.arg, n.id, n.v); err != nil {
				return nil, err
			}
		}
	}
	if ch.StoryPoints != nil {
		f, err := p.sc.storyPoints(p.site)
		if err != nil {
			return nil, err
		}
		as = append(as, assignment{"story_points", f, *ch.StoryPoints})
	}
	names := make([]string, 0, len(ch.Fields))
	for name := range ch.Fields {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		f, err := p.sc.lookup(name, p.site)
		if err != nil {
			return nil, err
		}
		as = append(as, assignment{fmt.Sprintf("fields[%q]", name), f, ch.Fields[name]})
	}
	out := map[string]any{}
	by := map[string]string{}
	for _, a := range as {
		if prev, dup := by[a.field.ID]; dup {
			return nil, tools.Inputf("%s is set twice, by %s and by %s; set it once", a.field.Name, prev, a.arg)
		}
		by[a.field.ID] = a.arg
		if a.field.ID == "assignee" && (strings.EqualFold(ch.Assignee, "none") || strings.EqualFold(ch.Assignee, "unassigned")) {
			out["assignee"] = map[string]any{"accountId": nil} // Jira's way to unassign
			continue
		}
		v, err := fieldValue(a.field, a.value, p.users)
		if err != nil {
			return nil, err
		}
		out[a.field.ID] = v
	}
	return out, nil
}

// missingRequired reports the required fields of a create screen that the
// fields leave empty, saying which argument sets each.
func (p *planner) missingRequired(fields map[string]any) error {
	var missing []string
	for _, f := range p.sc.fields {
		if !f.Required || f.ID == "project" || f.ID == "issuetype" {
			continue
		}
		if _, ok := fields[f.ID]; ok {
			continue
		}
		how := "pass it in fields"
		switch f.ID {
		case "summary":
			how = "pass summary"
		case "parent":
			how = "pass parent"
		}
		if len(f.Allowed) > 0 {
			missing = append(missing, fmt.Sprintf("%s (one of: %s); %s", f.Name, oneOf(labelsOf(f)), how))
		} else {
			missing = append(missing, fmt.Sprintf("%s; %s", f.Name, how))
		}
	}
	if len(missing) > 0 {
		return tools.Inputf("%s requires %s", p.sc.name, strings.Join(missing, ". It also requires "))
	}
	return nil
}

func strs(ss []string) []any {
	out := make([]any, len(ss))
	for i, s := range ss {
		out[i] = s
	}
	return out
}

// changedNames lists the display names of the fields an edit sets.
func changedNames(sc *screen, ids []string) []string {
	out := make([]string, 0, len(ids))
	for _, id := range ids {
		if f, ok := sc.byID(id); ok {
			out = append(out, f.Name)
		} else {
			out = append(out, id)
		}
	}
	sort.Strings(out)
	return out
}
