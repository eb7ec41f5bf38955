package jira

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/mark3labs/mcp-go/mcp"
	"github.com/tidwall/gjson"

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

// projectPageSize is the page size of the project listing; one call reads
// up to projectScanPages pages while they hold no project the caller may
// use.
const (
	projectPageSize  = 50
	projectScanPages = 10
)

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
	projects, next, err := scanProjects(ctx, c, in.Query, start, projectPageSize, projectScanPages)
	if err != nil {
		return nil, err
	}
	out := ProjectsOut{Projects: make([]ProjectInfo, 0, len(projects))}
	var b strings.Builder
	for _, p := range projects {
		pi := ProjectInfo{Key: p.Get("key").String(), Name: p.Get("name").String(), Type: p.Get("projectTypeKey").String(),
			Lead: p.Get("lead.displayName").String(), TeamManaged: p.Get("simplified").Bool(), Description: p.Get("description").String()}
		out.Projects = append(out.Projects, pi)
		managed := "company-managed"
		if pi.TeamManaged {
			managed = "team-managed"
		}
		fmt.Fprintf(&b, "%s — %s (%s, %s%s)\n", pi.Key, pi.Name, pi.Type, managed, tools.Prefixed(", lead ", pi.Lead))
	}
	if next >= 0 {
		out.NextPageToken = strconv.Itoa(next)
	}
	head := fmt.Sprintf("%d projects", len(out.Projects))
	head += tools.MoreHint(out.NextPageToken)
	return &tools.Result{Text: head + "\n" + b.String(), Data: out}, nil
}

// scanProjects reads pages of size projects from start, and goes on to the
// next while a page holds none the caller may use (a Claw's allowlist
// filters them), up to maxPages pages: an answer that is empty but says
// there is more would tell an agent that projects it may not see exist.
// next is where the following page starts, or -1 at the end of the list.
func scanProjects(ctx context.Context, c *atlassian.Client, query string, start, size, maxPages int) (projects []gjson.Result, next int, err error) {
	for i := 1; ; i++ {
		page, err := c.SearchProjects(ctx, query, nil, start, size)
		if err != nil {
			return nil, 0, err
		}
		if page.IsLast || page.Next <= start {
			return page.Projects, -1, nil
		}
		if len(page.Projects) > 0 || i >= maxPages {
			return page.Projects, page.Next, nil
		}
		start = page.Next
	}
}
