package jql

import (
	"slices"
	"strings"
	"testing"
)

const all = "ENG-1 ENG-2 ENG-3 OPS-1 OPS-2"

func TestMatch(t *testing.T) {
	cases := []struct{ jql, want string }{
		// project, keys and ids
		{"project = ENG", "ENG-1 ENG-2 ENG-3"},
		{`project = "Engineering"`, "ENG-1 ENG-2 ENG-3"},
		{"project in (ENG, operations)", all},
		{"project != ENG", "OPS-1 OPS-2"},
		{"project not in (OPS)", "ENG-1 ENG-2 ENG-3"},
		{"key = ENG-2", "ENG-2"},
		{"issuekey = eng-2", "ENG-2"},
		{"id = 10002", "ENG-2"},
		{"key = 20001", "OPS-1"},
		{"key in (ENG-1, OPS-1)", "ENG-1 OPS-1"},
		{"key = ENG-9", "OPS-2"},
		{"key > ENG-1", "ENG-2 ENG-3"}, // OPS-2 was ENG-9, but only current keys are ordered
		{"key < OPS-2", "OPS-1"},
		{"key <= ENG-2", "ENG-1 ENG-2"},
		{"id >= 20001", "OPS-1 OPS-2"},
		{"id < 10002", "ENG-1"},
		// text
		{`summary ~ "checkout"`, "ENG-1"},
		{`summary ~ "CHECK*"`, "ENG-1"},
		{`summary ~ "chec"`, ""},
		{`summary ~ "crashes safari"`, "ENG-2"},
		{`summary ~ "safari firefox"`, ""},
		{`summary ~ "\"header row\""`, "ENG-3"},
		{`summary ~ "\"row header\""`, ""},
		{`summary ~ 'the header'`, "ENG-3"},
		{`summary !~ export`, "ENG-1 ENG-2 OPS-1 OPS-2"},
		{`description ~ changelog`, "ENG-2"},
		{`description ~ "stack-trace"`, "ENG-2"},
		{"description is empty", "OPS-1 OPS-2"},
		{"description is not EMPTY", "ENG-1 ENG-2 ENG-3"},
		{`comment ~ "shared folder"`, "ENG-2"},
		{`text ~ changelog`, "ENG-2"},
		{`text ~ "folder"`, "ENG-2"},
		{`text ~ "certificates"`, "OPS-1"},
		{`text ~ "checkout umbrella"`, "ENG-1"},
		{`text ~ "the"`, ""},
		// status, categories, people
		{`status = "In Progress"`, "ENG-1 OPS-1"},
		{"status = done", "ENG-2 OPS-2"},
		{`status in ("To Do", Done)`, "ENG-2 ENG-3 OPS-2"},
		{"status != Done", "ENG-1 ENG-3 OPS-1"},
		{`statusCategory = "In Progress"`, "ENG-1 OPS-1"},
		{"statuscategory = new", "ENG-3"},
		{"assignee = currentUser()", "ENG-1 OPS-2"},
		{`assignee = "Bob Brown"`, "ENG-2"},
		{`assignee = "carol@example.com"`, "OPS-1"},
		{"assignee is EMPTY", "ENG-3"},
		{"assignee is null", "ENG-3"},
		{"assignee = EMPTY", "ENG-3"},
		{"assignee is not empty", "ENG-1 ENG-2 OPS-1 OPS-2"},
		{"assignee != acc-alice", "ENG-2 OPS-1"},
		{"assignee != EMPTY", "ENG-1 ENG-2 OPS-1 OPS-2"},
		{"assignee not in (acc-alice)", "ENG-2 OPS-1"},
		{"assignee in (EMPTY, acc-bob)", "ENG-2 ENG-3"},
		{"assignee not in (EMPTY, acc-bob)", "ENG-1 OPS-1 OPS-2"},
		{"NOT assignee = acc-alice", "ENG-2 ENG-3 OPS-1"},
		{"reporter = acc-bob", "ENG-1"},
		{"creator in (currentUser())", "ENG-2 OPS-1"},
		// priority with rank, labels, types
		{"priority = High", "ENG-1"},
		{"priority > Medium", "ENG-1 ENG-2"},
		{"priority <= low", "ENG-3 OPS-2"},
		{"priority in (Low, Lowest)", "ENG-3 OPS-2"},
		{"labels = safari", "ENG-2"},
		{"labels in (platform, ops)", "ENG-1 OPS-1"},
		{"labels is empty", "ENG-3 OPS-2"},
		{"labels != ops", "ENG-1 ENG-2"},
		{"labels not in (frontend)", "ENG-1 OPS-1"},
		{"issuetype = Bug", "ENG-3"},
		{"type in (Story, Task)", "ENG-2 OPS-1 OPS-2"},
		{"issuetype != Epic", "ENG-2 ENG-3 OPS-1 OPS-2"},
		// dates, relative dates and date functions (now is 2026-11-10 12:00)
		{"created > -7d", "ENG-3"},
		{`created >= "-8d"`, "ENG-2 ENG-3"},
		{`created >= "2026-11-01"`, "ENG-2 ENG-3"},
		{`created < "2026/10/01 10:00"`, "ENG-1 OPS-1 OPS-2"},
		{`created <= "2026-10-01"`, "OPS-1 OPS-2"},
		{`created = "2026-08-01"`, "OPS-2"},
		{`created >= "-1w 2d"`, "ENG-2 ENG-3"},
		{"updated >= startOfDay()", "ENG-3"},
		{"updated >= startOfDay(-1)", "ENG-1 ENG-3"},
		{`updated >= startOfDay("-1d")`, "ENG-1 ENG-3"},
		{`updated > "-1h"`, ""},
		{"updated > -5h", "ENG-3"},
		{"updated >= startOfWeek()", "ENG-1 ENG-2 ENG-3"},
		{"updated > endOfDay(-1)", "ENG-3"},
		{"created >= startOfMonth()", "ENG-2 ENG-3"},
		{"created >= startOfMonth(-1)", "ENG-1 ENG-2 ENG-3"},
		{"created < startOfYear()", ""},
		{"created > endOfYear(-1)", all},
		{"updated < now()", all},
		{`due = "2026-11-10"`, "ENG-3"},
		{"duedate < now()", "ENG-3 OPS-1"},
		{`duedate <= "2026-11-05"`, "OPS-1"},
		{"due > 2026-11-10", "ENG-1"},
		{"duedate is empty", "ENG-2 OPS-2"},
		{"resolved >= -3d", "ENG-2"},
		{"resolution = Unresolved", "ENG-1 ENG-3 OPS-1"},
		{`resolution = "Won't Do"`, "OPS-2"},
		{"resolution is not empty", "ENG-2 OPS-2"},
		{"resolution in (Done, unresolved)", "ENG-1 ENG-2 ENG-3 OPS-1"},
		// agile, hierarchy, components, versions
		{"sprint in openSprints()", "ENG-2 ENG-3"},
		{"sprint in closedSprints()", "OPS-1"},
		{"sprint in futureSprints()", "OPS-1"},
		{"sprint not in openSprints()", "OPS-1"},
		{`sprint = "Sprint 2"`, "ENG-2 ENG-3"},
		{"sprint is empty", "ENG-1 OPS-2"},
		{"parent = ENG-1", "ENG-2"},
		{"component = web", "ENG-1"},
		{"component is empty", "ENG-2 ENG-3 OPS-2"},
		{"fixVersion = 1.0", "ENG-1"},
		// custom fields by name and by cf[N]
		{`"Story Points" > 4`, "ENG-1 ENG-2"},
		{"cf[10016] <= 3", "ENG-3"},
		{`"story points" is empty`, "OPS-1 OPS-2"},
		{"cf[10016] in (3, 5)", "ENG-2 ENG-3"},
		{"Team = Platform", "ENG-2"},
		{`Team ~ "plat*"`, "ENG-2"},
		{`"Start date" >= "2026-11-01"`, "ENG-2"},
		{`cf[10030] < -14d`, "ENG-3"},
		// precedence: NOT, then AND, then OR
		{"project = OPS OR project = ENG AND status = Done", "ENG-2 OPS-1 OPS-2"},
		{"(project = OPS OR project = ENG) AND status = Done", "ENG-2 OPS-2"},
		{"NOT project = ENG AND status = Done", "OPS-2"},
		{"NOT (project = ENG AND status = Done)", "ENG-1 ENG-3 OPS-1 OPS-2"},
		{"project = ENG && status = Done || labels = ops", "ENG-2 OPS-1"},
		{"project = ENG & ! status = Done | labels = ops", "ENG-1 ENG-3 OPS-1"},
		{"PROJECT = eng and STATUS = done", "ENG-2"},
		{"not not project = OPS", "OPS-1 OPS-2"},
		{"((project = OPS))", "OPS-1 OPS-2"},
		{"project = ENG\nAND\tstatus = Done", "ENG-2"},
		// saved filters
		{"filter = 100", "ENG-2"},
		{`filter = "My bugs"`, "ENG-3"},
		{"savedFilter != 100", "ENG-1 ENG-3 OPS-1 OPS-2"},
		{`filter in (100, "my bugs")`, "ENG-2 ENG-3"},
		{"", all},
		{"ORDER BY key", all},
	}
	for _, tc := range cases {
		t.Run(tc.jql, func(t *testing.T) {
			got := strings.Join(search(t, tc.jql), " ")
			if got != tc.want {
				t.Errorf("%s\n got: %q\nwant: %q", tc.jql, got, tc.want)
			}
		})
	}
}

