package jql

import (
	"errors"
	"reflect"
	"strings"
	"testing"
)

func TestConstrain(t *testing.T) {
	for _, tc := range []struct {
		name   string
		in     string
		field  string
		values []string
		want   string
	}{
		{"clause", `status = Open`, "project", []string{"ENG", "OPS"}, `project IN ("ENG", "OPS") AND status = Open`},
		{"or is wrapped", `status = Open OR assignee = x`, "project", []string{"ENG"},
			`project IN ("ENG") AND (status = Open OR assignee = x)`},
		{"and is wrapped", `status = Open AND assignee = x`, "project", []string{"ENG"},
			`project IN ("ENG") AND (status = Open AND assignee = x)`},
		{"not stays bare", `NOT status = Open`, "project", []string{"ENG"}, `project IN ("ENG") AND NOT status = Open`},
		{"order by kept", `status = Open ORDER BY rank DESC, key`, "project", []string{"ENG"},
			`project IN ("ENG") AND status = Open ORDER BY rank DESC, key`},
		{"only order by", `ORDER BY created`, "project", []string{"ENG"}, `project IN ("ENG") ORDER BY created`},
		{"empty query", ``, "project", []string{"ENG"}, `project IN ("ENG")`},
		{"hostile values are quoted", `x = y`, "project", []string{`E"NG`, `a\b`, "c\nd", "AND", "select", "5"},
			`project IN ("E\"NG", "a\\b", "c\nd", "AND", "select", "5") AND x = y`},
		{"field name is normalised", `x = y`, "Project", []string{"ENG"}, `project IN ("ENG") AND x = y`},
		{"no values is a contradiction", `x = y`, "project", nil,
			`project IS EMPTY AND project IS NOT EMPTY AND x = y`},
		{"no values, no condition", ``, "project", []string{}, `project IS EMPTY AND project IS NOT EMPTY`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			q := mustParse(t, tc.in)
			before := q.String()
			c := Constrain(q, tc.field, tc.values)
			if got := c.String(); got != tc.want {
				t.Errorf("Constrain = %q, want %q", got, tc.want)
			}
			if q.String() != before {
				t.Errorf("Constrain modified its input: %q became %q", before, q.String())
			}
			back := mustParse(t, c.String())
			if !reflect.DeepEqual(strip(back), strip(c)) {
				t.Errorf("Constrain output %q parses to a different tree", c.String())
			}
		})
	}
}

func TestConstrainNilQuery(t *testing.T) {
	c := Constrain(nil, "project", []string{"ENG"})
	if got, want := c.String(), `project IN ("ENG")`; got != want {
		t.Fatalf("Constrain(nil) = %q, want %q", got, want)
	}
}

func TestConstrainDoesNotShare(t *testing.T) {
	q := mustParse(t, `status = Open AND labels IN (a1, b1) ORDER BY issue.property[k].p`)
	c := Constrain(q, "project", []string{"ENG"})
	// Mutating the copy must not reach the original.
	c.Where.(*And).Right.(*And).Right.(*Clause).Operand.(*List).Items[0].(*Value).Text = "changed"
	c.OrderBy[0].Field.Property.Key = "changed"
	if got := q.String(); strings.Contains(got, "changed") {
		t.Fatalf("original shares nodes with the constrained copy: %q", got)
	}
}

