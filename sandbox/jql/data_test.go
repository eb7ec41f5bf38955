package jql

import (
	"strings"
	"testing"
	"time"
)

// rec is a test issue: field values and change history.
type rec struct {
	f map[string][]any
	h map[string][]Change
}

func (r rec) Values(field string) []any     { return r.f[field] }
func (r rec) History(field string) []Change { return r.h[field] }

func (r rec) key() string { return r.f[FieldIssueKey][0].(string) }

// now is a Tuesday; the week (which starts on Sunday) began on 2026-11-08.
var testNow = time.Date(2026, 11, 10, 12, 0, 0, 0, time.UTC)

func at(s string) time.Time {
	t, err := time.Parse("2006-01-02 15:04", s)
	if err != nil {
		panic(err)
	}
	return t
}

func day(s string) time.Time { return at(s + " 00:00") }

// dataset returns five issues in two projects; OPS-2 was moved from ENG-9.
func dataset() []rec {
	return []rec{
		{f: map[string][]any{
			FieldIssueKey: {"ENG-1"}, FieldID: {10001.0}, FieldProject: {"ENG"}, FieldIssueType: {"Epic"},
			FieldSummary: {"Checkout revamp"}, FieldDescription: {"Umbrella for the checkout changes"},
			FieldStatus: {"In Progress"}, FieldStatusCategory: {"indeterminate"},
			FieldAssignee: {"acc-alice"}, FieldReporter: {"acc-bob"}, FieldCreator: {"acc-bob"},
			FieldPriority: {"High"}, FieldLabels: {"platform"},
			FieldCreated: {at("2026-10-01 09:00")}, FieldUpdated: {at("2026-11-09 10:00")},
			FieldDueDate: {day("2026-12-01")}, FieldComponent: {"web"}, FieldFixVersion: {"1.0"},
			"customfield_10016": {13.0},
		}},
		{f: map[string][]any{
			FieldIssueKey: {"ENG-2"}, FieldID: {10002.0}, FieldProject: {"ENG"}, FieldIssueType: {"Story"},
			FieldParent: {"ENG-1"}, FieldSummary: {"Login page crashes on Safari"},
			FieldDescription: {"Stack trace attached; the changelog mentions Safari 17"},
			FieldComment:     {"Reproduced on the shared folder build", "Fixed in 2.3"},
			FieldStatus:      {"Done"}, FieldStatusCategory: {"done"}, FieldResolution: {"Done"},
			FieldResolved: {at("2026-11-08 15:00")}, FieldAssignee: {"acc-bob"}, FieldReporter: {"acc-alice"},
			FieldCreator: {"acc-alice"}, FieldPriority: {"Highest"}, FieldLabels: {"frontend", "safari"},
			FieldCreated: {at("2026-11-03 10:00")}, FieldUpdated: {at("2026-11-08 15:00")},
			FieldSprint: {"2"}, "customfield_10016": {5.0}, "customfield_10020": {"Platform"},
			"customfield_10030": {day("2026-11-02")},
		}, h: map[string][]Change{
			FieldStatus: {
				{At: at("2026-11-08 15:00"), By: "acc-bob", From: "In Progress", To: "Done"},
				{At: at("2026-11-04 09:00"), By: "acc-bob", From: "To Do", To: "In Progress"},
			},
			FieldAssignee: {
				{At: at("2026-11-03 10:00"), By: "acc-alice", From: "", To: "acc-alice"},
				{At: at("2026-11-05 10:00"), By: "acc-alice", From: "acc-alice", To: "acc-bob"},
			},
		}},
		{f: map[string][]any{
			FieldIssueKey: {"ENG-3"}, FieldID: {10003.0}, FieldProject: {"ENG"}, FieldIssueType: {"Bug"},
			FieldSummary: {"Export CSV drops the header row"}, FieldDescription: {"The new export path loses the first line"},
			FieldStatus: {"To Do"}, FieldStatusCategory: {"new"}, FieldReporter: {"acc-carol"},
			FieldCreator: {"acc-carol"}, FieldPriority: {"Low"}, FieldAssignee: {""},
			FieldCreated: {at("2026-11-09 08:00")}, FieldUpdated: {at("2026-11-10 08:00")},
			FieldDueDate: {day("2026-11-10")}, FieldSprint: {"2"}, "customfield_10016": {3.0},
			"customfield_10030": {day("2026-10-20")},
		}},
		{f: map[string][]any{
			FieldIssueKey: {"OPS-1"}, FieldID: {20001.0}, FieldProject: {"OPS"}, FieldIssueType: {"Task"},
			FieldSummary: {"Rotate TLS certificates"}, FieldStatus: {"In Progress"},
			FieldStatusCategory: {"indeterminate"}, FieldAssignee: {"acc-carol"}, FieldReporter: {"acc-alice"},
			FieldCreator: {"acc-alice"}, FieldPriority: {"Medium"}, FieldLabels: {"security", "ops"},
			FieldCreated: {at("2026-09-15 12:00")}, FieldUpdated: {at("2026-10-20 12:00")},
			FieldDueDate: {day("2026-11-05")}, FieldSprint: {"1", "3"}, FieldComponent: {"infra"},
		}, h: map[string][]Change{
			FieldStatus: {{At: at("2026-10-20 12:00"), By: "acc-carol", From: "To Do", To: "In Progress"}},
		}},
		{f: map[string][]any{
			FieldIssueKey: {"OPS-2", "ENG-9"}, FieldID: {20002.0}, FieldProject: {"OPS"}, FieldIssueType: {"Task"},
			FieldSummary: {"Archive old logs"}, FieldStatus: {"Done"}, FieldStatusCategory: {"done"},
			FieldResolution: {"Won't Do"}, FieldResolved: {at("2026-10-01 09:30")},
			FieldAssignee: {"acc-alice"}, FieldReporter: {"acc-carol"}, FieldCreator: {"acc-carol"},
			FieldPriority: {"Lowest"}, FieldCreated: {day("2026-08-01")}, FieldUpdated: {at("2026-10-01 09:30")},
		}},
	}
}

