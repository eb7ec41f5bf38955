package jira

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/mark3labs/mcp-go/mcp"

	"github.com/clawbridge/atlassian-mcp/atlassian"
	"github.com/clawbridge/atlassian-mcp/tools"
)

type listProjectsIn struct {
	Query     string `json:"query"`
	PageToken string `json:"page_token"`
}

// Validate checks the page token.
func (in *listProjectsIn) Validate() error {
	if in.PageToken != "" {
		if n, err := strconv.Atoi(in.PageToken); err != nil || n < 0 {
			return tools.Inputf("argument \"page_token\" must be the next_page_token of a previous jira_list_projects call")
		}
	}
	return nil
}

// ProjectInfo describes one project.
type ProjectInfo struct {
	Key         string `json:"key"`
	Name        string `json:"name"`
	Type        string `json:"type,omitempty"`
	Lead        string `json:"lead,omitempty"`
	TeamManaged bool   `json:"team_managed,omitempty"`
	Description string `json:"description,omitempty"`
}

// ProjectsOut is jira_list_projects' structured result.
type ProjectsOut struct {
	Projects      []ProjectInfo `json:"projects"`
	NextPageToken string        `json:"next_page_token,omitempty"`
}

const projectPageSize = 50

func listProjectsTool() tools.Tool {
	def := mcp.NewTool("jira_list_projects",
		mcp.WithDescription("List the Jira projects you can use, with key, name, type and lead."),
		mcp.WithString("query", mcp.Description("Filter by key or name")),
		mcp.WithString("page_token", mcp.Description("From the previous page")),
		tools.OutputSchema[ProjectsOut](),
		tools.Annotations("List Jira projects", true, false, true),
	)
	classic, granular := atlassian.Needs(atlassian.OpSearchProjects)
	return tools.Define(def, tools.SetJira, classic, granular, listProjects)
}

func listProjects(ctx context.Context, d *tools.Deps, in listProjectsIn) (*tools.Result, error) {
	c, err := d.Atlassian(ctx)
	if err != nil {
		return nil, err
	}
	start, _ := strconv.Atoi(in.PageToken)
	page, err := c.SearchProjects(ctx, in.Query, nil, start, projectPageSize)
	if err != nil {
		return nil, err
	}
	out := ProjectsOut{Projects: make([]ProjectInfo, 0, len(page.Projects))}
	var b strings.Builder
	for _, p := range page.Projects {
		pi := ProjectInfo{Key: p.Get("key").String(), Name: p.Get("name").String(), Type: p.Get("projectTypeKey").String(),
			Lead: p.Get("lead.displayName").String(), TeamManaged: p.Get("simplified").Bool(), Description: p.Get("description").String()}
		out.Projects = append(out.Projects, pi)
		managed := "company-managed"
		if pi.TeamManaged {
			managed = "team-managed"
		}
		fmt.Fprintf(&b, "%s — %s (%s, %s%s)\n", pi.Key, pi.Name, pi.Type, managed, prefix(", lead ", pi.Lead))
	}
	if !page.IsLast {
		out.NextPageToken = strconv.Itoa(page.Next)
	}
	head := fmt.Sprintf("%d projects", len(out.Projects))
	if out.NextPageToken != "" {
		head += fmt.Sprintf(" (more: call again with page_token %q)", out.NextPageToken)
	}
	return &tools.Result{Text: head + "\n" + b.String(), Data: out}, nil
}
