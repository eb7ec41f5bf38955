package adf

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
)

// This file words validation messages.

func describeValue(v any) string {
	switch x := v.(type) {
	case string:
		if len(x) > 40 {
			x = x[:40] + "…"
		}
		return strconv.Quote(x)
	case bool:
		return strconv.FormatBool(x)
	default:
		if f, ok := toFloat(v); ok {
			return strconv.FormatFloat(f, 'g', -1, 64)
		}
		return jsonKind(v)
	}
}

func describeRequired(alt attrsSpec) string {
	parts := make([]string, len(alt.required))
	for i, r := range alt.required {
		parts[i] = fmt.Sprintf("%s (%s)", r, alt.props[r].want)
	}
	return strings.Join(parts, ", ")
}

func describePositional(pos [][]string) string {
	parts := make([]string, len(pos))
	for i, p := range pos {
		parts[i] = strings.Join(p, " or ")
	}
	return strings.Join(parts, ", then optionally ")
}

func allowedFirst(r contentRule) []string {
	if r.first != nil {
		return r.first
	}
	if r.positional != nil {
		return r.positional[0]
	}
	return r.order
}

func sortedProps(alt attrsSpec) []string {
	keys := make([]string, 0, len(alt.props))
	for k := range alt.props {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func sortedMarkNames() []string {
	names := make([]string, 0, len(markSpecs()))
	for k := range markSpecs() {
		names = append(names, k)
	}
	sort.Strings(names)
	return names
}

func inAnySet(sets [][]string, t string) bool {
	for _, s := range sets {
		if contains(s, t) {
			return true
		}
	}
	return false
}

func allIn(ms []*Mark, set []string) bool {
	for _, m := range ms {
		if !contains(set, m.Type) {
			return false
		}
	}
	return true
}

func union(sets [][]string) []string {
	var out []string
	for _, s := range sets {
		for _, t := range s {
			if !contains(out, t) {
				out = append(out, t)
			}
		}
	}
	return out
}

func contains(list []string, s string) bool {
	for _, e := range list {
		if e == s {
			return true
		}
	}
	return false
}

func orList(list []string) string {
	if len(list) == 1 {
		return list[0]
	}
	return strings.Join(list[:len(list)-1], ", ") + " or " + list[len(list)-1]
}

func quoteList(list []string) string {
	q := make([]string, len(list))
	for i, s := range list {
		q[i] = strconv.Quote(s)
	}
	return strings.Join(q, ", ")
}
