package confluence_test

import (
	"testing"

	"github.com/clawbridge/atlassian-mcp/internal/testenv"
	"github.com/clawbridge/atlassian-mcp/tools/confluence"
)

// BenchmarkGetPage measures a page read through the in-process MCP client
// against the contract-checked sandbox: the page, its children, and the
// Markdown rendering (space and names come from the cache).
func BenchmarkGetPage(b *testing.B) {
	e := testenv.New(b, testenv.Options{})
	c := e.MCP(confluence.Tools())
	id := pageID(b, e, "ENGDOCS", "Architecture Overview")
	args := map[string]any{"id": id}
	testenv.Call(b, c, "confluence_get_page", args)
	b.ResetTimer()
	for b.Loop() {
		if txt, res := testenv.Call(b, c, "confluence_get_page", args); res.IsError {
			b.Fatal(txt)
		}
	}
}

// BenchmarkUpdateAppend measures an append: read, merge into the stored
// ADF, write version+1.
func BenchmarkUpdateAppend(b *testing.B) {
	e := testenv.New(b, testenv.Options{})
	c := e.MCP(confluence.Tools())
	id := pageID(b, e, "ENGDOCS", "API Guidelines")
	args := map[string]any{"id": id, "mode": "append", "body": "- One more rule."}
	b.ResetTimer()
	for b.Loop() {
		if txt, res := testenv.Call(b, c, "confluence_update_page", args); res.IsError {
			b.Fatal(txt)
		}
	}
}
