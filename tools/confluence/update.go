package confluence

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/mark3labs/mcp-go/mcp"
	"github.com/tidwall/gjson"

	"github.com/clawbridge/atlassian-mcp/adf"
	"github.com/clawbridge/atlassian-mcp/atlassian"
	"github.com/clawbridge/atlassian-mcp/tools"
)

type updatePageIn struct {
	ID      string `json:"id"`
	Body    string `json:"body"`
	Mode    string `json:"mode"`
	Section string `json:"section"`
	Format  string `json:"format"`
	Message string `json:"message"`
}

// Validate checks the id, the mode and its section, the format and the
// version message.
func (in *updatePageIn) Validate() error {
	if err := checkPageID("id", in.ID); err != nil {
		return err
	}
	switch adf.MergeMode(in.Mode) {
	case adf.MergeReplace, adf.MergeAppend, adf.MergePrepend:
		if in.Section != "" {
			return tools.Inputf("argument \"section\" is only for mode section (got mode %s)", in.Mode)
		}
	case adf.MergeSection:
		if strings.TrimSpace(in.Section) == "" {
			return tools.Inputf("mode section needs argument \"section\": the heading text of the section to replace, e.g. \"Decisions\"")
		}
	default:
		return tools.Inputf("argument \"mode\" must be replace, append, prepend or section (got %q)", in.Mode)
	}
	if len(in.Message) > 255 {
		return tools.Inputf("argument \"message\" must be at most 255 characters (got %d)", len(in.Message))
	}
	return checkFormat(in.Format)
}

func updatePageTool() tools.Tool {
	def := mcp.NewTool("confluence_update_page",
		mcp.WithDescription("Change a Confluence page; content outside the change is kept."),
		mcp.WithString("id", mcp.Required(), mcp.Description("Page id")),
		mcp.WithString("body", mcp.Required(), mcp.Description("New content")),
		mcp.WithString("mode", mcp.Required(), mcp.Enum("replace", "append", "prepend", "section")),
		mcp.WithString("section", mcp.Description("Heading, for mode section")),
		formatArg(),
		mcp.WithString("message", mcp.Description("Version comment")),
		tools.OutputSchema[WrittenPage](),
		tools.Annotations("Update a Confluence page", false, true, false),
	)
	classic, granular := atlassian.Needs(atlassian.OpGetPage, atlassian.OpUpdatePage, atlassian.OpListSpaces)
	return tools.Define(def, tools.SetConfluenceWrite, classic, granular, updatePage)
}

// updatePage reads the page's current ADF and version, merges the change
// into it and saves version+1. When someone else saved in between
// (Confluence's 409), it re-reads and re-applies the change once, then
// gives up with an error that says so.
func updatePage(ctx context.Context, d *tools.Deps, in updatePageIn) (*tools.Result, error) {
	change, err := inputDoc("body", in.Body, in.Format)
	if err != nil {
		return nil, err
	}
	c, err := d.Atlassian(ctx)
	if err != nil {
		return nil, err
	}
	var report adf.MergeReport
	for attempt := 0; ; attempt++ {
		page, err := c.GetPage(ctx, in.ID, atlassian.FormatADF)
		if err != nil {
			return nil, err
		}
		existing, err := storedDoc(page.Get("body.atlas_doc_format.value").String())
		if err != nil {
			return nil, fmt.Errorf("page %s: Confluence returned a body that is not ADF: %w", in.ID, err)
		}
		merged, rep, err := adf.Merge(existing, change, adf.MergeMode(in.Mode), in.Section)
		if err != nil {
			return nil, tools.Inputf("%s", strings.TrimPrefix(err.Error(), "adf: "))
		}
		report = rep
		raw, err := marshalDoc(merged)
		if err != nil {
			return nil, err
		}
		version := int(page.Get("version.number").Int())
		saved, err := c.UpdatePage(ctx, atlassian.PageUpdate{ID: in.ID, Title: page.Get("title").String(), Body: raw,
			Version: version + 1, Message: in.Message})
		switch {
		case atlassian.IsConflict(err) && attempt == 0:
			continue
		case atlassian.IsConflict(err):
			// %v, not %w: the agent must see this sentence, not only Atlassian's.
			return nil, fmt.Errorf("page %s changed again while the update was re-applied (%v); read it with confluence_get_page and retry", in.ID, err)
		case err != nil:
			var ne *atlassian.NetworkError
			if errors.As(err, &ne) {
				return nil, fmt.Errorf("%w; the update may or may not have been saved: read page %s with confluence_get_page before retrying", err, in.ID)
			}
			return nil, err
		}
		return updateResult(ctx, c, saved, report, attempt > 0, in.Mode)
	}
}

func updateResult(ctx context.Context, c *atlassian.Client, saved gjson.Result, report adf.MergeReport, retried bool, mode string) (*tools.Result, error) {
	out := WrittenPage{ID: saved.Get("id").String(), Title: saved.Get("title").String(),
		Version: int(saved.Get("version.number").Int()), URL: siteLink(c.SiteURL(), saved.Get("_links.webui").String()),
		Removed: report.Removed, Retried: retried}
	if sp, err := c.SpaceByID(ctx, saved.Get("spaceId").String()); err == nil {
		out.Space = sp.Key
	}
	text := fmt.Sprintf("Updated page %s %q (%s) to version %d\n%s\n", out.ID, out.Title, mode, out.Version, out.URL)
	if retried {
		text += "Someone else saved the page meanwhile; the change was re-applied on top of their version.\n"
	}
	if w := describeRemoved(report.Removed); w != "" {
		text += w + "\n"
	}
	return &tools.Result{Text: text, Data: out}, nil
}
