package cql

import (
	"errors"
	"strings"
	"testing"
)

const all = "100 101 200 300 301 302"

func TestMatch(t *testing.T) {
	cases := []struct{ cql, want string }{
		{"space = ENG", "100 101 200"},
		{"space.key = ops", "300 301 302"},
		{`space = "Engineering"`, "100 101 200"},
		{"space in (ENG, OPS)", all},
		{"space != ENG", "300 301 302"},
		{"space not in (ENG)", "300 301 302"},
		{"type = page", "100 101 300"},
		{"type in (blogpost, comment)", "200 301"},
		{"type != page", "200 301 302"},
		{`title = "release notes 2.0"`, "101"},
		{`title ~ "release"`, "101"},
		{`title ~ "runbook certificate"`, "300 301"},
		{`title ~ "runb*"`, "300 301"},
		{`title ~ "run"`, ""},
		{`title !~ runbook`, "100 101 200 302"},
		{`title in ("Engineering Home", "diagram.png")`, "100 302"},
		{`text ~ "export"`, "101 200"},
		{`text ~ "\"new export\""`, "200"},
		{`text ~ "\"export new\""`, ""},
		{`text ~ "welcome engineering"`, "100"},
		{`text !~ "export"`, "100 300 301 302"},
		{"label = release", "101"},
		{"label in (retro, security)", "200 300"},
		{"label != release", "100 200 300 301 302"},
		{"label not in (release, runbook)", "100 200 301 302"},
		{"ancestor = 100", "101"},
		{"ancestor = 299", "300 301 302"},
		{"ancestor in (100, 300)", "101 301 302"},
		{"parent = 300", "301 302"},
		{"id = 101", "101"},
		{"content in (100, 200)", "100 200"},
		{"creator = currentUser()", "101 301"},
		{`creator = "Bob Brown"`, "100 302"},
		{"contributor = currentUser()", "101 300 301"},
		{"contributor in (acc-bob, acc-carol)", "100 101 200 300 302"},
		{"created > -7d", "200 301"},
		{`created > "-10d"`, "200 301 302"},
		{`created >= "2026-11-01"`, "200 301 302"},
		{`created > "2026/11/01"`, "200 301"},
		{`created = "2026-11-01"`, "302"},
		{`created < "2026-03-01 12:00"`, "100"},
		{`created <= "2026-03-01 12:00"`, "100 300"},
		{`lastmodified > now("-4w")`, "101 200 300 301 302"},
		{`lastmodified >= now("-1d")`, "300"},
		{`lastmodified >= now("-2d")`, "101 200 300"},
		{"lastmodified >= startOfDay()", "300"},
		{`lastmodified >= startOfDay("-1")`, "101 200 300"},
		{"lastmodified >= startOfWeek()", "101 200 300"},
		{"created >= startOfMonth()", "200 301 302"},
		{`created >= startOfMonth("-1")`, "101 200 301 302"},
		{"created >= startOfYear()", all},
		{"created > endOfYear()", ""},
		{`created < endOfDay("-1")`, "100 101 200 300 301 302"},
		{"lastmodified < now()", all},
		{"space = ENG AND type = page", "100 101"},
		{"space = OPS OR space = ENG AND type = blogpost", "200 300 301 302"},
		{"(space = OPS OR space = ENG) AND type = page", "100 101 300"},
		{"NOT space = ENG AND type = page", "300"},
		{"NOT (space = ENG AND type = page)", "200 300 301 302"},
		{"SPACE = eng and TYPE = PAGE", "100 101"},
		{"type = page ORDER BY title", "100 101 300"},
	}
	for _, tc := range cases {
		t.Run(tc.cql, func(t *testing.T) {
			got := strings.Join(search(t, tc.cql), " ")
			if got != tc.want {
				t.Errorf("%s\n got: %q\nwant: %q", tc.cql, got, tc.want)
			}
		})
	}
}

func TestSort(t *testing.T) {
	cases := []struct{ cql, want string }{
		{"space = ENG", "101 200 100"}, // lastmodified DESC by default
		{"type = page ORDER BY title", "100 101 300"},
		{"type = page order by title desc", "300 101 100"},
		{"space = OPS ORDER BY created", "300 302 301"},
		{"space = ENG ORDER BY lastmodified ASC", "100 200 101"},
		{"space in (ENG, OPS) ORDER BY id DESC", "302 301 300 200 101 100"},
	}
	for _, tc := range cases {
		t.Run(tc.cql, func(t *testing.T) {
			got := strings.Join(sorted(t, tc.cql), " ")
			if got != tc.want {
				t.Errorf("%s\n got: %q\nwant: %q", tc.cql, got, tc.want)
			}
		})
	}
}

