package qtree

import (
	"fmt"
	"strconv"

	"github.com/clawbridge/atlassian-mcp/scope/internal/qlang"
)

// A Syntax is what the shared parser needs to know of a language beyond
// its Grammar. A language has one, as an immutable table.
type Syntax struct {
	// MaxDepth is the deepest nesting of parentheses and NOT accepted.
	MaxDepth int
	// Bang reads a lone "!" as NOT.
	Bang bool
	// Lang is the language's name in messages, such as "JQL".
	Lang string
}

// KeywordHint returns the hint for a token that stands where a name or
// value belongs: a suggestion to quote it if it is a keyword written as a
// word, or "".
func (x *Syntax) KeywordHint(t qlang.Token) string {
	if t.IsKeyword() {
		return fmt.Sprintf("%q is a %s keyword; put it in double quotes to use it as a name or value", t.Raw, x.Lang)
	}
	return ""
}

// A Term is one sort key of ORDER BY.
type Term[F any] struct {
	// Field is what to sort by.
	Field F
	// Dir is the direction in canonical spelling, "ASC" or "DESC", or ""
	// when none is written.
	Dir string
	// Pos is the character offset of the field.
	Pos int
}

// A Grammar is a language's parser as the shared parser sees it: the
// productions that differ between languages. Each reads from the stream
// the shared parser was given.
type Grammar[E, F any] interface {
	// Clause parses one condition on one field.
	Clause() (E, error)
	// Field parses a field reference, failing with the message expected
	// when there is none.
	Field(expected string) (F, error)
	// FieldName returns the name of f for error messages.
	FieldName(f F) string
	// Sort records the next sort key of ORDER BY.
	Sort(t Term[F])
}

// ErrorAt builds the error for token t with the stream's language: msg says
// what was expected, hint how to fix it (may be empty).
func ErrorAt(s *qlang.Stream, t qlang.Token, msg, hint string) error {
	return s.Fail(t.Pos, msg, t.Describe(), hint)
}

// Parse parses a whole query from s,
//
//	query = [ or ] [ "ORDER" "BY" sort { "," sort } ] .
//
// and returns its condition, or the zero E when it has none. Sort keys go
// to g.Sort.
func Parse[E, F any, T Tree[E], G Grammar[E, F]](s *qlang.Stream, x *Syntax, g G) (E, error) {
	var where, zero E
	if k := s.Peek().Kind; k != qlang.EOF && k != qlang.Order {
		e, err := or[E, F, T](s, x, g)
		if err != nil {
			return zero, err
		}
		where = e
	}
	if s.Peek().Kind == qlang.Order {
		if err := orderBy[E, F](s, g); err != nil {
			return zero, err
		}
	}
	t := s.Peek()
	switch t.Kind {
	case qlang.EOF:
		return where, nil
	case qlang.RParen:
		return zero, ErrorAt(s, t, `unexpected ")"`, `it has no matching "("; remove it`)
	}
	return zero, ErrorAt(s, t, "expected AND, OR, ORDER BY or the end of the query after a complete clause",
		`join clauses with AND or OR, and put values that contain spaces in double quotes`)
}

// or parses or = and { OR and } .
func or[E, F any, T Tree[E], G Grammar[E, F]](s *qlang.Stream, x *Syntax, g G) (E, error) {
	var t T
	var zero E
	left, err := and[E, F, T](s, x, g)
	if err != nil {
		return zero, err
	}
	for s.Peek().Kind == qlang.Or {
		op := s.Take()
		right, err := and[E, F, T](s, x, g)
		if err != nil {
			return zero, err
		}
		left = t.Join(Node[E]{Op: Or, Left: left, Right: right, Pos: op.Pos})
	}
	return left, nil
}

// and parses and = unary { AND unary } .
func and[E, F any, T Tree[E], G Grammar[E, F]](s *qlang.Stream, x *Syntax, g G) (E, error) {
	var t T
	var zero E
	left, err := unary[E, F, T](s, x, g)
	if err != nil {
		return zero, err
	}
	for s.Peek().Kind == qlang.And {
		op := s.Take()
		right, err := unary[E, F, T](s, x, g)
		if err != nil {
			return zero, err
		}
		left = t.Join(Node[E]{Op: And, Left: left, Right: right, Pos: op.Pos})
	}
	return left, nil
}

// unary parses unary = NOT unary | "(" or ")" | clause .
func unary[E, F any, T Tree[E], G Grammar[E, F]](s *qlang.Stream, x *Syntax, g G) (E, error) {
	var zero E
	t := s.Peek()
	switch {
	case t.Kind == qlang.Not || x.Bang && t.Kind == qlang.Bang:
		s.Take()
		if err := s.Enter(t, x.MaxDepth); err != nil {
			return zero, err
		}
		defer s.Leave()
		e, err := unary[E, F, T](s, x, g)
		if err != nil {
			return zero, err
		}
		var tr T
		return tr.Join(Node[E]{Op: Not, Left: e, Pos: t.Pos}), nil
	case t.Kind == qlang.LParen:
		s.Take()
		if err := s.Enter(t, x.MaxDepth); err != nil {
			return zero, err
		}
		defer s.Leave()
		e, err := or[E, F, T](s, x, g)
		if err != nil {
			return zero, err
		}
		if c := s.Peek(); c.Kind != qlang.RParen {
			return zero, ErrorAt(s, c, fmt.Sprintf(`expected AND, OR or ")" to close the "(" at character %d`, t.Pos),
				`balance the parentheses, and put values that contain spaces in double quotes`)
		}
		s.Take()
		return e, nil
	}
	return g.Clause()
}

// orderBy parses "ORDER" "BY" sort { "," sort } at the end of a query.
func orderBy[E, F any, G Grammar[E, F]](s *qlang.Stream, g G) error {
	s.Take() // ORDER
	if by := s.Take(); by.Kind != qlang.By {
		return ErrorAt(s, by, "expected BY after ORDER", "write ORDER BY field ASC")
	}
	for {
		t := s.Peek()
		f, err := g.Field("expected a field to sort by")
		if err != nil {
			return err
		}
		term := Term[F]{Field: f, Pos: t.Pos}
		switch s.Peek().Kind {
		case qlang.Asc:
			s.Take()
			term.Dir = "ASC"
		case qlang.Desc:
			s.Take()
			term.Dir = "DESC"
		}
		g.Sort(term)
		switch n := s.Peek(); n.Kind {
		case qlang.Comma:
			s.Take()
		case qlang.EOF:
			return nil
		default:
			return ErrorAt(s, n, fmt.Sprintf(`expected ASC, DESC, "," or the end of the query after sort field %s`, strconv.Quote(g.FieldName(f))),
				"ORDER BY must come last; put conditions before it")
		}
	}
}
