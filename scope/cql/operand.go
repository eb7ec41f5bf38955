package cql

import (
	"fmt"

	"github.com/clawbridge/atlassian-mcp/scope/internal/qlang"
	"github.com/clawbridge/atlassian-mcp/scope/internal/qtree"
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
	return nil, errAt(t, "expected a value, list or function "+where, syntax.KeywordHint(t))
}

func valueOf(t token) *Value {
	return &Value{Text: t.Text, Quoted: t.Quoted || (t.Kind == qlang.String && !printer.SafeWord(t.Text)), Pos: t.Pos}
}

func (p *parser) list() (Operand, error) {
	l := &List{Pos: p.Peek().Pos}
	err := qtree.List(&p.Stream, syntax, "write values inside the parentheses, such as (DEV, QA)", func(t token) (bool, error) {
		if t.Kind != qlang.String && t.Kind != qlang.Number {
			return false, nil
		}
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
		return true, nil
	})
	if err != nil {
		return nil, err
	}
	return l, nil
}

func (p *parser) function() (Operand, error) {
	name := p.Take()
	if name.Quoted || !printer.SafeName(name.Text, false) {
		return nil, errAt(name, "expected a function name", "function names are plain words, such as now() or currentUser()")
	}
	fn := &Func{Name: name.Text, Pos: name.Pos}
	if err := qtree.Args(&p.Stream, syntax, name.Text, func(a token) { fn.Args = append(fn.Args, valueOf(a)) }); err != nil {
		return nil, err
	}
	return fn, nil
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
