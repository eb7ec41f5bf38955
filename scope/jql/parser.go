package jql

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/clawbridge/atlassian-mcp/scope/internal/qlang"
	"github.com/clawbridge/atlassian-mcp/scope/internal/qtree"
)

// MaxDepth is the deepest nesting of parentheses and NOT that Parse accepts.
const MaxDepth = 100

// Parse parses a JQL query. It accepts what Jira's own parser accepts, a
// little more strictly where Jira would reject the query later anyway (an
// IN without a list, a history predicate on a plain operator). Errors are
// *SyntaxError values that say where the problem is and how to fix it.
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

// syntax is what the shared parser needs to know of JQL.
var syntax = &qtree.Syntax{MaxDepth: MaxDepth, Bang: true, Lang: "JQL"}

// parser is JQL's qtree.Grammar: the clauses, fields and sort keys.
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
	f, err := p.Field("expected a field name, such as project or \"Story Points\"")
	if err != nil {
		return nil, err
	}
	op, err := p.operator(f)
	if err != nil {
		return nil, err
	}
	c := &Clause{Field: f, Operator: op, Pos: start.Pos}
	if op != Changed {
		o, err := p.operand(fmt.Sprintf("after %s", op))
		if err != nil {
			return nil, err
		}
		if err := checkOperand(op, o); err != nil {
			return nil, err
		}
		c.Operand = o
	} else if k := p.Peek().Kind; k == qlang.String || k == qlang.Number || k == qlang.LParen || k == tokEmpty {
		return nil, errAt(p.Peek(), "CHANGED takes no value", "use predicates instead, such as status CHANGED FROM \"To Do\" TO Done")
	}
	preds, err := p.predicates(op)
	if err != nil {
		return nil, err
	}
	c.Predicates = preds
	return c, nil
}

// Field parses a field reference; expected describes the error if there is
// none.
func (p *parser) Field(expected string) (Field, error) {
	t := p.Peek()
	var f Field
	switch t.Kind {
	case tokCF:
		p.Take()
		if lb := p.Take(); lb.Kind != qlang.LBracket {
			return f, errAt(lb, `expected "[" after cf`, "write a custom field id as cf[10016]")
		}
		id := p.Take()
		n, err := strconv.ParseInt(id.Text, 10, 64)
		if id.Kind != qlang.Number || err != nil || n <= 0 {
			return f, errAt(id, "expected a custom field id (a positive number) inside cf[ ]", "write a custom field id as cf[10016]")
		}
		if rb := p.Take(); rb.Kind != qlang.RBracket {
			return f, errAt(rb, `expected "]" after the custom field id`, "write a custom field id as cf[10016]")
		}
		f = Field{Name: fmt.Sprintf("cf[%d]", n), CustomID: n}
	case qlang.String, qlang.Number:
		if strings.TrimSpace(t.Text) == "" {
			return f, errAt(t, "field name cannot be empty", "")
		}
		p.Take()
		f = Field{Name: vocabulary.NormalizeField(t.Text)}
	default:
		return f, errAt(t, expected, syntax.KeywordHint(t))
	}
	key, path, ok, err := qtree.Property(&p.Stream, "write an entity property as issue.property[key].path")
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
	switch t.Kind {
	case tokChanged:
		return Changed, nil
	case tokIs:
		if p.Peek().Kind == qlang.Not {
			p.Take()
			return IsNot, nil
		}
		return Is, nil
	case tokWas:
		switch p.Peek().Kind {
		case qlang.Not:
			p.Take()
			if p.Peek().Kind == qlang.In {
				p.Take()
				return WasNotIn, nil
			}
			return WasNot, nil
		case qlang.In:
			p.Take()
			return WasIn, nil
		}
		return Was, nil
	}
	return "", qtree.NoOperator(&p.Stream, t, f.Name, "the operators are =, !=, >, >=, <, <=, ~, !~, IN, NOT IN, IS, IS NOT, WAS, WAS NOT, WAS IN, WAS NOT IN and CHANGED")
}
