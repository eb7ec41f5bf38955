package jira

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"github.com/mark3labs/mcp-go/mcp"
	"github.com/tidwall/gjson"

	"github.com/clawbridge/atlassian-mcp/atlassian"
	"github.com/clawbridge/atlassian-mcp/tools"
)

type getIssueIn struct {
	Key    string   `json:"key"`
	Fields []string `json:"fields"`
}

// Validate checks the key's form.
func (in *getIssueIn) Validate() error {
	if !validIssueRef(in.Key) {
		return tools.Inputf("argument \"key\" must be an issue key such as ENG-42 or a numeric issue id (got %q)", in.Key)
	}
	return nil
}

// IssueRef is a short reference to another issue.
type IssueRef struct {
	Key     string `json:"key"`
	Summary string `json:"summary,omitempty"`
	Status  string `json:"status,omitempty"`
	// Relation says how this issue relates to the one read, e.g. "blocks".
	Relation string `json:"relation,omitempty"`
}

// Comment is one issue comment, as Markdown.
type Comment struct {
	Author  string `json:"author"`
	Created string `json:"created"`
	Body    string `json:"body"`
}

// IssueDetail is jira_get_issue's structured result.
type IssueDetail struct {
	Key         string         `json:"key"`
	URL         string         `json:"url"`
	Project     string         `json:"project"`
	Summary     string         `json:"summary"`
	Type        string         `json:"type,omitempty"`
	Status      string         `json:"status,omitempty"`
	Priority    string         `json:"priority,omitempty"`
	Assignee    string         `json:"assignee,omitempty"`
	Reporter    string         `json:"reporter,omitempty"`
	Created     string         `json:"created,omitempty"`
	Updated     string         `json:"updated,omitempty"`
	Resolution  string         `json:"resolution,omitempty"`
	DueDate     string         `json:"due_date,omitempty"`
	Labels      []string       `json:"labels,omitempty"`
	Components  []string       `json:"components,omitempty"`
	Parent      *IssueRef      `json:"parent,omitempty"`
	Subtasks    []IssueRef     `json:"subtasks,omitempty"`
	Links       []IssueRef     `json:"links,omitempty"`
	Fields      map[string]any `json:"fields,omitempty"`
	Description string         `json:"description,omitempty"`
	Comments    []Comment      `json:"comments,omitempty"`
}

func getIssueTool() tools.Tool {
	def := mcp.NewTool("jira_get_issue",
		mcp.WithDescription("Read one Jira issue: fields, description and comments as Markdown, links, subtasks."),
		mcp.WithString("key", mcp.Required(), mcp.Description("Issue key, e.g. ENG-42")),
		mcp.WithArray("fields", mcp.WithStringItems(), mcp.Description("Only these fields, by name")),
		tools.OutputSchema[IssueDetail](),
		tools.Annotations("Read a Jira issue", true, false, true),
	)
	classic, granular := issueReaderNeeds(atlassian.OpGetIssue, atlassian.OpFields)
	return tools.Define(def, tools.SetJira, classic, granular, getIssue)
}

// Output limits keep one issue from flooding an agent's context.
const (
	maxDescription = 20000
	maxComment     = 4000
)

func getIssue(ctx context.Context, d *tools.Deps, in getIssueIn) (*tools.Result, error) {
	c, err := d.Atlassian(ctx)
	if err != nil {
		return nil, err
	}
	var fieldIDs []string
	if len(in.Fields) > 0 {
		extra, err := resolveExtraFields(ctx, c, in.Fields)
		if err != nil {
			return nil, err
		}
		fieldIDs = append([]string{"summary", "project"}, ids(extra)...)
	}
	is, err := c.GetIssue(ctx, in.Key, fieldIDs, "names")
	if err != nil {
		return nil, err
	}
	det := detail(is, c.BrowseURL(is.Get("key").String()))
	return &tools.Result{Text: renderDetail(det), Data: det}, nil
}