func TestSortEmptyValues(t *testing.T) {
	q, err := Parse("type = page ORDER BY created", testEnv())
	if err != nil {
		t.Fatal(err)
	}
	rs := []Record{rec{FieldID: {"1"}}, rec{FieldID: {"2"}, FieldCreated: {testNow}}, rec{FieldID: {"3"}, FieldCreated: {at("2026-01-01 00:00")}}}
	q.Sort(rs)
	if got := rs[0].(rec).id() + rs[1].(rec).id() + rs[2].(rec).id(); got != "321" {
		t.Errorf("ascending order with an empty created = %s, want 321 (empty last)", got)
	}
}

func TestErrors(t *testing.T) {
	cases := []struct{ cql, detail string }{
		{"", "the query is empty"},
		{"bogus ~", "expected a value, a list or a function but found the end of the query"},
		{"space ENG", "expected an operator (=, !=, ~, !~, <, >, <=, >=, IN, NOT IN) after the field \"space\" but found 'ENG' at character 7"},
		{`title ~ "abc`, "the quoted string starting at character 9 is not closed"},
		{"space = ENG type = page", "expected AND, OR or ORDER BY but found 'type' at character 13"},
		{"(space = ENG", "expected ')' to close the '(' at character 1 but found the end of the query"},
		{"space in (ENG OPS)", "expected ',' or ')' in the list starting at character 10 but found 'OPS' at character 15"},
		{"space not ENG", "expected IN after NOT but found 'ENG' at character 11"},
		{"space ! ENG", "'!' at character 7 must be followed by '=' or '~'"},
		{"AND = 1", "expected a field name but found 'AND' at character 1"},
		{"space = ENG ORDER title", "expected BY after ORDER but found 'title' at character 19"},
		{strings.Repeat("(", 101) + "space = ENG" + strings.Repeat(")", 101), "the query is nested more than 100 levels deep at character 101"},
		{"colour = red", `the field "colour" at character 1 does not exist; use one of space, type, title, text, label, ancestor, parent, id, creator, contributor, created or lastmodified`},
		{"space ~ ENG", `the field "space" does not support the operator "~"`},
		{"text = export", `the field "text" does not support the operator "="`},
		{"created ~ 2026", `the field "created" does not support the operator "~"`},
		{"label > a", `the field "label" does not support the operator ">"`},
		{"space = (ENG, OPS)", `the operator "=" takes one value, not the list at character 9; use IN`},
		{`title ~ ""`, `the operator "~" needs text to search for at character 9`},
		{"type = blog", `the type "blog" at character 8 does not exist; use page, blogpost, comment or attachment`},
		{"created > yesterday", "the date \"yesterday\" for created at character 11 is invalid: " + dateFormats},
		{`lastmodified > now("-4x")`, `the increment "-4x" of now() at character 20 is invalid; use (+/-)n followed by y, M, w, d, h or m, as in "-4w"`},
		{`lastmodified > now("-4")`, `the increment "-4" of now() at character 20 is invalid; use (+/-)n followed by y, M, w, d, h or m, as in "-4w"`},
		{"creator = now()", "the function now() at character 11 cannot be used with creator or with 0 arguments"},
		{"created > startOfDay(1, 2)", "the function startOfDay() at character 11 cannot be used with created or with 2 arguments"},
		{"space = currentSpace()", "the function currentSpace() at character 9 does not exist"},
		{"space = ENG ORDER BY label", `cannot order by "label" at character 22; order by title, created, lastmodified or id`},
		{"space = ENG ORDER BY nothing", `cannot order by "nothing" at character 22; order by title, created, lastmodified or id`},
	}
	for _, tc := range cases {
		t.Run(tc.cql, func(t *testing.T) {
			_, err := Parse(tc.cql, testEnv())
			var ce *Error
			if !errors.As(err, &ce) {
				t.Fatalf("Parse(%q) = %v, want an *Error", tc.cql, err)
			}
			if want := "Could not parse cql : " + tc.cql; ce.Message != want || ce.Error() != want {
				t.Errorf("Message = %q, want %q", ce.Message, want)
			}
			if ce.Detail != tc.detail {
				t.Errorf("Detail\n got: %q\nwant: %q", ce.Detail, tc.detail)
			}
		})
	}
}

func TestAnonymousCurrentUserMatchesNothing(t *testing.T) {
	q, err := Parse("creator = currentUser() OR contributor = currentUser()", &Env{Now: testNow})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range dataset() {
		if q.Match(r) {
			t.Errorf("anonymous currentUser() matched %s", r.id())
		}
	}
}

func TestNumericIDs(t *testing.T) {
	q, err := Parse("id in (7, 8) AND ancestor = 3", nil)
	if err != nil {
		t.Fatal(err)
	}
	if !q.Match(rec{FieldID: {7.0}, FieldAncestor: {int64(3)}}) {
		t.Error("numeric ids do not match their literals")
	}
	if q.Match(rec{FieldID: {9.0}, FieldAncestor: {3}}) {
		t.Error("id in (7, 8) matched id 9")
	}
}
