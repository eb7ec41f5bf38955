package cql

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/clawbridge/atlassian-mcp/scope/internal/qlang"
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
	p := &parser{qlang.NewStream(toks, syntaxError)}
	return p.query()
}

type parser struct{ qlang.Stream }

func errAt(t token, msg, hint string) *SyntaxError {
	return &SyntaxError{Pos: t.Pos, Msg: msg, Found: t.Describe(), Hint: hint}
}

// keywordHint suggests quoting when a keyword stands where a name or value
// belongs.
func keywordHint(t token) string {
	if t.IsKeyword() {
		return fmt.Sprintf("%q is a CQL keyword; put it in double quotes to use it as a name or value", t.Raw)
	}
	return ""
}

func (p *parser) query() (*Query, error) {
	q := &Query{}
	if k := p.Peek().Kind; k != tokEOF && k != tokOrder {
		where, err := p.or()
		if err != nil {
			return nil, err
		}
		q.Where = where
	}
	if p.Peek().Kind == tokOrder {
		terms, err := p.orderBy()
		if err != nil {
			return nil, err
		}
		q.OrderBy = terms
	}
	t := p.Peek()
	switch t.Kind {
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
	for p.Peek().Kind == tokOr {
		op := p.Take()
		right, err := p.and()
		if err != nil {
			return nil, err
		}
		left = &Or{Left: left, Right: right, Pos: op.Pos}
	}
	return left, nil
}

func (p *parser) and() (Expr, error) {
	left, err := p.unary()
	if err != nil {
		return nil, err
	}
	for p.Peek().Kind == tokAnd {
		op := p.Take()
		right, err := p.unary()
		if err != nil {
			return nil, err
		}
		left = &And{Left: left, Right: right, Pos: op.Pos}
	}
	return left, nil
}

func (p *parser) unary() (Expr, error) {
	t := p.Peek()
	switch t.Kind {
	case tokNot:
		p.Take()
		if err := p.Enter(t, MaxDepth); err != nil {
			return nil, err
		}
		defer p.Leave()
		e, err := p.unary()
		if err != nil {
			return nil, err
		}
		return &Not{Expr: e, Pos: t.Pos}, nil
	case tokLParen:
		p.Take()
		if err := p.Enter(t, MaxDepth); err != nil {
			return nil, err
		}
		defer p.Leave()
		e, err := p.or()
		if err != nil {
			return nil, err
		}
		if c := p.Peek(); c.Kind != tokRParen {
			return nil, errAt(c, fmt.Sprintf(`expected AND, OR or ")" to close the "(" at character %d`, t.Pos),
				`balance the parentheses, and put values that contain spaces in double quotes`)
		}
		p.Take()
		return e, nil
	}
	return p.clause()
}

func (p *parser) clause() (Expr, error) {
	start := p.Peek()
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
	return &Clause{Field: f, Operator: op, Operand: o, Pos: start.Pos}, nil
}

// field parses a field reference; expected describes the error if there is
// none.
func (p *parser) field(expected string) (Field, error) {
	t := p.Peek()
	var f Field
	switch t.Kind {
	case tokString, tokNumber:
		if strings.TrimSpace(t.Text) == "" {
			return f, errAt(t, "field name cannot be empty", "")
		}
		p.Take()
		f = Field{Name: normalizeField(t.Text)}
	default:
		return f, errAt(t, expected, keywordHint(t))
	}
	if p.Peek().Kind != tokLBracket {
		return f, nil
	}
	p.Take()
	key := p.Take()
	if (key.Kind != tokString && key.Kind != tokNumber) || key.Text == "" {
		return f, errAt(key, "expected a property key inside [ ]", "write a content property as content.property[key].path")
	}
	if rb := p.Take(); rb.Kind != tokRBracket {
		return f, errAt(rb, `expected "]" after the property key`, "write a content property as content.property[key].path")
	}
	f.Property = &Property{Key: key.Text}
	if t := p.Peek(); t.Kind == tokString && !t.Spaced && strings.HasPrefix(t.Text, ".") {
		path := t.Text[1:]
		if path == "" || strings.HasPrefix(path, ".") || strings.HasSuffix(path, ".") {
			return f, errAt(t, "invalid property path", "write the path as .a.b directly after the ]")
		}
		p.Take()
		f.Property.Path = path
	}
	return f, nil
}

func (p *parser) operator(f Field) (Operator, error) {
	t := p.Take()
	switch t.Kind {
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
		if n := p.Take(); n.Kind != tokIn {
			return "", errAt(n, "expected IN after NOT", "the operator is NOT IN; to negate a clause put NOT before the field")
		}
		return NotIn, nil
	}
	hint := "the operators are =, !=, >, >=, <, <=, ~, !~, IN and NOT IN"
	if t.Kind == tokString || t.Kind == tokNumber {
		hint += "; put a field name that contains spaces in double quotes"
	}
	return "", errAt(t, fmt.Sprintf("expected an operator after field %s", strconv.Quote(f.Name)), hint)
}

func (p *parser) orderBy() ([]OrderTerm, error) {
	p.Take() // ORDER
	if by := p.Take(); by.Kind != tokBy {
		return nil, errAt(by, "expected BY after ORDER", "write ORDER BY field ASC")
	}
	var terms []OrderTerm
	for {
		t := p.Peek()
		f, err := p.field("expected a field to sort by")
		if err != nil {
			return nil, err
		}
		term := OrderTerm{Field: f, Pos: t.Pos}
		switch p.Peek().Kind {
		case tokAsc:
			p.Take()
			term.Direction = Asc
		case tokDesc:
			p.Take()
			term.Direction = Desc
		}
		terms = append(terms, term)
		switch n := p.Peek(); n.Kind {
		case tokComma:
			p.Take()
		case tokEOF:
			return terms, nil
		default:
			return nil, errAt(n, fmt.Sprintf(`expected ASC, DESC, "," or the end of the query after sort field %s`, strconv.Quote(f.Name)),
				"ORDER BY must come last; put conditions before it")
		}
	}
}