func detail(is gjson.Result, url string) IssueDetail {
	f := is.Get("fields")
	d := IssueDetail{
		Key: is.Get("key").String(), URL: url, Project: f.Get("project.key").String(),
		Summary: f.Get("summary").String(), Type: f.Get("issuetype.name").String(), Status: f.Get("status.name").String(),
		Priority: f.Get("priority.name").String(), Assignee: f.Get("assignee.displayName").String(),
		Reporter: f.Get("reporter.displayName").String(), Created: shortDate(f.Get("created").String()),
		Updated: shortDate(f.Get("updated").String()), Resolution: f.Get("resolution.name").String(),
		DueDate: f.Get("duedate").String(),
	}
	for _, l := range f.Get("labels").Array() {
		d.Labels = append(d.Labels, l.String())
	}
	for _, c := range f.Get("components").Array() {
		d.Components = append(d.Components, c.Get("name").String())
	}
	if p := f.Get("parent"); p.Exists() && p.Type != gjson.Null {
		r := ref(p, "parent")
		d.Parent = &r
	}
	for _, s := range f.Get("subtasks").Array() {
		d.Subtasks = append(d.Subtasks, ref(s, "subtask"))
	}
	for _, l := range f.Get("issuelinks").Array() {
		if o := l.Get("outwardIssue"); o.Exists() {
			d.Links = append(d.Links, ref(o, l.Get("type.outward").String()))
		} else if i := l.Get("inwardIssue"); i.Exists() {
			d.Links = append(d.Links, ref(i, l.Get("type.inward").String()))
		}
	}
	if desc := f.Get("description"); desc.IsObject() {
		d.Description = tools.Truncate(markdown(desc), maxDescription, "open "+url+" for the full text")
	}
	for _, c := range f.Get("comment.comments").Array() {
		d.Comments = append(d.Comments, Comment{Author: c.Get("author.displayName").String(),
			Created: shortDate(c.Get("created").String()),
			Body:    tools.Truncate(markdown(c.Get("body")), maxComment, "open "+url+" for the full comment")})
	}
	names := is.Get("names")
	f.ForEach(func(k, v gjson.Result) bool {
		id := k.String()
		if !strings.HasPrefix(id, "customfield_") {
			return true
		}
		if x := value(v); x != nil {
			if d.Fields == nil {
				d.Fields = map[string]any{}
			}
			name := names.Get(gjson.Escape(id)).String()
			if name == "" {
				name = id
			}
			d.Fields[name] = x
		}
		return true
	})
	return d
}

func ref(r gjson.Result, relation string) IssueRef {
	return IssueRef{Key: r.Get("key").String(), Summary: r.Get("fields.summary").String(),
		Status: r.Get("fields.status.name").String(), Relation: relation}
}

func renderDetail(d IssueDetail) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s: %s\n", d.Key, d.Summary)
	b.WriteString(tools.JoinNonEmpty(" · ", d.Type, d.Status, d.Priority, "assignee "+orUnassigned(d.Assignee),
		tools.Prefixed("reporter ", d.Reporter), tools.Prefixed("resolution ", d.Resolution)) + "\n")
	b.WriteString(tools.JoinNonEmpty(" · ", "project "+d.Project, tools.Prefixed("created ", d.Created), tools.Prefixed("updated ", d.Updated),
		tools.Prefixed("due ", d.DueDate), tools.Prefixed("labels ", strings.Join(d.Labels, ", ")), tools.Prefixed("components ", strings.Join(d.Components, ", "))) + "\n")
	if len(d.Fields) > 0 {
		names := make([]string, 0, len(d.Fields))
		for n := range d.Fields {
			names = append(names, n)
		}
		sort.Strings(names)
		parts := make([]string, len(names))
		for i, n := range names {
			parts[i] = n + ": " + text(d.Fields[n])
		}
		b.WriteString(strings.Join(parts, " · ") + "\n")
	}
	if d.Parent != nil {
		fmt.Fprintf(&b, "Parent: %s %s\n", d.Parent.Key, d.Parent.Summary)
	}
	for _, l := range d.Links {
		fmt.Fprintf(&b, "Link: %s %s %s [%s]\n", l.Relation, l.Key, l.Summary, l.Status)
	}
	for _, s := range d.Subtasks {
		fmt.Fprintf(&b, "Subtask: %s %s [%s]\n", s.Key, s.Summary, s.Status)
	}
	b.WriteString(d.URL + "\n")
	if d.Description != "" {
		b.WriteString("\nDescription:\n" + d.Description + "\n")
	}
	if len(d.Comments) > 0 {
		fmt.Fprintf(&b, "\nComments (%d):\n", len(d.Comments))
		for _, c := range d.Comments {
			fmt.Fprintf(&b, "- %s, %s: %s\n", c.Author, c.Created, strings.ReplaceAll(c.Body, "\n", "\n  "))
		}
	}
	return b.String()
}

// validIssueRef reports whether s looks like an issue key (ABC-123) or a
// numeric id. It checks form only: which project an issue is in is decided
// by what Atlassian returns.
func validIssueRef(s string) bool {
	if s == "" || len(s) > 64 {
		return false
	}
	if allDigits(s) {
		return true
	}
	i := strings.LastIndexByte(s, '-')
	if i <= 0 || !allDigits(s[i+1:]) {
		return false
	}
	for j, r := range s[:i] {
		isLetter := (r >= 'A' && r <= 'Z') || (r >= 'a' && r <= 'z')
		if !(isLetter || (j > 0 && ((r >= '0' && r <= '9') || r == '_'))) {
			return false
		}
	}
	return true
}

func allDigits(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}
