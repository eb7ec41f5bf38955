package jira_test

import (
	"testing"

	"github.com/clawbridge/atlassian-mcp/internal/testenv"
	"github.com/clawbridge/atlassian-mcp/tools/jira"
)

// BenchmarkCreateIssueWarm measures jira_create_issue through the
// in-process MCP client against the sandbox with warm metadata: binding,
// screen checks, value conversion, Markdown to ADF, the assignee search and
// the create. Run with ATLASSIAN_SPECS pointing nowhere to leave out the
// contract check, which otherwise dominates.
func BenchmarkCreateIssueWarm(b *testing.B) {
	e := testenv.New(b, testenv.Options{})
	c := e.MCP(jira.Tools())
	args := map[string]any{"project": "ENG", "issue_type": "Bug", "summary": "Bench", "assignee": "Chen Wei", "priority": "High",
		"story_points": 3, "description": "Steps:\n\n1. **open**\n2. click", "fields": map[string]any{"Severity": "Sev-2"}}
	if txt, res := testenv.Call(b, c, "jira_create_issue", args); res.IsError {
		b.Fatal(txt)
	}
	before := e.Calls.Count()
	b.ReportAllocs()
	b.ResetTimer()
	n := 0
	for b.Loop() {
		if txt, res := testenv.Call(b, c, "jira_create_issue", args); res.IsError {
			b.Fatal(txt)
		}
		n++
	}
	b.ReportMetric(float64(e.Calls.Count()-before)/float64(n), "upstream/op")
}
