package confluence

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/mark3labs/mcp-go/mcp"
	"github.com/tidwall/gjson"

	"github.com/clawbridge/atlassian-mcp/adf"
	"github.com/clawbridge/atlassian-mcp/atlassian"
	"github.com/clawbridge/atlassian-mcp/tools"
)

type getPageIn struct {
	ID     string `json:"id"`
	Space  string `json:"space"`
	Title  string `json:"title"`
	Format string `json:"format"`
}

// Validate checks that the page is named one way: by id, or by space and
// title.
func (in *getPageIn) Validate() error {
	switch {
	case in.ID != "" && (in.Space != "" || in.Title != ""):
		return tools.Inputf("give either id, or space and title, not both")
	case in.ID != "":
		if err := checkPageID("id", in.ID); err != nil {
			return err
		}
	case in.Space == "" || strings.TrimSpace(in.Title) == "":
		return tools.Inputf("name the page by id (e.g. 98306), or by space and its exact title (e.g. space ENGDOCS, title \"Release Notes\")")
	default:
		if err := checkSpaceKey(in.Space); err != nil {
			return err
		}
	}
	return checkFormat(in.Format)
}

// PageRef is a short reference to a page.
type PageRef struct {
	ID    string `json:"id"`
	Title string `json:"title"`
}

// PageOut is confluence_get_page's structured result.
type PageOut struct {
	ID        string    `json:"id"`
	Title     string    `json:"title"`
	Space     string    `json:"space"`
	Version   int       `json:"version"`
	UpdatedBy string    `json:"updated_by,omitempty"`
	Updated   string    `json:"updated,omitempty"`
	Author    string    `json:"author,omitempty"`
	Created   string    `json:"created,omitempty"`
	ParentID  string    `json:"parent_id,omitempty"`
	Labels    []string  `json:"labels,omitempty"`
	URL       string    `json:"url"`
	Children  []PageRef `json:"children"`
	// MoreChildren says the page has more children than listed.
	MoreChildren bool `json:"more_children,omitempty"`
	// Body is the page as Markdown (format markdown).
	Body string `json:"body,omitempty"`
	// ADF is the page's stored document (format adf).
	ADF map[string]any `json:"adf,omitempty"`
}

// childrenShown bounds the children listed with a page.
const childrenShown = 50

func getPageTool() tools.Tool {
	def := mcp.NewTool("confluence_get_page",
		mcp.WithDescription("Read a Confluence page (by id, or space and title) with version, labels and children."),
		mcp.WithString("id", mcp.Description("Page id")),
		mcp.WithString("space", mcp.Description("Space key, with title")),
		mcp.WithString("title", mcp.Description("Exact title")),
		formatArg(),
		tools.OutputSchema[PageOut](),
		tools.Annotations("Read a Confluence page", true, false, true),
	)
	classic, granular := atlassian.Needs(atlassian.OpGetPage, atlassian.OpPageChildren, atlassian.OpUsersBulk,
		atlassian.OpListSpaces, atlassian.OpListPages)
	return tools.Define(def, tools.SetConfluence, classic, granular, getPage)
}

// resolvePage returns the id of the page named by id or by space and title.
func resolvePage(ctx context.Context, c *atlassian.Client, id, space, title string) (string, error) {
	if id != "" {
		return id, nil
	}
	sp, err := c.SpaceByKey(ctx, space)
	if err != nil {
		return "", err
	}
	p, ok, err := c.FindPage(ctx, sp.ID, title)
	if err != nil {
		return "", err
	}
	if !ok {
		return "", tools.Inputf("space %s has no page titled %q; titles must match exactly, so find it with confluence_search (text %q, space %s)", space, title, title, space)
	}
	return p.Get("id").String(), nil
}

func getPage(ctx context.Context, d *tools.Deps, in getPageIn) (*tools.Result, error) {
	c, err := d.Atlassian(ctx)
	if err != nil {
		return nil, err
	}
	id, err := resolvePage(ctx, c, in.ID, in.Space, strings.TrimSpace(in.Title))
	if err != nil {
		return nil, err
	}
	page, err := c.GetPage(ctx, id, atlassian.FormatADF)
	if err != nil {
		return nil, err
	}
	out, err := describePage(ctx, c, page)
	if err != nil {
		return nil, err
	}
	kids, err := c.Children(ctx, id, "", childrenShown)
	if err != nil {
		return nil, err
	}
	for _, k := range kids.Items {
		out.Children = append(out.Children, PageRef{ID: k.Get("id").String(), Title: k.Get("title").String()})
	}
	out.MoreChildren = kids.Cursor != ""
	doc, err := storedDoc(page.Get("body.atlas_doc_format.value").String())
	if err != nil {
		return nil, fmt.Errorf("page %s: Confluence returned a body that is not ADF: %w", id, err)
	}
	var body string
	if in.Format == formatADF {
		raw, err := marshalDoc(doc)
		if err != nil {
			return nil, err
		}
		var v map[string]any
		_ = json.Unmarshal(raw, &v)
		out.ADF, body = v, string(raw)
	} else {
		out.Body = tools.Truncate(adf.ToMarkdown(doc), maxPageText, "the full page is at "+out.URL+", or read it with format adf")
		body = out.Body
	}
	return &tools.Result{Text: renderPage(out) + "\n" + body, Data: out}, nil
}

// describePage fills in what a page's metadata says, with people by name.
func describePage(ctx context.Context, c *atlassian.Client, page gjson.Result) (PageOut, error) {
	out := PageOut{ID: page.Get("id").String(), Title: page.Get("title").String(), Version: int(page.Get("version.number").Int()),
		Updated: shortDate(page.Get("version.createdAt").String()), Created: shortDate(page.Get("createdAt").String()),
		ParentID: page.Get("parentId").String(), URL: siteLink(c.SiteURL(), page.Get("_links.webui").String()), Children: []PageRef{}}
	for _, l := range page.Get("labels.results.#.name").Array() {
		out.Labels = append(out.Labels, l.String())
	}
	sp, err := c.SpaceByID(ctx, page.Get("spaceId").String())
	if err != nil {
		return out, err
	}
	out.Space = sp.Key
	author, editor := page.Get("authorId").String(), page.Get("version.authorId").String()
	names, err := c.UserNames(ctx, []string{author, editor})
	if err != nil {
		return out, err
	}
	out.Author, out.UpdatedBy = nameOr(names, author), nameOr(names, editor)
	return out, nil
}

func nameOr(names map[string]string, id string) string {
	if n := names[id]; n != "" {
		return n
	}
	return id
}

func renderPage(p PageOut) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s (page %s in %s)\n", p.Title, p.ID, p.Space)
	fmt.Fprintf(&b, "version %d, updated %s by %s; created %s by %s\n", p.Version, p.Updated, p.UpdatedBy, p.Created, p.Author)
	if len(p.Labels) > 0 {
		b.WriteString("labels: " + strings.Join(p.Labels, ", ") + "\n")
	}
	if p.ParentID != "" {
		b.WriteString("parent: " + p.ParentID + "\n")
	}
	if len(p.Children) > 0 {
		parts := make([]string, len(p.Children))
		for i, k := range p.Children {
			parts[i] = k.ID + " " + k.Title
		}
		more := ""
		if p.MoreChildren {
			more = "; more: confluence_get_page_tree"
		}
		b.WriteString("children: " + strings.Join(parts, "; ") + more + "\n")
	}
	b.WriteString(p.URL + "\n")
	return b.String()
}
