package jql

import (
	"fmt"
	"testing"
	"time"
)

// records builds n issues spread over two projects, statuses and dates.
func records(n int) []Record {
	statuses := []string{"To Do", "In Progress", "Done"}
	out := make([]Record, n)
	for i := range n {
		project := []string{"ENG", "OPS"}[i%2]
		out[i] = rec{f: map[string][]any{
			FieldIssueKey: {fmt.Sprintf("%s-%d", project, i+1)}, FieldID: {float64(10000 + i)},
			FieldProject: {project}, FieldStatus: {statuses[i%3]}, FieldAssignee: {[]string{"acc-alice", "acc-bob"}[i%2]},
			FieldSummary:     {fmt.Sprintf("Issue %d about the checkout flow and export number %d", i, i%17)},
			FieldDescription: {"A longer description with several words so that text search has work to do."},
			FieldLabels:      {"platform", fmt.Sprintf("l%d", i%5)}, FieldPriority: {[]string{"Low", "Medium", "High"}[i%3]},
			FieldCreated: {testNow.Add(-time.Duration(i) * time.Hour)}, FieldUpdated: {testNow.Add(-time.Duration(i) * time.Minute)},
			"customfield_10016": {float64(i % 13)},
		}}
	}
	return out
}

const benchQuery = `project in (ENG, OPS) AND status != Done AND (assignee = currentUser() OR labels in (l1, l2)) ` +
	`AND text ~ "checkout export*" AND created >= -30d AND "Story Points" > 3 ORDER BY priority DESC, key`

// BenchmarkParseMatch parses a typical query and matches 1,000 records.
func BenchmarkParseMatch(b *testing.B) {
	rs := records(1000)
	env := testEnv()
	for b.Loop() {
		q, err := Parse(benchQuery, env)
		if err != nil {
			b.Fatal(err)
		}
		n := 0
		for _, r := range rs {
			if q.Match(r) {
				n++
			}
		}
		if n == 0 {
			b.Fatal("the benchmark query matches nothing")
		}
	}
}

// BenchmarkSort sorts 1,000 records on two keys.
func BenchmarkSort(b *testing.B) {
	rs := records(1000)
	q, err := Parse("project = ENG ORDER BY priority DESC, created", testEnv())
	if err != nil {
		b.Fatal(err)
	}
	buf := make([]Record, len(rs))
	for b.Loop() {
		copy(buf, rs)
		q.Sort(buf)
	}
}
