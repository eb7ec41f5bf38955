package confluence

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/mark3labs/mcp-go/mcp"
	"github.com/tidwall/gjson"

	"github.com/clawbridge/atlassian-mcp/atlassian"
	"github.com/clawbridge/atlassian-mcp/tools"
)

type pageTreeIn struct {
	ID    string `json:"id"`
	Space string `json:"space"`
	Depth int    `json:"depth"`
}

// Validate checks that the tree has one root and a sane depth.
func (in *pageTreeIn) Validate() error {
	switch {
	case (in.ID == "") == (in.Space == ""):
		return tools.Inputf("give either id (a page, e.g. 98306) or space (a key, e.g. ENGDOCS)")
	case in.ID != "":
		if err := checkPageID("id", in.ID); err != nil {
			return err
		}
	default:
		if err := checkSpaceKey(in.Space); err != nil {
			return err
		}
	}
	if in.Depth < 0 || in.Depth > maxDepth {
		return tools.Inputf("argument \"depth\" must be between 1 and %d (got %d)", maxDepth, in.Depth)
	}
	return nil
}

// TreeNode is one page of a tree.
type TreeNode struct {
	ID       string `json:"id"`
	Title    string `json:"title"`
	Depth    int    `json:"depth"`
	ParentID string `json:"parent_id,omitempty"`
}

// TreeOut is confluence_get_page_tree's structured result: the pages in
// reading order, each with its depth below the root (0).
type TreeOut struct {
	Space string     `json:"space,omitempty"`
	Pages []TreeNode `json:"pages"`
	// Truncated says the tree has more pages than were listed.
	Truncated bool `json:"truncated,omitempty"`
}

// Bounds of a tree: its depth and its size.
const (
	defaultDepth = 2
	maxDepth     = 5
	maxTreePages = 300
)

func pageTreeTool() tools.Tool {
	def := mcp.NewTool("confluence_get_page_tree",
		mcp.WithDescription("Show the page hierarchy under a page or of a whole space."),
		mcp.WithString("id", mcp.Description("Root page id")),
		mcp.WithString("space", mcp.Description("Space key")),
		mcp.WithInteger("depth", mcp.Description("Levels below the root, 1-5, default 2")),
		tools.OutputSchema[TreeOut](),
		tools.Annotations("Confluence page tree", true, false, true),
	)
	classic, granular := atlassian.Needs(atlassian.OpGetPage, atlassian.OpPageChildren, atlassian.OpListSpaces, atlassian.OpListPages)
	return tools.Define(def, tools.SetConfluence, classic, granular, pageTree)
}

func pageTree(ctx context.Context, d *tools.Deps, in pageTreeIn) (*tools.Result, error) {
	c, err := d.Atlassian(ctx)
	if err != nil {
		return nil, err
	}
	depth := in.Depth
	if depth == 0 {
		depth = defaultDepth
	}
	var out TreeOut
	if in.ID != "" {
		out, err = treeUnder(ctx, c, in.ID, depth)
	} else {
		out, err = spaceTree(ctx, c, in.Space, depth)
	}
	if err != nil {
		return nil, err
	}
	var b strings.Builder
	head := tools.Plural(len(out.Pages), "page", "pages")
	if out.Truncated {
		head += fmt.Sprintf(" (truncated at %d; ask for a subtree by id or a smaller depth)", maxTreePages)
	}
	b.WriteString(head + "\n")
	for _, p := range out.Pages {
		fmt.Fprintf(&b, "%s- %s %s\n", strings.Repeat("  ", p.Depth), p.ID, p.Title)
	}
	return &tools.Result{Text: b.String(), Data: out}, nil
}

// treeUnder walks a page's descendants depth-first through their
// direct-children lists.
func treeUnder(ctx context.Context, c *atlassian.Client, id string, depth int) (TreeOut, error) {
	root, err := c.GetPage(ctx, id, "")
	if err != nil {
		return TreeOut{}, err
	}
	out := TreeOut{Pages: []TreeNode{{ID: id, Title: root.Get("title").String()}}}
	var walk func(parent string, level int) error
	walk = func(parent string, level int) error {
		cursor := ""
		for {
			kids, err := c.Children(ctx, parent, cursor, 250)
			if err != nil {
				return err
			}
			for _, k := range kids.Items {
				if len(out.Pages) >= maxTreePages {
					out.Truncated = true
					return nil
				}
				kid := TreeNode{ID: k.Get("id").String(), Title: k.Get("title").String(), Depth: level, ParentID: parent}
				out.Pages = append(out.Pages, kid)
				if level < depth {
					if err := walk(kid.ID, level+1); err != nil {
						return err
					}
				}
			}
			if cursor = kids.Cursor; cursor == "" || out.Truncated {
				return nil
			}
		}
	}
	return out, walk(id, 1)
}

// spaceTree lists a space's pages and arranges them by parent: the roots
// (the home page, and pages at the space's root level) at depth 0.
func spaceTree(ctx context.Context, c *atlassian.Client, key string, depth int) (TreeOut, error) {
	sp, err := c.SpaceByKey(ctx, key)
	if err != nil {
		return TreeOut{}, err
	}
	var pages []gjson.Result
	cursor, truncated := "", false
	for {
		list, err := c.SpacePages(ctx, sp.ID, cursor, 250)
		if err != nil {
			return TreeOut{}, err
		}
		pages = append(pages, list.Items...)
		if cursor = list.Cursor; cursor == "" {
			break
		}
		if len(pages) >= 4*maxTreePages {
			truncated = true
			break
		}
	}
	byID := map[string]bool{}
	for _, p := range pages {
		byID[p.Get("id").String()] = true
	}
	kids := map[string][]gjson.Result{}
	for _, p := range pages {
		parent := p.Get("parentId").String()
		if !byID[parent] {
			parent = ""
		}
		kids[parent] = append(kids[parent], p)
	}
	for _, list := range kids {
		slices.SortStableFunc(list, func(a, b gjson.Result) int {
			if d := a.Get("position").Int() - b.Get("position").Int(); d != 0 {
				return int(d)
			}
			ai, bi := a.Get("id").String(), b.Get("id").String()
			if len(ai) != len(bi) {
				return len(ai) - len(bi)
			}
			return strings.Compare(ai, bi)
		})
	}
	out := TreeOut{Space: sp.Key, Pages: []TreeNode{}, Truncated: truncated}
	var walk func(parent string, level int)
	walk = func(parent string, level int) {
		for _, p := range kids[parent] {
			if len(out.Pages) >= maxTreePages {
				out.Truncated = true
				return
			}
			id := p.Get("id").String()
			out.Pages = append(out.Pages, TreeNode{ID: id, Title: p.Get("title").String(), Depth: level, ParentID: parent})
			if level < depth {
				walk(id, level+1)
			}
		}
	}
	walk("", 0)
	return out, nil
}
