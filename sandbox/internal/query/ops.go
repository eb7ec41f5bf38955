package query

// Ops is a set of operators, one bit each; a single operator is a set of
// one. A field lists the operators it supports as an Ops.
type Ops uint32

// The operators both engines have. An engine numbers its own from NextOp.
const (
	Eq      Ops = 1 << iota // =
	Ne                      // !=
	Lt                      // <
	Gt                      // >
	Le                      // <=
	Ge                      // >=
	Like                    // ~
	NotLike                 // !~
	In                      // IN
	NotIn                   // NOT IN
	// NextOp is the first bit an engine may give an operator of its own.
	NextOp

	// EqOps compare by equality: =, !=, IN and NOT IN.
	EqOps = Eq | Ne | In | NotIn
	// OrderOps compare by order: <, >, <= and >=.
	OrderOps = Lt | Gt | Le | Ge
	// TextOps search text: ~ and !~.
	TextOps = Like | NotLike
)

// OpNamed returns the operator the parsers spell name, in lower case
// ("=", "!~", "in", "not in", …), or 0 for one that is not among those
// both engines have.
func OpNamed(name string) Ops {
	switch name {
	case "=":
		return Eq
	case "!=":
		return Ne
	case "<":
		return Lt
	case ">":
		return Gt
	case "<=":
		return Le
	case ">=":
		return Ge
	case "~":
		return Like
	case "!~":
		return NotLike
	case "in":
		return In
	case "not in":
		return NotIn
	}
	return 0
}

// Holds applies an ordering operator to the result c of a comparison (-1,
// 0 or +1); it is false for an operator that is not one of OrderOps.
func (op Ops) Holds(c int) bool {
	switch op {
	case Lt:
		return c < 0
	case Le:
		return c <= 0
	case Gt:
		return c > 0
	case Ge:
		return c >= 0
	}
	return false
}
