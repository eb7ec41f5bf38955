package cql

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/clawbridge/atlassian-mcp/sandbox/internal/query"
)

type kind uint8

const (
	kString kind = iota // compared by equality
	kTitle              // equality or text search
	kText               // text search only
	kDate
	kUser // equality; currentUser() allowed
)

type spec struct {
	id       string
	kind     kind
	ops      query.Ops
	sortable bool
}

// fields maps every field name and alias, in lower case, to its spec.
var fields = map[string]spec{
	"space":        {FieldSpace, kString, query.EqOps, false},
	"space.key":    {FieldSpace, kString, query.EqOps, false},
	"type":         {FieldType, kString, query.EqOps, false},
	"title":        {FieldTitle, kTitle, query.EqOps | query.TextOps, true},
	"text":         {FieldText, kText, query.TextOps, false},
	"label":        {FieldLabel, kString, query.EqOps, false},
	"ancestor":     {FieldAncestor, kString, query.EqOps, false},
	"parent":       {FieldParent, kString, query.EqOps, false},
	"id":           {FieldID, kString, query.EqOps, true},
	"content":      {FieldID, kString, query.EqOps, false},
	"creator":      {FieldCreator, kUser, query.EqOps, false},
	"contributor":  {FieldContributor, kUser, query.EqOps, false},
	"created":      {FieldCreated, kDate, query.EqOps | query.OrderOps, true},
	"lastmodified": {FieldLastModified, kDate, query.EqOps | query.OrderOps, true},
}

// contentTypes are the values type accepts.
var contentTypes = map[string]bool{
	"page": true, "blogpost": true, "comment": true, "attachment": true, "space": true, "user": true,
	"folder": true, "whiteboard": true, "database": true, "embed": true,
}

// compiler validates a syntax tree and builds the evaluable tree, keeping
// the first problem it finds as the refusal's detail.
type compiler struct {
	env    *Env
	now    time.Time
	detail string
}

func (c *compiler) errorf(format string, args ...any) {
	if c.detail == "" {
		c.detail = fmt.Sprintf(format, args...)
	}
}

func (c *compiler) expr(e query.Expr) node { return query.Compile(e, c.leaf) }

// leaf compiles a clause of the syntax tree.
func (c *compiler) leaf(e query.Expr) node {
	if s, ok := e.(*sClause); ok {
		return c.clause(s)
	}
	return never{}
}

func (c *compiler) clause(s *sClause) node {
	sp, ok := fields[strings.ToLower(s.field.val)]
	if !ok {
		c.errorf("the field %q at character %d does not exist; use one of space, type, title, text, label, ancestor, parent, id, creator, contributor, created or lastmodified", s.field.val, s.field.at)
		return never{}
	}
	op := query.OpNamed(s.op)
	if sp.ops&op == 0 {
		c.errorf("the field %q does not support the operator %q", s.field.val, strings.ToUpper(s.op))
		return never{}
	}
	if s.operand.list && op&(query.In|query.NotIn) == 0 {
		c.errorf("the operator %q takes one value, not the list at character %d; use IN", strings.ToUpper(s.op), s.operand.tok.at)
		return never{}
	}
	n := &cmpN{id: sp.id, op: op}
	if op&query.TextOps != 0 {
		if s.operand.fn || s.operand.tok.val == "" {
			c.errorf("the operator %q needs text to search for at character %d", s.op, s.operand.tok.at)
			return never{}
		}
		t := query.ParseText(s.operand.tok.val)
		n.text = &t
		return n
	}
	items := []*sOperand{s.operand}
	if s.operand.list {
		items = s.operand.items
	}
	for _, it := range items {
		n.vals = append(n.vals, c.operand(sp, s.field.val, it)...)
	}
	return n
}

// operand compiles one value or function call for a field.
func (c *compiler) operand(sp spec, name string, o *sOperand) []value {
	if o.fn {
		return c.function(sp, name, o)
	}
	raw := o.tok.val
	switch {
	case sp.kind == kDate:
		t, day, ok := query.ParseDate(raw, c.now)
		if !ok {
			c.errorf("the date %q for %s at character %d is invalid: %s", raw, name, o.tok.at, dateFormats)
			return nil
		}
		return []value{{strs: []string{strings.ToLower(raw)}, t: t, isTime: true, dayOnly: day}}
	case sp.id == FieldType && !contentTypes[strings.ToLower(raw)]:
		c.errorf("the type %q at character %d does not exist; use page, blogpost, comment or attachment", raw, o.tok.at)
		return nil
	}
	v := value{strs: []string{strings.ToLower(raw)}}
	if c.env.Resolve != nil {
		for _, r := range c.env.Resolve(sp.id, raw) {
			v.strs = append(v.strs, strings.ToLower(r))
		}
	}
	return []value{v}
}

// function evaluates currentUser() and the date functions.
func (c *compiler) function(sp spec, name string, o *sOperand) []value {
	fn := strings.ToLower(o.tok.val)
	unit, isBoundary := query.BoundaryUnit(fn)
	switch {
	case fn == "currentuser" && sp.kind == kUser && len(o.args) == 0:
		if c.env.CurrentUser == "" {
			return nil
		}
		return []value{{strs: []string{strings.ToLower(c.env.CurrentUser)}}}
	case (fn == "now" || isBoundary) && sp.kind == kDate && len(o.args) <= 1:
		var inc query.Period
		if len(o.args) == 1 {
			p, ok := query.ParsePeriod(o.args[0].val, unit)
			if !ok {
				c.errorf("the increment %q of %s() at character %d is invalid; use (+/-)n followed by y, M, w, d, h or m, as in \"-4w\"", o.args[0].val, o.tok.val, o.args[0].at)
				return nil
			}
			inc = p
		}
		t := inc.AddTo(c.now)
		if isBoundary {
			t = query.Boundary(fn, c.now, inc)
		}
		return []value{{strs: []string{strconv.FormatInt(t.Unix(), 10)}, t: t, isTime: true}}
	case fn == "currentuser" || fn == "now" || isBoundary:
		c.errorf("the function %s() at character %d cannot be used with %s or with %d arguments", o.tok.val, o.tok.at, name, len(o.args))
		return nil
	}
	c.errorf("the function %s() at character %d does not exist", o.tok.val, o.tok.at)
	return nil
}

// order compiles ORDER BY; without one, results are ordered by
// lastmodified DESC.
func (c *compiler) order(ss []sSort) []sortKey {
	if len(ss) == 0 {
		return []sortKey{{id: FieldLastModified, desc: true}}
	}
	var keys []sortKey
	for _, s := range ss {
		sp, ok := fields[strings.ToLower(s.field.val)]
		if !ok || !sp.sortable {
			c.errorf("cannot order by %q at character %d; order by title, created, lastmodified or id", s.field.val, s.field.at)
			continue
		}
		keys = append(keys, sortKey{id: sp.id, desc: s.desc})
	}
	return keys
}
