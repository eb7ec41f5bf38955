package cql

import "github.com/clawbridge/atlassian-mcp/scope/internal/qtree"

// Walk calls fn for e and then, if fn returns true, for each of e's
// children, depth first, left to right. It visits condition nodes only; use
// WalkOperand for the operands of a clause.
func Walk(e Expr, fn func(Expr) bool) { qtree.Walk[Expr, tree](e, fn) }

// WalkOperand calls fn for o and then, if fn returns true and o is a list,
// for each item of the list. Function arguments are reached through
// (*Func).Args.
func WalkOperand(o Operand, fn func(Operand) bool) {
	if o == nil || !fn(o) {
		return
	}
	if l, ok := o.(*List); ok && l != nil {
		for _, item := range l.Items {
			WalkOperand(item, fn)
		}
	}
}

// impossible is the value of the contradiction Constrain writes when it is
// given no values. Being non-empty, it cannot be dropped as a blank value.
const impossible = "-"

// Constrain returns a copy of q restricted to content whose field has one
// of values: `field IN ("v1", "v2") AND (where) ORDER BY …`. The result's
// Where is an *And whose Left is the constraint (or just the constraint,
// when q has no condition), so no part of q can widen it. Values are always
// quoted; they must not contain control characters, which CQL cannot
// express. With no values the constraint is a contradiction, `field IN
// ("-") AND field NOT IN ("-")`, which no content satisfies. q itself is
// not modified. The result may nest one level deeper than q, so the printed
// result of a query already at MaxDepth does not parse again; it is still
// valid CQL.
func Constrain(q *Query, field string, values []string) *Query {
	f := Field{Name: vocabulary.NormalizeField(field)}
	var constraint Expr
	if len(values) == 0 {
		constraint = &And{
			Left:  &Clause{Field: f, Operator: In, Operand: &List{Items: []Operand{&Value{Text: impossible, Quoted: true}}}},
			Right: &Clause{Field: f, Operator: NotIn, Operand: &List{Items: []Operand{&Value{Text: impossible, Quoted: true}}}},
		}
	} else {
		list := &List{Items: make([]Operand, len(values))}
		for i, v := range values {
			list.Items[i] = &Value{Text: v, Quoted: true}
		}
		constraint = &Clause{Field: f, Operator: In, Operand: list}
	}
	if q == nil {
		return &Query{Where: constraint}
	}
	out := &Query{Where: qtree.Confine[Expr, tree](constraint, q.Where)}
	for _, t := range q.OrderBy {
		t.Field = cloneField(t.Field)
		out.OrderBy = append(out.OrderBy, t)
	}
	return out
}

// cloneExpr returns a deep copy of e.
func cloneExpr(e Expr) Expr { return qtree.Clone[Expr, tree](e) }

// CloneLeaf returns a deep copy of a clause.
func (tree) CloneLeaf(e Expr) Expr {
	n, ok := e.(*Clause)
	if !ok || n == nil {
		return e
	}
	return &Clause{Field: cloneField(n.Field), Operator: n.Operator, Operand: cloneOperand(n.Operand), Pos: n.Pos}
}

func cloneField(f Field) Field {
	f.Property = qtree.Copy(f.Property)
	return f
}

func cloneOperand(o Operand) Operand {
	switch n := o.(type) {
	case *Value:
		return qtree.Copy(n)
	case *List:
		if n != nil {
			l := &List{Pos: n.Pos, Items: make([]Operand, len(n.Items))}
			for i, item := range n.Items {
				l.Items[i] = cloneOperand(item)
			}
			return l
		}
	case *Func:
		if n != nil {
			fn := &Func{Name: n.Name, Pos: n.Pos}
			for _, a := range n.Args {
				fn.Args = append(fn.Args, qtree.Copy(a))
			}
			return fn
		}
	}
	return o
}
