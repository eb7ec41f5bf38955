package cql

import "strings"

// The syntax tree, before fields and values are checked.
type (
	sExpr   interface{}
	sAnd    struct{ kids []sExpr }
	sOr     struct{ kids []sExpr }
	sNot    struct{ kid sExpr }
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
		where sExpr
		order []sSort
	}
)

var keywords = map[string]bool{"and": true, "or": true, "not": true, "in": true, "order": true, "by": true, "asc": true, "desc": true}

type parser struct {
	lx    *lexer
	buf   []token
	depth int
}

// parseSyntax parses a query; the error is the detail of the refusal.
func parseSyntax(s string) (syn *syntax, detail string) {
	defer func() {
		if r := recover(); r != nil {
			pe, ok := r.(parseError)
			if !ok {
				panic(r)
			}
			syn, detail = nil, pe.detail
		}
	}()
	p := &parser{lx: &lexer{src: []rune(s)}}
	syn = &syntax{}
	if t := p.peek(); t.kind == tEOF {
		fail("the query is empty")
	} else if !isWord(t, "order") {
		syn.where = p.or()
	}
	if isWord(p.peek(), "order") {
		syn.order = p.orderBy()
	}
	if t := p.peek(); t.kind != tEOF {
		fail("expected AND, OR or ORDER BY but found %s", t.describe())
	}
	return syn, ""
}

func (p *parser) peekN(n int) token {
	for len(p.buf) <= n {
		p.buf = append(p.buf, p.lx.next())
	}
	return p.buf[n]
}

func (p *parser) peek() token { return p.peekN(0) }

func (p *parser) take() token {
	t := p.peek()
	p.buf = p.buf[1:]
	return t
}

func isWord(t token, w string) bool { return t.kind == tWord && strings.EqualFold(t.raw, w) }

func (p *parser) or() sExpr {
	kids := []sExpr{p.and()}
	for isWord(p.peek(), "or") {
		p.take()
		kids = append(kids, p.and())
	}
	if len(kids) == 1 {
		return kids[0]
	}
	return sOr{kids}
}

func (p *parser) and() sExpr {
	kids := []sExpr{p.not()}
	for isWord(p.peek(), "and") {
		p.take()
		kids = append(kids, p.not())
	}
	if len(kids) == 1 {
		return kids[0]
	}
	return sAnd{kids}
}

func (p *parser) enter(t token) {
	if p.depth++; p.depth > maxDepth {
		fail("the query is nested more than %d levels deep at character %d", maxDepth, t.at)
	}
}

func (p *parser) not() sExpr {
	t := p.peek()
	switch {
	case isWord(t, "not"):
		p.take()
		p.enter(t)
		defer func() { p.depth-- }()
		return sNot{p.not()}
	case t.kind == tLParen:
		p.take()
		p.enter(t)
		defer func() { p.depth-- }()
		e := p.or()
		if c := p.take(); c.kind != tRParen {
			fail("expected ')' to close the '(' at character %d but found %s", t.at, c.describe())
		}
		return e
	}
	return p.clause()
}

func (p *parser) fieldName() token {
	t := p.take()
	if (t.kind != tWord && t.kind != tString) || keywords[strings.ToLower(t.raw)] {
		fail("expected a field name but found %s", t.describe())
	}
	return t
}

func (p *parser) clause() sExpr {
	c := &sClause{field: p.fieldName()}
	t := p.take()
	switch {
	case t.kind == tOp:
		c.op = t.val
	case isWord(t, "in"):
		c.op = "in"
	case isWord(t, "not"):
		if n := p.take(); !isWord(n, "in") {
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
	t := p.peek()
	switch {
	case t.kind == tString:
		return &sOperand{tok: p.take()}
	case t.kind == tLParen && list:
		p.take()
		o := &sOperand{tok: t, list: true}
		for {
			o.items = append(o.items, p.operand(false))
			switch n := p.take(); n.kind {
			case tComma:
				continue
			case tRParen:
				return o
			default:
				fail("expected ',' or ')' in the list starting at character %d but found %s", t.at, n.describe())
			}
		}
	case t.kind == tWord && !keywords[strings.ToLower(t.raw)]:
		p.take()
		if p.peek().kind != tLParen {
			return &sOperand{tok: t}
		}
		p.take()
		o := &sOperand{tok: t, fn: true}
		if p.peek().kind == tRParen {
			p.take()
			return o
		}
		for {
			a := p.take()
			if a.kind != tWord && a.kind != tString {
				fail("expected an argument of %s() but found %s", t.val, a.describe())
			}
			o.args = append(o.args, a)
			switch n := p.take(); n.kind {
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
	p.take()
	if t := p.take(); !isWord(t, "by") {
		fail("expected BY after ORDER but found %s", t.describe())
	}
	var order []sSort
	for {
		s := sSort{field: p.fieldName()}
		if t := p.peek(); isWord(t, "asc") || isWord(t, "desc") {
			s.desc = isWord(t, "desc")
			p.take()
		}
		order = append(order, s)
		if p.peek().kind != tComma {
			return order
		}
		p.take()
	}
}
