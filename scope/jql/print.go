package jql

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf16"

	"github.com/clawbridge/atlassian-mcp/scope/internal/qlang"
	"github.com/clawbridge/atlassian-mcp/scope/internal/qtree"
)

// String returns the canonical form of the query: keywords in upper case,
// operators spaced, values quoted unless they are plain words or numbers,
// and parentheses exactly where the tree needs them. Parsing the result
// yields the same tree, and Jira reads it with the same meaning.
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

// tree is JQL's condition tree as the shared algorithms of qtree see it.
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
	if c, ok := e.(*Clause); ok && c != nil {
		writeClause(b, c)
	}
}

func writeClause(b *strings.Builder, c *Clause) {
	writeField(b, c.Field)
	b.WriteByte(' ')
	b.WriteString(string(c.Operator))
	if c.Operand != nil {
		b.WriteByte(' ')
		writeOperand(b, c.Operand)
	}
	for _, p := range c.Predicates {
		b.WriteByte(' ')
		b.WriteString(string(p.Kind))
		b.WriteByte(' ')
		writeOperand(b, p.Operand)
	}
}

// String returns the field as it is written in canonical JQL.
func (f Field) String() string {
	var b strings.Builder
	writeField(&b, f)
	return b.String()
}

func writeField(b *strings.Builder, f Field) {
	switch {
	case f.CustomID > 0:
		b.WriteString("cf[")
		b.WriteString(strconv.FormatInt(f.CustomID, 10))
		b.WriteByte(']')
	default:
		printer.Name(b, f.Name, true)
	}
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
			printer.Name(b, n.Name, false)
			qtree.WriteList(b, n.Args, writeArg)
		}
	case *Empty:
		b.WriteString("EMPTY")
	}
}

// writeArg writes a function argument.
func writeArg(b *strings.Builder, a *Value) {
	if a != nil {
		printer.Value(b, a.Text, a.Quoted)
	}
}

// printer writes names and values the way the canonical form needs:
// bare only when Jira cannot read them differently, quoted otherwise.
var printer = qlang.Printer{Reserved: vocabulary.IsReserved, Quote: quote}

// quote writes s as a double-quoted JQL string. Quotes and backslashes are
// escaped, and so is every character that Jira refuses raw or that could
// disguise the query to a human reader (control, format and separator
// characters), as \uXXXX.
func quote(s string) string {
	var b strings.Builder
	b.Grow(len(s) + 2)
	b.WriteByte('"')
	for _, r := range s {
		switch r {
		case '"':
			b.WriteString(`\"`)
		case '\\':
			b.WriteString(`\\`)
		case '\n':
			b.WriteString(`\n`)
		case '\r':
			b.WriteString(`\r`)
		case '\t':
			b.WriteString(`\t`)
		default:
			if isControl(r) || unicode.In(r, unicode.Cf, unicode.Zl, unicode.Zp) {
				writeUnicodeEscape(&b, r)
			} else {
				b.WriteRune(r)
			}
		}
	}
	b.WriteByte('"')
	return b.String()
}

func writeUnicodeEscape(b *strings.Builder, r rune) {
	const hex = "0123456789ABCDEF"
	units := []rune{r}
	if r > 0xffff {
		hi, lo := utf16.EncodeRune(r)
		units = []rune{hi, lo}
	}
	for _, u := range units {
		b.WriteString(`\u`)
		for shift := 12; shift >= 0; shift -= 4 {
			b.WriteByte(hex[(u>>shift)&0xf])
		}
	}
}
