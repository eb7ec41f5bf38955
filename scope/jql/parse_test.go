package jql

import (
	"errors"
	"reflect"
	"strings"
	"testing"
)

// validCases are real-world queries, most from Atlassian's JQL reference,
// with their canonical form and, where it says something, their tree.
var validCases = []struct {
	in    string
	canon string
	where Expr        // nil: do not compare
	order []OrderTerm // compared when where is compared
}{
	{in: ``, canon: ``},
	{in: "  \t\n ", canon: ``},
	{
		in:    `project = "New office" and status = "open"`,
		canon: `project = "New office" AND status = "open"`,
		where: and(cl(fld("project"), Equals, str("New office")), cl(fld("status"), Equals, str("open"))),
	},
	{
		in:    `status = open and priority = urgent and assignee = jsmith`,
		canon: `status = open AND priority = urgent AND assignee = jsmith`,
		where: and(and(cl(fld("status"), Equals, word("open")), cl(fld("priority"), Equals, word("urgent"))),
			cl(fld("assignee"), Equals, word("jsmith"))),
	},
	{in: `project = JRA and assignee != jsmith`, canon: `project = JRA AND assignee != jsmith`},
	{
		in:    `project in (JRA,CONF) and fixVersion = "3.14"`,
		canon: `project IN (JRA, CONF) AND fixversion = "3.14"`,
		where: and(cl(fld("project"), In, list(word("JRA"), word("CONF"))), cl(fld("fixversion"), Equals, str("3.14"))),
	},
	{
		in:    `reporter not in (Jack,Jill,John) and assignee not in (Jack,Jill,John)`,
		canon: `reporter NOT IN (Jack, Jill, John) AND assignee NOT IN (Jack, Jill, John)`,
	},
	{in: `reporter = jsmith or reporter = jbrown`, canon: `reporter = jsmith OR reporter = jbrown`},
	{
		in:    `duedate < now() or duedate is empty`,
		canon: `duedate < now() OR duedate IS EMPTY`,
		where: or(cl(fld("duedate"), Less, fn("now")), cl(fld("duedate"), Is, empty())),
	},
	{in: `not assignee = jsmith`, canon: `NOT assignee = jsmith`, where: not(cl(fld("assignee"), Equals, word("jsmith")))},
	{
		in:    `not (reporter = jsmith or reporter = jbrown)`,
		canon: `NOT (reporter = jsmith OR reporter = jbrown)`,
		where: not(or(cl(fld("reporter"), Equals, word("jsmith")), cl(fld("reporter"), Equals, word("jbrown")))),
	},
	{in: `assignee != jsmith or assignee is empty`, canon: `assignee != jsmith OR assignee IS EMPTY`},
	{
		in:    `fixVersion is empty or fixVersion in unreleasedVersions()`,
		canon: `fixversion IS EMPTY OR fixversion IN unreleasedVersions()`,
	},
	{
		in:    `duedate = empty order by created, priority desc`,
		canon: `duedate = EMPTY ORDER BY created, priority DESC`,
		where: cl(fld("duedate"), Equals, empty()),
		order: []OrderTerm{sortBy(fld("created"), NoDirection), sortBy(fld("priority"), Desc)},
	},
	{in: `votes > 4`, canon: `votes > 4`, where: cl(fld("votes"), Greater, word("4"))},
	{in: `votes >= -1`, canon: `votes >= -1`, where: cl(fld("votes"), GreaterEqual, word("-1"))},
	{in: `duedate < "2008/12/31"`, canon: `duedate < "2008/12/31"`},
	{in: `created >= -5d`, canon: `created >= -5d`, where: cl(fld("created"), GreaterEqual, word("-5d"))},
	{in: `updated >= -2w AND updated <= 2024-01-31`, canon: `updated >= -2w AND updated <= 2024-01-31`},
	{in: `summary ~ win`, canon: `summary ~ win`},
	{
		in:    `summary ~ "\"full screen\""`,
		canon: `summary ~ "\"full screen\""`,
		where: cl(fld("summary"), Contains, str(`"full screen"`)),
	},
	{in: `summary !~ run`, canon: `summary !~ run`, where: cl(fld("summary"), NotContains, word("run"))},
	{in: `summary ~ "win*"`, canon: `summary ~ "win*"`},
	{in: `status was "In Progress"`, canon: `status WAS "In Progress"`},
	{
		in:    `status was not in ("Resolved","In Progress")`,
		canon: `status WAS NOT IN ("Resolved", "In Progress")`,
		where: cl(fld("status"), WasNotIn, list(str("Resolved"), str("In Progress"))),
	},
	{
		in:    `status WAS "Resolved" BY jsmith BEFORE "2011/02/02"`,
		canon: `status WAS "Resolved" BY jsmith BEFORE "2011/02/02"`,
		where: cl(fld("status"), Was, str("Resolved"), pred(By, word("jsmith")), pred(Before, str("2011/02/02"))),
	},
	{
		in:    `status WAS "Resolved" BY jsmith DURING ("2010/01/01","2011/01/01")`,
		canon: `status WAS "Resolved" BY jsmith DURING ("2010/01/01", "2011/01/01")`,
	},
	{in: `status was in (Open, "In Progress") after "2024/01/01"`, canon: `status WAS IN (Open, "In Progress") AFTER "2024/01/01"`},
	{in: `status was not Done before startOfWeek()`, canon: `status WAS NOT Done BEFORE startOfWeek()`},
	{in: `assignee was currentUser() on "2024/01/01"`, canon: `assignee WAS currentUser() ON "2024/01/01"`},
	{in: `assignee CHANGED`, canon: `assignee CHANGED`, where: cl(fld("assignee"), Changed, nil)},
	{
		in:    `status CHANGED FROM "In Progress" TO "Open"`,
		canon: `status CHANGED FROM "In Progress" TO "Open"`,
		where: cl(fld("status"), Changed, nil, pred(From, str("In Progress")), pred(To, str("Open"))),
	},
	{
		in:    `priority CHANGED BY freddo BEFORE endOfWeek() AFTER startOfWeek()`,
		canon: `priority CHANGED BY freddo BEFORE endOfWeek() AFTER startOfWeek()`,
	},
	{
		in:    `status changed to "In Progress" during (startOfWeek(-1w), endOfWeek(-1w))`,
		canon: `status CHANGED TO "In Progress" DURING (startOfWeek(-1w), endOfWeek(-1w))`,
		where: cl(fld("status"), Changed, nil, pred(To, str("In Progress")),
			pred(During, list(fn("startOfWeek", word("-1w")), fn("endOfWeek", word("-1w"))))),
	},
	{in: `assignee changed from empty`, canon: `assignee CHANGED FROM EMPTY`},
	{
		in:    `issuekey in linkedIssues(ABC-123,"is duplicated by")`,
		canon: `issuekey IN linkedIssues(ABC-123, "is duplicated by")`,
		where: cl(fld("issuekey"), In, fn("linkedIssues", word("ABC-123"), str("is duplicated by"))),
	},
	{in: `assignee = currentUser()`, canon: `assignee = currentUser()`},
	{in: `assignee in membersOf("jira-users")`, canon: `assignee IN membersOf("jira-users")`},
	{in: `sprint in openSprints() and issue in issueHistory()`, canon: `sprint IN openSprints() AND issue IN issueHistory()`},
	{in: `due < startOfDay(-1)`, canon: `due < startOfDay(-1)`, where: cl(fld("due"), Less, fn("startOfDay", word("-1")))},
	{in: `created > startOfDay("-1d")`, canon: `created > startOfDay("-1d")`},
	{
		in:    `cf[10016] = 5 ORDER BY cf[10016] DESC`,
		canon: `cf[10016] = 5 ORDER BY cf[10016] DESC`,
		where: cl(Field{Name: "cf[10016]", CustomID: 10016}, Equals, word("5")),
		order: []OrderTerm{sortBy(Field{Name: "cf[10016]", CustomID: 10016}, Desc)},
	},
	{in: `CF[010016] = 5`, canon: `cf[10016] = 5`},
	{
		in:    `"Story Points" > 3`,
		canon: `"Story Points" > 3`,
		where: cl(fld("Story Points"), Greater, word("3")),
	},
	{in: `"Epic Link" = ENG-1`, canon: `"Epic Link" = ENG-1`},
	{in: `'Project' = ENG`, canon: `project = ENG`, where: cl(fld("project"), Equals, word("ENG"))},
	{
		in:    `issue.property[support].level = "3"`,
		canon: `issue.property[support].level = "3"`,
		where: cl(Field{Name: "issue.property", Property: &Property{Key: "support", Path: "level"}}, Equals, str("3")),
	},
	{
		in:    `issue.property["my key"]".a b" = x`,
		canon: `issue.property["my key"]".a b" = x`,
		where: cl(Field{Name: "issue.property", Property: &Property{Key: "my key", Path: "a b"}}, Equals, word("x")),
	},
	{in: `parent = TEST-1234 and labels in (urgent, blocker)`, canon: `parent = TEST-1234 AND labels IN (urgent, blocker)`},
	{in: `resolution = Unresolved AND statusCategory != Done`, canon: `resolution = Unresolved AND statuscategory != Done`},
	{
		in:    `project = "ABC" AND issuetype = Bug AND created >= "2023-01-01" ORDER BY created DESC`,
		canon: `project = "ABC" AND issuetype = Bug AND created >= "2023-01-01" ORDER BY created DESC`,
	},
	{in: `ORDER BY rank ASC`, canon: `ORDER BY rank ASC`, order: []OrderTerm{sortBy(fld("rank"), Asc)}},
	{in: `order by key`, canon: `ORDER BY key`},
	{
		in:    `project = ENG && !status = Done || assignee = currentUser()`,
		canon: `project = ENG AND NOT status = Done OR assignee = currentUser()`,
		where: or(and(cl(fld("project"), Equals, word("ENG")), not(cl(fld("status"), Equals, word("Done")))),
			cl(fld("assignee"), Equals, fn("currentUser"))),
	},
	{in: `project = ENG & status = Done | x = y`, canon: `project = ENG AND status = Done OR x = y`},
	{
		in:    `x = 1 OR y = 2 AND z = 3`,
		canon: `x = 1 OR y = 2 AND z = 3`,
		where: or(cl(fld("x"), Equals, word("1")), and(cl(fld("y"), Equals, word("2")), cl(fld("z"), Equals, word("3")))),
	},
	{
		in:    `(x = 1 OR y = 2) AND z = 3`,
		canon: `(x = 1 OR y = 2) AND z = 3`,
		where: and(or(cl(fld("x"), Equals, word("1")), cl(fld("y"), Equals, word("2"))), cl(fld("z"), Equals, word("3"))),
	},
	{
		in:    `x = 1 AND (y = 2 AND z = 3)`,
		canon: `x = 1 AND (y = 2 AND z = 3)`,
		where: and(cl(fld("x"), Equals, word("1")), and(cl(fld("y"), Equals, word("2")), cl(fld("z"), Equals, word("3")))),
	},
	{in: `((x = 1))`, canon: `x = 1`},
	{in: `NOT NOT x = 1`, canon: `NOT NOT x = 1`, where: not(not(cl(fld("x"), Equals, word("1"))))},
	{in: `NOT (NOT x = 1 AND y = 2)`, canon: `NOT (NOT x = 1 AND y = 2)`},
	{in: `summary ~ 'don\'t'`, canon: `summary ~ "don't"`, where: cl(fld("summary"), Contains, str("don't"))},
	{
		in:    `summary ~ "a\"b\\c\n\t\r\u00e9\ d"`,
		canon: `summary ~ "a\"b\\c\n\t\ré d"`,
		where: cl(fld("summary"), Contains, str("a\"b\\c\n\t\r\u00e9 d")),
	},
	{in: `summary ~ "\uD83D\uDE00"`, canon: `summary ~ "😀"`, where: cl(fld("summary"), Contains, str("😀"))},
	{in: `summary ~ "a\u0000b"`, canon: `summary ~ "a\u0000b"`, where: cl(fld("summary"), Contains, str("a\x00b"))},
	{in: `summary ~ "bidi\u202Etrick"`, canon: `summary ~ "bidi\u202Etrick"`},
	{in: `summary ~ "raw` + "\u202E" + `"`, canon: `summary ~ "raw\u202E"`},
	{in: "summary ~ \"line\nbreak\"", canon: `summary ~ "line\nbreak"`},
	{in: `summary ~ a\ b`, canon: `summary ~ "a b"`, where: cl(fld("summary"), Contains, str("a b"))},
	{
		in:    `Project In (eng) aNd STATUS iS nOt EmPtY`,
		canon: `project IN (eng) AND status IS NOT EMPTY`,
		where: and(cl(fld("project"), In, list(word("eng"))), cl(fld("status"), IsNot, empty())),
	},
	{in: `priority = null`, canon: `priority = EMPTY`},
	{in: `id = 10001`, canon: `id = 10001`, where: cl(fld("id"), Equals, word("10001"))},
	{in: `"votes" = "5"`, canon: `votes = "5"`, where: cl(fld("votes"), Equals, str("5"))},
	{in: `votes = 1\u0030`, canon: `votes = "10"`, where: cl(fld("votes"), Equals, str("10"))},
	{in: `assignee = jörg`, canon: `assignee = "jörg"`, where: cl(fld("assignee"), Equals, str("jörg"))},
	{in: `assignee = "select"`, canon: `assignee = "select"`},
	{in: `assignee = "AND"`, canon: `assignee = "AND"`, where: cl(fld("assignee"), Equals, str("AND"))},
	{in: `assignee = user\u0031`, canon: `assignee = user1`, where: cl(fld("assignee"), Equals, word("user1"))},
	{in: `fixVersion = 1.0`, canon: `fixversion = "1.0"`, where: cl(fld("fixversion"), Equals, str("1.0"))},
	{in: `fixVersion in (releasedVersions(), "1.0", EMPTY)`, canon: `fixversion IN (releasedVersions(), "1.0", EMPTY)`},
	{in: `text ~ "foo bar" ORDER BY created DESC, key ASC`, canon: `text ~ "foo bar" ORDER BY created DESC, key ASC`},
	{
		in:    `status = Done AND resolved >= startOfMonth() AND resolved <= endOfMonth()`,
		canon: `status = Done AND resolved >= startOfMonth() AND resolved <= endOfMonth()`,
	},
	{in: "project = ENG\n\tAND status = Open", canon: `project = ENG AND status = Open`},
	{in: `assignee = "557058:f58131cb-b67d-43c7-b30d-6b58d40bd077"`, canon: `assignee = "557058:f58131cb-b67d-43c7-b30d-6b58d40bd077"`},
	{in: `reporter = "user@example.com"`, canon: `reporter = "user@example.com"`},
	{in: `x = "membersOf"("x")`, canon: `x = membersOf("x")`},
	{in: `x = "my func"(1)`, canon: `x = "my func"(1)`, where: cl(fld("x"), Equals, fn("my func", word("1")))},
	{in: `10000 = x`, canon: `"10000" = x`, where: cl(fld("10000"), Equals, word("x"))},
	{in: `summary ~ ""`, canon: `summary ~ ""`, where: cl(fld("summary"), Contains, str(""))},
	{in: `labels = --`, canon: `labels = --`},
	{in: `labels = -`, canon: `labels = -`},
	{in: `labels = _`, canon: `labels = _`},
	{in: `x=y AND(z=w)OR(v=u)`, canon: `x = y AND z = w OR v = u`},
}