func TestHistory(t *testing.T) {
	cases := []struct{ jql, want string }{
		{`status WAS "In Progress"`, "ENG-1 ENG-2 OPS-1"},
		{`status was "To Do"`, "ENG-2 ENG-3 OPS-1"},
		{`status was Done before "2026-11-05"`, "OPS-2"},
		{`status WAS "In Progress" DURING ("2026-11-05", "2026-11-06")`, "ENG-1 ENG-2 OPS-1"},
		{`status was "In Progress" during ("2026-10-01", "2026-10-19")`, "ENG-1"},
		{`status was "In Progress" by acc-bob`, "ENG-2"},
		{`status was "In Progress" by "Bob Brown" on "2026-11-04"`, "ENG-2"},
		{`status was not "In Progress"`, "ENG-3 OPS-2"},
		{`status was in ("To Do", Done) after "2026-11-07"`, "ENG-2 ENG-3 OPS-2"},
		{`status was not in ("To Do", "In Progress")`, "OPS-2"},
		{"status changed", "ENG-2 OPS-1"},
		{`status changed from "In Progress" to Done`, "ENG-2"},
		{`status changed FROM "To Do"`, "ENG-2 OPS-1"},
		{"status changed to Done by acc-bob after -7d", "ENG-2"},
		{"status changed to Done by acc-carol", ""},
		{`status changed on "2026-11-04"`, "ENG-2"},
		{`status changed during ("2026-10-01", "2026-10-31")`, "OPS-1"},
		{"status changed after startOfMonth()", "ENG-2"},
		{"status changed before startOfMonth()", "OPS-1"},
		{"assignee was acc-alice", "ENG-1 ENG-2 OPS-2"},
		{"assignee was EMPTY", "ENG-2 ENG-3"},
		{"assignee changed by currentUser()", "ENG-2"},
		{"assignee changed by (acc-bob, acc-carol)", ""},
		{`assignee was "Alice Adams" before "2026-11-04"`, "ENG-1 ENG-2 OPS-2"},
		{`assignee was acc-bob before "2026-11-04"`, ""},
	}
	for _, tc := range cases {
		t.Run(tc.jql, func(t *testing.T) {
			got := strings.Join(search(t, tc.jql), " ")
			if got != tc.want {
				t.Errorf("%s\n got: %q\nwant: %q", tc.jql, got, tc.want)
			}
		})
	}
}

