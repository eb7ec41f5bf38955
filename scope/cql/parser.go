package cql

import (
	"fmt"
	"strconv"
	"strings"
)

// MaxDepth is the deepest nesting of parentheses and NOT that Parse accepts.
const MaxDepth = 100

// Parse parses a CQL query. It accepts the CQL of Atlassian's reference,
// a little more strictly where that is safer: values with control
// characters, escapes other than \" \' \\ and quoted function names are
// refused. Errors are *SyntaxError values that say where the problem is and
// how to fix it.
func Parse(s string) (*Query, error) {
	toks, err := lex(s)
	if err != nil {
		return nil, err
	}
	p := &parser{toks: toks}
	return p.query()
}

type parser struct {
	toks  []token
	i     int
	depth int
}

func (p *parser) peek() token { return p.toks[p.i] }

func (p *parser) peekAt(n int) token {
	if p.i+n < len(p.toks) {
		return p.toks[p.i+n]
	}
	return p.toks[len(p.toks)-1]
}

func (p *parser) take() token {
	t := p.toks[p.i]
	if t.kind != tokEOF {
		p.i++
	}
	return t
}

func errAt(t token, msg, hint string) *SyntaxError {
	return &SyntaxError{Pos: t.pos, Msg: msg, Found: t.describe(), Hint: hint}
}

// keywordHint suggests quoting when a keyword stands where a name or value
// belongs.
func keywordHint(t token) string {
	if t.kind >= tokAnd {
		return fmt.Sprintf("%q is a CQL keyword; put it in double quotes to use it as a name or value", t.raw)
	}
	return ""
}

func (p *parser) enter(t token) error {
	p.depth++
	if p.depth > MaxDepth {
		return &SyntaxError{Pos: t.pos, Msg: fmt.Sprintf("query nests parentheses and NOT more than %d deep", MaxDepth),
			Hint: "simplify the query"}
	}
	return nil
}

func (p *parser) query() (*Query, error) {
	q := &Query{}
	if k := p.peek().kind; k != tokEOF && k != tokOrder {
		where, err := p.or()
		if err != nil {
			return nil, err
		}
		q.Where = where
	}
	if p.peek().kind == tokOrder {
		terms, err := p.orderBy()
		if err != nil {
			return nil, err
		}
		q.OrderBy = terms
	}
	t := p.peek()
	switch t.kind {
	case tokEOF:
		return q, nil
	case tokRParen:
		return nil, errAt(t, `unexpected ")"`, `it has no matching "("; remove it`)
	}
	return nil, errAt(t, "expected AND, OR, ORDER BY or the end of the query after a complete clause",
		`join clauses with AND or OR, and put values that contain spaces in double quotes`)
}

func (p *parser) or() (Expr, error) {
	left, err := p.and()
	if err != nil {
		return nil, err
	}
	for p.peek().kind == tokOr {
		op := p.take()
		right, err := p.and()
		if err != nil {
			return nil, err
		}
		left = &Or{Left: left, Right: right, Pos: op.pos}
	}
	return left, nil
}

func (p *parser) and() (Expr, error) {
	left, err := p.unary()
	if err != nil {
		return nil, err
	}
	for p.peek().kind == tokAnd {
		op := p.take()
		right, err := p.unary()
		if err != nil {
			return nil, err
		}
		left = &And{Left: left, Right: right, Pos: op.pos}
	}
	return left, nil
}

func (p *parser) unary() (Expr, error) {
	t := p.peek()
	switch t.kind {
	case tokNot:
		p.take()
		if err := p.enter(t); err != nil {
			return nil, err
		}
		defer func() { p.depth-- }()
		e, err := p.unary()
		if err != nil {
			return nil, err
		}
		return &Not{Expr: e, Pos: t.pos}, nil
	case tokLParen:
		p.take()
		if err := p.enter(t); err != nil {
			return nil, err
		}
		defer func() { p.depth-- }()
		e, err := p.or()
		if err != nil {
			return nil, err
		}
		if c := p.peek(); c.kind != tokRParen {
			return nil, errAt(c, fmt.Sprintf(`expected AND, OR or ")" to close the "(" at character %d`, t.pos),
				`balance the parentheses, and put values that contain spaces in double quotes`)
		}
		p.take()
		return e, nil
	}
	return p.clause()
}

