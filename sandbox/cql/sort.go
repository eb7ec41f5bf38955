package cql

import (
	"strconv"
	"strings"
	"time"

	"github.com/clawbridge/atlassian-mcp/sandbox/internal/query"
)

// sortKey is one ORDER BY field.
type sortKey struct {
	id   string
	desc bool
}

// Sort orders content by the query's ORDER BY (lastmodified DESC when it
// has none). The sort is stable; empty values come last ascending and
// first descending.
func (q *Query) Sort(rs []Record) { query.Sort(rs, q.order) }

// Value returns the content's first value of the field that is not empty,
// or nil.
func (k sortKey) Value(r Record) any {
	for _, v := range r.Values(k.id) {
		if v != nil && v != "" {
			return v
		}
	}
	return nil
}

// Compare orders two values of the field, ascending.
func (k sortKey) Compare(a, b any) int { return compareValues(a, b) }

// Descending reports ORDER BY … DESC.
func (k sortKey) Descending() bool { return k.desc }

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
