package jql

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf16"

	"github.com/clawbridge/atlassian-mcp/scope/internal/qlang"
)

// Binding strengths, weakest first; a node is parenthesised when it sits
// where a stronger one is required.
const (
	precOr = iota + 1
	precAnd
	precNot
	precClause
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
	if q.Where != nil {
		writeExpr(&b, q.Where, precOr)
	}
	if len(q.OrderBy) > 0 {
		if q.Where != nil {
			b.WriteByte(' ')
		}
		b.WriteString("ORDER BY ")
		for i, t := range q.OrderBy {
			if i > 0 {
				b.WriteString(", ")
			}
			writeField(&b, t.Field)
			if t.Direction != NoDirection {
				b.WriteByte(' ')
				b.WriteString(string(t.Direction))
			}
		}
	}
	return b.String()
}

func precedence(e Expr) int {
	switch e.(type) {
	case *Or:
		return precOr
	case *And:
		return precAnd
	case *Not:
		return precNot
	}
	return precClause
}

// writeExpr writes e, in parentheses if it binds more weakly than min. The
// right operand of AND and OR requires a stronger node than the operator
// itself so that the tree's shape survives a round trip.
func writeExpr(b *strings.Builder, e Expr, min int) {
	paren := precedence(e) < min
	if paren {
		b.WriteByte('(')
	}
	switch n := e.(type) {
	case *Or:
		if n != nil {
			writeExpr(b, n.Left, precOr)
			b.WriteString(" OR ")
			writeExpr(b, n.Right, precAnd)
		}
	case *And:
		if n != nil {
			writeExpr(b, n.Left, precAnd)
			b.WriteString(" AND ")
			writeExpr(b, n.Right, precNot)
		}
	case *Not:
		if n != nil {
			b.WriteString("NOT ")
			writeExpr(b, n.Expr, precNot)
		}
	case *Clause:
		if n != nil {
			writeClause(b, n)
		}
	}
	if paren {
		b.WriteByte(')')
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
		if n == nil {
			return
		}
		b.WriteByte('(')
		for i, item := range n.Items {
			if i > 0 {
				b.WriteString(", ")
			}
			writeOperand(b, item)
		}
		b.WriteByte(')')
	case *Func:
		if n == nil {
			return
		}
		printer.Name(b, n.Name, false)
		b.WriteByte('(')
		for i, a := range n.Args {
			if i > 0 {
				b.WriteString(", ")
			}
			if a != nil {
				printer.Value(b, a.Text, a.Quoted)
			}
		}
		b.WriteByte(')')
	case *Empty:
		b.WriteString("EMPTY")
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
