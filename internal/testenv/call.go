package testenv

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/mark3labs/mcp-go/client"
	"github.com/mark3labs/mcp-go/mcp"
)

// Call invokes a tool through c and returns the result's text and whether
// it was an error.
func Call(t testing.TB, c *client.Client, name string, args map[string]any) (string, *mcp.CallToolResult) {
	t.Helper()
	req := mcp.CallToolRequest{}
	req.Params.Name = name
	req.Params.Arguments = args
	res, err := c.CallTool(context.Background(), req)
	if err != nil {
		t.Fatalf("call %s: %v", name, err)
	}
	var txt string
	for _, ct := range res.Content {
		if tc, ok := ct.(mcp.TextContent); ok {
			txt += tc.Text
		}
	}
	return txt, res
}

// MustCall invokes a tool through c, stops the test if the result is an
// error, and reports each of wants that the text lacks. It returns the text.
func MustCall(t testing.TB, c *client.Client, name string, args map[string]any, wants ...string) string {
	t.Helper()
	txt, res := Call(t, c, name, args)
	if res.IsError {
		t.Fatalf("%s(%v): %s", name, args, txt)
	}
	for _, w := range wants {
		if !strings.Contains(txt, w) {
			t.Errorf("%s(%v) lacks %q:\n%s", name, args, w, txt)
		}
	}
	return txt
}

// Expect invokes a tool through c and reports, without stopping the test,
// an error result, each of wants that the text lacks and each of bad that
// it contains. It is the body of a table test over tool calls.
func Expect(t testing.TB, c *client.Client, name string, args map[string]any, wants, bad []string) {
	t.Helper()
	txt, res := Call(t, c, name, args)
	if res.IsError {
		t.Errorf("%s(%v) failed: %s", name, args, txt)
		return
	}
	for _, w := range wants {
		if !strings.Contains(txt, w) {
			t.Errorf("%s(%v) lacks %q:\n%s", name, args, w, txt)
		}
	}
	for _, b := range bad {
		if strings.Contains(txt, b) {
			t.Errorf("%s(%v) contains %q:\n%s", name, args, b, txt)
		}
	}
}

// Structured decodes a tool result's structured content into v, or stops
// the test.
func Structured(t testing.TB, res *mcp.CallToolResult, v any) {
	t.Helper()
	raw, err := json.Marshal(res.StructuredContent)
	if err != nil {
		t.Fatalf("marshal structured content: %v", err)
	}
	if err := json.Unmarshal(raw, v); err != nil {
		t.Fatalf("decode structured content %s: %v", raw, err)
	}
}
