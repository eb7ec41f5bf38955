package cql

import (
	"errors"
	"reflect"
	"strings"
	"testing"
)

// validCases are real-world queries, most from Atlassian's CQL reference,
// with their canonical form and, where it says something, their tree.
var validCases = []struct {
	in    string
	canon string
	where Expr        // nil: do not compare
	order []OrderTerm // compared when not nil
}{
	{in: ``, canon: ``},
	{in: " \n\t ", canon: ``},
	{in: `space = "TEST"`, canon: `space = "TEST"`, where: cl(fld("space"), Equals, str("TEST"))},
	{
		in:    `(type=page and space=DEV) OR (creator=admin and type=blogpost)`,
		canon: `type = page AND space = DEV OR creator = admin AND type = blogpost`,
		where: or(and(cl(fld("type"), Equals, word("page")), cl(fld("space"), Equals, word("DEV"))),
			and(cl(fld("creator"), Equals, word("admin")), cl(fld("type"), Equals, word("blogpost")))),
	},
	{in: `label = "performance" and type = "blogpost"`, canon: `label = "performance" AND type = "blogpost"`},
	{in: `type = page and creator = jsmith and space = DEV`, canon: `type = page AND creator = jsmith AND space = DEV`},
	{in: `mention = jsmith and creator != jsmith`, canon: `mention = jsmith AND creator != jsmith`},
	{in: `space = IDEAS or label = idea`, canon: `space = IDEAS OR label = idea`},
	{
		in:    `lastModified < startOfYear() or label = needs_review`,
		canon: `lastmodified < startOfYear() OR label = needs_review`,
		where: or(cl(fld("lastmodified"), Less, fn("startOfYear")), cl(fld("label"), Equals, word("needs_review"))),
	},
	{
		in:    `label = cql and not space = dev`,
		canon: `label = cql AND NOT space = dev`,
		where: and(cl(fld("label"), Equals, word("cql")), not(cl(fld("space"), Equals, word("dev")))),
	},
	{in: `ancestor = 123`, canon: `ancestor = 123`, where: cl(fld("ancestor"), Equals, word("123"))},
	{
		in:    `ancestor in (123, 456, 789)`,
		canon: `ancestor IN (123, 456, 789)`,
		where: cl(fld("ancestor"), In, list(word("123"), word("456"), word("789"))),
	},
	{in: `content in (123, 223, 323)`, canon: `content IN (123, 223, 323)`},
	{in: `container = 123 and type = attachment`, canon: `container = 123 AND type = attachment`},
	{in: `created > 2014/09/01`, canon: `created > "2014/09/01"`, where: cl(fld("created"), Greater, str("2014/09/01"))},
	{
		in:    `created >= now("-4w")`,
		canon: `created >= now("-4w")`,
		where: cl(fld("created"), GreaterEqual, fn("now", str("-4w"))),
	},
	{in: `creator = currentUser()`, canon: `creator = currentUser()`},
	{in: `mention = currentUser() and creator != currentUser()`, canon: `mention = currentUser() AND creator != currentUser()`},
	{
		in:    `title = "\"Advanced Searching\""`,
		canon: `title = "\"Advanced Searching\""`,
		where: cl(fld("title"), Equals, str(`"Advanced Searching"`)),
	},
	{in: `creator = "99:27935d01-XXXX-XXXX-XXXX-a9b8d3b2ae2e"`, canon: `creator = "99:27935d01-XXXX-XXXX-XXXX-a9b8d3b2ae2e"`},
	{in: `type in (page, blogpost)`, canon: `type IN (page, blogpost)`},
	{in: `space.type = favourite`, canon: `space.type = favourite`, where: cl(fld("space.type"), Equals, word("favourite"))},
	{in: `Space.Key = DEV`, canon: `space.key = DEV`},
	{in: `space in favouriteSpaces()`, canon: `space IN favouriteSpaces()`},
	{in: `space in recentlyViewedSpaces(10)`, canon: `space IN recentlyViewedSpaces(10)`},
	{
		in:    `id in recentlyViewedContent(10, 20)`,
		canon: `id IN recentlyViewedContent(10, 20)`,
		where: cl(fld("id"), In, fn("recentlyViewedContent", word("10"), word("20"))),
	},
	{in: `lastmodified > startOfDay("-1d")`, canon: `lastmodified > startOfDay("-1d")`},
	{in: `created < endOfMonth() and created > startOfWeek(-1w)`, canon: `created < endOfMonth() AND created > startOfWeek(-1w)`},
	{in: `text ~ "foo bar"`, canon: `text ~ "foo bar"`},
	{in: `title ~ "win*"`, canon: `title ~ "win*"`},
	{in: `title !~ test`, canon: `title !~ test`, where: cl(fld("title"), NotContains, word("test"))},
	{in: `macro = toc and label not in (draft, obsolete)`, canon: `macro = toc AND label NOT IN (draft, obsolete)`},
	{in: `parent = 123 and type = page`, canon: `parent = 123 AND type = page`},
	{in: `space.title ~ "Dev"`, canon: `space.title ~ "Dev"`},
	{in: `contributor = currentUser() or watcher = currentUser() or favourite = currentUser()`,
		canon: `contributor = currentUser() OR watcher = currentUser() OR favourite = currentUser()`},
	{
		in:    `content.property[metadata].progress > 0.5`,
		canon: `content.property[metadata].progress > "0.5"`,
		where: cl(Field{Name: "content.property", Property: &Property{Key: "metadata", Path: "progress"}}, Greater, str("0.5")),
	},
	{
		in:    `space = DEV order by created`,
		canon: `space = DEV ORDER BY created`,
		order: []OrderTerm{sortBy(fld("created"), NoDirection)},
	},
	{
		in:    `title ~ "meeting" ORDER BY lastModified DESC, title asc`,
		canon: `title ~ "meeting" ORDER BY lastmodified DESC, title ASC`,
		order: []OrderTerm{sortBy(fld("lastmodified"), Desc), sortBy(fld("title"), Asc)},
	},
	{in: `ORDER BY lastmodified DESC`, canon: `ORDER BY lastmodified DESC`},
	{
		in:    `Space In (DEV) aNd TYPE = page`,
		canon: `space IN (DEV) AND type = page`,
		where: and(cl(fld("space"), In, list(word("DEV"))), cl(fld("type"), Equals, word("page"))),
	},
	{in: `title ~ 'don\'t'`, canon: `title ~ "don't"`, where: cl(fld("title"), Contains, str("don't"))},
	{in: `title ~ "back\\slash \"q\" 'single'"`, canon: `title ~ "back\\slash \"q\" 'single'"`,
		where: cl(fld("title"), Contains, str(`back\slash "q" 'single'`))},
	{in: `title ~ "émoji 😀 and bidi ` + "\u202e" + `"`, canon: `title ~ "émoji 😀 and bidi ` + "\u202e" + `"`},
	{in: `title = café`, canon: `title = "café"`, where: cl(fld("title"), Equals, str("café"))},
	{in: `title = "AND"`, canon: `title = "AND"`},
	{in: `label = "empty"`, canon: `label = "empty"`},
	{in: `"Custom Field" = x`, canon: `"Custom Field" = x`, where: cl(fld("Custom Field"), Equals, word("x"))},
	{in: `x = 1 OR y = 2 AND z = 3`, canon: `x = 1 OR y = 2 AND z = 3`,
		where: or(cl(fld("x"), Equals, word("1")), and(cl(fld("y"), Equals, word("2")), cl(fld("z"), Equals, word("3"))))},
	{in: `(x = 1 OR y = 2) AND z = 3`, canon: `(x = 1 OR y = 2) AND z = 3`},
	{in: `x = 1 AND (y = 2 AND z = 3)`, canon: `x = 1 AND (y = 2 AND z = 3)`,
		where: and(cl(fld("x"), Equals, word("1")), and(cl(fld("y"), Equals, word("2")), cl(fld("z"), Equals, word("3"))))},
	{in: `NOT NOT x = 1`, canon: `NOT NOT x = 1`},
	{in: `NOT (x = 1 OR y = 2)`, canon: `NOT (x = 1 OR y = 2)`},
	{in: `((x = 1))`, canon: `x = 1`},
	{in: `id = -5`, canon: `id = -5`, where: cl(fld("id"), Equals, word("-5"))},
	{in: `id = "5"`, canon: `id = "5"`, where: cl(fld("id"), Equals, str("5"))},
	{in: `label = --`, canon: `label = --`},
	{in: `x=y AND(z=w)OR(v=u)`, canon: `x = y AND z = w OR v = u`},
	{in: "type = page\r\nAND space = DEV", canon: `type = page AND space = DEV`},
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

// invalidCases are queries Confluence refuses, or that this package
// refuses to be safe, with the character where the error is reported and a
// fragment of the message.
var invalidCases = []struct {
	in   string
	pos  int
	want string
}{
	{`space =`, 8, "expected a value, list or function after ="},
	{`space DEV`, 7, `expected an operator after field "space"`},
	{`= DEV`, 1, "expected a field name"},
	{`space = DEV AND`, 16, "expected a field name"},
	{`space = DEV title = x`, 13, "expected AND, OR, ORDER BY or the end of the query"},
	{`(space = DEV`, 13, `expected AND, OR or ")" to close the "(" at character 1`},
	{`space = DEV)`, 12, `unexpected ")"`},
	{`space in DEV`, 10, "IN operator needs a list"},
	{`space = (DEV, QA)`, 9, "= operator does not take a list"},
	{`space not DEV`, 11, "expected IN after NOT"},
	{`space is EMPTY`, 7, `"is" is a reserved word`},
	{`space = EMPTY`, 9, `"EMPTY" is a reserved word`},
	{`space = null`, 9, `"null" is a reserved word`},
	{`space = select`, 9, `"select" is a reserved word`},
	{`title ~ win*`, 12, `character '*' is reserved`},
	{`creator = user@example.com`, 15, `character '@' is reserved`},
	{`title ~ "unterminated`, 9, "unterminated string"},
	{`title ~ 'x"`, 9, "unterminated string"},
	{`title ~ "a\nb"`, 11, "invalid escape sequence"},
	{`title ~ "a\u0041"`, 11, "invalid escape sequence"},
	{`title ~ "a\`, 11, "invalid escape sequence"},
	{"title ~ \"a\nb\"", 11, "control character U+000A"},
	{"title ~ \"a\tb\"", 11, "control character U+0009"},
	{"title ~ \"a\u0085b\"", 11, "control character U+0085"},
	{"title ~ \"a\uffffb\"", 11, "control character U+FFFF"},
	{`space = DEV && type = page`, 13, `character '&' is reserved`},
	{`space = DEV || type = page`, 13, `character '|' is reserved`},
	{`!space = DEV`, 1, `"!" must be followed by "=" or "~"`},
	{`space = DEV ORDER BY`, 21, "expected a field to sort by"},
	{`space = DEV ORDER title`, 19, "expected BY after ORDER"},
	{`space = DEV ORDER BY title OR space = HR`, 28, "ORDER BY must come last"},
	{`space in ()`, 11, "a list needs at least one value"},
	{`space in (DEV,)`, 15, `expected a value after ","`},
	{`space in ((DEV))`, 11, "lists cannot be nested"},
	{`space in (DEV QA)`, 15, `expected "," or ")" in the list opened at character 10`},
	{`created > now(-4w`, 18, `expected "," or ")" after an argument of now(…)`},
	{`created > now(-4w,)`, 19, "expected an argument of now(…)"},
	{`created > now((1))`, 15, "expected an argument of now(…)"},
	{`x = "now"("-4w")`, 5, "expected a function name"},
	{`x = 12(3)`, 5, "expected a function name"},
	{"space = DEV\x00", 12, "control character U+0000"},
	{"space = DEV\u00a0OR\u00a0space = HR", 12, "non-ASCII space U+00A0"},
	{"space = \u3000DEV", 9, "non-ASCII space U+3000"},
	{"space = \xffDEV", 9, "not valid UTF-8"},
	{`"" = x`, 1, "field name cannot be empty"},
	{`space = DEV\`, 12, `character '\\' is reserved`},
	{`space = D\"EV`, 10, `character '\\' is reserved`},
	{`id = 99999999999999999999`, 6, "number 99999999999999999999 is too large"},
	{`content.property[] = x`, 18, "expected a property key"},
	{`content.property[k]. = x`, 20, "invalid property path"},
	{`space = DEV AND ORDER BY title`, 17, "expected a field name"},
	{`NOT`, 4, "expected a field name"},
	{`)`, 1, "expected a field name"},
	{`ORDER BY title,`, 16, "expected a field to sort by"},
	{`x = {a}`, 5, `character '{' is reserved`},
	{`x = a;b`, 6, `character ';' is reserved`},
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
			if !strings.HasPrefix(err.Error(), "cql: ") {
				t.Errorf("error %q lacks the cql: prefix", err)
			}
		})
	}
}

