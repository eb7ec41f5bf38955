package jql

import (
	"cmp"
	"slices"
	"strconv"
	"strings"
	"time"
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
// none). The sort is stable.
func (q *Query) Sort(rs []Record) {
	type row struct {
		r    Record
		keys []any
	}
	rows := make([]row, len(rs))
	for i, r := range rs {
		rows[i] = row{r: r, keys: make([]any, len(q.order))}
		for k, key := range q.order {
			if vs := nonEmpty(r.Values(key.f.id)); len(vs) > 0 {
				rows[i].keys[k] = vs[0]
			}
		}
	}
	slices.SortStableFunc(rows, func(a, b row) int {
		for k, key := range q.order {
			if c := key.compare(a.keys[k], b.keys[k]); c != 0 {
				return c
			}
		}
		return 0
	})
	for i := range rows {
		rs[i] = rows[i].r
	}
}

// compare orders two sort values; EMPTY is greater than any value, so it
// comes last ascending and first descending.
func (k sortKey) compare(a, b any) int {
	var c int
	switch {
	case a == nil && b == nil:
		return 0
	case a == nil:
		c = 1
	case b == nil:
		c = -1
	default:
		c = k.compareValues(a, b)
	}
	if k.desc {
		return -c
	}
	return c
}

func (k sortKey) compareValues(a, b any) int {
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
