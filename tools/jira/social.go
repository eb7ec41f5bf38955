package jira

import (
	"context"
	"fmt"
	"strings"

	"github.com/mark3labs/mcp-go/mcp"

	"github.com/clawbridge/atlassian-mcp/atlassian"
	"github.com/clawbridge/atlassian-mcp/tools"
)

type commentIn struct {
	Key  string `json:"key"`
	Body string `json:"body"`
}

// Validate checks the arguments' form.
func (in *commentIn) Validate() error {
	if !validIssueRef(in.Key) {
		return tools.Inputf("argument \"key\" must be an issue key such as ENG-42 (got %q)", in.Key)
	}
	if strings.TrimSpace(in.Body) == "" {
		return tools.Inputf("argument \"body\" is empty; write the comment in Markdown")
	}
	return nil
}

// CommentOut is jira_add_comment's structured result.
type CommentOut struct {
	Key string `json:"key"`
	ID  string `json:"id"`
	URL string `json:"url"`
}

func addCommentTool() tools.Tool {
	def := mcp.NewTool("jira_add_comment",
		mcp.WithDescription("Comment on a Jira issue."),
		mcp.WithString("key", mcp.Required(), mcp.Description("Issue key")),
		mcp.WithString("body", mcp.Required(), mcp.Description("Markdown")),
		tools.OutputSchema[CommentOut](),
		tools.Annotations("Comment on a Jira issue", false, false, false),
	)
	classic, granular := atlassian.Needs(atlassian.OpAddComment, atlassian.OpGetIssue)
	return tools.Define(def, tools.SetJiraWrite, classic, granular, addComment)
}

func addComment(ctx context.Context, d *tools.Deps, in commentIn) (*tools.Result, error) {
	c, err := d.Atlassian(ctx)
	if err != nil {
		return nil, err
	}
	key := strings.ToUpper(in.Key)
	id, err := c.AddComment(ctx, key, toADF(in.Body))
	if err != nil {
		return nil, err
	}
	out := CommentOut{Key: key, ID: id, URL: c.BrowseURL(key) + "?focusedCommentId=" + id}
	return &tools.Result{Text: fmt.Sprintf("Commented on %s (comment %s)\n%s\n", key, id, out.URL), Data: out}, nil
}

type linkIn struct {
	Type string `json:"type"`
	From string `json:"from"`
	To   string `json:"to"`
}

// Validate checks the arguments' form.
func (in *linkIn) Validate() error {
	for _, a := range []struct{ name, v string }{{"from", in.From}, {"to", in.To}} {
		if !validIssueRef(a.v) {
			return tools.Inputf("argument %q must be an issue key such as ENG-42 (got %q)", a.name, a.v)
		}
	}
	if strings.EqualFold(in.From, in.To) {
		return tools.Inputf("an issue cannot be linked to itself; from and to must differ")
	}
	if strings.TrimSpace(in.Type) == "" {
		return tools.Inputf("argument \"type\" is empty; give a link type such as Blocks or Relates")
	}
	return nil
}

// LinkOut is jira_link_issues' structured result: from <relation> to.
type LinkOut struct {
	From     string `json:"from"`
	Relation string `json:"relation"`
	To       string `json:"to"`
	Type     string `json:"type"`
}

func linkTool() tools.Tool {
	def := mcp.NewTool("jira_link_issues",
		mcp.WithDescription("Link issues so 'from TYPE to' reads true, e.g. Blocks: from blocks to. Inward phrases work too."),
		mcp.WithString("type", mcp.Required(), mcp.Description("Link type or phrase")),
		mcp.WithString("from", mcp.Required(), mcp.Description("Issue key")),
		mcp.WithString("to", mcp.Required(), mcp.Description("Issue key")),
		tools.OutputSchema[LinkOut](),
		tools.Annotations("Link Jira issues", false, false, true),
	)
	classic, granular := atlassian.Needs(atlassian.OpLinkIssues, atlassian.OpLinkTypes, atlassian.OpGetIssue)
	return tools.Define(def, tools.SetJiraWrite, classic, granular, linkIssues)
}

// linkIssues resolves the link type by its name or either phrase, any
// case, and links the issues so that the sentence reads as asked.
func linkIssues(ctx context.Context, d *tools.Deps, in linkIn) (*tools.Result, error) {
	c, err := d.Atlassian(ctx)
	if err != nil {
		return nil, err
	}
	types, err := c.LinkTypes(ctx)
	if err != nil {
		return nil, err
	}
	out, first, second, err := planLink(types, in.Type, in.From, in.To)
	if err != nil {
		return nil, err
	}
	if err := c.LinkIssues(ctx, out.Type, first, second); err != nil {
		return nil, err
	}
	return &tools.Result{Text: fmt.Sprintf("%s %s %s\n", out.From, out.Relation, out.To), Data: out}, nil
}

// planLink decides the link "from TYPE to" asks for: the type, and which
// issue goes first in LinkIssues (the one the type's outward phrase is
// said of). An inward phrase swaps them: "A is blocked by B" is "B blocks
// A".
func planLink(types []atlassian.LinkType, typ, from, to string) (out LinkOut, first, second string, err error) {
	from, to = strings.ToUpper(from), strings.ToUpper(to)
	lt, inward, found := resolveLinkType(types, typ)
	if !found {
		names := make([]string, len(types))
		for i, t := range types {
			names[i] = fmt.Sprintf("%s (%s / %s)", t.Name, t.Outward, t.Inward)
		}
		return LinkOut{}, "", "", tools.Inputf("unknown link type %q; use a type name or phrase (one of: %s)", typ, oneOf(names))
	}
	out = LinkOut{From: from, Relation: lt.Outward, To: to, Type: lt.Name}
	if inward {
		out.Relation = lt.Inward
		return out, to, from, nil
	}
	return out, from, to, nil
}

// resolveLinkType finds the link type an agent means by want, any case: a
// type's name first, then an outward phrase ("blocks"), then an inward one
// ("is blocked by"), the first type in each tier. inward reports that want
// was an inward phrase, so the issues must be swapped. A phrase one type
// uses outward and another inward means the outward one, whatever the
// order of the list.
func resolveLinkType(types []atlassian.LinkType, want string) (lt atlassian.LinkType, inward, found bool) {
	want = strings.TrimSpace(want)
	tiers := []func(atlassian.LinkType) string{
		func(t atlassian.LinkType) string { return t.Name },
		func(t atlassian.LinkType) string { return t.Outward },
		func(t atlassian.LinkType) string { return t.Inward },
	}
	for i, phrase := range tiers {
		for _, t := range types {
			if strings.EqualFold(strings.TrimSpace(phrase(t)), want) {
				return t, i == 2, true
			}
		}
	}
	return atlassian.LinkType{}, false, false
}