func (p *parser) clause() (Expr, error) {
	start := p.peek()
	f, err := p.field("expected a field name, such as space, type or title")
	if err != nil {
		return nil, err
	}
	op, err := p.operator(f)
	if err != nil {
		return nil, err
	}
	o, err := p.operand(fmt.Sprintf("after %s", op))
	if err != nil {
		return nil, err
	}
	if err := checkOperand(op, o); err != nil {
		return nil, err
	}
	return &Clause{Field: f, Operator: op, Operand: o, Pos: start.pos}, nil
}

// field parses a field reference; expected describes the error if there is
// none.
func (p *parser) field(expected string) (Field, error) {
	t := p.peek()
	var f Field
	switch t.kind {
	case tokString, tokNumber:
		if strings.TrimSpace(t.text) == "" {
			return f, errAt(t, "field name cannot be empty", "")
		}
		p.take()
		f = Field{Name: normalizeField(t.text)}
	default:
		return f, errAt(t, expected, keywordHint(t))
	}
	if p.peek().kind != tokLBracket {
		return f, nil
	}
	p.take()
	key := p.take()
	if (key.kind != tokString && key.kind != tokNumber) || key.text == "" {
		return f, errAt(key, "expected a property key inside [ ]", "write a content property as content.property[key].path")
	}
	if rb := p.take(); rb.kind != tokRBracket {
		return f, errAt(rb, `expected "]" after the property key`, "write a content property as content.property[key].path")
	}
	f.Property = &Property{Key: key.text}
	if t := p.peek(); t.kind == tokString && !t.spaced && strings.HasPrefix(t.text, ".") {
		path := t.text[1:]
		if path == "" || strings.HasPrefix(path, ".") || strings.HasSuffix(path, ".") {
			return f, errAt(t, "invalid property path", "write the path as .a.b directly after the ]")
		}
		p.take()
		f.Property.Path = path
	}
	return f, nil
}

func (p *parser) operator(f Field) (Operator, error) {
	t := p.take()
	switch t.kind {
	case tokEq:
		return Equals, nil
	case tokNe:
		return NotEquals, nil
	case tokGt:
		return Greater, nil
	case tokGe:
		return GreaterEqual, nil
	case tokLt:
		return Less, nil
	case tokLe:
		return LessEqual, nil
	case tokLike:
		return Contains, nil
	case tokNotLike:
		return NotContains, nil
	case tokIn:
		return In, nil
	case tokNot:
		if n := p.take(); n.kind != tokIn {
			return "", errAt(n, "expected IN after NOT", "the operator is NOT IN; to negate a clause put NOT before the field")
		}
		return NotIn, nil
	}
	hint := "the operators are =, !=, >, >=, <, <=, ~, !~, IN and NOT IN"
	if t.kind == tokString || t.kind == tokNumber {
		hint += "; put a field name that contains spaces in double quotes"
	}
	return "", errAt(t, fmt.Sprintf("expected an operator after field %s", strconv.Quote(f.Name)), hint)
}

func (p *parser) orderBy() ([]OrderTerm, error) {
	p.take() // ORDER
	if by := p.take(); by.kind != tokBy {
		return nil, errAt(by, "expected BY after ORDER", "write ORDER BY field ASC")
	}
	var terms []OrderTerm
	for {
		t := p.peek()
		f, err := p.field("expected a field to sort by")
		if err != nil {
			return nil, err
		}
		term := OrderTerm{Field: f, Pos: t.pos}
		switch p.peek().kind {
		case tokAsc:
			p.take()
			term.Direction = Asc
		case tokDesc:
			p.take()
			term.Direction = Desc
		}
		terms = append(terms, term)
		switch n := p.peek(); n.kind {
		case tokComma:
			p.take()
		case tokEOF:
			return terms, nil
		default:
			return nil, errAt(n, fmt.Sprintf(`expected ASC, DESC, "," or the end of the query after sort field %s`, strconv.Quote(f.Name)),
				"ORDER BY must come last; put conditions before it")
		}
	}
}
