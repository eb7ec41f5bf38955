package jql

import (
	"cmp"
	"strconv"
	"strings"
	"time"

	"github.com/clawbridge/atlassian-mcp/sandbox/internal/query"
)

// sortKey is one ORDER BY field.
type sortKey struct {
	f    field
	desc bool
	rank func(string) (int, bool)
}

// order compiles ORDER BY; without one, search/jql orders by created DESC.
func (c *compiler) order(ss []sSort) []sortKey {
	if len(ss) == 0 {
		f, _ := c.lookupField(token{kind: tWord, raw: FieldCreated, val: FieldCreated})
		return []sortKey{{f: f, desc: true}}
	}
	if len(ss) > maxOrderBy {
		c.errorf("The ORDER BY clause can contain a maximum of %d fields.", maxOrderBy)
	}
	var keys []sortKey
	for _, s := range ss {
		f, ok := c.lookupField(s.field)
		switch {
		case !ok:
			c.unknownField(s.field)
		case !f.sortable():
			c.errorf("Not able to sort using field '%s'.", f.name)
		default:
			keys = append(keys, sortKey{f: f, desc: s.desc, rank: c.ranker(f)})
		}
	}
	return keys
}

// Sort orders records by the query's ORDER BY (created DESC when it has
// none). The sort is stable; EMPTY is greater than any value, so it comes
// last ascending and first descending.
func (q *Query) Sort(rs []Record) { query.Sort(rs, q.order) }

// Value returns the record's first value of the field, or nil when it is
// EMPTY.
func (k sortKey) Value(r Record) any {
	if vs := nonEmpty(r.Values(k.f.id)); len(vs) > 0 {
		return vs[0]
	}
	return nil
}

// Descending reports ORDER BY … DESC.
func (k sortKey) Descending() bool { return k.desc }

// Compare orders two values of the field, ascending.
func (k sortKey) Compare(a, b any) int {
	if ta, ok := a.(time.Time); ok {
		if tb, ok := b.(time.Time); ok {
			return ta.Compare(tb)
		}
	}
	if fa, ok := number(a); ok {
		if fb, ok := number(b); ok {
			return compareFloats(fa, fb)
		}
	}
	sa, okA := a.(string)
	sb, okB := b.(string)
	if !okA || !okB {
		return cmp.Compare(typeOrder(a), typeOrder(b))
	}
	if k.f.kind == kKey {
		pa, na, ok1 := splitKey(sa)
		pb, nb, ok2 := splitKey(sb)
		if ok1 && ok2 {
			if c := strings.Compare(strings.ToUpper(pa), strings.ToUpper(pb)); c != 0 {
				return c
			}
			return cmp.Compare(na, nb)
		}
	}
	if k.rank != nil {
		ra, ok1 := k.rank(sa)
		rb, ok2 := k.rank(sb)
		if ok1 && ok2 {
			return cmp.Compare(ra, rb)
		}
	}
	if fa, err := strconv.ParseFloat(sa, 64); err == nil {
		if fb, err := strconv.ParseFloat(sb, 64); err == nil {
			return compareFloats(fa, fb)
		}
	}
	if c := strings.Compare(strings.ToLower(sa), strings.ToLower(sb)); c != 0 {
		return c
	}
	return strings.Compare(sa, sb)
}

// typeOrder orders values of different types: numbers, times, strings, others.
func typeOrder(v any) int {
	if _, ok := number(v); ok {
		return 0
	}
	switch v.(type) {
	case time.Time:
		return 1
	case string:
		return 2
	}
	return 3
}
