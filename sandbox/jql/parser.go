package jql

import (
	"strings"

	"github.com/clawbridge/atlassian-mcp/sandbox/internal/query"
)

// The syntax tree, before fields and values are checked against the Env.
// AND, OR and NOT are query.AndExpr, query.OrExpr and query.NotExpr.
type (
	// sClause is field op operand [predicates].
	sClause struct {
		field   token
		op      string // lower case: "=", "in", "not in", "is not", "was not in", "changed", …
		operand *sOperand
		preds   []sPred
	}
	// sOperand is a value, EMPTY, a function call or a list of those.
	sOperand struct {
		kind  operandKind
		tok   token   // the value, or the function name
		args  []token // function arguments
		items []*sOperand
	}
	// sPred is a history predicate such as BY x or DURING (a, b).
	sPred struct {
		kind    string // from, to, by, after, before, on, during
		operand *sOperand
	}
	sSort struct {
		field token
		desc  bool
	}
	syntax struct {
		where query.Expr // nil when the query has no clause
		order []sSort
	}
)

type operandKind uint8

const (
	oValue operandKind = iota
	oEmpty
	oFunc
	oList
)

// grammarWords are keywords of the grammar; where a value is expected Jira
// reports them as unexpected tokens.
var grammarWords = map[string]bool{
	"and": true, "or": true, "not": true, "in": true, "is": true, "empty": true, "null": true,
	"order": true, "by": true, "asc": true, "desc": true, "was": true, "changed": true,
	"from": true, "to": true, "after": true, "before": true, "on": true, "during": true,
}

// reservedWords are the words Jira reserves: they must be quoted to be used
// as a field name or a value.
var reservedWords = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`abort access add alias all alter any are as at audit avg be begin between
		boolean break byte catch cf char character check checkpoint collate collation column commit connect
		continue count create current date decimal declare decrement default defaults define delete delimiter
		difference distinct divide do double drop else encoding end equals escape exclusive exec execute exists
		explain false fetch file field first float for function go goto grant greater group having identified
		if immediate increment index initial inner inout input insert int integer intersect intersection into
		isempty isnull join last left less like limit lock long max min minus mode modify modulo more multiply
		next noaudit notin nowait number object of option outer output power previous prior privileges public
		raise raw remainder rename resource return returns revoke right row rowid rownum rows select session set
		share size sqrt start strict string subtract sum synonym table then trans transaction trigger true uid
		union unique update user validate values view when whenever where while with`) {
		m[w] = true
	}
	return m
}()

var historyPreds = map[string]bool{"from": true, "to": true, "by": true, "after": true, "before": true, "on": true, "during": true}

// parser is a recursive-descent parser over a lazy token stream.
type parser struct {
	query.Lookahead[token]
	depth int
}

// parseSyntax parses a query into its syntax tree.
func parseSyntax(s string) (*syntax, error) {
	p := &parser{Lookahead: query.NewLookahead(newLexer(s).next)}
	syn := &syntax{}
	msg, failed := query.Catch(func() {
		if t := p.Peek(); t.kind != tEOF && !isWord(t, "order") {
			syn.where = p.or()
		}
		if isWord(p.Peek(), "order") {
			syn.order = p.orderBy()
		}
		if t := p.Peek(); t.kind != tEOF {
			failExpect(t, "OR", "AND")
		}
	})
	if failed {
		return nil, &Error{Messages: []string{msg}}
	}
	return syn, nil
}

// isWord reports whether t is the unquoted keyword w.
func isWord(t token, w string) bool { return t.kind == tWord && strings.EqualFold(t.raw, w) }

func isAnd(t token) bool { return t.kind == tAnd || isWord(t, "and") }
func isOr(t token) bool  { return t.kind == tOr || isWord(t, "or") }
func isNot(t token) bool { return t.kind == tNot || isWord(t, "not") }

func (p *parser) or() query.Expr  { return query.ParseOr(&p.Lookahead, p.and, isOr) }
func (p *parser) and() query.Expr { return query.ParseAnd(&p.Lookahead, p.not, isAnd) }

func (p *parser) not() query.Expr {
	t := p.Peek()
	switch {
	case isNot(t):
		p.Take()
		p.enter(t)
		defer p.leave()
		return query.NotExpr{X: p.not()}
	case t.kind == tLParen:
		p.Take()
		p.enter(t)
		defer p.leave()
		e := p.or()
		if c := p.Take(); c.kind != tRParen {
			failExpect(c, ")")
		}
		return e
	}
	return p.clause()
}

func (p *parser) enter(t token) {
	if p.depth++; p.depth > maxDepth {
		failAt(t.at, "The query is nested more than %d levels deep. Remove some parentheses or NOT operators.", maxDepth)
	}
}

func (p *parser) leave() { p.depth-- }

