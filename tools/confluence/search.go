package confluence

import (
	"context"
	"fmt"
	"html"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/mark3labs/mcp-go/mcp"

	"github.com/clawbridge/atlassian-mcp/atlassian"
	scql "github.com/clawbridge/atlassian-mcp/scope/cql"
	"github.com/clawbridge/atlassian-mcp/tools"
)

type searchIn struct {
	CQL       string `json:"cql"`
	Text      string `json:"text"`
	Space     string `json:"space"`
	Limit     int    `json:"limit"`
	PageToken string `json:"page_token"`
}

// Validate checks that there is something to search for, and the forms of
// the space key, limit and page token.
func (in *searchIn) Validate() error {
	if strings.TrimSpace(in.CQL) == "" && strings.TrimSpace(in.Text) == "" && in.Space == "" {
		return tools.Inputf("give text to search for, a space, or a cql query such as: type = page AND label = runbook ORDER BY lastmodified DESC")
	}
	if in.Space != "" {
		if err := checkSpaceKey(in.Space); err != nil {
			return err
		}
	}
	if in.Limit < 0 || in.Limit > 50 {
		return tools.Inputf("argument \"limit\" must be between 1 and 50 (got %d); page with page_token for more", in.Limit)
	}
	return checkToken(in.PageToken)
}

// SearchHit is one search result.
type SearchHit struct {
	ID           string `json:"id"`
	Type         string `json:"type"`
	Title        string `json:"title"`
	Space        string `json:"space,omitempty"`
	Excerpt      string `json:"excerpt,omitempty"`
	LastModified string `json:"last_modified,omitempty"`
	URL          string `json:"url,omitempty"`
}

// SearchOut is confluence_search's structured result.
type SearchOut struct {
	Results       []SearchHit `json:"results"`
	Total         int         `json:"total"`
	CQL           string      `json:"cql"`
	NextPageToken string      `json:"next_page_token,omitempty"`
}

func searchTool() tools.Tool {
	def := mcp.NewTool("confluence_search",
		mcp.WithDescription("Find Confluence pages by text, space or CQL; gives id, title, space, excerpt, date."),
		mcp.WithString("text", mcp.Description("Words to find")),
		mcp.WithString("space", mcp.Description("Space key")),
		mcp.WithString("cql", mcp.Description("CQL, e.g. label = runbook")),
		mcp.WithInteger("limit", mcp.Description("1-50, default 10")),
		mcp.WithString("page_token", mcp.Description("From the previous page")),
		tools.OutputSchema[SearchOut](),
		tools.Annotations("Search Confluence", true, false, true),
	)
	classic, granular := atlassian.Needs(atlassian.OpSearchCQL)
	return tools.Define(def, tools.SetConfluence, classic, granular, search)
}

// buildCQL combines the arguments into one query: the agent's CQL (parsed,
// so that its errors say where) with the space and text conditions ANDed
// in front, quoted by the CQL printer. Without CQL, only pages are found.
func buildCQL(in searchIn) (string, error) {
	q := &scql.Query{}
	if strings.TrimSpace(in.CQL) != "" {
		parsed, err := scql.Parse(in.CQL)
		if err != nil {
			return "", tools.Inputf("argument \"cql\" is not valid CQL: %v", err)
		}
		q = parsed
	}
	var conds []scql.Expr
	if strings.TrimSpace(in.CQL) == "" {
		conds = append(conds, &scql.Clause{Field: scql.Field{Name: "type"}, Operator: scql.Equals, Operand: &scql.Value{Text: "page"}})
	}
	if in.Space != "" {
		conds = append(conds, &scql.Clause{Field: scql.Field{Name: "space"}, Operator: scql.Equals, Operand: &scql.Value{Text: in.Space, Quoted: true}})
	}
	if !utf8.ValidString(in.Text) {
		return "", tools.Inputf("argument \"text\" is not valid UTF-8 text")
	}
	// CQL strings cannot hold control characters; line breaks mean spaces.
	text := strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return ' '
		}
		return r
	}, in.Text)
	if t := strings.TrimSpace(text); t != "" {
		conds = append(conds, &scql.Clause{Field: scql.Field{Name: "text"}, Operator: scql.Contains, Operand: &scql.Value{Text: t, Quoted: true}})
	}
	var where scql.Expr
	for _, cond := range append(conds, q.Where) {
		switch {
		case cond == nil:
		case where == nil:
			where = cond
		default:
			where = &scql.And{Left: where, Right: cond}
		}
	}
	q.Where = where
	return q.String(), nil
}

func search(ctx context.Context, d *tools.Deps, in searchIn) (*tools.Result, error) {
	c, err := d.Atlassian(ctx)
	if err != nil {
		return nil, err
	}
	query, err := buildCQL(in)
	if err != nil {
		// A query that cannot be parsed is never sent; it is a refused
		// attempt like any other, and audited as one.
		return nil, c.Deny(ctx, atlassian.OpSearchCQL, "", err)
	}
	limit := in.Limit
	if limit == 0 {
		limit = 10
	}
	page, err := c.SearchCQL(ctx, query, in.PageToken, limit)
	if err != nil {
		if atlassian.StatusOf(err) == 400 && in.PageToken != "" && !strings.Contains(err.Error(), "cql") {
			return nil, tools.Inputf("argument \"page_token\" does not belong to this search; repeat the same cql, text and space with it, or drop it")
		}
		return nil, err
	}
	out := SearchOut{Results: []SearchHit{}, Total: page.Total, CQL: query, NextPageToken: page.Cursor}
	var b strings.Builder
	for _, r := range page.Results {
		h := SearchHit{ID: r.Get("content.id").String(), Type: r.Get("content.type").String(), Title: r.Get("title").String(),
			Space: r.Get("content.space.key").String(), Excerpt: cleanExcerpt(r.Get("excerpt").String()),
			LastModified: shortDate(r.Get("lastModified").String()), URL: siteLink(c.SiteURL(), r.Get("url").String())}
		out.Results = append(out.Results, h)
		fmt.Fprintf(&b, "%s %s [%s%s] %s\n", h.ID, h.Title, h.Space, typeNote(h.Type), h.LastModified)
		if h.Excerpt != "" {
			b.WriteString("  " + h.Excerpt + "\n")
		}
	}
	head := fmt.Sprintf("%s of %d for %s", tools.Plural(len(out.Results), "result", "results"), out.Total, query)
	head += tools.MoreHint(out.NextPageToken)
	return &tools.Result{Text: head + "\n" + b.String(), Data: out}, nil
}

func typeNote(t string) string {
	if t == "" || t == "page" {
		return ""
	}
	return ", " + t
}

// maxExcerpt bounds one result's excerpt, in bytes.
const maxExcerpt = 300

// cleanExcerpt turns Confluence's highlighted, HTML-escaped excerpt into
// plain text on one line.
func cleanExcerpt(s string) string {
	s = strings.NewReplacer("@@@hl@@@", "", "@@@endhl@@@", "").Replace(s)
	s = strings.Join(strings.Fields(html.UnescapeString(s)), " ")
	if len(s) > maxExcerpt {
		cut := maxExcerpt
		for cut > 0 && s[cut]&0xC0 == 0x80 {
			cut--
		}
		s = s[:cut] + "…"
	}
	return s
}
