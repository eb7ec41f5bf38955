package jql

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

// Constrain returns a copy of q restricted to issues whose field has one of
// values: `field IN ("v1", "v2") AND (where) ORDER BY …`. The result's Where
// is an *And whose Left is the constraint (or just the constraint, when q has
// no condition), so no part of q can widen it. Values are always quoted.
// With no values the constraint is a contradiction, `field IS EMPTY AND field
// IS NOT EMPTY`, which no issue satisfies. q itself is not modified.
//
// The result may nest one level deeper than q, so the printed result of a
// query already at MaxDepth does not parse again; it is still valid JQL.
//
// If the result is run through the legacy /rest/api/3/search endpoint, keep
// validateQuery at strict (its default): the warn and none modes turn errors
// such as unknown values into warnings, and the guard should not depend on
// how Jira then evaluates the constraint. /rest/api/3/search/jql always
// validates.
func Constrain(q *Query, field string, values []string) *Query {
	f := Field{Name: vocabulary.NormalizeField(field)}
	var constraint Expr
	if len(values) == 0 {
		constraint = &And{
			Left:  &Clause{Field: f, Operator: Is, Operand: &Empty{}},
			Right: &Clause{Field: f, Operator: IsNot, Operand: &Empty{}},
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
	c := &Clause{Field: cloneField(n.Field), Operator: n.Operator, Operand: cloneOperand(n.Operand), Pos: n.Pos}
	for _, p := range n.Predicates {
		p.Operand = cloneOperand(p.Operand)
		c.Predicates = append(c.Predicates, p)
	}
	return c
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
	case *Empty:
		if n != nil {
			return &Empty{Pos: n.Pos}
		}
	}
	return o
}
