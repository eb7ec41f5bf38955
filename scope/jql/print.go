package jql

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf16"
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
	case isSafeName(f.Name, true):
		b.WriteString(f.Name)
	default:
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
	case *Empty:
		b.WriteString("EMPTY")
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
// keyword or reserved word. The set is deliberately narrower than what Jira
// accepts bare, so that Jira cannot read the canonical form differently.
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
