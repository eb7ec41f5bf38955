package jira

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"github.com/mark3labs/mcp-go/mcp"

	"github.com/clawbridge/atlassian-mcp/atlassian"
	"github.com/clawbridge/atlassian-mcp/tools"
)

// projectErr turns Atlassian's 404 for a project into an error that lists
// the projects the user can use (at most 20); other errors pass through.
func projectErr(ctx context.Context, c *atlassian.Client, project string, err error) error {
	if !atlassian.IsNotFound(err) {
		return err
	}
	page, perr := c.SearchProjects(ctx, "", nil, 0, maxListed+1)
	if perr != nil {
		return tools.Inputf("unknown project %q; jira_list_projects lists the projects you can use", project)
	}
	keys := make([]string, 0, len(page.Projects))
	for _, p := range page.Projects {
		keys = append(keys, p.Get("key").String())
	}
	return tools.Inputf("unknown project %q; use a project key (one of: %s)", project, oneOf(keys))
}

// issueType finds a project's issue type by name or id, any case; an
// unknown one is an error listing the project's types.
func issueType(ctx context.Context, c *atlassian.Client, project, name string) (atlassian.IssueType, error) {
	types, err := c.CreateMetaIssueTypes(ctx, project)
	if err != nil {
		return atlassian.IssueType{}, projectErr(ctx, c, project, err)
	}
	names := make([]string, len(types))
	for i, t := range types {
		if strings.EqualFold(t.Name, strings.TrimSpace(name)) || t.ID == name {
			return t, nil
		}
		names[i] = t.Name
	}
	return atlassian.IssueType{}, tools.Inputf("project %s has no issue type %q (one of: %s)", strings.ToUpper(project), name, oneOf(names))
}

// createScreen returns the create screen of an issue type in a project.
func createScreen(ctx context.Context, c *atlassian.Client, project string, t atlassian.IssueType) (*screen, error) {
	fields, err := c.CreateMetaFields(ctx, project, t.ID)
	if err != nil {
		return nil, err
	}
	return &screen{name: fmt.Sprintf("the %s %s create screen", strings.ToUpper(project), t.Name), fields: fields}, nil
}

type projectMetaIn struct {
	Project   string `json:"project"`
	IssueType string `json:"issue_type"`
}

// FieldInfo describes one create field.
type FieldInfo struct {
	ID       string   `json:"id"`
	Name     string   `json:"name"`
	Type     string   `json:"type"`
	Required bool     `json:"required,omitempty"`
	Allowed  []string `json:"allowed,omitempty"`
}

// ProjectMeta is jira_get_project_metadata's structured result.
type ProjectMeta struct {
	Project      string            `json:"project"`
	IssueTypes   []string          `json:"issue_types"`
	IssueType    string            `json:"issue_type,omitempty"`
	Fields       []FieldInfo       `json:"fields,omitempty"`
	CustomFields map[string]string `json:"custom_fields,omitempty"`
}

func projectMetaTool() tools.Tool {
	def := mcp.NewTool("jira_get_project_metadata",
		mcp.WithDescription("A project's issue types; with issue_type, its create fields, required flags and allowed values."),
		mcp.WithString("project", mcp.Required(), mcp.Description("Project key")),
		mcp.WithString("issue_type", mcp.Description("e.g. Bug")),
		tools.OutputSchema[ProjectMeta](),
		tools.Annotations("Read Jira project metadata", true, false, true),
	)
	classic, granular := atlassian.Needs(atlassian.OpCreateMetaTypes, atlassian.OpCreateMetaFields, atlassian.OpFields, atlassian.OpSearchProjects)
	return tools.Define(def, tools.SetJira, classic, granular, projectMeta)
}

// maxAllowedShown bounds the allowed values listed per field.
const maxAllowedShown = 20

func projectMeta(ctx context.Context, d *tools.Deps, in projectMetaIn) (*tools.Result, error) {
	c, err := d.Atlassian(ctx)
	if err != nil {
		return nil, err
	}
	project := strings.ToUpper(strings.TrimSpace(in.Project))
	types, err := c.CreateMetaIssueTypes(ctx, project)
	if err != nil {
		return nil, projectErr(ctx, c, project, err)
	}
	out := ProjectMeta{Project: project}
	for _, t := range types {
		out.IssueTypes = append(out.IssueTypes, t.Name)
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%s issue types: %s\n", project, strings.Join(out.IssueTypes, ", "))
	if in.IssueType == "" {
		site, err := loadFields(ctx, c)
		if err != nil {
			return nil, err
		}
		out.CustomFields = map[string]string{}
		for _, f := range site.all {
			if f.Custom {
				out.CustomFields[f.Name] = f.ID
			}
		}
		b.WriteString("Custom fields: " + customList(out.CustomFields) + "\n")
		b.WriteString("Call again with issue_type for its create fields.\n")
		return &tools.Result{Text: b.String(), Data: out}, nil
	}
	t, err := issueType(ctx, c, project, in.IssueType)
	if err != nil {
		return nil, err
	}
	sc, err := createScreen(ctx, c, project, t)
	if err != nil {
		return nil, err
	}
	out.IssueType = t.Name
	out.CustomFields = map[string]string{}
	fmt.Fprintf(&b, "%s create fields (* required):\n", t.Name)
	for _, f := range sc.fields {
		fi := FieldInfo{ID: f.ID, Name: f.Name, Type: fieldType(f), Required: f.Required}
		for _, a := range f.Allowed {
			fi.Allowed = append(fi.Allowed, a.Label())
		}
		out.Fields = append(out.Fields, fi)
		if strings.HasPrefix(f.ID, "customfield_") {
			out.CustomFields[f.Name] = f.ID
		}
		b.WriteString(fieldLine(fi))
	}
	return &tools.Result{Text: b.String(), Data: out}, nil
}

// fieldType names a field's value type for an agent: string, number,
// date, user, option, array of option, …
func fieldType(f atlassian.FieldMeta) string {
	if f.Type == "array" && f.Items != "" {
		return "array of " + f.Items
	}
	return f.Type
}

func fieldLine(f FieldInfo) string {
	star := ""
	if f.Required {
		star = "*"
	}
	line := fmt.Sprintf("- %s%s (%s", f.Name, star, f.Type)
	if strings.HasPrefix(f.ID, "customfield_") {
		line += ", " + f.ID
	}
	line += ")"
	if len(f.Allowed) > 0 {
		shown := f.Allowed
		if len(shown) > maxAllowedShown {
			shown = shown[:maxAllowedShown]
		}
		line += ": " + strings.Join(shown, ", ")
		if len(f.Allowed) > maxAllowedShown {
			line += fmt.Sprintf(", … (%d more)", len(f.Allowed)-maxAllowedShown)
		}
	}
	return line + "\n"
}

func customList(m map[string]string) string {
	names := make([]string, 0, len(m))
	for n := range m {
		names = append(names, n)
	}
	sort.Strings(names)
	parts := make([]string, len(names))
	for i, n := range names {
		parts[i] = n + " (" + m[n] + ")"
	}
	return strings.Join(parts, ", ")
}
