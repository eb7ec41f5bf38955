package cql

import (
	"fmt"
	"strings"

	"github.com/clawbridge/atlassian-mcp/scope/internal/qlang"
	"github.com/clawbridge/atlassian-mcp/scope/internal/qtree"
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
	p := &parser{Stream: qlang.NewStream(toks, syntaxError)}
	where, err := qtree.Parse[Expr, Field, tree](&p.Stream, syntax, p)
	if err != nil {
		return nil, err
	}
	return &Query{Where: where, OrderBy: p.terms}, nil
}

// syntax is what the shared parser needs to know of CQL.
var syntax = &qtree.Syntax{MaxDepth: MaxDepth, Lang: "CQL"}

// parser is CQL's qtree.Grammar: the clauses, fields and sort keys.
type parser struct {
	qlang.Stream
	terms []OrderTerm
}

func errAt(t token, msg, hint string) *SyntaxError {
	return &SyntaxError{Pos: t.Pos, Msg: msg, Found: t.Describe(), Hint: hint}
}

// Sort records a sort key of ORDER BY.
func (p *parser) Sort(t qtree.Term[Field]) {
	p.terms = append(p.terms, OrderTerm{Field: t.Field, Direction: Direction(t.Dir), Pos: t.Pos})
}

// FieldName returns the name of f for error messages.
func (p *parser) FieldName(f Field) string { return f.Name }

// Clause parses one condition on one field.
func (p *parser) Clause() (Expr, error) {
	start := p.Peek()
	f, err := p.Field("expected a field name, such as space, type or title")
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

// Field parses a field reference; expected describes the error if there is
// none.
func (p *parser) Field(expected string) (Field, error) {
	t := p.Peek()
	var f Field
	switch t.Kind {
	case qlang.String, qlang.Number:
		if strings.TrimSpace(t.Text) == "" {
			return f, errAt(t, "field name cannot be empty", "")
		}
		p.Take()
		f = Field{Name: vocabulary.NormalizeField(t.Text)}
	default:
		return f, errAt(t, expected, syntax.KeywordHint(t))
	}
	key, path, ok, err := qtree.Property(&p.Stream, "write a content property as content.property[key].path")
	if ok {
		f.Property = &Property{Key: key, Path: path}
	}
	return f, err
}

func (p *parser) operator(f Field) (Operator, error) {
	t := p.Take()
	if op, ok, err := qtree.Operator(&p.Stream, t); ok {
		return Operator(op), err
	}
	return "", qtree.NoOperator(&p.Stream, t, f.Name, "the operators are =, !=, >, >=, <, <=, ~, !~, IN and NOT IN")
}
