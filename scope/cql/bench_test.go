package cql

import "testing"

const typicalQuery = `space = ENG AND type IN (page, blogpost) AND creator = currentUser() ` +
	`AND lastmodified >= now("-2w") AND NOT label IN (obsolete, draft) AND text ~ "release notes" ORDER BY lastmodified DESC`

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
		_ = Constrain(q, "space", []string{"ENG", "OPS"}).String()
	}
}
