package jql

import (
	"cmp"
	"strconv"
	"strings"
	"time"

	"github.com/clawbridge/atlassian-mcp/sandbox/internal/query"
)

// The compiled search conditions, over issues.
type (
	node   = query.Node[Record]
	always = query.Always[Record]
	never  = query.Never[Record]
	orN    = query.Or[Record]
	notN   = query.Not[Record]
)

// value is one compiled operand.
type value struct {
	raw     string
	orig    []string // the literal and what Resolve made of it
	strs    []string // orig in lower case
	t       time.Time
	isTime  bool
	dayOnly bool // a date without a time of day
	num     float64
	isNum   bool
}

// valueSet is the right-hand side of a clause.
type valueSet struct {
	vals  []value
	empty bool // EMPTY is among the operands
	text  *query.Text
}

// cmpN is a clause with a comparison, list, emptiness or text operator.
type cmpN struct {
	f    field
	op   query.Ops
	set  valueSet
	rank func(string) (int, bool)
}

// Eval reports whether the issue satisfies the clause.
func (n *cmpN) Eval(r Record) bool {
	vs := n.f.values(r)
	switch n.op {
	case opIs:
		return len(vs) == 0
	case opIsNot:
		return len(vs) > 0
	case query.Eq, query.In:
		if len(vs) == 0 {
			return n.set.empty
		}
		return n.anyEqual(vs)
	case query.Ne, query.NotIn:
		return len(vs) > 0 && !n.anyEqual(vs)
	case query.Like:
		return n.set.text.Match(vs)
	case query.NotLike:
		return !n.set.text.Match(vs)
	}
	if n.f.kind == kKey {
		vs = n.f.current(r)
	}
	for _, v := range vs {
		for _, o := range n.set.vals {
			if c, ok := n.compare(v, o); ok && n.op.Holds(c) {
				return true
			}
		}
	}
	return false
}

func (n *cmpN) anyEqual(vs []any) bool {
	for _, v := range vs {
		for _, o := range n.set.vals {
			if equal(v, o) {
				return true
			}
		}
	}
	return false
}

// number converts the numeric types a Record might return.
func number(v any) (float64, bool) {
	switch v := v.(type) {
	case float64:
		return v, true
	case float32:
		return float64(v), true
	case int:
		return float64(v), true
	case int64:
		return float64(v), true
	}
	return 0, false
}

// equal reports whether a record's value equals an operand.
func equal(v any, o value) bool {
	switch v := v.(type) {
	case string:
		lv := strings.ToLower(v)
		for _, s := range o.strs {
			if s == lv {
				return true
			}
		}
		return false
	case time.Time:
		return o.isTime && query.CompareTimes(v, o.t, o.dayOnly) == 0
	}
	if f, ok := number(v); ok {
		return o.isNum && f == o.num
	}
	return false
}

// compare orders a record's value against an operand; ok is false when
// they cannot be compared.
func (n *cmpN) compare(v any, o value) (int, bool) {
	switch v := v.(type) {
	case time.Time:
		if o.isTime {
			return query.CompareTimes(v, o.t, o.dayOnly), true
		}
		return 0, false
	case string:
		return compareString(v, o, n.f.kind, n.rank)
	}
	if f, ok := number(v); ok && o.isNum {
		return compareFloats(f, o.num), true
	}
	return 0, false
}

func compareString(v string, o value, k kind, rank func(string) (int, bool)) (int, bool) {
	if k == kKey {
		for _, s := range o.orig {
			if c, ok := compareKeys(v, s); ok {
				return c, true
			}
		}
		return 0, false
	}
	if rank != nil {
		if rv, ok := rank(v); ok {
			for _, s := range o.orig {
				if ro, ok := rank(s); ok {
					return cmp.Compare(rv, ro), true
				}
			}
		}
	}
	if f, err := strconv.ParseFloat(v, 64); err == nil && o.isNum {
		return compareFloats(f, o.num), true
	}
	return strings.Compare(strings.ToLower(v), o.strs[0]), true
}

// compareKeys compares two issue keys of the same project by number.
func compareKeys(a, b string) (int, bool) {
	pa, na, ok1 := splitKey(a)
	pb, nb, ok2 := splitKey(b)
	if !ok1 || !ok2 || !strings.EqualFold(pa, pb) {
		return 0, false
	}
	return cmp.Compare(na, nb), true
}

// splitKey splits "ENG-12" into "ENG" and 12.
func splitKey(k string) (string, int, bool) {
	i := strings.LastIndexByte(k, '-')
	if i <= 0 {
		return "", 0, false
	}
	n, err := strconv.Atoi(k[i+1:])
	if err != nil {
		return "", 0, false
	}
	return k[:i], n, true
}

func compareFloats(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}
