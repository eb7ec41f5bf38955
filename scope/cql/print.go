package cql

import (
	"strings"

	"github.com/clawbridge/atlassian-mcp/scope/internal/qlang"
	"github.com/clawbridge/atlassian-mcp/scope/internal/qtree"
)

// String returns the canonical form of the query: keywords in upper case,
// operators spaced, values quoted unless they are plain words or numbers,
// and parentheses exactly where the tree needs them. Parsing the result
// yields the same tree, and Confluence reads it with the same meaning.
func (q *Query) String() string {
	if q == nil {
		return ""
	}
	var b strings.Builder
	qtree.WriteQuery[Expr, tree](&b, q.Where, len(q.OrderBy), func(b *strings.Builder, i int) string {
		writeField(b, q.OrderBy[i].Field)
		return string(q.OrderBy[i].Direction)
	})
	return b.String()
}

// tree is CQL's condition tree as the shared algorithms of qtree see it.
type tree struct{}

// Split takes e apart.
func (tree) Split(e Expr) qtree.Node[Expr] {
	switch n := e.(type) {
	case nil:
		return qtree.Node[Expr]{Op: qtree.None}
	case *And:
		if n == nil {
			return qtree.Node[Expr]{Op: qtree.And, Nil: true}
		}
		return qtree.Node[Expr]{Op: qtree.And, Left: n.Left, Right: n.Right, Pos: n.Pos}
	case *Or:
		if n == nil {
			return qtree.Node[Expr]{Op: qtree.Or, Nil: true}
		}
		return qtree.Node[Expr]{Op: qtree.Or, Left: n.Left, Right: n.Right, Pos: n.Pos}
	case *Not:
		if n == nil {
			return qtree.Node[Expr]{Op: qtree.Not, Nil: true}
		}
		return qtree.Node[Expr]{Op: qtree.Not, Left: n.Expr, Pos: n.Pos}
	case *Clause:
		return qtree.Node[Expr]{Op: qtree.Leaf, Nil: n == nil}
	}
	return qtree.Node[Expr]{Op: qtree.Leaf}
}

// Join builds an And, Or or Not node.
func (tree) Join(n qtree.Node[Expr]) Expr {
	switch n.Op {
	case qtree.And:
		return &And{Left: n.Left, Right: n.Right, Pos: n.Pos}
	case qtree.Or:
		return &Or{Left: n.Left, Right: n.Right, Pos: n.Pos}
	}
	return &Not{Expr: n.Left, Pos: n.Pos}
}

// WriteLeaf writes a clause.
func (tree) WriteLeaf(b *strings.Builder, e Expr) {
	n, ok := e.(*Clause)
	if !ok || n == nil {
		return
	}
	writeField(b, n.Field)
	b.WriteByte(' ')
	b.WriteString(string(n.Operator))
	if n.Operand != nil {
		b.WriteByte(' ')
		writeOperand(b, n.Operand)
	}
}

// String returns the field as it is written in canonical CQL.
func (f Field) String() string {
	var b strings.Builder
	writeField(&b, f)
	return b.String()
}

func writeField(b *strings.Builder, f Field) {
	printer.Name(b, f.Name, true)
	if f.Property != nil {
		printer.Property(b, f.Property.Key, f.Property.Path)
	}
}

func writeOperand(b *strings.Builder, o Operand) {
	switch n := o.(type) {
	case *Value:
		if n != nil {
			printer.Value(b, n.Text, n.Quoted)
		}
	case *List:
		if n != nil {
			qtree.WriteList(b, n.Items, writeOperand)
		}
	case *Func:
		if n != nil {
			// A name that is not a valid function name is quoted, which
			// makes the query fail to parse rather than mean something else.
			printer.Name(b, n.Name, false)
			qtree.WriteList(b, n.Args, writeArg)
		}
	}
}

// writeArg writes a function argument.
func writeArg(b *strings.Builder, a *Value) {
	if a != nil {
		printer.Value(b, a.Text, a.Quoted)
	}
}

// printer writes names and values the way the canonical form needs:
// bare only when Confluence cannot read them differently, quoted otherwise.
var printer = qlang.Printer{Reserved: vocabulary.IsReserved, Quote: quote}

// quote writes s as a double-quoted CQL string, escaping only quotes and
// backslashes: CQL has no other escapes, and parsed values never contain
// control characters.
func quote(s string) string {
	var b strings.Builder
	b.Grow(len(s) + 2)
	b.WriteByte('"')
	for i := 0; i < len(s); i++ {
		if c := s[i]; c == '"' || c == '\\' {
			b.WriteByte('\\')
		}
		b.WriteByte(s[i])
	}
	b.WriteByte('"')
	return b.String()
}
