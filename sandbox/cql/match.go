package cql

import (
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/clawbridge/atlassian-mcp/sandbox/internal/query"
)

// The compiled search conditions, over content.
type (
	node  = query.Node[Record]
	never = query.Never[Record]
)

// value is one compiled operand.
type value struct {
	strs    []string // the literal and what Resolve made of it, lower case
	t       time.Time
	isTime  bool
	dayOnly bool
}

// cmpN is one clause.
type cmpN struct {
	id   string
	op   query.Ops
	vals []value
	text *query.Text
}

// Eval reports whether the content satisfies the clause.
func (n *cmpN) Eval(r Record) bool {
	vs := r.Values(n.id)
	switch n.op {
	case query.Like:
		return n.text.Match(vs)
	case query.NotLike:
		return !n.text.Match(vs)
	case query.Eq, query.In:
		return n.anyEqual(vs)
	case query.Ne, query.NotIn:
		return !n.anyEqual(vs)
	}
	for _, v := range vs {
		t, ok := v.(time.Time)
		if !ok {
			continue
		}
		for _, o := range n.vals {
			if o.isTime && n.op.Holds(query.CompareTimes(t, o.t, o.dayOnly)) {
				return true
			}
		}
	}
	return false
}

func (n *cmpN) anyEqual(vs []any) bool {
	for _, v := range vs {
		for _, o := range n.vals {
			if equal(v, o) {
				return true
			}
		}
	}
	return false
}

// equal reports whether a record's value equals an operand.
func equal(v any, o value) bool {
	var s string
	switch v := v.(type) {
	case string:
		s = v
	case float64:
		s = strconv.FormatFloat(v, 'f', -1, 64)
	case int:
		s = strconv.Itoa(v)
	case int64:
		s = strconv.FormatInt(v, 10)
	case time.Time:
		return o.isTime && query.CompareTimes(v, o.t, o.dayOnly) == 0
	default:
		return false
	}
	return slices.Contains(o.strs, strings.ToLower(s))
}
