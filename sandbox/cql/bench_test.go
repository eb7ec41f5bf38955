package cql

import (
	"fmt"
	"testing"
	"time"
)

// records builds n pieces of content over two spaces.
func records(n int) []Record {
	out := make([]Record, n)
	for i := range n {
		out[i] = content(fmt.Sprint(1000+i), []string{"page", "blogpost"}[i%2], []string{"ENG", "OPS"}[i%2],
			fmt.Sprintf("Page %d about release %d", i, i%17), "A body with several words so that text search has work to do.",
			rec{FieldLabel: {"docs", fmt.Sprintf("l%d", i%5)}, FieldCreator: {[]string{"acc-alice", "acc-bob"}[i%2]},
				FieldAncestor: {"1", fmt.Sprint(i % 10)}, FieldCreated: {testNow.Add(-time.Duration(i) * time.Hour)},
				FieldLastModified: {testNow.Add(-time.Duration(i) * time.Minute)}})
	}
	return out
}

const benchQuery = `space in (ENG, OPS) AND type = page AND (creator = currentUser() OR label in (l1, l2)) ` +
	`AND text ~ "release work*" AND lastmodified >= now("-4w") ORDER BY title`

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
