package cql

import (
	"strings"

	"github.com/clawbridge/atlassian-mcp/sandbox/internal/query"
)

// The syntax tree, before fields and values are checked.
// AND, OR and NOT are query.AndExpr, query.OrExpr and query.NotExpr.
type (
	sClause struct {
		field   token
		op      string // lower case: "=", "!=", "~", "in", "not in", …
		operand *sOperand
	}
	// sOperand is a value, a function call or a list of those.
	sOperand struct {
		tok   token
		fn    bool
		args  []token
		list  bool
		items []*sOperand
	}
	sSort struct {
		field token
		desc  bool
	}
	syntax struct {
		where query.Expr
		order []sSort
	}
)

var keywords = map[string]bool{"and": true, "or": true, "not": true, "in": true, "order": true, "by": true, "asc": true, "desc": true}

type parser struct {
	query.Lookahead[token]
	depth int
}

// parseSyntax parses a query; the error is the detail of the refusal.
func parseSyntax(s string) (syn *syntax, detail string) {
	p := &parser{Lookahead: query.NewLookahead((&lexer{src: []rune(s)}).next)}
	syn = &syntax{}
	detail, failed := query.Catch(func() {
		if t := p.Peek(); t.kind == tEOF {
			fail("the query is empty")
		} else if !isWord(t, "order") {
			syn.where = p.or()
		}
		if isWord(p.Peek(), "order") {
			syn.order = p.orderBy()
		}
		if t := p.Peek(); t.kind != tEOF {
			fail("expected AND, OR or ORDER BY but found %s", t.describe())
		}
	})
	if failed {
		return nil, detail
	}
	return syn, ""
}

func isWord(t token, w string) bool { return t.kind == tWord && strings.EqualFold(t.raw, w) }

func isOr(t token) bool  { return isWord(t, "or") }
func isAnd(t token) bool { return isWord(t, "and") }

func (p *parser) or() query.Expr  { return query.ParseOr(&p.Lookahead, p.and, isOr) }
func (p *parser) and() query.Expr { return query.ParseAnd(&p.Lookahead, p.not, isAnd) }

func (p *parser) enter(t token) {
	if p.depth++; p.depth > maxDepth {
		fail("the query is nested more than %d levels deep at character %d", maxDepth, t.at)
	}
}

func (p *parser) not() query.Expr {
	t := p.Peek()
	switch {
	case isWord(t, "not"):
		p.Take()
		p.enter(t)
		defer func() { p.depth-- }()
		return query.NotExpr{X: p.not()}
	case t.kind == tLParen:
		p.Take()
		p.enter(t)
		defer func() { p.depth-- }()
		e := p.or()
		if c := p.Take(); c.kind != tRParen {
			fail("expected ')' to close the '(' at character %d but found %s", t.at, c.describe())
		}
		return e
	}
	return p.clause()
}

func (p *parser) fieldName() token {
	t := p.Take()
	if (t.kind != tWord && t.kind != tString) || keywords[strings.ToLower(t.raw)] {
		fail("expected a field name but found %s", t.describe())
	}
	return t
}

func (p *parser) clause() query.Expr {
	c := &sClause{field: p.fieldName()}
	t := p.Take()
	switch {
	case t.kind == tOp:
		c.op = t.val
	case isWord(t, "in"):
		c.op = "in"
	case isWord(t, "not"):
		if n := p.Take(); !isWord(n, "in") {
			fail("expected IN after NOT but found %s", n.describe())
		}
		c.op = "not in"
	default:
		fail("expected an operator (=, !=, ~, !~, <, >, <=, >=, IN, NOT IN) after the field %q but found %s", c.field.val, t.describe())
	}
	c.operand = p.operand(true)
	return c
}

func (p *parser) operand(list bool) *sOperand {
	t := p.Peek()
	switch {
	case t.kind == tString:
		return &sOperand{tok: p.Take()}
	case t.kind == tLParen && list:
		p.Take()
		o := &sOperand{tok: t, list: true}
		for {
			o.items = append(o.items, p.operand(false))
			switch n := p.Take(); n.kind {
			case tComma:
				continue
			case tRParen:
				return o
			default:
				fail("expected ',' or ')' in the list starting at character %d but found %s", t.at, n.describe())
			}
		}
	case t.kind == tWord && !keywords[strings.ToLower(t.raw)]:
		p.Take()
		if p.Peek().kind != tLParen {
			return &sOperand{tok: t}
		}
		p.Take()
		o := &sOperand{tok: t, fn: true}
		if p.Peek().kind == tRParen {
			p.Take()
			return o
		}
		for {
			a := p.Take()
			if a.kind != tWord && a.kind != tString {
				fail("expected an argument of %s() but found %s", t.val, a.describe())
			}
			o.args = append(o.args, a)
			switch n := p.Take(); n.kind {
			case tComma:
				continue
			case tRParen:
				return o
			default:
				fail("expected ',' or ')' after the arguments of %s() but found %s", t.val, n.describe())
			}
		}
	}
	fail("expected a value, a list or a function but found %s", t.describe())
	return nil
}

func (p *parser) orderBy() []sSort {
	p.Take()
	if t := p.Take(); !isWord(t, "by") {
		fail("expected BY after ORDER but found %s", t.describe())
	}
	var order []sSort
	for {
		s := sSort{field: p.fieldName()}
		if t := p.Peek(); isWord(t, "asc") || isWord(t, "desc") {
			s.desc = isWord(t, "desc")
			p.Take()
		}
		order = append(order, s)
		if p.Peek().kind != tComma {
			return order
		}
		p.Take()
	}
}