// hostileCases are attempts to escape the wrapping constraint. Each either
// fails to parse (fails true) or parses to something that stays inside the
// constraint.
var hostileCases = []struct {
	in    string
	fails bool
}{
	{`) OR project = HR`, true},
	{`x" OR project = HR OR "`, true},
	{`ENG) ORDER BY rank --`, true},
	{`project = ENG) OR (project = HR`, true},
	{`project = ENG ORDER BY key OR project = HR`, true},
	{`project = ENG ORDER BY key) OR (project = HR`, true},
	{`project = "ENG`, true},
	{`project = ENG"`, true},
	{`((project = ENG)`, true},
	{`project = ENG))`, true},
	{`project = ENG -- comment`, true},
	{`project = ENG /* comment */`, true},
	{`project = ENG; DROP TABLE issues`, true},
	{"project = ENG\x00 OR project = HR", true},
	{`project = ENG\`, true},
	{`project = "ENG\`, true},
	{`project = ENG` + "\u00a0OR\u00a0" + `project = HR`, true},
	{`project = "\uD800) OR project = HR"`, true},
	{"project = \"ENG\xc0\" OR project = HR", true},
	{`project = ENG OR project = HR`, false},
	{`project = "ENG" oR project = HR`, false},
	{`project = ENG || project = HR`, false},
	{`project = ENG | project = HR`, false},
	{`!(project = ENG) OR project = HR`, false},
	{`project in (ENG) OR project in (HR)`, false},
	{`project = ENG OR project is EMPTY`, false},
	{`project = ENG OR 1 = 1`, false},
	{`summary ~ "\") OR project = HR OR (\""`, false},
	{`summary ~ '") OR project = HR OR ("'`, false},
	{`project = 'ENG" OR "x'`, false},
	{`project = ENG\"OR\"`, false},
	{`project = ENG\ OR\ project\ HR`, false},
	{`project = ENG\ OR\ project\ =\ HR`, true},
	{`project = "\u0022) OR project = HR OR (\u0022"`, false},
	{`project = ENG` + "\uff09 OR project = HR", false},
	{`project = ENG` + "\u200b" + ` OR project = HR`, false},
	{`summary ~ "` + "\u202e" + `RH = tcejorp RO )"`, false},
	{"project = ENG\nOR project = HR", false},
	{"project = ENG\r\nORDER BY key", false},
	{`project = ENG ORDER BY key, "x\" OR project = HR"`, false},
	{`issue in linkedIssues("HR-1") OR issuekey = HR-2`, false},
	{`project = ENG OR NOT project = ENG`, false},
	{`NOT (project = ENG AND status = x) OR project = HR ORDER BY key`, false},
	{`ORDER BY key`, false},
	{``, false},
}

func TestInjectionResistance(t *testing.T) {
	for _, tc := range hostileCases {
		t.Run(tc.in, func(t *testing.T) {
			q, err := Parse(tc.in)
			if tc.fails {
				var se *SyntaxError
				if err == nil {
					t.Fatalf("hostile query parsed as %q; want a syntax error", q.String())
				}
				if !errors.As(err, &se) {
					t.Fatalf("error is %T, want *SyntaxError", err)
				}
				return
			}
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			checkFixedPoint(t, tc.in, q)
			checkConstrained(t, tc.in, q)
			s := Constrain(q, "project", []string{"ENG"}).String()
			if !strings.HasPrefix(s, `project IN ("ENG")`) {
				t.Fatalf("constrained query %q does not start with the constraint", s)
			}
			if q.Where != nil {
				rest := strings.TrimPrefix(s, `project IN ("ENG") AND `)
				if rest == s {
					t.Fatalf("constrained query %q does not AND the condition to the constraint", s)
				}
				if _, isClause := q.Where.(*Clause); !isClause {
					if _, isNot := q.Where.(*Not); !isNot && !strings.HasPrefix(rest, "(") {
						t.Fatalf("compound condition is not parenthesised in %q", s)
					}
				}
			}
		})
	}
}

func TestCanonicalFormHasNoRawTricks(t *testing.T) {
	q := mustParse(t, "summary ~ \"a\u202eb\u200bc\ufeffd\u2028e\"")
	s := q.String()
	for _, r := range s {
		if r == '\u202e' || r == '\u200b' || r == '\ufeff' || r == '\u2028' {
			t.Fatalf("canonical form %q contains raw U+%04X", s, r)
		}
	}
	if want := `summary ~ "a\u202Eb\u200Bc\uFEFFd\u2028e"`; s != want {
		t.Fatalf("String() = %q, want %q", s, want)
	}
}

func TestWalk(t *testing.T) {
	q := mustParse(t, `a1 = b AND NOT (c = d OR e IN (f, g(h), EMPTY)) OR i CHANGED`)
	var kinds []string
	Walk(q.Where, func(e Expr) bool {
		switch n := e.(type) {
		case *And:
			kinds = append(kinds, "AND")
		case *Or:
			kinds = append(kinds, "OR")
		case *Not:
			kinds = append(kinds, "NOT")
		case *Clause:
			kinds = append(kinds, n.Field.Name)
		}
		return true
	})
	if got, want := strings.Join(kinds, " "), "OR AND a1 NOT OR c e i"; got != want {
		t.Fatalf("Walk visited %q, want %q", got, want)
	}

	var visited int
	Walk(q.Where, func(e Expr) bool {
		visited++
		_, isNot := e.(*Not)
		return !isNot // do not descend below NOT
	})
	if visited != 5 { // OR, AND, a1, NOT, i
		t.Fatalf("Walk visited %d nodes when pruning NOT, want 5", visited)
	}
	Walk(nil, func(Expr) bool { t.Fatal("Walk(nil) called fn"); return true })
}

func TestWalkOperand(t *testing.T) {
	q := mustParse(t, `e IN (f, g(h), EMPTY)`)
	var seen []string
	WalkOperand(q.Where.(*Clause).Operand, func(o Operand) bool {
		switch n := o.(type) {
		case *List:
			seen = append(seen, "list")
		case *Value:
			seen = append(seen, n.Text)
		case *Func:
			seen = append(seen, n.Name+"()")
		case *Empty:
			seen = append(seen, "EMPTY")
		}
		return true
	})
	if got, want := strings.Join(seen, " "), "list f g() EMPTY"; got != want {
		t.Fatalf("WalkOperand visited %q, want %q", got, want)
	}
	n := 0
	WalkOperand(q.Where.(*Clause).Operand, func(Operand) bool { n++; return false })
	if n != 1 {
		t.Fatalf("WalkOperand descended into a list after fn returned false (%d calls)", n)
	}
}

func TestFieldString(t *testing.T) {
	for _, tc := range []struct {
		f    Field
		want string
	}{
		{Field{Name: "project"}, "project"},
		{Field{Name: "Story Points"}, `"Story Points"`},
		{Field{Name: "cf[10016]", CustomID: 10016}, "cf[10016]"},
		{Field{Name: "cf[10016]"}, `"cf[10016]"`},
		{Field{Name: "order"}, `"order"`},
		{Field{Name: "issue.property", Property: &Property{Key: "k", Path: "a.b"}}, "issue.property[k].a.b"},
		{Field{Name: "issue.property", Property: &Property{Key: "a b", Path: "x-y"}}, `issue.property["a b"]".x-y"`},
	} {
		if got := tc.f.String(); got != tc.want {
			t.Errorf("%+v.String() = %q, want %q", tc.f, got, tc.want)
		}
	}
}

// TestBuiltTreesPrintSafely checks that trees built by hand, not parsed,
// still print as JQL that parses back to the same tree: an unquoted value
// that cannot be written bare is quoted anyway.
func TestBuiltTreesPrintSafely(t *testing.T) {
	q := &Query{Where: &Or{
		Left:  cl(fld("summary"), Contains, &Value{Text: "a b) OR project = HR"}),
		Right: cl(fld("votes"), Equals, &Value{Text: "99999999999999999999"}),
	}}
	s := q.String()
	want := `summary ~ "a b) OR project = HR" OR votes = "99999999999999999999"`
	if s != want {
		t.Fatalf("String() = %q, want %q", s, want)
	}
	mustParse(t, s)
}
