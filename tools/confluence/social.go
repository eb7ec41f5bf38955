package confluence

import (
	"context"
	"fmt"
	"strings"

	"github.com/mark3labs/mcp-go/mcp"

	"github.com/clawbridge/atlassian-mcp/atlassian"
	"github.com/clawbridge/atlassian-mcp/tools"
)

type addCommentIn struct {
	ID   string `json:"id"`
	Body string `json:"body"`
}

// Validate checks the page id.
func (in *addCommentIn) Validate() error {
	if strings.TrimSpace(in.Body) == "" {
		return tools.Inputf("argument \"body\" is empty; write the comment in Markdown")
	}
	return checkPageID("id", in.ID)
}

// CommentOut is confluence_add_comment's structured result.
type CommentOut struct {
	ID     string `json:"id"`
	PageID string `json:"page_id"`
	URL    string `json:"url,omitempty"`
}

func addCommentTool() tools.Tool {
	def := mcp.NewTool("confluence_add_comment",
		mcp.WithDescription("Add a comment at the bottom of a Confluence page."),
		mcp.WithString("id", mcp.Required(), mcp.Description("Page id")),
		mcp.WithString("body", mcp.Required(), mcp.Description("Markdown")),
		tools.OutputSchema[CommentOut](),
		tools.Annotations("Comment on a Confluence page", false, false, false),
	)
	// Under a policy the client re-reads the page and its space first.
	classic, granular := atlassian.Needs(atlassian.OpCreateFooterComment, atlassian.OpGetPage, atlassian.OpListSpaces)
	return tools.Define(def, tools.SetConfluenceWrite, classic, granular, addComment)
}

func addComment(ctx context.Context, d *tools.Deps, in addCommentIn) (*tools.Result, error) {
	doc, err := inputDoc("body", in.Body, formatMarkdown)
	if err != nil {
		return nil, err
	}
	raw, err := marshalDoc(doc)
	if err != nil {
		return nil, err
	}
	c, err := d.Atlassian(ctx)
	if err != nil {
		return nil, err
	}
	cm, err := c.AddFooterComment(ctx, in.ID, raw)
	if err != nil {
		return nil, err
	}
	out := CommentOut{ID: cm.Get("id").String(), PageID: in.ID, URL: siteLink(c.SiteURL(), cm.Get("_links.webui").String())}
	return &tools.Result{Text: fmt.Sprintf("Added comment %s to page %s\n%s\n", out.ID, out.PageID, out.URL), Data: out}, nil
}

type addLabelsIn struct {
	ID     string   `json:"id"`
	Labels []string `json:"labels"`
}

// Validate checks the page id and the labels' form.
func (in *addLabelsIn) Validate() error {
	if err := checkPageID("id", in.ID); err != nil {
		return err
	}
	labels, err := normalizeLabels(in.Labels, true)
	in.Labels = labels
	return err
}

// LabelsOut is confluence_add_labels' structured result.
type LabelsOut struct {
	ID     string   `json:"id"`
	Labels []string `json:"labels"`
}

func addLabelsTool() tools.Tool {
	def := mcp.NewTool("confluence_add_labels",
		mcp.WithDescription("Add labels to a Confluence page."),
		mcp.WithString("id", mcp.Required(), mcp.Description("Page id")),
		mcp.WithArray("labels", mcp.Required(), mcp.WithStringItems(), mcp.Description("Single words, e.g. runbook")),
		tools.OutputSchema[LabelsOut](),
		tools.Annotations("Label a Confluence page", false, false, true),
	)
	// Under a policy the client re-reads the page and its space first.
	classic, granular := atlassian.Needs(atlassian.OpAddLabels, atlassian.OpGetPage, atlassian.OpListSpaces)
	return tools.Define(def, tools.SetConfluenceWrite, classic, granular, addLabels)
}

func addLabels(ctx context.Context, d *tools.Deps, in addLabelsIn) (*tools.Result, error) {
	c, err := d.Atlassian(ctx)
	if err != nil {
		return nil, err
	}
	labels, err := c.AddLabels(ctx, in.ID, in.Labels)
	if err != nil {
		return nil, err
	}
	out := LabelsOut{ID: in.ID, Labels: labels}
	return &tools.Result{Text: fmt.Sprintf("Page %s now has labels: %s\n", in.ID, strings.Join(labels, ", ")), Data: out}, nil
}
