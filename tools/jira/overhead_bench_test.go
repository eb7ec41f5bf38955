package jira_test

import (
	"context"
	"testing"

	"github.com/clawbridge/atlassian-mcp/internal/testenv"
	"github.com/clawbridge/atlassian-mcp/tools/jira"
)

// BenchmarkGetIssueDirect is the cost of the upstream call alone: the
// client reading one issue from the in-process sandbox.
func BenchmarkGetIssueDirect(b *testing.B) {
	e := testenv.New(b, testenv.Options{Unchecked: true})
	ctx := context.Background()
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		if _, err := e.Client.GetIssue(ctx, "ENG-2", nil, "names"); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkGetIssueThroughMCP is the same read as a jira_get_issue tool call
// through an in-process MCP client. The difference from
// BenchmarkGetIssueDirect is the server's per-call overhead: binding,
// rendering and the MCP round trip.
func BenchmarkGetIssueThroughMCP(b *testing.B) {
	e := testenv.New(b, testenv.Options{Unchecked: true})
	c := e.MCP(jira.Tools())
	args := map[string]any{"key": "ENG-2"}
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		if txt, res := testenv.Call(b, c, "jira_get_issue", args); res.IsError {
			b.Fatal(txt)
		}
	}
}
