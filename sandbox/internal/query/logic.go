package query

// Expr is a boolean syntax tree as a parser builds it: AndExpr, OrExpr,
// NotExpr, or a clause of the engine's own language.
type Expr any

type (
	// AndExpr holds when every expression holds.
	AndExpr []Expr
	// OrExpr holds when any expression holds.
	OrExpr []Expr
	// NotExpr holds when its expression does not.
	NotExpr struct{ X Expr }
)

// Node is a compiled search condition over records of type R.
type Node[R any] interface {
	// Eval reports whether r satisfies the condition.
	Eval(r R) bool
}

type (
	// Never is a condition no record satisfies, such as a clause that
	// failed validation.
	Never[R any] struct{}
	// Always is a condition every record satisfies, such as a saved
	// filter without search clauses.
	Always[R any] struct{}
	// And holds when every node holds; an empty And always holds.
	And[R any] []Node[R]
	// Or holds when any node holds; an empty Or never holds.
	Or[R any] []Node[R]
	// Not holds when its node does not.
	Not[R any] struct{ N Node[R] }
)

// Eval reports false.
func (Never[R]) Eval(R) bool { return false }

// Eval reports true.
func (Always[R]) Eval(R) bool { return true }

// Eval reports whether every node holds for r, stopping at the first that
// does not.
func (n And[R]) Eval(r R) bool {
	for _, k := range n {
		if !k.Eval(r) {
			return false
		}
	}
	return true
}

// Eval reports whether any node holds for r, stopping at the first that
// does.
func (n Or[R]) Eval(r R) bool {
	for _, k := range n {
		if k.Eval(r) {
			return true
		}
	}
	return false
}

// Eval reports whether the node does not hold for r.
func (n Not[R]) Eval(r R) bool { return !n.N.Eval(r) }

// Compile turns a syntax tree into nodes, depth first and left to right, so
// that validation errors come out in the order of the query. It hands every
// expression that is not an AndExpr, OrExpr or NotExpr to clause.
func Compile[R any](e Expr, clause func(Expr) Node[R]) Node[R] {
	switch e := e.(type) {
	case AndExpr:
		out := make(And[R], len(e))
		for i, k := range e {
			out[i] = Compile(k, clause)
		}
		return out
	case OrExpr:
		out := make(Or[R], len(e))
		for i, k := range e {
			out[i] = Compile(k, clause)
		}
		return out
	case NotExpr:
		return Not[R]{Compile(e.X, clause)}
	}
	return clause(e)
}
