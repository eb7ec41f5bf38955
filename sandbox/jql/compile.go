package jql

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/clawbridge/atlassian-mcp/internal/lazyre"
	"github.com/clawbridge/atlassian-mcp/sandbox/internal/query"
)

// compiler checks a syntax tree against the Env and builds the evaluable
// tree, collecting every validation error as Jira does.
type compiler struct {
	env     *Env
	now     time.Time
	errs    []string
	filters []string // saved filters being expanded, to catch cycles
}

func (c *compiler) errorf(format string, args ...any) {
	msg := fmt.Sprintf(format, args...)
	if !slices.Contains(c.errs, msg) {
		c.errs = append(c.errs, msg)
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

func (c *compiler) unknownField(t token) {
	name := t.val
	if t.kind == tCustom {
		name = "cf[" + t.val + "]"
	}
	c.errorf("Field '%s' does not exist or you do not have permission to view it.", name)
}

func (c *compiler) clause(s *sClause) node {
	f, ok := c.lookupField(s.field)
	if !ok {
		c.unknownField(s.field)
		return never{}
	}
	op := opNamed(s.op)
	if f.ops&op == 0 {
		c.errorf("The operator '%s' is not supported by the '%s' field.", s.op, f.name)
		return never{}
	}
	switch {
	case f.kind == kFilter:
		return c.filter(f, s.op, op, s.operand)
	case op&historyOps != 0:
		return c.history(f, s)
	}
	n := &cmpN{f: f, op: op, rank: c.ranker(f)}
	if !c.operands(&n.set, f, s.op, op, s.operand) {
		return never{}
	}
	return n
}

// items returns the operands of a list, or the operand itself.
func items(o *sOperand) []*sOperand {
	if o.kind == oList {
		return o.items
	}
	return []*sOperand{o}
}

// operandText renders an operand for messages.
func operandText(o *sOperand) string {
	switch o.kind {
	case oList:
		parts := make([]string, len(o.items))
		for i, it := range o.items {
			parts[i] = operandText(it)
		}
		return "(" + strings.Join(parts, ", ") + ")"
	case oFunc:
		args := make([]string, len(o.args))
		for i, a := range o.args {
			args[i] = a.raw
		}
		return o.tok.val + "(" + strings.Join(args, ", ") + ")"
	}
	return o.tok.val
}

// operands compiles the right-hand side of a clause into set; ok is false
// after a validation error.
func (c *compiler) operands(set *valueSet, f field, opName string, op query.Ops, o *sOperand) bool {
	lists := query.In | query.NotIn | opWasIn | opWasNotIn
	switch {
	case o.kind == oList && op&lists == 0:
		c.errorf("The operator '%s' does not support the list value '%s' for field '%s'.", opName, operandText(o), f.name)
		return false
	case op&emptyOps != 0 && o.kind != oEmpty:
		c.errorf("The operator '%s' only supports searching for EMPTY values. Use '=' to search for '%s' in the field '%s'.", opName, operandText(o), f.name)
		return false
	case o.kind == oEmpty && op&(query.OrderOps|query.TextOps) != 0:
		c.errorf("The operator '%s' does not support searching for EMPTY values.", opName)
		return false
	case op&query.TextOps != 0:
		if o.kind != oValue {
			c.errorf("The operator '%s' does not support the value '%s' for field '%s'; it expects text.", opName, operandText(o), f.name)
			return false
		}
		if o.tok.val == "" {
			c.errorf("The field '%s' does not support searching for an empty string.", f.name)
			return false
		}
		t := query.ParseText(o.tok.val)
		set.text = &t
		return true
	}
	ok := true
	for _, it := range items(o) {
		switch it.kind {
		case oEmpty:
			set.empty = true
		case oValue:
			v, empty, good := c.value(f, it.tok.val)
			if good && f.kind == kKey && op&query.OrderOps != 0 && moved(v) {
				c.errorf("Operator '%s' cannot be applied to moved issue key '%s'.", opName, v.raw)
				good = false
			}
			ok = ok && good
			if empty {
				set.empty = true
			} else if good {
				set.vals = append(set.vals, v)
			}
		case oFunc:
			vs, good := c.function(f, it)
			ok = ok && good
			set.vals = append(set.vals, vs...)
		}
	}
	return ok
}

var keyPattern = lazyre.New(`^(?:[A-Za-z][A-Za-z0-9_]*-[0-9]+|[0-9]+)$`)

// value compiles one literal for a field. empty reports a literal that
// means EMPTY (resolution = Unresolved).
func (c *compiler) value(f field, raw string) (v value, empty, ok bool) {
	switch f.kind {
	case kDate, kDay:
		t, day, ok := query.ParseDate(raw, c.now)
		if !ok {
			c.errorf("Date value '%s' for field '%s' is invalid. %s", raw, f.name, dateFormats)
			return value{}, false, false
		}
		return value{raw: raw, orig: []string{raw}, strs: []string{strings.ToLower(raw)}, t: t, isTime: true, dayOnly: day}, false, true
	case kKey:
		if !keyPattern().MatchString(raw) {
			c.errorf("The issue key '%s' for field '%s' is invalid.", raw, f.name)
			return value{}, false, false
		}
		resolved := c.resolve(f, raw)
		if resolved == nil {
			c.errorf("An issue with key '%s' does not exist for field '%s'.", raw, f.name)
			return value{}, false, false
		}
		return mkValue(raw, resolved), false, true
	case kPick, kUser:
		if f.spec == FieldResolution && strings.EqualFold(raw, "unresolved") {
			return value{}, true, true
		}
		resolved := c.resolve(f, raw)
		if resolved == nil {
			c.errorf("The value '%s' does not exist for the field '%s'.", raw, f.name)
			return value{}, false, false
		}
		return mkValue(raw, resolved), false, true
	}
	v = mkValue(raw, nil)
	if f.kind == kCustom {
		v.t, v.dayOnly, v.isTime = query.ParseDate(raw, c.now)
	}
	return v, false, true
}

func (c *compiler) resolve(f field, raw string) []string {
	if c.env.Resolve == nil {
		return []string{raw}
	}
	return c.env.Resolve(f.id, raw)
}

// mkValue builds a value from a literal and what it resolved to.
func mkValue(raw string, resolved []string) value {
	v := value{raw: raw, orig: []string{raw}}
	for _, r := range resolved {
		if !slices.Contains(v.orig, r) {
			v.orig = append(v.orig, r)
		}
	}
	v.strs = make([]string, len(v.orig))
	for i, s := range v.orig {
		v.strs[i] = strings.ToLower(s)
	}
	if n, err := strconv.ParseFloat(strings.TrimSpace(raw), 64); err == nil {
		v.num, v.isNum = n, true
	}
	return v
}

// moved reports whether an issue key resolved to a different current key.
func moved(v value) bool {
	if _, err := strconv.Atoi(v.raw); err == nil {
		return false
	}
	for _, o := range v.orig[1:] {
		if _, err := strconv.Atoi(o); err != nil && !strings.EqualFold(o, v.raw) {
			return true
		}
	}
	return false
}

// ranker returns the Env's ranking for a field, or nil.
func (c *compiler) ranker(f field) func(string) (int, bool) {
	if c.env.Rank == nil {
		return nil
	}
	rank, id := c.env.Rank, f.id
	return func(v string) (int, bool) { return rank(id, v) }
}

// filter expands filter = N into the saved filter's query.
func (c *compiler) filter(f field, opName string, op query.Ops, o *sOperand) node {
	if o.kind == oList && op&(query.In|query.NotIn) == 0 {
		c.errorf("The operator '%s' does not support the list value '%s' for field '%s'.", opName, operandText(o), f.name)
		return never{}
	}
	var kids orN
	for _, it := range items(o) {
		if it.kind != oValue {
			c.errorf("The value '%s' does not exist for the field '%s'.", operandText(it), f.name)
			continue
		}
		id := it.tok.val
		if slices.Contains(c.filters, strings.ToLower(id)) || len(c.filters) >= maxDepth {
			c.errorf("Field '%s' with value '%s' matches filter '%s' and causes a cyclical reference, this query can not be executed and should be edited.", f.name, id, id)
			continue
		}
		var jq string
		ok := false
		if c.env.Filter != nil {
			jq, ok = c.env.Filter(id)
		}
		if !ok {
			c.errorf("The value '%s' does not exist for the field '%s'.", id, f.name)
			continue
		}
		syn, err := parseSyntax(jq)
		if err != nil {
			for _, m := range err.(*Error).Messages {
				c.errorf("%s", m)
			}
			continue
		}
		var sub node = always{}
		if syn.where != nil {
			c.filters = append(c.filters, strings.ToLower(id))
			sub = c.expr(syn.where)
			c.filters = c.filters[:len(c.filters)-1]
		}
		kids = append(kids, sub)
	}
	if op&(query.Ne|query.NotIn) != 0 {
		return notN{N: kids}
	}
	return kids
}
