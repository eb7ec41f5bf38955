package qtree

import "strings"

// Binding strengths, weakest first; a node is parenthesised when it sits
// where a stronger one is required.
const (
	PrecOr = iota + 1
	PrecAnd
	PrecNot
	PrecClause
)

// Precedence returns how strongly e binds: PrecOr, PrecAnd, PrecNot, or
// PrecClause for anything else, a nil e included.
func Precedence[E any, T Tree[E]](e E) int {
	var t T
	return precedence(t.Split(e).Op)
}

func precedence(op Op) int {
	switch op {
	case Or:
		return PrecOr
	case And:
		return PrecAnd
	case Not:
		return PrecNot
	}
	return PrecClause
}

// WriteQuery writes the canonical form of a query: where, if it is not
// nil, then ORDER BY and the n sort keys that key writes. key writes the
// field of the i-th key and returns its direction, which is written after
// it unless empty.
func WriteQuery[E any, T Tree[E]](b *strings.Builder, where E, n int, key func(b *strings.Builder, i int) string) {
	var t T
	hasWhere := t.Split(where).Op != None
	if hasWhere {
		Write[E, T](b, where, PrecOr)
	}
	if n == 0 {
		return
	}
	if hasWhere {
		b.WriteByte(' ')
	}
	b.WriteString("ORDER BY ")
	for i := range n {
		if i > 0 {
			b.WriteString(", ")
		}
		if dir := key(b, i); dir != "" {
			b.WriteByte(' ')
			b.WriteString(dir)
		}
	}
}

// Write writes e, in parentheses if it binds more weakly than min. The
// right operand of AND and OR requires a stronger node than the operator
// itself so that the tree's shape survives a round trip.
func Write[E any, T Tree[E]](b *strings.Builder, e E, min int) {
	var t T
	n := t.Split(e)
	paren := precedence(n.Op) < min
	if paren {
		b.WriteByte('(')
	}
	if !n.Nil {
		switch n.Op {
		case Or:
			Write[E, T](b, n.Left, PrecOr)
			b.WriteString(" OR ")
			Write[E, T](b, n.Right, PrecAnd)
		case And:
			Write[E, T](b, n.Left, PrecAnd)
			b.WriteString(" AND ")
			Write[E, T](b, n.Right, PrecNot)
		case Not:
			b.WriteString("NOT ")
			Write[E, T](b, n.Left, PrecNot)
		case Leaf:
			t.WriteLeaf(b, e)
		}
	}
	if paren {
		b.WriteByte(')')
	}
}

// Depth returns the nesting of parentheses and NOT that the canonical form
// of e needs, which is what MaxDepth limits when it is parsed again.
func Depth[E any, T Tree[E]](e E) int {
	var t T
	n := t.Split(e)
	if n.Nil {
		return 0
	}
	switch n.Op {
	case And:
		r := Depth[E, T](n.Right)
		if Precedence[E, T](n.Right) < PrecNot {
			r++
		}
		l := Depth[E, T](n.Left)
		if Precedence[E, T](n.Left) < PrecAnd {
			l++
		}
		return max(l, r)
	case Or:
		r := Depth[E, T](n.Right)
		if Precedence[E, T](n.Right) < PrecAnd {
			r++
		}
		return max(Depth[E, T](n.Left), r)
	case Not:
		d := 1 + Depth[E, T](n.Left)
		if Precedence[E, T](n.Left) < PrecNot {
			d++
		}
		return d
	}
	return 0
}

// WriteList writes items in parentheses, separated by commas.
func WriteList[O any](b *strings.Builder, items []O, write func(*strings.Builder, O)) {
	b.WriteByte('(')
	for i, item := range items {
		if i > 0 {
			b.WriteString(", ")
		}
		write(b, item)
	}
	b.WriteByte(')')
}
