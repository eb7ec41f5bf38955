package jira

import (
	"context"
	"fmt"
	"strings"

	"github.com/mark3labs/mcp-go/mcp"
	"github.com/tidwall/gjson"

	"github.com/clawbridge/atlassian-mcp/atlassian"
	"github.com/clawbridge/atlassian-mcp/tools"
)

type searchIn struct {
	JQL       string   `json:"jql"`
	Fields    []string `json:"fields"`
	Limit     int      `json:"limit"`
	PageToken string   `json:"page_token"`
}

// Validate checks the limit.
func (in *searchIn) Validate() error {
	if in.Limit < 0 || in.Limit > 100 {
		return tools.Inputf("argument \"limit\" must be between 1 and 100 (got %d); page with page_token for more", in.Limit)
	}
	if strings.TrimSpace(in.JQL) == "" {
		return tools.Inputf("argument \"jql\" is empty; write a query such as: project = ENG AND status != Done ORDER BY updated DESC")
	}
	return nil
}

// IssueSummary is one search hit.
type IssueSummary struct {
	Key      string         `json:"key"`
	Summary  string         `json:"summary,omitempty"`
	Status   string         `json:"status,omitempty"`
	Type     string         `json:"type,omitempty"`
	Priority string         `json:"priority,omitempty"`
	Assignee string         `json:"assignee,omitempty"`
	Updated  string         `json:"updated,omitempty"`
	Fields   map[string]any `json:"fields,omitempty"`
}

// SearchOut is jira_search's structured result.
type SearchOut struct {
	Issues        []IssueSummary `json:"issues"`
	NextPageToken string         `json:"next_page_token,omitempty"`
}

var baseSearchFields = []string{"summary", "status", "issuetype", "priority", "assignee", "updated"}

func searchTool() tools.Tool {
	def := mcp.NewTool("jira_search",
		mcp.WithDescription("Find Jira issues by JQL. Returns key, summary, status, type, priority, assignee, updated."),
		mcp.WithString("jql", mcp.Required(), mcp.Description("JQL, e.g. project = ENG AND status != Done ORDER BY updated DESC")),
		mcp.WithArray("fields", mcp.WithStringItems(), mcp.Description("Extra fields by name, e.g. Story Points")),
		mcp.WithInteger("limit", mcp.Description("1-100, default 20")),
		mcp.WithString("page_token", mcp.Description("From the previous page")),
		tools.OutputSchema[SearchOut](),
		tools.Annotations("Search Jira issues", true, false, true),
	)
	// Under a policy the JQL is confined to the allowed projects the caller
	// can see, which the client asks Atlassian for.
	classic, granular := issueReaderNeeds(atlassian.OpSearchJQL, atlassian.OpFields, atlassian.OpSearchProjects)
	return tools.Define(def, tools.SetJira, classic, granular, search)
}

func search(ctx context.Context, d *tools.Deps, in searchIn) (*tools.Result, error) {
	c, err := d.Atlassian(ctx)
	if err != nil {
		return nil, err
	}
	extra, err := resolveExtraFields(ctx, c, in.Fields)
	if err != nil {
		return nil, err
	}
	limit := in.Limit
	if limit == 0 {
		limit = 20
	}
	fieldIDs := append(append([]string{}, baseSearchFields...), ids(extra)...)
	page, err := c.SearchJQL(ctx, atlassian.SearchRequest{JQL: in.JQL, Fields: fieldIDs, MaxResults: limit, NextPageToken: in.PageToken})
	if err != nil {
		return nil, err
	}
	out := SearchOut{Issues: make([]IssueSummary, 0, len(page.Issues))}
	var b strings.Builder
	for _, is := range page.Issues {
		s := summarize(is, extra)
		out.Issues = append(out.Issues, s)
		b.WriteString(summaryLine(s, extra))
		b.WriteByte('\n')
	}
	if !page.IsLast {
		out.NextPageToken = page.NextPageToken
	}
	head := fmt.Sprintf("%d issues", len(out.Issues))
	if len(out.Issues) == 1 {
		head = "1 issue"
	}
	head += tools.MoreHint(out.NextPageToken)
	return &tools.Result{Text: head + "\n" + b.String(), Data: out}, nil
}

// resolveExtraFields maps requested field names to fields, loading the
// field list only when something was asked for.
func resolveExtraFields(ctx context.Context, c *atlassian.Client, refs []string) ([]atlassian.Field, error) {
	if len(refs) == 0 {
		return nil, nil
	}
	ix, err := loadFields(ctx, c)
	if err != nil {
		return nil, err
	}
	out := make([]atlassian.Field, 0, len(refs))
	for _, r := range refs {
		f, err := ix.resolve(r)
		if err != nil {
			return nil, err
		}
		out = append(out, f)
	}
	return out, nil
}

func ids(fs []atlassian.Field) []string {
	out := make([]string, len(fs))
	for i, f := range fs {
		out[i] = f.ID
	}
	return out
}

func summarize(is gjson.Result, extra []atlassian.Field) IssueSummary {
	f := is.Get("fields")
	s := IssueSummary{
		Key:      is.Get("key").String(),
		Summary:  f.Get("summary").String(),
		Status:   f.Get("status.name").String(),
		Type:     f.Get("issuetype.name").String(),
		Priority: f.Get("priority.name").String(),
		Assignee: f.Get("assignee.displayName").String(),
		Updated:  shortDate(f.Get("updated").String()),
	}
	for _, x := range extra {
		if v := value(f.Get(gjson.Escape(x.ID))); v != nil {
			if s.Fields == nil {
				s.Fields = map[string]any{}
			}
			s.Fields[x.Name] = v
		}
	}
	return s
}

func summaryLine(s IssueSummary, extra []atlassian.Field) string {
	line := fmt.Sprintf("%s [%s] %s — %s", s.Key, s.Status, s.Summary,
		tools.JoinNonEmpty(", ", s.Type, s.Priority, orUnassigned(s.Assignee), "updated "+s.Updated))
	for _, f := range extra {
		if v, ok := s.Fields[f.Name]; ok {
			line += fmt.Sprintf("; %s: %s", f.Name, text(v))
		}
	}
	return line
}

func orUnassigned(name string) string {
	if name == "" {
		return "unassigned"
	}
	return name
}
