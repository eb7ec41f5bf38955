package tools

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/mark3labs/mcp-go/mcp"
	"github.com/mark3labs/mcp-go/server"

	"github.com/clawbridge/atlassian-mcp/atlassian"
)

// A Result is what a tool returns: compact text for the model's context and
// the full data as structured content.
type Result struct {
	Text string
	Data any
}

// Handler is the typed form of a tool's work: it gets bound, validated
// input and returns a Result or an error.
type Handler[In any] func(ctx context.Context, d *Deps, in In) (*Result, error)

// Define builds a Tool from its definition and a typed handler. The input
// struct's json tags must match the schema's properties (a catalogue test
// checks this through Tool.Input).
func Define[In any](def mcp.Tool, toolset string, classic, granular []string, h Handler[In]) Tool {
	var zero In
	return Tool{
		Def: def, Toolset: toolset, Classic: classic, Granular: granular, Input: zero,
		New: func(d *Deps) server.ToolHandlerFunc {
			return func(ctx context.Context, req mcp.CallToolRequest) (*mcp.CallToolResult, error) {
				in, err := Bind[In](def, req.GetArguments())
				if err != nil {
					return ErrorResult(err), nil
				}
				res, err := h(ctx, d, in)
				if err != nil {
					return ErrorResult(err), nil
				}
				return res.CallToolResult(), nil
			}
		},
	}
}

// CallToolResult converts r to the MCP result.
func (r *Result) CallToolResult() *mcp.CallToolResult {
	out := &mcp.CallToolResult{Content: []mcp.Content{mcp.NewTextContent(r.Text)}}
	if r.Data != nil {
		out.StructuredContent = r.Data
	}
	return out
}

// ErrorResult turns an error into an isError tool result whose text tells
// the agent what went wrong and, where possible, how to fix the call.
func ErrorResult(err error) *mcp.CallToolResult {
	return &mcp.CallToolResult{IsError: true, Content: []mcp.Content{mcp.NewTextContent(ErrorText(err))}}
}

// ErrorText is the message an agent sees for err.
func ErrorText(err error) string {
	var ie *InputError
	if errors.As(err, &ie) {
		return ie.Msg
	}
	var oe *atlassian.OutsideError
	if errors.As(err, &oe) {
		// Its message, not the 404 it wraps, is what the agent may know.
		return oe.Error()
	}
	var ae *atlassian.Error
	if errors.As(err, &ae) {
		return ae.Error()
	}
	if errors.Is(err, context.DeadlineExceeded) {
		return "the call timed out waiting for Atlassian; try again, or narrow the request"
	}
	return err.Error()
}

// Truncate shortens s to at most n bytes (on a rune boundary) and appends a
// marker that says how much was cut and how to get the rest.
func Truncate(s string, n int, how string) string {
	if len(s) <= n {
		return s
	}
	cut := n
	for cut > 0 && !utf8Start(s[cut]) {
		cut--
	}
	return s[:cut] + fmt.Sprintf("\n[… truncated %d of %d bytes; %s]", len(s)-cut, len(s), how)
}

func utf8Start(b byte) bool { return b&0xC0 != 0x80 }

// JoinNonEmpty joins the non-empty parts with sep.
func JoinNonEmpty(sep string, parts ...string) string {
	var kept []string
	for _, p := range parts {
		if p != "" {
			kept = append(kept, p)
		}
	}
	return strings.Join(kept, sep)
}

// Prefixed returns prefix+s, or "" when s is empty: an optional part of a
// line, such as ", project ENG".
func Prefixed(prefix, s string) string {
	if s == "" {
		return ""
	}
	return prefix + s
}

// Plural writes n and a noun: one when n is 1, many otherwise, as in
// "1 space" and "3 spaces".
func Plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}

// MoreHint is what the first line of a paged listing adds when there is a
// next page: how to ask for it. It is "" when next is.
func MoreHint(next string) string {
	if next == "" {
		return ""
	}
	return fmt.Sprintf(" (more: call again with page_token %q)", next)
}
