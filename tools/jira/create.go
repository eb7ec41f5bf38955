package jira

import (
	"context"
	"fmt"
	"strings"

	"github.com/mark3labs/mcp-go/mcp"

	"github.com/clawbridge/atlassian-mcp/atlassian"
	"github.com/clawbridge/atlassian-mcp/tools"
)

type createIn struct {
	Project   string `json:"project"`
	IssueType string `json:"issue_type"`
	issueChange
}

// Validate checks the arguments' form.
func (in *createIn) Validate() error {
	if strings.TrimSpace(in.Summary) == "" {
		return tools.Inputf("argument \"summary\" is empty; give the issue a one-line title")
	}
	return in.validate()
}

// WriteOut is the structured result of the write tools: the issue written
// and its browse URL.
type WriteOut struct {
	Key     string   `json:"key"`
	URL     string   `json:"url"`
	Changed []string `json:"changed,omitempty"`
}

func createTool() tools.Tool {
	opts := []mcp.ToolOption{
		mcp.WithDescription("Create a Jira issue; returns its key and URL."),
		mcp.WithString("project", mcp.Required(), mcp.Description("Project key")),
		mcp.WithString("issue_type", mcp.Required(), mcp.Description("e.g. Bug")),
	}
	opts = append(opts, changeOptions(true)...)
	opts = append(opts, tools.OutputSchema[WriteOut](), tools.Annotations("Create a Jira issue", false, false, false))
	def := mcp.NewTool("jira_create_issue", opts...)
	classic, granular := atlassian.Needs(atlassian.OpCreateIssue, atlassian.OpCreateMetaTypes, atlassian.OpCreateMetaFields,
		atlassian.OpFields, atlassian.OpAssignableUsers, atlassian.OpMyself, atlassian.OpSearchProjects, atlassian.OpGetIssue)
	return tools.Define(def, tools.SetJiraWrite, classic, granular, createIssue)
}

// createIssue reads the project's create screen (cached), checks and
// converts every value against it, and creates the issue. With warm
// metadata it costs one request, plus one to find an assignee by name.
func createIssue(ctx context.Context, d *tools.Deps, in createIn) (*tools.Result, error) {
	c, err := d.Atlassian(ctx)
	if err != nil {
		return nil, err
	}
	project := strings.ToUpper(strings.TrimSpace(in.Project))
	t, err := issueType(ctx, c, project, in.IssueType)
	if err != nil {
		return nil, err
	}
	sc, err := createScreen(ctx, c, project, t)
	if err != nil {
		return nil, err
	}
	site, err := loadFields(ctx, c)
	if err != nil {
		return nil, err
	}
	p := &planner{ctx: ctx, c: c, sc: sc, site: site, project: project}
	fields, err := p.fields(&in.issueChange)
	if err != nil {
		return nil, err
	}
	if err := p.missingRequired(fields); err != nil {
		return nil, err
	}
	fields["project"] = map[string]any{"key": project}
	fields["issuetype"] = map[string]any{"id": t.ID}
	created, err := c.CreateIssue(ctx, fields)
	if err != nil {
		return nil, err
	}
	out := WriteOut{Key: created.Key, URL: c.BrowseURL(created.Key)}
	return &tools.Result{Text: fmt.Sprintf("Created %s: %s\n%s\n", out.Key, in.Summary, out.URL), Data: out}, nil
}
