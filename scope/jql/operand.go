package jql

import (
	"fmt"
	"strings"

	"github.com/clawbridge/atlassian-mcp/scope/internal/qlang"
	"github.com/clawbridge/atlassian-mcp/scope/internal/qtree"
)

// operand parses a value, list, function or EMPTY; where says what it
// follows, for errors.
func (p *parser) operand(where string) (Operand, error) {
	t := p.Peek()
	switch t.Kind {
	case tokEmpty:
		p.Take()
		return &Empty{Pos: t.Pos}, nil
	case qlang.LParen:
		return p.list()
	case qlang.String, qlang.Number:
		if p.PeekAt(1).Kind == qlang.LParen {
			return p.function()
		}
		p.Take()
		return valueOf(t), nil
	}
	return nil, errAt(t, "expected a value, list or function "+where, syntax.KeywordHint(t))
}

func valueOf(t token) *Value {
	return &Value{Text: t.Text, Quoted: t.Quoted || (t.Kind == qlang.String && !printer.SafeWord(t.Text)), Pos: t.Pos}
}

func (p *parser) list() (Operand, error) {
	l := &List{Pos: p.Peek().Pos}
	err := qtree.List(&p.Stream, syntax, "write values inside the parentheses, such as (a, b)", func(t token) (bool, error) {
		switch t.Kind {
		case tokEmpty:
			p.Take()
			l.Items = append(l.Items, &Empty{Pos: t.Pos})
		case qlang.String, qlang.Number:
			if p.PeekAt(1).Kind == qlang.LParen {
				fn, err := p.function()
				if err != nil {
					return false, err
				}
				l.Items = append(l.Items, fn)
			} else {
				p.Take()
				l.Items = append(l.Items, valueOf(t))
			}
		default:
			return false, nil
		}
		return true, nil
	})
	if err != nil {
		return nil, err
	}
	return l, nil
}

func (p *parser) function() (Operand, error) {
	name := p.Take()
	if strings.TrimSpace(name.Text) == "" {
		return nil, errAt(name, "function name cannot be empty", "")
	}
	fn := &Func{Name: name.Text, Pos: name.Pos}
	if err := qtree.Args(&p.Stream, syntax, name.Text, func(a token) { fn.Args = append(fn.Args, valueOf(a)) }); err != nil {
		return nil, err
	}
	return fn, nil
}

var predicateKinds = map[qlang.Kind]PredicateKind{
	tokAfter: After, tokBefore: Before, tokOn: On, tokDuring: During, qlang.By: By, tokFrom: From, tokTo: To,
}

func (p *parser) predicates(op Operator) ([]Predicate, error) {
	var preds []Predicate
	for {
		t := p.Peek()
		kind, ok := predicateKinds[t.Kind]
		if !ok {
			return preds, nil
		}
		if !op.IsHistory() {
			return nil, errAt(t, fmt.Sprintf("%s cannot follow the %s operator", kind, op),
				"history predicates (AFTER, BEFORE, ON, DURING, BY, FROM, TO) only work with WAS, WAS NOT, WAS IN, WAS NOT IN and CHANGED")
		}
		if op != Changed && (kind == From || kind == To) {
			return nil, errAt(t, fmt.Sprintf("%s only works with CHANGED", kind),
				"WAS takes AFTER, BEFORE, ON, DURING and BY")
		}
		p.Take()
		o, err := p.operand(fmt.Sprintf("after %s", kind))
		if err != nil {
			return nil, err
		}
		if kind == During {
			if l, ok := o.(*List); !ok || len(l.Items) != 2 {
				return nil, &SyntaxError{Pos: o.Position(), Msg: "DURING needs two dates in parentheses",
					Hint: `write it as DURING ("2024/01/01", "2024/02/01")`}
			}
		} else if _, ok := o.(*List); ok && kind != By {
			return nil, &SyntaxError{Pos: o.Position(), Msg: fmt.Sprintf("%s takes one value, not a list", kind)}
		}
		preds = append(preds, Predicate{Kind: kind, Operand: o, Pos: t.Pos})
	}
}

// checkOperand refuses operands that the operator cannot take.
func checkOperand(op Operator, o Operand) error {
	switch o.(type) {
	case *List:
		switch op {
		case In, NotIn, WasIn, WasNotIn:
			return nil
		}
		return &SyntaxError{Pos: o.Position(), Msg: fmt.Sprintf("the %s operator does not take a list", op),
			Hint: "use IN, NOT IN, WAS IN or WAS NOT IN with a list"}
	case *Empty:
		switch op {
		case Equals, NotEquals, Is, IsNot, Was, WasNot:
			return nil
		}
		return &SyntaxError{Pos: o.Position(), Msg: fmt.Sprintf("the %s operator does not take EMPTY", op),
			Hint: "use IS EMPTY or IS NOT EMPTY"}
	}
	switch op {
	case In, NotIn, WasIn, WasNotIn:
		if _, ok := o.(*Func); ok {
			return nil
		}
		return &SyntaxError{Pos: o.Position(), Msg: fmt.Sprintf("the %s operator needs a list in parentheses or a function", op),
			Hint: "write it as field IN (a, b)"}
	case Is, IsNot:
		return &SyntaxError{Pos: o.Position(), Msg: fmt.Sprintf("the %s operator only takes EMPTY or NULL", op),
			Hint: "use = or != to compare with a value"}
	}
	return nil
}
