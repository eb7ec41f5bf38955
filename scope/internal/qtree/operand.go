package qtree

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/clawbridge/atlassian-mcp/scope/internal/qlang"
)

// Property parses the [key].path that may follow a field name, if the next
// token is "[": ok reports whether there was one. path is without its
// leading dot and may be empty. hint says how to write a property, for the
// errors about the key.
func Property(s *qlang.Stream, hint string) (key, path string, ok bool, err error) {
	if s.Peek().Kind != qlang.LBracket {
		return "", "", false, nil
	}
	s.Take()
	k := s.Take()
	if (k.Kind != qlang.String && k.Kind != qlang.Number) || k.Text == "" {
		return "", "", false, ErrorAt(s, k, "expected a property key inside [ ]", hint)
	}
	if rb := s.Take(); rb.Kind != qlang.RBracket {
		return "", "", false, ErrorAt(s, rb, `expected "]" after the property key`, hint)
	}
	if t := s.Peek(); t.Kind == qlang.String && !t.Spaced && strings.HasPrefix(t.Text, ".") {
		p := t.Text[1:]
		if p == "" || strings.HasPrefix(p, ".") || strings.HasSuffix(p, ".") {
			return "", "", false, ErrorAt(s, t, "invalid property path", "write the path as .a.b directly after the ]")
		}
		s.Take()
		path = p
	}
	return k.Text, path, true, nil
}

// List parses the items of the list whose "(" is the next token, up to and
// including its ")". item parses the item that starts at t, or returns
// false without reading anything if t cannot start one. emptyHint is the
// hint for a list with no items.
func List(s *qlang.Stream, x *Syntax, emptyHint string, item func(t qlang.Token) (bool, error)) error {
	open := s.Take()
	for n := 0; ; n++ {
		t := s.Peek()
		ok, err := item(t)
		if err != nil {
			return err
		}
		if !ok {
			switch t.Kind {
			case qlang.LParen:
				return ErrorAt(s, t, "lists cannot be nested", "write one flat list, such as (a, b, c)")
			case qlang.RParen:
				if n == 0 {
					return ErrorAt(s, t, "a list needs at least one value", emptyHint)
				}
				return ErrorAt(s, t, `expected a value after ","`, "remove the trailing comma")
			}
			return ErrorAt(s, t, fmt.Sprintf("expected a value in the list opened at character %d", open.Pos), x.KeywordHint(t))
		}
		switch c := s.Take(); c.Kind {
		case qlang.Comma:
			continue
		case qlang.RParen:
			return nil
		default:
			return ErrorAt(s, c, fmt.Sprintf(`expected "," or ")" in the list opened at character %d`, open.Pos),
				"separate values with commas, and put values that contain spaces in double quotes")
		}
	}
}

// Args parses the arguments of a call to the function name, from the next
// token, which is its "(", up to and including the ")". Each argument is a
// plain value, passed to arg.
func Args(s *qlang.Stream, x *Syntax, name string, arg func(t qlang.Token)) error {
	s.Take() // (
	if s.Peek().Kind == qlang.RParen {
		s.Take()
		return nil
	}
	where := fmt.Sprintf("%s(…)", name)
	for {
		a := s.Take()
		if a.Kind != qlang.String && a.Kind != qlang.Number {
			hint := x.KeywordHint(a)
			if a.Kind == qlang.RParen {
				hint = "remove the trailing comma"
			} else if hint == "" {
				hint = "function arguments are plain values; put them in double quotes"
			}
			return ErrorAt(s, a, "expected an argument of "+where, hint)
		}
		arg(a)
		switch n := s.Take(); n.Kind {
		case qlang.Comma:
			continue
		case qlang.RParen:
			return nil
		default:
			return ErrorAt(s, n, `expected "," or ")" after an argument of `+where,
				"separate arguments with commas, and put arguments that contain spaces in double quotes")
		}
	}
}

// Operator reads the rest of the operator that starts at t, which the
// caller has taken, when it is one both languages have: = != > >= < <= ~
// !~ IN or NOT IN. It returns the operator's canonical spelling; ok is
// false, and nothing more is read, for any other token.
func Operator(s *qlang.Stream, t qlang.Token) (op string, ok bool, err error) {
	switch t.Kind {
	case qlang.Eq:
		return "=", true, nil
	case qlang.Ne:
		return "!=", true, nil
	case qlang.Gt:
		return ">", true, nil
	case qlang.Ge:
		return ">=", true, nil
	case qlang.Lt:
		return "<", true, nil
	case qlang.Le:
		return "<=", true, nil
	case qlang.Like:
		return "~", true, nil
	case qlang.NotLike:
		return "!~", true, nil
	case qlang.In:
		return "IN", true, nil
	case qlang.Not:
		if n := s.Take(); n.Kind != qlang.In {
			return "", true, ErrorAt(s, n, "expected IN after NOT", "the operator is NOT IN; to negate a clause put NOT before the field")
		}
		return "NOT IN", true, nil
	}
	return "", false, nil
}

// NoOperator returns the error for t, which stands after the field named
// field where an operator belongs; operators lists the language's
// operators, as the hint.
func NoOperator(s *qlang.Stream, t qlang.Token, field, operators string) error {
	hint := operators
	if t.Kind == qlang.String || t.Kind == qlang.Number {
		hint += "; put a field name that contains spaces in double quotes"
	}
	return ErrorAt(s, t, fmt.Sprintf("expected an operator after field %s", strconv.Quote(field)), hint)
}
