package cql

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
		values []string
		want   string
	}{
		{"clause", `type = page`, []string{"ENGDOCS"}, `space IN ("ENGDOCS") AND type = page`},
		{"or is wrapped", `type = page OR label = x`, []string{"ENG", "OPS"},
			`space IN ("ENG", "OPS") AND (type = page OR label = x)`},
		{"and is wrapped", `type = page AND label = x`, []string{"ENG"}, `space IN ("ENG") AND (type = page AND label = x)`},
		{"not stays bare", `NOT label = x`, []string{"ENG"}, `space IN ("ENG") AND NOT label = x`},
		{"order by kept", `type = page ORDER BY lastmodified DESC`, []string{"ENG"},
			`space IN ("ENG") AND type = page ORDER BY lastmodified DESC`},
		{"only order by", `ORDER BY title`, []string{"ENG"}, `space IN ("ENG") ORDER BY title`},
		{"empty query", ``, []string{"ENG"}, `space IN ("ENG")`},
		{"hostile values are quoted", `x = y`, []string{`E"NG`, `a\b`, "AND", "~user"},
			`space IN ("E\"NG", "a\\b", "AND", "~user") AND x = y`},
		{"no values is a contradiction", `x = y`, nil, `space IN ("-") AND space NOT IN ("-") AND x = y`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			q := mustParse(t, tc.in)
			before := q.String()
			c := Constrain(q, "space", tc.values)
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
	if got, want := Constrain(nil, "Space", []string{"ENG"}).String(), `space IN ("ENG")`; got != want {
		t.Errorf("Constrain(nil) = %q, want %q", got, want)
	}
}

func TestConstrainDoesNotShare(t *testing.T) {
	q := mustParse(t, `type = page AND label IN (x1, y1) ORDER BY content.property[k].p`)
	c := Constrain(q, "space", []string{"ENG"})
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
	{`) OR space = HR`, true},
	{`x" OR space = HR OR "`, true},
	{`ENG) ORDER BY title --`, true},
	{`space = ENG) OR (space = HR`, true},
	{`space = ENG ORDER BY title OR space = HR`, true},
	{`space = "ENG`, true},
	{`space = ENG"`, true},
	{`((space = ENG)`, true},
	{`space = ENG))`, true},
	{`space = ENG -- comment`, true},
	{`space = ENG /* comment */`, true},
	{`space = ENG; DROP TABLE content`, true},
	{"space = ENG\x00 OR space = HR", true},
	{`space = ENG\`, true},
	{`space = "ENG\`, true},
	{`space = ENG\" OR space = HR`, true},
	{"space = ENG\u00a0OR\u00a0space = HR", true},
	{"space = ENG\u2028OR space = HR", true},
	{"space = \"ENG\xc0\" OR space = HR", true},
	{`space = ENG || space = HR`, true},
	{`!(space = ENG)`, true},
	{`space = ENG OR space = HR`, false},
	{`space = "ENG" oR space = HR`, false},
	{`space in (ENG) OR space in (HR)`, false},
	{`space = ENG OR 1 = 1`, false},
	{`title ~ "\") OR space = HR OR (\""`, false},
	{`title ~ '") OR space = HR OR ("'`, false},
	{`space = 'ENG" OR "x'`, false},
	{`space = ENG` + "\uff09 OR space = HR", false},
	{`space = ENG` + "\u200b" + ` OR space = HR`, false},
	{`title ~ "` + "\u202e" + `RH = ecaps RO )"`, false},
	{"space = ENG\nOR space = HR", false},
	{`space = ENG ORDER BY title, "x\" OR space = HR"`, false},
	{`space = ENG OR NOT space = ENG`, false},
	{`NOT (space = ENG AND type = page) OR space = HR ORDER BY title`, false},
	{`ORDER BY title`, false},
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
			s := Constrain(q, "space", []string{"ENG"}).String()
			if !strings.HasPrefix(s, `space IN ("ENG")`) {
				t.Fatalf("constrained query %q does not start with the constraint", s)
			}
			if q.Where != nil {
				rest := strings.TrimPrefix(s, `space IN ("ENG") AND `)
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

func TestWalk(t *testing.T) {
	q := mustParse(t, `a1 = b AND NOT (c = d OR e IN (f, g(h))) OR i = j`)
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
		return !isNot
	})
	if visited != 5 {
		t.Fatalf("Walk visited %d nodes when pruning NOT, want 5", visited)
	}
}

func TestWalkOperand(t *testing.T) {
	q := mustParse(t, `e IN (f, g(h), 5)`)
	var seen []string
	WalkOperand(q.Where.(*Clause).Operand, func(o Operand) bool {
		switch n := o.(type) {
		case *List:
			seen = append(seen, "list")
		case *Value:
			seen = append(seen, n.Text)
		case *Func:
			seen = append(seen, n.Name+"()")
		}
		return true
	})
	if got, want := strings.Join(seen, " "), "list f g() 5"; got != want {
		t.Fatalf("WalkOperand visited %q, want %q", got, want)
	}
}

func TestFieldString(t *testing.T) {
	for _, tc := range []struct {
		f    Field
		want string
	}{
		{Field{Name: "space"}, "space"},
		{Field{Name: "space.key"}, "space.key"},
		{Field{Name: "Custom Field"}, `"Custom Field"`},
		{Field{Name: "order"}, `"order"`},
		{Field{Name: "content.property", Property: &Property{Key: "k", Path: "a.b"}}, "content.property[k].a.b"},
	} {
		if got := tc.f.String(); got != tc.want {
			t.Errorf("%+v.String() = %q, want %q", tc.f, got, tc.want)
		}
	}
}

// TestBuiltTreesPrintSafely checks that trees built by hand, not parsed,
// still print as CQL that parses: values that cannot be bare are quoted.
func TestBuiltTreesPrintSafely(t *testing.T) {
	q := &Query{Where: &Or{
		Left:  cl(fld("title"), Contains, &Value{Text: "a b) OR space = HR"}),
		Right: cl(fld("id"), Equals, &Value{Text: "99999999999999999999"}),
	}}
	want := `title ~ "a b) OR space = HR" OR id = "99999999999999999999"`
	if s := q.String(); s != want {
		t.Fatalf("String() = %q, want %q", s, want)
	}
	mustParse(t, want)
}
