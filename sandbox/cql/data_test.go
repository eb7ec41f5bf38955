package cql

import (
	"strings"
	"testing"
	"time"
)

type rec map[string][]any

func (r rec) Values(field string) []any { return r[field] }

func (r rec) id() string { return r[FieldID][0].(string) }

// testNow is a Tuesday; the week (which starts on Sunday) began on 2026-11-08.
var testNow = time.Date(2026, 11, 10, 12, 0, 0, 0, time.UTC)

func at(s string) time.Time {
	t, err := time.Parse("2006-01-02 15:04", s)
	if err != nil {
		panic(err)
	}
	return t
}

func content(id, typ, space, title, body string, f rec) rec {
	r := rec{FieldID: {id}, FieldType: {typ}, FieldSpace: {space}, FieldTitle: {title}, FieldText: {title, body}}
	for k, v := range f {
		r[k] = v
	}
	return r
}

// dataset returns six pieces of content in two spaces.
func dataset() []rec {
	return []rec{
		content("100", "page", "ENG", "Engineering Home", "Welcome to engineering", rec{
			FieldCreator: {"acc-bob"}, FieldContributor: {"acc-bob"},
			FieldCreated: {at("2026-01-15 09:00")}, FieldLastModified: {at("2026-06-01 09:00")},
		}),
		content("101", "page", "ENG", "Release Notes 2.0", "Highlights of the export feature", rec{
			FieldLabel: {"release", "notes"}, FieldAncestor: {"100"}, FieldParent: {"100"},
			FieldCreator: {"acc-alice"}, FieldContributor: {"acc-alice", "acc-bob"},
			FieldCreated: {at("2026-10-01 10:00")}, FieldLastModified: {at("2026-11-09 10:00")},
		}),
		content("200", "blogpost", "ENG", "Sprint 12 retrospective", "What went well: the new export", rec{
			FieldLabel: {"retro"}, FieldCreator: {"acc-carol"}, FieldContributor: {"acc-carol"},
			FieldCreated: {at("2026-11-09 09:00")}, FieldLastModified: {at("2026-11-09 09:00")},
		}),
		content("300", "page", "OPS", "Runbook: certificate rotation", "Rotate TLS certificates every quarter", rec{
			FieldLabel: {"runbook", "security"}, FieldAncestor: {"299"}, FieldParent: {"299"},
			FieldCreator: {"acc-carol"}, FieldContributor: {"acc-carol", "acc-alice"},
			FieldCreated: {at("2026-03-01 12:00")}, FieldLastModified: {at("2026-11-10 08:00")},
		}),
		content("301", "comment", "OPS", "Re: Runbook: certificate rotation", "Done for Q4", rec{
			FieldAncestor: {"299", "300"}, FieldParent: {"300"}, FieldCreator: {"acc-alice"},
			FieldContributor: {"acc-alice"}, FieldCreated: {at("2026-11-05 16:00")}, FieldLastModified: {at("2026-11-05 16:00")},
		}),
		content("302", "attachment", "OPS", "diagram.png", "", rec{
			FieldAncestor: {"299", "300"}, FieldParent: {"300"}, FieldCreator: {"acc-bob"},
			FieldContributor: {"acc-bob"}, FieldCreated: {at("2026-11-01 00:00")}, FieldLastModified: {at("2026-11-01 00:00")},
		}),
	}
}

func testEnv() *Env {
	return &Env{
		Now:         testNow,
		CurrentUser: "acc-alice",
		Resolve: func(field, v string) []string {
			switch field {
			case FieldSpace:
				return map[string][]string{"engineering": {"ENG"}, "operations": {"OPS"}}[strings.ToLower(v)]
			case FieldCreator, FieldContributor:
				return map[string][]string{"alice adams": {"acc-alice"}, "bob brown": {"acc-bob"}}[strings.ToLower(v)]
			}
			return nil
		},
	}
}

// search returns the ids of the matching content in dataset order.
func search(t *testing.T, q string) []string {
	t.Helper()
	query, err := Parse(q, testEnv())
	if err != nil {
		t.Fatalf("Parse(%q): %v (%s)", q, err, err.(*Error).Detail)
	}
	var ids []string
	for _, r := range dataset() {
		if query.Match(r) {
			ids = append(ids, r.id())
		}
	}
	return ids
}

// sorted returns the ids of the matching content in the query's order.
func sorted(t *testing.T, q string) []string {
	t.Helper()
	query, err := Parse(q, testEnv())
	if err != nil {
		t.Fatalf("Parse(%q): %v", q, err)
	}
	var rs []Record
	for _, r := range dataset() {
		if query.Match(r) {
			rs = append(rs, r)
		}
	}
	query.Sort(rs)
	ids := make([]string, len(rs))
	for i, r := range rs {
		ids[i] = r.(rec).id()
	}
	return ids
}