func TestErrorMessageShape(t *testing.T) {
	_, err := Parse(`space DEV`)
	want := `cql: expected an operator after field "space" at character 7, got "DEV"; `
	if err == nil || !strings.HasPrefix(err.Error(), want) {
		t.Fatalf("error = %v, want prefix %q", err, want)
	}
}

func TestLimits(t *testing.T) {
	deep := strings.Repeat("(", MaxDepth) + "x = y" + strings.Repeat(")", MaxDepth)
	if _, err := Parse(deep); err != nil {
		t.Fatalf("nesting of exactly MaxDepth refused: %v", err)
	}
	tooDeep := strings.Repeat("NOT ", MaxDepth+1) + "x = y"
	if _, err := Parse(tooDeep); err == nil || !strings.Contains(err.Error(), "deep") {
		t.Fatalf("MaxDepth+1 NOTs: err = %v, want a depth error", err)
	}
	long := "text ~ \"" + strings.Repeat("a", MaxLength) + "\""
	if _, err := Parse(long); err == nil || !strings.Contains(err.Error(), "limit") {
		t.Fatalf("over-long query: err = %v, want a length error", err)
	}
}

func TestPositionsCountCharacters(t *testing.T) {
	_, err := Parse(`"Ünïcödé" DEV`)
	var se *SyntaxError
	if !errors.As(err, &se) || se.Pos != 11 {
		t.Fatalf("error %v, want one at character 11", err)
	}
}
