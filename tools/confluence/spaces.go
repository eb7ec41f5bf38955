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
// up to spaceScanPages pages are scanned for matches.
const (
	spacePageSize  = 100
	spaceScanSize  = 250
	spaceScanPages = 4
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
	out := SpacesOut{Spaces: []SpaceInfo{}}
	cursor := in.PageToken
	size, pages := spacePageSize, 1
	if q != "" {
		size, pages = spaceScanSize, spaceScanPages
	}
	for i := 0; i < pages; i++ {
		page, err := c.Spaces(ctx, nil, cursor, size)
		if err != nil {
			if atlassian.StatusOf(err) == 400 && cursor != "" {
				return nil, tools.Inputf("argument \"page_token\" was not accepted (%v); start again without it", err)
			}
			return nil, err
		}
		for _, s := range page.Spaces {
			if q == "" || strings.Contains(strings.ToLower(s.Key), q) || strings.Contains(strings.ToLower(s.Name), q) {
				out.Spaces = append(out.Spaces, SpaceInfo{Key: s.Key, Name: s.Name, ID: s.ID, Type: s.Type})
			}
		}
		cursor = page.Cursor
		if cursor == "" || len(out.Spaces) >= spacePageSize {
			break
		}
	}
	out.NextPageToken = cursor
	var b strings.Builder
	head := plural(len(out.Spaces), "space", "spaces")
	if out.NextPageToken != "" {
		head += fmt.Sprintf(" (more: call again with page_token %q)", out.NextPageToken)
	}
	b.WriteString(head + "\n")
	for _, s := range out.Spaces {
		fmt.Fprintf(&b, "%s — %s\n", s.Key, s.Name)
	}
	return &tools.Result{Text: b.String(), Data: out}, nil
}
