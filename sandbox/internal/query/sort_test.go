package query

import (
	"cmp"
	"strings"
	"testing"
)

// row is a record with named fields; "" is empty.
type row map[string]string

// key sorts rows by one field.
type key struct {
	field string
	desc  bool
}

func (k key) Value(r row) any {
	if v := r[k.field]; v != "" {
		return v
	}
	return nil
}
func (k key) Compare(a, b any) int { return cmp.Compare(a.(string), b.(string)) }
func (k key) Descending() bool     { return k.desc }

func TestSort(t *testing.T) {
	rows := []row{
		{"id": "1", "a": "x", "b": "2"},
		{"id": "2", "a": "", "b": "1"},
		{"id": "3", "a": "y", "b": "1"},
		{"id": "4", "a": "x", "b": "1"},
		{"id": "5", "a": "", "b": ""},
	}
	cases := []struct {
		keys []key
		want string
	}{
		{nil, "1 2 3 4 5"}, // stable
		{[]key{{field: "a"}}, "1 4 3 2 5"},
		{[]key{{field: "a", desc: true}}, "2 5 3 1 4"},
		{[]key{{field: "a"}, {field: "b"}}, "4 1 3 2 5"},
		{[]key{{field: "b", desc: true}, {field: "a"}}, "5 1 4 3 2"},
	}
	for _, tc := range cases {
		rs := append([]row(nil), rows...)
		Sort(rs, tc.keys)
		ids := make([]string, len(rs))
		for i, r := range rs {
			ids[i] = r["id"]
		}
		if got := strings.Join(ids, " "); got != tc.want {
			t.Errorf("Sort by %v = %s, want %s", tc.keys, got, tc.want)
		}
	}
}