// fieldName reads a field reference: a word, a quoted name or cf[N].
func (p *parser) fieldName() token {
	t := p.Peek()
	switch t.kind {
	case tEOF:
		failEOF("Expecting a field name at the end of the query.")
	case tString, tCustom:
		return p.Take()
	case tWord:
		lw := strings.ToLower(t.raw)
		if reservedWords[lw] {
			failReservedWord(t)
		}
		if !grammarWords[lw] {
			return p.Take()
		}
	}
	failAt(t.at, "Expecting a field name but got '%s'. You must surround '%s' in quotation marks to use it as a field name.", t.raw, t.raw)
	return t
}

func (p *parser) clause() query.Expr {
	c := &sClause{field: p.fieldName()}
	c.op = p.operator()
	if c.op != "changed" {
		c.operand = p.operand(true)
	}
	if strings.HasPrefix(c.op, "was") || c.op == "changed" {
		c.preds = p.predicates(c.op == "changed")
	}
	return c
}

// operator reads an operator and returns it in lower case, single-spaced.
func (p *parser) operator() string {
	t := p.Take()
	switch {
	case t.kind == tOp:
		return t.val
	case isWord(t, "in"), isWord(t, "changed"):
		return strings.ToLower(t.raw)
	case isWord(t, "not"):
		if n := p.Take(); !isWord(n, "in") {
			failExpect(n, "IN")
		}
		return "not in"
	case isWord(t, "is"):
		if isWord(p.Peek(), "not") {
			p.Take()
			return "is not"
		}
		return "is"
	case isWord(t, "was"):
		op := "was"
		if isWord(p.Peek(), "not") {
			p.Take()
			op += " not"
		}
		if isWord(p.Peek(), "in") {
			p.Take()
			op += " in"
		}
		return op
	case t.kind == tEOF:
		failEOF("Expecting operator before the end of the query. The valid operators are %s.", validOperators)
	}
	failAt(t.at, "Expecting operator but got '%s'. The valid operators are %s.", t.raw, validOperators)
	return ""
}

// operand reads a value, EMPTY, a function call or (when allowed) a list.
func (p *parser) operand(list bool) *sOperand {
	t := p.Peek()
	switch t.kind {
	case tString:
		return &sOperand{kind: oValue, tok: p.Take()}
	case tLParen:
		if !list {
			failOperand(t)
		}
		return p.list()
	case tWord:
		lw := strings.ToLower(t.raw)
		if lw == "empty" || lw == "null" {
			return &sOperand{kind: oEmpty, tok: p.Take()}
		}
		if grammarWords[lw] {
			failOperand(t)
		}
		if p.PeekN(1).kind == tLParen {
			return p.function()
		}
		if reservedWords[lw] {
			failReservedWord(t)
		}
		return &sOperand{kind: oValue, tok: p.Take()}
	}
	failOperand(t)
	return nil
}

func (p *parser) list() *sOperand {
	open := p.Take()
	p.enter(open)
	defer p.leave()
	l := &sOperand{kind: oList, tok: open}
	for {
		l.items = append(l.items, p.operand(false))
		switch t := p.Take(); t.kind {
		case tComma:
			continue
		case tRParen:
			return l
		default:
			failExpect(t, ",", ")")
		}
	}
}

func (p *parser) function() *sOperand {
	f := &sOperand{kind: oFunc, tok: p.Take()}
	p.Take() // (
	if p.Peek().kind == tRParen {
		p.Take()
		return f
	}
	for {
		switch t := p.Take(); t.kind {
		case tWord, tString:
			f.args = append(f.args, t)
		default:
			if t.kind == tEOF {
				failEOF("Expecting ')' before the end of the query.")
			}
			failAt(t.at, "Expecting a function argument but got '%s'. You must surround '%s' in quotation marks to use it as a value.", t.raw, t.raw)
		}
		switch t := p.Take(); t.kind {
		case tComma:
			continue
		case tRParen:
			return f
		default:
			failExpect(t, ",", ")")
		}
	}
}

// predicates reads the history predicates after WAS or CHANGED.
func (p *parser) predicates(changed bool) []sPred {
	var preds []sPred
	for {
		t := p.Peek()
		if t.kind != tWord || !historyPreds[strings.ToLower(t.raw)] {
			return preds
		}
		kind := strings.ToLower(t.raw)
		if !changed && (kind == "from" || kind == "to") {
			return preds
		}
		p.Take()
		preds = append(preds, sPred{kind: kind, operand: p.operand(true)})
	}
}

func (p *parser) orderBy() []sSort {
	p.Take() // order
	if t := p.Take(); !isWord(t, "by") {
		failExpect(t, "BY")
	}
	var order []sSort
	for {
		s := sSort{field: p.fieldName()}
		t := p.Peek()
		switch {
		case isWord(t, "asc"), isWord(t, "desc"):
			s.desc = isWord(t, "desc")
			p.Take()
		case t.kind == tWord:
			failExpect(t, "ASC", "DESC")
		}
		order = append(order, s)
		switch t := p.Peek(); t.kind {
		case tComma:
			p.Take()
		case tEOF:
			return order
		default:
			failExpect(t, ",")
		}
	}
}
