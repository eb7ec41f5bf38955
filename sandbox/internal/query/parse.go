package query

// Lookahead buffers the tokens a recursive-descent parser has peeked at.
// Its next function must keep returning an end-of-query token once the
// query is used up.
type Lookahead[T any] struct {
	next func() T
	buf  []T
}

// NewLookahead reads tokens from next on demand, so that a lexical error
// surfaces only when the parser reaches it.
func NewLookahead[T any](next func() T) Lookahead[T] {
	return Lookahead[T]{next: next}
}

// PeekN returns the token n places ahead (0 is the next) without taking it.
func (l *Lookahead[T]) PeekN(n int) T {
	for len(l.buf) <= n {
		l.buf = append(l.buf, l.next())
	}
	return l.buf[n]
}

// Peek returns the next token without taking it.
func (l *Lookahead[T]) Peek() T { return l.PeekN(0) }

// Take returns the next token and moves past it.
func (l *Lookahead[T]) Take() T {
	t := l.Peek()
	l.buf = l.buf[1:]
	return t
}

// ParseOr parses term {OR term}, where isOr tells an OR token (which it
// takes), and returns the only term or an OrExpr of all of them.
func ParseOr[T any](l *Lookahead[T], term func() Expr, isOr func(T) bool) Expr {
	kids := series(l, term, isOr)
	if len(kids) == 1 {
		return kids[0]
	}
	return OrExpr(kids)
}

// ParseAnd parses term {AND term}, where isAnd tells an AND token (which it
// takes), and returns the only term or an AndExpr of all of them.
func ParseAnd[T any](l *Lookahead[T], term func() Expr, isAnd func(T) bool) Expr {
	kids := series(l, term, isAnd)
	if len(kids) == 1 {
		return kids[0]
	}
	return AndExpr(kids)
}

// series parses term {sep term}.
func series[T any](l *Lookahead[T], term func() Expr, sep func(T) bool) []Expr {
	kids := []Expr{term()}
	for sep(l.Peek()) {
		l.Take()
		kids = append(kids, term())
	}
	return kids
}

// failure carries a parse error out of a recursive descent.
type failure struct{ msg string }

// Fail stops the parse that Catch is running with msg. Call it only from a
// function Catch runs.
func Fail(msg string) { panic(failure{msg}) }

// Catch runs parse and reports the message Fail stopped it with; failed is
// false when parse returned normally. Any other panic goes on.
func Catch(parse func()) (msg string, failed bool) {
	defer func() {
		if r := recover(); r != nil {
			f, ok := r.(failure)
			if !ok {
				panic(r)
			}
			msg, failed = f.msg, true
		}
	}()
	parse()
	return "", false
}

// Operator returns the comparison operator that starts with the character
// r followed by n (-1 at the end of the query): =, ~, !=, !~, <, >, <= or
// >=; "" when there is none.
func Operator(r, n rune) string {
	switch {
	case r == '=' || r == '~':
		return string(r)
	case (r == '!' || r == '<' || r == '>') && n == '=', r == '!' && n == '~':
		return string([]rune{r, n})
	case r == '<' || r == '>':
		return string(r)
	}
	return ""
}
