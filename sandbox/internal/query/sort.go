package query

import "slices"

// Key is one ORDER BY field over records of type R.
type Key[R any] interface {
	// Value returns r's value to sort by, or nil when r has none.
	Value(r R) any
	// Compare orders two values that are not nil, ascending: -1, 0 or +1.
	Compare(a, b any) int
	// Descending reports ORDER BY … DESC.
	Descending() bool
}

// Sort orders rs by keys, the first key first; the sort is stable. A record
// without a value for a key comes after those with one in ascending order
// and before them in descending order. Each record's values are read once.
func Sort[R any, K Key[R]](rs []R, keys []K) {
	type row struct {
		r    R
		vals []any
	}
	rows := make([]row, len(rs))
	for i, r := range rs {
		rows[i] = row{r: r, vals: make([]any, len(keys))}
		for k, key := range keys {
			rows[i].vals[k] = key.Value(r)
		}
	}
	slices.SortStableFunc(rows, func(a, b row) int {
		for k, key := range keys {
			if c := compare(key, a.vals[k], b.vals[k]); c != 0 {
				return c
			}
		}
		return 0
	})
	for i := range rows {
		rs[i] = rows[i].r
	}
}

// compare orders two sort values for a key; nil is greater than any value.
func compare[R any, K Key[R]](key K, a, b any) int {
	var c int
	switch {
	case a == nil && b == nil:
		return 0
	case a == nil:
		c = 1
	case b == nil:
		c = -1
	default:
		c = key.Compare(a, b)
	}
	if key.Descending() {
		return -c
	}
	return c
}