var users = map[string][]string{
	"acc-alice": {"alice adams", "alice@example.com"},
	"acc-bob":   {"bob brown", "bob@example.com"},
	"acc-carol": {"carol cruz", "carol@example.com"},
}

// lookup finds v among names (case-insensitively) and returns its stored form.
func lookup(v string, names map[string]string) []string {
	if s, ok := names[strings.ToLower(v)]; ok {
		return []string{s}
	}
	return nil
}

func testResolve(field, v string) []string {
	lv := strings.ToLower(v)
	switch field {
	case FieldProject:
		return lookup(v, map[string]string{"eng": "ENG", "engineering": "ENG", "ops": "OPS", "operations": "OPS"})
	case FieldAssignee, FieldReporter, FieldCreator, FieldUser:
		for id, names := range users {
			if lv == id || lv == names[0] || lv == names[1] {
				return []string{id}
			}
		}
		return nil
	case FieldStatus:
		return lookup(v, map[string]string{"to do": "To Do", "in progress": "In Progress", "done": "Done"})
	case FieldStatusCategory:
		return lookup(v, map[string]string{"to do": "new", "new": "new", "in progress": "indeterminate",
			"indeterminate": "indeterminate", "done": "done"})
	case FieldPriority:
		return lookup(v, map[string]string{"highest": "Highest", "high": "High", "medium": "Medium", "low": "Low", "lowest": "Lowest"})
	case FieldIssueType:
		return lookup(v, map[string]string{"bug": "Bug", "story": "Story", "task": "Task", "epic": "Epic"})
	case FieldResolution:
		return lookup(v, map[string]string{"done": "Done", "won't do": "Won't Do"})
	case FieldIssueKey, FieldID, FieldParent:
		return lookup(v, map[string]string{"eng-1": "ENG-1", "eng-2": "ENG-2", "eng-3": "ENG-3", "ops-1": "OPS-1",
			"ops-2": "OPS-2", "eng-9": "OPS-2", "10001": "ENG-1", "10002": "ENG-2", "10003": "ENG-3",
			"20001": "OPS-1", "20002": "OPS-2"})
	case FieldSprint:
		return lookup(v, map[string]string{"sprint 1": "1", "sprint 2": "2", "sprint 3": "3", "1": "1", "2": "2", "3": "3"})
	case FieldComponent:
		return lookup(v, map[string]string{"web": "web", "infra": "infra"})
	case FieldFixVersion:
		return lookup(v, map[string]string{"1.0": "1.0", "2.0": "2.0"})
	}
	return []string{v}
}

var customFields = map[string]string{
	"story points": "customfield_10016", "cf[10016]": "customfield_10016",
	"team": "customfield_10020", "cf[10020]": "customfield_10020",
	"start date": "customfield_10030", "cf[10030]": "customfield_10030",
}

var priorityRank = map[string]int{"lowest": 1, "low": 2, "medium": 3, "high": 4, "highest": 5}

func testEnv() *Env {
	return &Env{
		Now:         testNow,
		CurrentUser: "acc-alice",
		Resolve:     testResolve,
		Field: func(ref string) (string, bool) {
			id, ok := customFields[strings.ToLower(ref)]
			return id, ok
		},
		Sprints: func(state string) []string {
			return map[string][]string{SprintActive: {"2"}, SprintClosed: {"1"}, SprintFuture: {"3"}}[state]
		},
		Filter: func(id string) (string, bool) {
			jq, ok := map[string]string{
				"100": "project = ENG AND status = Done", "my bugs": "issuetype = Bug",
				"200": "filter = 201", "201": "filter = 200", "300": "project = ",
			}[strings.ToLower(id)]
			return jq, ok
		},
		Rank: func(field, v string) (int, bool) {
			r, ok := priorityRank[strings.ToLower(v)]
			return r, ok && field == FieldPriority
		},
	}
}

// search parses q and returns the keys of the matching issues in dataset
// order, or fails the test.
func search(t *testing.T, q string) []string {
	t.Helper()
	query, err := Parse(q, testEnv())
	if err != nil {
		t.Fatalf("Parse(%q): %v", q, err)
	}
	var keys []string
	for _, r := range dataset() {
		if query.Match(r) {
			keys = append(keys, r.key())
		}
	}
	return keys
}

// sorted parses q, filters the dataset and sorts it.
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
	keys := make([]string, len(rs))
	for i, r := range rs {
		keys[i] = r.(rec).key()
	}
	return keys
}
