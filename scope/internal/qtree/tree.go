package qtree

import "strings"

// An Op is what a condition node does.
type Op uint8

// The kinds of condition node.
const (
	// None is no node at all: a nil Expr.
	None Op = iota
	// Leaf is a clause, or a node of a type the tree does not know.
	Leaf
	// And matches what both its operands match.
	And
	// Or matches what either operand matches.
	Or
	// Not matches what its operand does not match.
	Not
)

// A Node is a condition node taken apart by a Tree.
type Node[E any] struct {
	// Op is what the node does; it follows the node's type even when Nil.
	Op Op
	// Nil reports a nil pointer of one of the language's node types. It
	// binds like its type but has no operands: it is printed as nothing,
	// walked without children and copied as itself.
	Nil bool
	// Left and Right are the operands of And and Or; Left is the operand of
	// Not.
	Left, Right E
	// Pos is the node's character offset.
	Pos int
}

// A Tree describes a language's condition tree to the shared algorithms.
// Implementations are stateless; the zero value is used.
type Tree[E any] interface {
	// Split takes e apart.
	Split(e E) Node[E]
	// Join builds an And, Or or Not node from n (n.Nil is false).
	Join(n Node[E]) E
	// CloneLeaf returns a deep copy of a non-nil leaf.
	CloneLeaf(e E) E
	// WriteLeaf writes a non-nil leaf in canonical form.
	WriteLeaf(b *strings.Builder, e E)
}

// Walk calls fn for e and then, if fn returns true, for each of e's
// children, depth first, left to right. A nil e is not visited.
func Walk[E any, T Tree[E]](e E, fn func(E) bool) {
	var t T
	n := t.Split(e)
	if n.Op == None || !fn(e) || n.Nil {
		return
	}
	switch n.Op {
	case And, Or:
		Walk[E, T](n.Left, fn)
		Walk[E, T](n.Right, fn)
	case Not:
		Walk[E, T](n.Left, fn)
	}
}

// Clone returns a deep copy of e. Nil nodes and nodes of unknown types are
// returned as they are.
func Clone[E any, T Tree[E]](e E) E {
	var t T
	n := t.Split(e)
	if n.Nil {
		return e
	}
	switch n.Op {
	case And, Or:
		n.Left = Clone[E, T](n.Left)
		n.Right = Clone[E, T](n.Right)
		return t.Join(n)
	case Not:
		n.Left = Clone[E, T](n.Left)
		return t.Join(n)
	case Leaf:
		return t.CloneLeaf(e)
	}
	return e
}

// Confine returns where restricted by constraint: an And node whose Left is
// constraint and whose Right is a copy of where, or constraint alone when
// there is no where. Nothing in where can widen the result.
func Confine[E any, T Tree[E]](constraint, where E) E {
	var t T
	if t.Split(where).Op == None {
		return constraint
	}
	return t.Join(Node[E]{Op: And, Left: constraint, Right: Clone[E, T](where)})
}

// Copy returns a pointer to a copy of *p, or nil if p is nil.
func Copy[V any](p *V) *V {
	if p == nil {
		return nil
	}
	v := *p
	return &v
}
