package cql

import (
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/clawbridge/atlassian-mcp/scope/internal/qtree"
)

// Builders for expected trees; positions are left zero and compared after
// strip.

func fld(name string) Field { return Field{Name: name} }

func cl(f Field, op Operator, o Operand) *Clause {
	return &Clause{Field: f, Operator: op, Operand: o}
}

func word(s string) *Value { return &Value{Text: s} }

func str(s string) *Value { return &Value{Text: s, Quoted: true} }

func list(items ...Operand) *List { return &List{Items: items} }

func fn(name string, args ...*Value) *Func { return &Func{Name: name, Args: args} }

func and(l, r Expr) *And { return &And{Left: l, Right: r} }

func or(l, r Expr) *Or { return &Or{Left: l, Right: r} }

func not(e Expr) *Not { return &Not{Expr: e} }

func sortBy(f Field, d Direction) OrderTerm { return OrderTerm{Field: f, Direction: d} }

// strip returns a copy of q with every position set to zero, so that trees
// parsed from different texts can be compared.
func strip(q *Query) *Query {
	if q == nil {
		return nil
	}
	out := &Query{Where: stripExpr(cloneExpr(q.Where))}
	for _, t := range q.OrderBy {
		t.Pos = 0
		t.Field = cloneField(t.Field)
		out.OrderBy = append(out.OrderBy, t)
	}
	return out
}

func stripExpr(e Expr) Expr {
	switch n := e.(type) {
	case *And:
		n.Pos = 0
		stripExpr(n.Left)
		stripExpr(n.Right)
	case *Or:
		n.Pos = 0
		stripExpr(n.Left)
		stripExpr(n.Right)
	case *Not:
		n.Pos = 0
		stripExpr(n.Expr)
	case *Clause:
		n.Pos = 0
		stripOperand(n.Operand)
	}
	return e
}

func stripOperand(o Operand) {
	switch n := o.(type) {
	case *Value:
		n.Pos = 0
	case *List:
		n.Pos = 0
		for _, item := range n.Items {
			stripOperand(item)
		}
	case *Func:
		n.Pos = 0
		for _, a := range n.Args {
			a.Pos = 0
		}
	}
}

// mustParse parses s or fails the test.
func mustParse(t testing.TB, s string) *Query {
	t.Helper()
	q, err := Parse(s)
	if err != nil {
		t.Fatalf("Parse(%q): %v", s, err)
	}
	return q
}

// checkFixedPoint asserts that q's canonical form parses back to the same
// tree and prints identically.
func checkFixedPoint(t testing.TB, src string, q *Query) {
	t.Helper()
	s1 := q.String()
	q2, err := Parse(s1)
	if err != nil {
		t.Fatalf("canonical form of %q does not parse: %q: %v", src, s1, err)
	}
	if s2 := q2.String(); s2 != s1 {
		t.Fatalf("canonical form of %q is not a fixed point:\n first %q\nsecond %q", src, s1, s2)
	}
	if !reflect.DeepEqual(strip(q), strip(q2)) {
		t.Fatalf("canonical form of %q parses to a different tree: %q", src, s1)
	}
}

// checkConstrained asserts that Constrain keeps its constraint at the root
// and that its output parses back to the same tree.
func checkConstrained(t testing.TB, src string, q *Query) {
	t.Helper()
	values := []string{"ENG", `O"PS`}
	c := Constrain(q, "space", values)
	want := cl(fld("space"), In, list(str("ENG"), str(`O"PS`)))
	if q.Where == nil {
		if !reflect.DeepEqual(stripExpr(cloneExpr(c.Where)), Expr(want)) {
			t.Fatalf("Constrain(%q) without a condition: root is %#v", src, c.Where)
		}
	} else {
		root, ok := c.Where.(*And)
		if !ok {
			t.Fatalf("Constrain(%q): root is %T, want *And", src, c.Where)
		}
		if !reflect.DeepEqual(stripExpr(cloneExpr(root.Left)), Expr(want)) {
			t.Fatalf("Constrain(%q): left of root is %s, want the constraint", src, (&Query{Where: root.Left}).String())
		}
		if !reflect.DeepEqual(strip(&Query{Where: root.Right}).Where, strip(q).Where) {
			t.Fatalf("Constrain(%q): right of root differs from the original condition", src)
		}
	}
	s := c.String()
	back, err := Parse(s)
	if err != nil {
		var se *SyntaxError
		if errors.As(err, &se) && strings.Contains(se.Msg, "deep") && depth(q.Where) >= MaxDepth {
			return // the constraint's parentheses pushed a maximal query over the limit
		}
		t.Fatalf("Constrain(%q) = %q does not parse: %v", src, s, err)
	}
	if !reflect.DeepEqual(strip(back), strip(c)) {
		t.Fatalf("Constrain(%q) = %q parses to a different tree", src, s)
	}
}

// depth returns the nesting of parentheses and NOT that the canonical form
// of e needs.
func depth(e Expr) int { return qtree.Depth[Expr, tree](e) }
