package cql

import (
	"slices"
	"strconv"
	"strings"
	"time"
)

// sortKey is one ORDER BY field.
type sortKey struct {
	id   string
	desc bool
}

// Sort orders content by the query's ORDER BY (lastmodified DESC when it
// has none). The sort is stable; empty values come last ascending and
// first descending.
func (q *Query) Sort(rs []Record) {
	type row struct {
		r    Record
		keys []any
	}
	rows := make([]row, len(rs))
	for i, r := range rs {
		rows[i] = row{r: r, keys: make([]any, len(q.order))}
		for k, key := range q.order {
			for _, v := range r.Values(key.id) {
				if v != nil && v != "" {
					rows[i].keys[k] = v
					break
				}
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
		c = compareValues(a, b)
	}
	if k.desc {
		return -c
	}
	return c
}

// compareValues orders times, numbers (also numeric strings such as ids)
// and strings, case-insensitively.
func compareValues(a, b any) int {
	if ta, ok := a.(time.Time); ok {
		if tb, ok := b.(time.Time); ok {
			return ta.Compare(tb)
		}
	}
	fa, okA := number(a)
	fb, okB := number(b)
	if okA && okB {
		switch {
		case fa < fb:
			return -1
		case fa > fb:
			return 1
		}
		return 0
	}
	sa, sb := stringOf(a), stringOf(b)
	if c := strings.Compare(strings.ToLower(sa), strings.ToLower(sb)); c != 0 {
		return c
	}
	return strings.Compare(sa, sb)
}

func number(v any) (float64, bool) {
	switch v := v.(type) {
	case float64:
		return v, true
	case int:
		return float64(v), true
	case int64:
		return float64(v), true
	case string:
		f, err := strconv.ParseFloat(v, 64)
		return f, err == nil
	}
	return 0, false
}

func stringOf(v any) string {
	switch v := v.(type) {
	case string:
		return v
	case time.Time:
		return v.Format(time.RFC3339Nano)
	}
	if f, ok := number(v); ok {
		return strconv.FormatFloat(f, 'f', -1, 64)
	}
	return ""
}
