package jql

import (
	"fmt"
	"strings"

	"github.com/clawbridge/atlassian-mcp/scope/internal/qlang"
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
	return nil, errAt(t, "expected a value, list or function "+where, keywordHint(t))
}

func valueOf(t token) *Value {
	return &Value{Text: t.Text, Quoted: t.Quoted || (t.Kind == qlang.String && !printer.SafeWord(t.Text)), Pos: t.Pos}
}

func (p *parser) list() (Operand, error) {
	open := p.Take()
	l := &List{Pos: open.Pos}
	for {
		t := p.Peek()
		switch t.Kind {
		case tokEmpty:
			p.Take()
			l.Items = append(l.Items, &Empty{Pos: t.Pos})
		case qlang.String, qlang.Number:
			if p.PeekAt(1).Kind == qlang.LParen {
				fn, err := p.function()
				if err != nil {
					return nil, err
				}
				l.Items = append(l.Items, fn)
			} else {
				p.Take()
				l.Items = append(l.Items, valueOf(t))
			}
		case qlang.LParen:
			return nil, errAt(t, "lists cannot be nested", "write one flat list, such as (a, b, c)")
		case qlang.RParen:
			if len(l.Items) == 0 {
				return nil, errAt(t, "a list needs at least one value", "write values inside the parentheses, such as (a, b)")
			}
			return nil, errAt(t, "expected a value after \",\"", "remove the trailing comma")
		default:
			return nil, errAt(t, fmt.Sprintf("expected a value in the list opened at character %d", open.Pos), keywordHint(t))
		}
		switch n := p.Take(); n.Kind {
		case qlang.Comma:
			continue
		case qlang.RParen:
			return l, nil
		default:
			return nil, errAt(n, fmt.Sprintf(`expected "," or ")" in the list opened at character %d`, open.Pos),
				"separate values with commas, and put values that contain spaces in double quotes")
		}
	}
}

func (p *parser) function() (Operand, error) {
	name := p.Take()
	if strings.TrimSpace(name.Text) == "" {
		return nil, errAt(name, "function name cannot be empty", "")
	}
	p.Take() // (
	fn := &Func{Name: name.Text, Pos: name.Pos}
	if p.Peek().Kind == qlang.RParen {
		p.Take()
		return fn, nil
	}
	where := fmt.Sprintf("%s(…)", name.Text)
	for {
		a := p.Take()
		if a.Kind != qlang.String && a.Kind != qlang.Number {
			hint := keywordHint(a)
			if a.Kind == qlang.RParen {
				hint = "remove the trailing comma"
			} else if hint == "" {
				hint = "function arguments are plain values; put them in double quotes"
			}
			return nil, errAt(a, "expected an argument of "+where, hint)
		}
		fn.Args = append(fn.Args, valueOf(a))
		switch n := p.Take(); n.Kind {
		case qlang.Comma:
			continue
		case qlang.RParen:
			return fn, nil
		default:
			return nil, errAt(n, `expected "," or ")" after an argument of `+where,
				"separate arguments with commas, and put arguments that contain spaces in double quotes")
		}
	}
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
