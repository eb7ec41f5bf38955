package jql

import "testing"

const typicalQuery = `project = ENG AND status IN ("In Progress", "To Do") AND assignee = currentUser() ` +
	`AND updated >= -14d AND NOT labels IN (wontfix, duplicate) ORDER BY priority DESC, updated DESC`

func BenchmarkParse(b *testing.B) {
	b.ReportAllocs()
	b.SetBytes(int64(len(typicalQuery)))
	for b.Loop() {
		if _, err := Parse(typicalQuery); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkString(b *testing.B) {
	q, err := Parse(typicalQuery)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		_ = q.String()
	}
}

// BenchmarkGuard measures the guard's whole path: parse, constrain, print.
func BenchmarkGuard(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		q, err := Parse(typicalQuery)
		if err != nil {
			b.Fatal(err)
		}
		_ = Constrain(q, "project", []string{"ENG", "OPS"}).String()
	}
}
