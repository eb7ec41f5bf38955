package atlassian

import (
	"testing"
	"time"

	"github.com/tidwall/gjson"
)

// FuzzParseAnswers feeds hostile JSON to the readers of Jira's metadata,
// transition, sprint and board answers: they must never panic, and every
// field they read must keep its allowed values' labels non-empty when the
// answer gave a name or value.
func FuzzParseAnswers(f *testing.F) {
	f.Add(`{"editmeta":{"fields":{"customfield_1":{"name":"Severity","required":true,"schema":{"type":"option"},"operations":["set"],"allowedValues":[{"id":"1","value":"Sev-1"}]}}}}`)
	f.Add(`{"id":24,"originBoardId":1,"name":"S","state":"active","startDate":"2026-11-14T12:00:00.000Z","endDate":"x"}`)
	f.Add(`{"id":1,"location":{"projectKey":"ENG"},"type":"scrum"}`)
	f.Add(`{"editmeta":{"fields":[1,2]},"allowedValues":"x"}`)
	f.Fuzz(func(t *testing.T, raw string) {
		res := gjson.Parse(raw)
		for _, m := range EditMeta(res) {
			for _, a := range m.Allowed {
				_ = a.Label()
			}
			_ = m.Takes("add")
		}
		fm := parseFieldMeta("", res)
		for _, a := range fm.Allowed {
			if a.Label() == "" && a.ID == "" && a.Name != "" {
				t.Fatalf("allowed value %+v lost its name", a)
			}
		}
		_ = parseSprint(res)
		_ = parseBoard(res)
		_ = parseUser(res)
		_ = ParseTime(raw)
	})
}

// FuzzParseTime checks that ParseTime never panics and reads back what
// Jira writes, in both of Jira's formats.
func FuzzParseTime(f *testing.F) {
	f.Add(int64(1795000000), "2026-11-20T10:15:30.000+0000")
	f.Add(int64(0), "2026-11-28T12:00:00.000Z")
	f.Add(int64(-1), "not a time")
	f.Fuzz(func(t *testing.T, sec int64, s string) {
		_ = ParseTime(s)
		at := time.Unix(sec%(1<<34), 0).UTC().Truncate(time.Millisecond)
		for _, layout := range []string{"2006-01-02T15:04:05.000-0700", "2006-01-02T15:04:05.000Z07:00"} {
			if got := ParseTime(at.Format(layout)); !got.Equal(at) && at.Year() >= 0 && at.Year() <= 9999 {
				t.Fatalf("ParseTime(%q) = %v, want %v", at.Format(layout), got, at)
			}
		}
	})
}