func TestSort(t *testing.T) {
	cases := []struct{ jql, want string }{
		{"", "ENG-3 ENG-2 ENG-1 OPS-1 OPS-2"}, // created DESC by default
		{"project = OPS", "OPS-1 OPS-2"},
		{"ORDER BY key", all},
		{"ORDER BY issuekey DESC", "OPS-2 OPS-1 ENG-3 ENG-2 ENG-1"},
		{"project = ENG ORDER BY priority DESC", "ENG-2 ENG-1 ENG-3"},
		{"ORDER BY priority ASC, key DESC", "OPS-2 ENG-3 OPS-1 ENG-1 ENG-2"},
		{"ORDER BY status ASC, created DESC", "ENG-2 OPS-2 ENG-1 OPS-1 ENG-3"},
		{"ORDER BY duedate ASC", "OPS-1 ENG-3 ENG-1 ENG-2 OPS-2"},
		{"ORDER BY duedate DESC", "ENG-2 OPS-2 ENG-1 ENG-3 OPS-1"},
		{`ORDER BY "Story Points" DESC, key`, "OPS-1 OPS-2 ENG-1 ENG-2 ENG-3"},
		{"ORDER BY cf[10016]", "ENG-3 ENG-2 ENG-1 OPS-1 OPS-2"},
		{"ORDER BY id DESC", "OPS-2 OPS-1 ENG-3 ENG-2 ENG-1"},
		{"ORDER BY assignee, key", "ENG-1 OPS-2 ENG-2 OPS-1 ENG-3"},
		{"ORDER BY summary", "OPS-2 ENG-1 ENG-3 ENG-2 OPS-1"},
		{"ORDER BY labels DESC, updated", "OPS-2 ENG-3 OPS-1 ENG-1 ENG-2"},
	}
	for _, tc := range cases {
		t.Run(tc.jql, func(t *testing.T) {
			got := strings.Join(sorted(t, tc.jql), " ")
			if got != tc.want {
				t.Errorf("%s\n got: %q\nwant: %q", tc.jql, got, tc.want)
			}
		})
	}
}

