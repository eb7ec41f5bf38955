package cql

import (
	"github.com/clawbridge/atlassian-mcp/scope/internal/qlang"
)

// A Query is a parsed CQL query: an optional condition and an optional sort.
type Query struct {
	// Where is the condition, or nil when the query has none (an empty query,
	// or one that is only ORDER BY).
	Where Expr
	// OrderBy lists the sort keys in order of precedence.
	OrderBy []OrderTerm
}

// An Expr is a node of the condition tree: *And, *Or, *Not or *Clause.
type Expr interface {
	// Position returns the 1-based character offset of the node in the
	// source, or 0 for a node that was built rather than parsed.
	Position() int
	expr()
}

// An And matches content that matches both Left and Right.
type And struct {
	Left, Right Expr
	Pos         int // character offset of the AND keyword
}

// An Or matches content that matches Left, Right or both.
type Or struct {
	Left, Right Expr
	Pos         int // character offset of the OR keyword
}

// A Not matches content that Expr does not match.
type Not struct {
	Expr Expr
	Pos  int // character offset of NOT
}

// A Clause is one condition on one field, such as `space IN (DEV, QA)`.
type Clause struct {
	Field    Field
	Operator Operator
	Operand  Operand
	Pos      int // character offset of the field
}

// Position returns the character offset of the AND keyword.
func (e *And) Position() int { return e.Pos }

// Position returns the character offset of the OR keyword.
func (e *Or) Position() int { return e.Pos }

// Position returns the character offset of the NOT keyword.
func (e *Not) Position() int { return e.Pos }

// Position returns the character offset of the clause's field.
func (e *Clause) Position() int { return e.Pos }

func (*And) expr()    {}
func (*Or) expr()     {}
func (*Not) expr()    {}
func (*Clause) expr() {}

// A Field names what a clause or sort key is about.
type Field struct {
	// Name is the field name. Names of Confluence's own fields are
	// lower-cased ("lastModified" becomes "lastmodified"); other names keep
	// their case.
	Name string
	// Property, when not nil, selects a content property, as in
	// content.property[key].path.
	Property *Property
}

// A Property selects a value inside a content property: [Key].Path.
type Property struct {
	Key  string
	Path string // without the leading dot; may be empty
}

// An Operator compares a field with an operand. Its value is its canonical
// spelling.
type Operator string

// The CQL operators.
const (
	Equals       Operator = "="
	NotEquals    Operator = "!="
	Greater      Operator = ">"
	GreaterEqual Operator = ">="
	Less         Operator = "<"
	LessEqual    Operator = "<="
	Contains     Operator = "~"
	NotContains  Operator = "!~"
	In           Operator = "IN"
	NotIn        Operator = "NOT IN"
)

// An Operand is the right-hand side of a clause: *Value, *List or *Func.
type Operand interface {
	// Position returns the 1-based character offset of the operand.
	Position() int
	operand()
}

// A Value is a single string or number.
type Value struct {
	// Text is the decoded value, without quotes or escapes.
	Text string
	// Quoted reports whether the value is written as a quoted string. An
	// unquoted value is a bare word or a whole number. Values that cannot be
	// written bare are always quoted.
	Quoted bool
	Pos    int
}

// A List is a parenthesised list of operands, as used by IN.
type List struct {
	Items []Operand // each *Value or *Func
	Pos   int
}

// A Func is a function call such as now("-4w").
type Func struct {
	Name string
	Args []*Value
	Pos  int
}

// Position returns the character offset of the value.
func (o *Value) Position() int { return o.Pos }

// Position returns the character offset of the list's opening parenthesis.
func (o *List) Position() int { return o.Pos }

// Position returns the character offset of the function name.
func (o *Func) Position() int { return o.Pos }

func (*Value) operand() {}
func (*List) operand()  {}
func (*Func) operand()  {}

// IsNumber reports whether v is an unquoted whole number.
func (v *Value) IsNumber() bool { return !v.Quoted && qlang.IsNumber(v.Text) }

// A Direction is the sort order of an ORDER BY term.
type Direction string

// The sort directions. NoDirection leaves the field's default order.
const (
	NoDirection Direction = ""
	Asc         Direction = "ASC"
	Desc        Direction = "DESC"
)

// An OrderTerm is one sort key of ORDER BY.
type OrderTerm struct {
	Field     Field
	Direction Direction
	Pos       int // character offset of the field
}
