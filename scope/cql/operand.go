package cql

import (
	"fmt"

	"github.com/clawbridge/atlassian-mcp/scope/internal/qlang"
)

// operand parses a value, list or function; where says what it follows,
// for errors.
func (p *parser) operand(where string) (Operand, error) {
	t := p.Peek()
	switch t.Kind {
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
				return nil, errAt(t, "a list needs at least one value", "write values inside the parentheses, such as (DEV, QA)")
			}
			return nil, errAt(t, `expected a value after ","`, "remove the trailing comma")
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
	if name.Quoted || !printer.SafeName(name.Text, false) {
		return nil, errAt(name, "expected a function name", "function names are plain words, such as now() or currentUser()")
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

// checkOperand refuses operands that the operator cannot take.
func checkOperand(op Operator, o Operand) error {
	_, isList := o.(*List)
	_, isFunc := o.(*Func)
	switch op {
	case In, NotIn:
		if isList || isFunc {
			return nil
		}
		return &SyntaxError{Pos: o.Position(), Msg: fmt.Sprintf("the %s operator needs a list in parentheses or a function", op),
			Hint: "write it as field IN (a, b)"}
	}
	if isList {
		return &SyntaxError{Pos: o.Position(), Msg: fmt.Sprintf("the %s operator does not take a list", op),
			Hint: "use IN or NOT IN with a list"}
	}
	return nil
}
