package cql

import (
	"strconv"
	"strings"
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
// yields the same tree, and Confluence reads it with the same meaning.
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
			writeField(b, n.Field)
			b.WriteByte(' ')
			b.WriteString(string(n.Operator))
			if n.Operand != nil {
				b.WriteByte(' ')
				writeOperand(b, n.Operand)
			}
		}
	}
	if paren {
		b.WriteByte(')')
	}
}

// String returns the field as it is written in canonical CQL.
func (f Field) String() string {
	var b strings.Builder
	writeField(&b, f)
	return b.String()
}

func writeField(b *strings.Builder, f Field) {
	if isSafeName(f.Name, true) {
		b.WriteString(f.Name)
	} else {
		b.WriteString(quote(f.Name))
	}
	if f.Property == nil {
		return
	}
	b.WriteByte('[')
	if isSafeWord(f.Property.Key) {
		b.WriteString(f.Property.Key)
	} else {
		b.WriteString(quote(f.Property.Key))
	}
	b.WriteByte(']')
	if f.Property.Path != "" {
		if p := "." + f.Property.Path; isSafeName(f.Property.Path, true) {
			b.WriteString(p)
		} else {
			b.WriteString(quote(p))
		}
	}
}

func writeOperand(b *strings.Builder, o Operand) {
	switch n := o.(type) {
	case *Value:
		if n != nil {
			writeValue(b, n)
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
		if isSafeName(n.Name, false) {
			b.WriteString(n.Name)
		} else {
			// Not a valid function name: quoting it makes the query fail
			// to parse rather than mean something else.
			b.WriteString(quote(n.Name))
		}
		b.WriteByte('(')
		for i, a := range n.Args {
			if i > 0 {
				b.WriteString(", ")
			}
			if a != nil {
				writeValue(b, a)
			}
		}
		b.WriteByte(')')
	}
}

func writeValue(b *strings.Builder, v *Value) {
	if !v.Quoted && (isSafeWord(v.Text) || isNumber(v.Text) && fitsInt64(v.Text)) {
		b.WriteString(v.Text)
		return
	}
	b.WriteString(quote(v.Text))
}

func fitsInt64(s string) bool {
	_, err := strconv.ParseInt(s, 10, 64)
	return err == nil
}

// isSafeWord reports whether s can be written without quotes as a string
// value: ASCII letters, digits, "_" and "-" only, not a number, and not a
// keyword or reserved word. The set is deliberately narrower than what
// Confluence accepts bare, so that Confluence cannot read the canonical
// form differently.
func isSafeWord(s string) bool {
	if s == "" || isNumber(s) || isReserved(s) {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-') {
			return false
		}
	}
	return true
}

// isSafeName reports whether s can be written without quotes as a field or
// function name: ASCII identifiers, joined by dots if dotted is set, and not
// a keyword or reserved word.
func isSafeName(s string, dotted bool) bool {
	if s == "" || isReserved(s) {
		return false
	}
	start := true
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_':
			start = false
		case c >= '0' && c <= '9':
			if start {
				return false
			}
		case c == '.' && dotted && !start:
			start = true
		default:
			return false
		}
	}
	return !start
}

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
