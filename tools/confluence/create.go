package confluence

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/mark3labs/mcp-go/mcp"

	"github.com/clawbridge/atlassian-mcp/atlassian"
	"github.com/clawbridge/atlassian-mcp/tools"
)

type createPageIn struct {
	Space  string   `json:"space"`
	Title  string   `json:"title"`
	Parent string   `json:"parent"`
	Body   string   `json:"body"`
	Format string   `json:"format"`
	Labels []string `json:"labels"`
}

// Validate checks the space key, title, parent id, format and labels.
func (in *createPageIn) Validate() error {
	if err := checkSpaceKey(in.Space); err != nil {
		return err
	}
	in.Title = strings.TrimSpace(in.Title)
	if in.Title == "" || len(in.Title) > 255 {
		return tools.Inputf("argument \"title\" must be 1 to 255 characters (got %d)", len(in.Title))
	}
	if in.Parent != "" {
		if err := checkPageID("parent", in.Parent); err != nil {
			return err
		}
	}
	if err := checkFormat(in.Format); err != nil {
		return err
	}
	labels, err := normalizeLabels(in.Labels, false)
	in.Labels = labels
	return err
}

// WrittenPage is the structured result of a page write.
type WrittenPage struct {
	ID      string   `json:"id"`
	Title   string   `json:"title"`
	Space   string   `json:"space"`
	Version int      `json:"version"`
	URL     string   `json:"url"`
	Labels  []string `json:"labels,omitempty"`
	// Removed lists what a replace dropped that Markdown cannot hold.
	Removed []string `json:"removed,omitempty"`
	// Retried says the change was re-applied after a concurrent edit.
	Retried bool `json:"retried,omitempty"`
}

func createPageTool() tools.Tool {
	def := mcp.NewTool("confluence_create_page",
		mcp.WithDescription("Create a Confluence page from Markdown or ADF."),
		mcp.WithString("space", mcp.Required(), mcp.Description("Space key")),
		mcp.WithString("title", mcp.Required(), mcp.Description("Unique in the space")),
		mcp.WithString("parent", mcp.Description("Parent page id")),
		mcp.WithString("body", mcp.Required(), mcp.Description("Content")),
		formatArg(),
		mcp.WithArray("labels", mcp.WithStringItems()),
		tools.OutputSchema[WrittenPage](),
		tools.Annotations("Create a Confluence page", false, false, false),
	)
	classic, granular := atlassian.Needs(atlassian.OpListSpaces, atlassian.OpCreatePage, atlassian.OpAddLabels, atlassian.OpListPages)
	return tools.Define(def, tools.SetConfluenceWrite, classic, granular, createPage)
}

func createPage(ctx context.Context, d *tools.Deps, in createPageIn) (*tools.Result, error) {
	doc, err := inputDoc("body", in.Body, in.Format)
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
	sp, err := c.SpaceByKey(ctx, in.Space)
	if err != nil {
		return nil, err
	}
	page, err := c.CreatePage(ctx, atlassian.NewPage{SpaceID: sp.ID, Title: in.Title, ParentID: in.Parent, Body: raw})
	if err != nil {
		if atlassian.StatusOf(err) == 400 && strings.Contains(err.Error(), "already exists") {
			hint := ""
			if p, ok, ferr := c.FindPage(ctx, sp.ID, in.Title); ferr == nil && ok {
				hint = " (page " + p.Get("id").String() + ")"
			}
			return nil, tools.Inputf("a page titled %q already exists in space %s%s; change it with confluence_update_page or pick another title", in.Title, sp.Key, hint)
		}
		return nil, err
	}
	out := WrittenPage{ID: page.Get("id").String(), Title: page.Get("title").String(), Space: sp.Key,
		Version: int(page.Get("version.number").Int()), URL: siteLink(c.SiteURL(), page.Get("_links.webui").String())}
	text := fmt.Sprintf("Created page %s %q in %s", out.ID, out.Title, out.Space)
	if p := page.Get("parentId").String(); p != "" {
		text += " under page " + p
	}
	text += "\n" + out.URL + "\n"
	if len(in.Labels) > 0 {
		labels, err := c.AddLabels(ctx, out.ID, in.Labels)
		if err != nil {
			text += "Warning: the page was created, but adding the labels failed: " + tools.ErrorText(err) + "; retry with confluence_add_labels\n"
		} else {
			out.Labels = labels
			text += "labels: " + strings.Join(labels, ", ") + "\n"
		}
	}
	return &tools.Result{Text: text, Data: out}, nil
}

// labelBadChars are the characters Confluence labels cannot hold.
const labelBadChars = `!#&()*,.:;<>?@[]^ `

// normalizeLabels lower-cases labels, drops duplicates and checks their
// form. required says the list may not be empty.
func normalizeLabels(in []string, required bool) ([]string, error) {
	if required && len(in) == 0 {
		return nil, tools.Inputf("argument \"labels\" needs at least one label, e.g. [\"runbook\"]")
	}
	if len(in) > 20 {
		return nil, tools.Inputf("argument \"labels\" has %d labels; add at most 20 at a time", len(in))
	}
	var out []string
	for _, l := range in {
		l = strings.ToLower(strings.TrimSpace(l))
		switch {
		case l == "":
			return nil, tools.Inputf("argument \"labels\" has an empty label")
		case len(l) > 255:
			return nil, tools.Inputf("label %.20q… is longer than 255 characters", l)
		case strings.ContainsAny(l, labelBadChars+"\t\n\r"):
			return nil, tools.Inputf("label %q has a space or one of %s; labels are single words, joined with - or _", l, strings.TrimSpace(labelBadChars))
		}
		if !slices.Contains(out, l) {
			out = append(out, l)
		}
	}
	return out, nil
}
