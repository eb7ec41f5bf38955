package confluence

import (
	"context"
	"fmt"
	"strings"

	"github.com/mark3labs/mcp-go/mcp"

	"github.com/clawbridge/atlassian-mcp/atlassian"
	"github.com/clawbridge/atlassian-mcp/tools"
)

type listSpacesIn struct {
	Query     string `json:"query"`
	PageToken string `json:"page_token"`
}

// Validate checks the page token's form.
func (in *listSpacesIn) Validate() error { return checkToken(in.PageToken) }

// checkToken checks the form of a page_token, which is Confluence's opaque
// cursor.
func checkToken(tok string) error {
	if len(tok) > 4096 || strings.ContainsAny(tok, " \t\r\n") {
		return tools.Inputf("argument \"page_token\" must be the next_page_token of the previous call, unchanged")
	}
	return nil
}

// SpaceInfo describes one space.
type SpaceInfo struct {
	Key  string `json:"key"`
	Name string `json:"name"`
	ID   string `json:"id"`
	Type string `json:"type,omitempty"`
}

// SpacesOut is confluence_list_spaces' structured result.
type SpacesOut struct {
	Spaces        []SpaceInfo `json:"spaces"`
	NextPageToken string      `json:"next_page_token,omitempty"`
}

// Page sizes of the space listing: one page without a query; with one,
// up to spaceScanPages pages are scanned for matches. While nothing is
// found (a Claw's allowlist or the query filters every space out) the
// scan goes on, up to spaceEmptyPages pages in all.
const (
	spacePageSize   = 100
	spaceScanSize   = 250
	spaceScanPages  = 4
	spaceEmptyPages = 10
)

func listSpacesTool() tools.Tool {
	def := mcp.NewTool("confluence_list_spaces",
		mcp.WithDescription("List the Confluence spaces you can use, with key and name."),
		mcp.WithString("query", mcp.Description("Filter by key or name")),
		mcp.WithString("page_token", mcp.Description("From the previous page")),
		tools.OutputSchema[SpacesOut](),
		tools.Annotations("List Confluence spaces", true, false, true),
	)
	classic, granular := atlassian.Needs(atlassian.OpListSpaces)
	return tools.Define(def, tools.SetConfluence, classic, granular, listSpaces)
}

func listSpaces(ctx context.Context, d *tools.Deps, in listSpacesIn) (*tools.Result, error) {
	c, err := d.Atlassian(ctx)
	if err != nil {
		return nil, err
	}
	q := strings.ToLower(strings.TrimSpace(in.Query))
	size, pages := spacePageSize, 1
	if q != "" {
		size, pages = spaceScanSize, spaceScanPages
	}
	spaces, next, err := scanSpaces(ctx, c, q, in.PageToken, size, pages, spaceEmptyPages)
	if err != nil {
		return nil, err
	}
	out := SpacesOut{Spaces: spaces, NextPageToken: next}
	var b strings.Builder
	head := tools.Plural(len(out.Spaces), "space", "spaces")
	head += tools.MoreHint(out.NextPageToken)
	b.WriteString(head + "\n")
	for _, s := range out.Spaces {
		fmt.Fprintf(&b, "%s — %s\n", s.Key, s.Name)
	}
	return &tools.Result{Text: b.String(), Data: out}, nil
}

// scanSpaces reads pages of size spaces from cursor, keeping those whose
// key or name contains q (all when q is empty). It reads up to pages
// pages, stopping early once it holds spacePageSize spaces, and goes on
// while it has found none, up to maxPages: an answer that is empty but
// says there is more would tell an agent that spaces it may not see exist.
// next is the cursor of the following page, empty at the end.
func scanSpaces(ctx context.Context, c *atlassian.Client, q, cursor string, size, pages, maxPages int) (spaces []SpaceInfo, next string, err error) {
	spaces = []SpaceInfo{}
	for i := 1; ; i++ {
		page, err := c.Spaces(ctx, nil, cursor, size)
		if err != nil {
			if atlassian.StatusOf(err) == 400 && cursor != "" && i == 1 {
				return nil, "", tools.Inputf("argument \"page_token\" was not accepted (%v); start again without it", err)
			}
			return nil, "", err
		}
		for _, s := range page.Spaces {
			if q == "" || strings.Contains(strings.ToLower(s.Key), q) || strings.Contains(strings.ToLower(s.Name), q) {
				spaces = append(spaces, SpaceInfo{Key: s.Key, Name: s.Name, ID: s.ID, Type: s.Type})
			}
		}
		if page.Cursor == "" || page.Cursor == cursor {
			return spaces, "", nil
		}
		cursor = page.Cursor
		if len(spaces) >= spacePageSize || i >= maxPages || (i >= pages && len(spaces) > 0) {
			return spaces, cursor, nil
		}
	}
}
