package jql

import (
	"github.com/clawbridge/atlassian-mcp/scope/internal/qlang"
)

// A Query is a parsed JQL query: an optional condition and an optional sort.
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

// An And matches issues that match both Left and Right.
type And struct {
	Left, Right Expr
	Pos         int // character offset of the AND keyword
}

// An Or matches issues that match Left, Right or both.
type Or struct {
	Left, Right Expr
	Pos         int // character offset of the OR keyword
}

// A Not matches issues that Expr does not match.
type Not struct {
	Expr Expr
	Pos  int // character offset of NOT or !
}

// A Clause is one condition on one field, such as `status WAS Open BY jsmith`.
type Clause struct {
	Field    Field
	Operator Operator
	// Operand is the right-hand side; it is nil only for CHANGED.
	Operand Operand
	// Predicates are the history predicates of WAS and CHANGED clauses.
	Predicates []Predicate
	Pos        int // character offset of the field
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
	// Name is the field name. Names of Jira's system fields are lower-cased
	// ("fixVersion" becomes "fixversion"); other names keep their case.
	// A custom field written by id is named "cf[10016]".
	Name string
	// CustomID is the id of a custom field written cf[N]; it is 0 for a
	// field written by name.
	CustomID int64
	// Property, when not nil, selects an entity property of the field, as
	// in issue.property[key].path.
	Property *Property
}

// A Property selects a value inside an entity property: [Key].Path.
type Property struct {
	Key  string
	Path string // without the leading dot; may be empty
}

// IsCustom reports whether the field was written as a custom field id, cf[N].
func (f Field) IsCustom() bool { return f.CustomID > 0 }

// An Operator compares a field with an operand. Its value is its canonical
// spelling.
type Operator string

// The JQL operators.
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
	Is           Operator = "IS"
	IsNot        Operator = "IS NOT"
	Was          Operator = "WAS"
	WasNot       Operator = "WAS NOT"
	WasIn        Operator = "WAS IN"
	WasNotIn     Operator = "WAS NOT IN"
	Changed      Operator = "CHANGED"
)

// IsHistory reports whether op searches the history of a field (WAS and its
// variants, CHANGED); only those operators take history predicates.
func (op Operator) IsHistory() bool {
	switch op {
	case Was, WasNot, WasIn, WasNotIn, Changed:
		return true
	}
	return false
}

// A PredicateKind is the keyword of a history predicate. Its value is its
// canonical spelling.
type PredicateKind string

// The history predicates of WAS and CHANGED.
const (
	After  PredicateKind = "AFTER"
	Before PredicateKind = "BEFORE"
	On     PredicateKind = "ON"
	During PredicateKind = "DURING"
	By     PredicateKind = "BY"
	From   PredicateKind = "FROM"
	To     PredicateKind = "TO"
)

// A Predicate narrows a WAS or CHANGED clause in time, by user or by value,
// as in `BEFORE "2024/01/01"` or `DURING (startOfWeek(), now())`.
type Predicate struct {
	Kind    PredicateKind
	Operand Operand
	Pos     int // character offset of the keyword
}

// An Operand is the right-hand side of a clause or predicate: *Value, *List,
// *Func or *Empty.
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
	// unquoted value is a bare word or, if it is all digits, a number, which
	// Jira treats as a number rather than a string. Values that cannot be
	// written bare are always quoted.
	Quoted bool
	Pos    int
}

// A List is a parenthesised list of operands, as used by IN.
type List struct {
	Items []Operand // each *Value, *Func or *Empty
	Pos   int
}

// A Func is a function call such as membersOf("jira-users").
type Func struct {
	Name string
	Args []*Value
	Pos  int
}

// Empty is the EMPTY (or NULL) keyword.
type Empty struct {
	Pos int
}

// Position returns the character offset of the value.
func (o *Value) Position() int { return o.Pos }

// Position returns the character offset of the list's opening parenthesis.
func (o *List) Position() int { return o.Pos }

// Position returns the character offset of the function name.
func (o *Func) Position() int { return o.Pos }

// Position returns the character offset of the EMPTY keyword.
func (o *Empty) Position() int { return o.Pos }

func (*Value) operand() {}
func (*List) operand()  {}
func (*Func) operand()  {}
func (*Empty) operand() {}

// IsNumber reports whether v is an unquoted whole number, which Jira reads
// as a number rather than as a string.
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