func TestSortIsStable(t *testing.T) {
	q, err := Parse("ORDER BY project", testEnv())
	if err != nil {
		t.Fatal(err)
	}
	for _, order := range [][]int{{0, 1, 2, 3, 4}, {4, 3, 2, 1, 0}, {2, 0, 4, 1, 3}} {
		data := dataset()
		var rs []Record
		var want []string
		for _, i := range order {
			rs = append(rs, data[i])
		}
		for _, p := range []string{"ENG", "OPS"} {
			for _, i := range order {
				if data[i].f[FieldProject][0] == p {
					want = append(want, data[i].key())
				}
			}
		}
		q.Sort(rs)
		var got []string
		for _, r := range rs {
			got = append(got, r.(rec).key())
		}
		if !slices.Equal(got, want) {
			t.Errorf("input order %v: got %v, want %v", order, got, want)
		}
	}
}

func TestBounded(t *testing.T) {
	for q, want := range map[string]bool{"": false, "ORDER BY key": false, "order by created desc": false,
		"project = ENG": true, "assignee = currentUser() order by key": true} {
		parsed, err := Parse(q, testEnv())
		if err != nil {
			t.Fatalf("Parse(%q): %v", q, err)
		}
		if parsed.Bounded() != want {
			t.Errorf("Parse(%q).Bounded() = %v, want %v", q, !want, want)
		}
	}
}

// spy records which field ids the engine asks a record for.
type spy struct {
	rec
	asked map[string]bool
}

func (s spy) Values(field string) []any {
	s.asked[field] = true
	return s.rec.f[field]
}

// TestEnvFieldIDs checks that Env.Field's ids reach Values and Resolve, as
// the sandbox's store names some fields differently.
func TestEnvFieldIDs(t *testing.T) {
	ids := map[string]string{"issuekey": "key", "key": "key", "component": "components", "text": "text", "resolved": "resolutiondate"}
	var resolved []string
	env := &Env{
		Now: testNow,
		Field: func(ref string) (string, bool) {
			id, ok := ids[strings.ToLower(ref)]
			return id, ok
		},
		Resolve: func(field, v string) []string {
			resolved = append(resolved, field)
			return []string{v}
		},
	}
	r := spy{rec: rec{f: map[string][]any{"key": {"ENG-7"}, "id": {7.0}, "components": {"web"}, "text": {"hello world"},
		"resolutiondate": {testNow}}}, asked: map[string]bool{}}
	for _, q := range []string{"key = ENG-7", "id = 7", "component = web", "text ~ hello", "resolved >= -1d"} {
		parsed, err := Parse(q, env)
		if err != nil {
			t.Fatalf("Parse(%q): %v", q, err)
		}
		if !parsed.Match(r) {
			t.Errorf("%q does not match a record holding its values under the Env's ids", q)
		}
	}
	for _, id := range []string{"key", "components", "text", "resolutiondate"} {
		if !r.asked[id] {
			t.Errorf("Values(%q) was never called; asked %v", id, r.asked)
		}
	}
	if !slices.Contains(resolved, "key") || !slices.Contains(resolved, "components") {
		t.Errorf("Resolve received %v, want the Env's ids key and components", resolved)
	}
}

// TestTextFallsBackToParts checks that text searches the summary,
// description, environment and comments when the record has no text value.
func TestTextFallsBackToParts(t *testing.T) {
	r := rec{f: map[string][]any{FieldEnvironment: {"Firefox on Linux"}}}
	q, err := Parse("text ~ linux", &Env{Now: testNow})
	if err != nil {
		t.Fatal(err)
	}
	if !q.Match(r) {
		t.Error(`text ~ linux does not find "linux" in the environment`)
	}
}

func TestAnonymousCurrentUserMatchesNothing(t *testing.T) {
	env := testEnv()
	env.CurrentUser = ""
	q, err := Parse("assignee = currentUser() OR reporter in (currentUser())", env)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range dataset() {
		if q.Match(r) {
			t.Errorf("anonymous currentUser() matched %s", r.key())
		}
	}
}
