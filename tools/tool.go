// Package tools holds the tool inventory of atlassian-mcp: what a tool is
// (its definition, toolset, scopes, annotations and handler), how a typed
// handler binds and validates its arguments, how results are rendered for an
// LLM's context window, and the middleware every call passes through.
//
// The tools themselves live in one package per family (tools/jira, …) and
// are assembled by tools/catalog.
package tools

import (
	"context"
	"log/slog"
	"sort"
	"time"

	"github.com/mark3labs/mcp-go/mcp"
	"github.com/mark3labs/mcp-go/server"

	"github.com/clawbridge/atlassian-mcp/atlassian"
)

// Toolset names, as design.md §4 lists them.
const (
	SetJira            = "jira"
	SetJiraWrite       = "jira_write"
	SetAgile           = "agile"
	SetAgileWrite      = "agile_write"
	SetConfluence      = "confluence"
	SetConfluenceWrite = "confluence_write"
	SetWorkflows       = "workflows"
)

// A Tool is one MCP tool as data: its definition (name, description, input
// schema, annotations), the toolset it belongs to, the OAuth scopes it needs
// and a constructor for its handler. Either scope set, granted in full,
// enables the tool.
type Tool struct {
	Def      mcp.Tool
	Toolset  string
	Classic  []string
	Granular []string
	// New builds the handler from the server's dependencies.
	New func(d *Deps) server.ToolHandlerFunc
	// Input is the zero value of the handler's input struct.
	Input any
}

// ReadOnly reports whether the tool only reads.
func (t Tool) ReadOnly() bool {
	h := t.Def.Annotations.ReadOnlyHint
	return h != nil && *h
}

// Deps are what handlers are built from. Everything a handler touches
// outside its arguments comes through here.
type Deps struct {
	// Atlassian returns the client for the calling Claw's site.
	Atlassian func(ctx context.Context) (*atlassian.Client, error)
	// Logger logs to stderr.
	Logger *slog.Logger
	// Now is the clock.
	Now func() time.Time
}

// Annotations returns explicit annotations for a tool. mcp-go's defaults
// call every tool destructive, so every tool states all four hints.
func Annotations(title string, readOnly, destructive, idempotent bool) mcp.ToolOption {
	return mcp.WithToolAnnotation(mcp.ToolAnnotation{
		Title:           title,
		ReadOnlyHint:    mcp.ToBoolPtr(readOnly),
		DestructiveHint: mcp.ToBoolPtr(destructive),
		IdempotentHint:  mcp.ToBoolPtr(idempotent),
		OpenWorldHint:   mcp.ToBoolPtr(true),
	})
}

// Sorted returns the tools ordered by name.
func Sorted(ts []Tool) []Tool {
	out := append([]Tool(nil), ts...)
	sort.Slice(out, func(i, j int) bool { return out[i].Def.Name < out[j].Def.Name })
	return out
}