func TestParseValid(t *testing.T) {
	for _, tc := range validCases {
		t.Run(tc.in, func(t *testing.T) {
			q := mustParse(t, tc.in)
			if got := q.String(); got != tc.canon {
				t.Errorf("String() = %q, want %q", got, tc.canon)
			}
			if tc.where != nil && !reflect.DeepEqual(strip(q).Where, tc.where) {
				t.Errorf("tree = %s, want %s", (&Query{Where: strip(q).Where}).String(), (&Query{Where: tc.where}).String())
			}
			if tc.order != nil && !reflect.DeepEqual(strip(q).OrderBy, tc.order) {
				t.Errorf("OrderBy = %+v, want %+v", strip(q).OrderBy, tc.order)
			}
			checkFixedPoint(t, tc.in, q)
			checkConstrained(t, tc.in, q)
		})
	}
}

// invalidCases are queries Jira refuses, with the character where the
// error is reported and a fragment of the message.
var invalidCases = []struct {
	in   string
	pos  int
	want string
}{
	{`project =`, 10, "expected a value, list or function after ="},
	{`project ENG`, 9, `expected an operator after field "project"`},
	{`= ENG`, 1, "expected a field name"},
	{`project = ENG AND`, 18, "expected a field name"},
	{`project = ENG status = Open`, 15, "expected AND, OR, ORDER BY or the end of the query"},
	{`(project = ENG`, 15, `expected AND, OR or ")" to close the "(" at character 1`},
	{`project = ENG)`, 14, `unexpected ")"`},
	{`project = ENG AND (status = Open`, 33, `to close the "(" at character 19`},
	{`project in ENG`, 12, "IN operator needs a list"},
	{`project = (ENG, OPS)`, 11, "= operator does not take a list"},
	{`assignee is jsmith`, 13, "IS operator only takes EMPTY"},
	{`assignee is not (v)`, 17, "IS NOT operator does not take a list"},
	{`due < EMPTY`, 7, "< operator does not take EMPTY"},
	{`project not ENG`, 13, "expected IN after NOT"},
	{`status = Done BEFORE "2024/01/01"`, 15, "BEFORE cannot follow the = operator"},
	{`status WAS Done FROM x`, 17, "FROM only works with CHANGED"},
	{`status CHANGED DURING ("2024/01/01")`, 23, "DURING needs two dates"},
	{`status CHANGED DURING "2024/01/01"`, 23, "DURING needs two dates"},
	{`status CHANGED AFTER (v, w)`, 22, "AFTER takes one value, not a list"},
	{`status CHANGED Done`, 16, "CHANGED takes no value"},
	{`summary ~ "unterminated`, 11, "unterminated string"},
	{`summary ~ 'x"`, 11, "unterminated string"},
	{`summary ~ a*b`, 12, `character '*' is reserved`},
	{`summary ~ win*`, 14, `character '*' is reserved`},
	{`reporter = user@example.com`, 16, `character '@' is reserved`},
	{`duedate < 2008/12/31`, 15, `character '/' is reserved`},
	{`project = select`, 11, `"select" is a reserved word`},
	{`user = x`, 1, `"user" is a reserved word`},
	{`project = sel\u0065ct`, 11, `"select" is a reserved word`},
	{`project = ENG ORDER BY`, 23, "expected a field to sort by"},
	{`project = ENG ORDER key`, 21, "expected BY after ORDER"},
	{`ORDER BY key ASC DESC`, 18, `expected ASC, DESC, "," or the end of the query after sort field "key"`},
	{`project = ENG ORDER BY key OR project = HR`, 28, "ORDER BY"},
	{`project = "a\qb"`, 13, "invalid escape sequence"},
	{`project = ab\`, 13, "invalid escape sequence"},
	{`project = "\u12"`, 12, `invalid \u escape`},
	{`project = "\uD800"`, 12, "surrogate pair"},
	{`project = "\uDC00\uD800"`, 12, "surrogate pair"},
	{`project = "\uD800\u0041"`, 12, "surrogate pair"},
	{`cf[abc] = 1`, 4, "expected a custom field id"},
	{`cf[-1] = 1`, 4, "expected a custom field id"},
	{`cf[0] = 1`, 4, "expected a custom field id"},
	{`cf 10016 = 1`, 4, `expected "[" after cf`},
	{`cf[10016 = 1`, 10, `expected "]" after the custom field id`},
	{`cf = 1`, 4, `expected "[" after cf`},
	{`project in ()`, 13, "a list needs at least one value"},
	{`project in (v,)`, 15, `expected a value after ","`},
	{`project in ((v))`, 13, "lists cannot be nested"},
	{`project in (v w)`, 15, `expected "," or ")" in the list opened at character 12`},
	{`project in (v, AND)`, 16, "expected a value in the list"},
	{`x = g(v,)`, 9, "expected an argument of g(…)"},
	{`x = g(v w)`, 9, `expected "," or ")" after an argument of g(…)`},
	{`x = g((v))`, 7, "expected an argument of g(…)"},
	{`x = g(EMPTY)`, 7, "expected an argument of g(…)"},
	{`x = ""(v)`, 5, "function name cannot be empty"},
	{`"" = x`, 1, "field name cannot be empty"},
	{`" " = x`, 1, "field name cannot be empty"},
	{`x = 99999999999999999999`, 5, "number 99999999999999999999 is too large"},
	{"project = ENG\x00", 14, "control character U+0000"},
	{"project = \"EN\x01G\"", 14, "control character U+0001"},
	{"summary ~ \"a\tb\"", 13, "control character U+0009"},
	{"project = \xffENG", 11, "not valid UTF-8"},
	{"project = \u00e9\xff", 12, "not valid UTF-8"},
	{`NOT`, 4, "expected a field name"},
	{`project = ENG ||| status = x`, 17, "expected a field name"},
	{`issue.property[] = x`, 16, "expected a property key"},
	{`issue.property[k = x`, 18, `expected "]" after the property key`},
	{`issue.property[k]. = x`, 18, "invalid property path"},
	{`issue.property[k]..b = x`, 18, "invalid property path"},
	{`issue.property[k] .b = x`, 19, "expected an operator"},
	{`project = ENG AND = x`, 19, "expected a field name"},
	{`project = ENG AND ORDER BY key`, 19, "expected a field name"},
	{`project = order`, 11, "expected a value, list or function after ="},
	{`project = ENG OR`, 17, "expected a field name"},
	{`status was`, 11, "expected a value, list or function after WAS"},
	{`status = Done ON "2024/01/01"`, 15, "ON cannot follow"},
	{`status WAS Done BY`, 19, "expected a value, list or function after BY"},
	{`x = {a}`, 5, `character '{' is reserved`},
	{`x = a;b`, 6, `character ';' is reserved`},
	{`x = "a"b`, 8, "expected AND, OR, ORDER BY"},
	{`ORDER BY`, 9, "expected a field to sort by"},
	{`ORDER BY key,`, 14, "expected a field to sort by"},
	{`ORDER BY key project = x`, 14, "expected ASC, DESC"},
	{`ORDER BY "" ASC`, 10, "field name cannot be empty"},
	{`x ! = y`, 3, "expected an operator"},
	{`x in (v) or`, 12, "expected a field name"},
	{`x = y (`, 8, "expected an argument of y(…)"},
	{`x = y) (`, 6, `unexpected ")"`},
	{`)`, 1, "expected a field name"},
	{`(`, 2, "expected a field name"},
	{`()`, 2, "expected a field name"},
	{`x = y ORDER BY key) OR project = HR`, 19, "expected ASC, DESC"},
}

func TestParseInvalid(t *testing.T) {
	for _, tc := range invalidCases {
		t.Run(tc.in, func(t *testing.T) {
			q, err := Parse(tc.in)
			if err == nil {
				t.Fatalf("Parse succeeded with %q, want an error", q.String())
			}
			var se *SyntaxError
			if !errors.As(err, &se) {
				t.Fatalf("error is %T, want *SyntaxError: %v", err, err)
			}
			if se.Pos != tc.pos {
				t.Errorf("Pos = %d, want %d (%v)", se.Pos, tc.pos, err)
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %q does not contain %q", err, tc.want)
			}
			if !strings.HasPrefix(err.Error(), "jql: ") {
				t.Errorf("error %q lacks the jql: prefix", err)
			}
		})
	}
}

func TestErrorMessageShape(t *testing.T) {
	_, err := Parse(`project ENG`)
	want := `jql: expected an operator after field "project" at character 9, got "ENG"; `
	if err == nil || !strings.HasPrefix(err.Error(), want) {
		t.Fatalf("error = %v, want prefix %q", err, want)
	}
	_, err = Parse(`project = ENG AND`)
	if err == nil || !strings.Contains(err.Error(), "got end of query") {
		t.Fatalf("error = %v, want it to say it got the end of the query", err)
	}
}

func TestLimits(t *testing.T) {
	deep := strings.Repeat("(", MaxDepth) + "x = y" + strings.Repeat(")", MaxDepth)
	if _, err := Parse(deep); err != nil {
		t.Fatalf("nesting of exactly MaxDepth refused: %v", err)
	}
	tooDeep := strings.Repeat("(", MaxDepth+1) + "x = y" + strings.Repeat(")", MaxDepth+1)
	if _, err := Parse(tooDeep); err == nil || !strings.Contains(err.Error(), "deep") {
		t.Fatalf("nesting of MaxDepth+1 parentheses: err = %v, want a depth error", err)
	}
	nots := strings.Repeat("NOT ", MaxDepth+1) + "x = y"
	if _, err := Parse(nots); err == nil || !strings.Contains(err.Error(), "deep") {
		t.Fatalf("MaxDepth+1 NOTs: err = %v, want a depth error", err)
	}
	long := "summary ~ \"" + strings.Repeat("a", MaxLength) + "\""
	if _, err := Parse(long); err == nil || !strings.Contains(err.Error(), "limit") {
		t.Fatalf("over-long query: err = %v, want a length error", err)
	}
	// A long flat chain is fine: depth limits nesting, not length.
	chain := strings.TrimSuffix(strings.Repeat("x = y OR ", 2000), " OR ")
	q := mustParse(t, chain)
	checkFixedPoint(t, "chain", q)
}

func TestPositionsCountCharacters(t *testing.T) {
	q := mustParse(t, `"Ünïcödé" = "Ä" AND x = y`)
	a := q.Where.(*And)
	if a.Pos != 17 {
		t.Errorf("AND at %d, want 17", a.Pos)
	}
	if c := a.Right.(*Clause); c.Pos != 21 || c.Operand.Position() != 25 {
		t.Errorf("clause at %d, operand at %d; want 21 and 25", c.Pos, c.Operand.Position())
	}
	_, err := Parse(`"Ünïcödé" ENG`)
	var se *SyntaxError
	if !errors.As(err, &se) || se.Pos != 11 {
		t.Fatalf("error %v, want one at character 11", err)
	}
}

func TestValueKinds(t *testing.T) {
	for _, tc := range []struct {
		in     string
		number bool
	}{
		{`x = 42`, true},
		{`x = -42`, true},
		{`x = "42"`, false},
		{`x = 42a`, false},
		{`x = 4\u0032`, false},
	} {
		v := mustParse(t, tc.in).Where.(*Clause).Operand.(*Value)
		if v.IsNumber() != tc.number {
			t.Errorf("%s: IsNumber() = %v, want %v", tc.in, v.IsNumber(), tc.number)
		}
	}
}
