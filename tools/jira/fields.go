package jira

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"github.com/tidwall/gjson"

	"github.com/clawbridge/atlassian-mcp/atlassian"
	"github.com/clawbridge/atlassian-mcp/tools"
)

// fieldIndex resolves field references an agent writes (ids such as
// "customfield_10026", or display names such as "Story Points") to fields.
type fieldIndex struct {
	all    []atlassian.Field
	byID   map[string]atlassian.Field
	byName map[string][]atlassian.Field
	names  []string
}

func loadFields(ctx context.Context, c *atlassian.Client) (*fieldIndex, error) {
	fs, err := c.Fields(ctx)
	if err != nil {
		return nil, fmt.Errorf("read the site's fields: %w", err)
	}
	ix := &fieldIndex{all: fs, byID: map[string]atlassian.Field{}, byName: map[string][]atlassian.Field{}}
	for _, f := range fs {
		ix.byID[f.ID] = f
		k := strings.ToLower(f.Name)
		ix.byName[k] = append(ix.byName[k], f)
		ix.names = append(ix.names, f.Name)
	}
	sort.Strings(ix.names)
	return ix, nil
}

// resolve finds the field an agent means. An unknown name is an error that
// suggests the nearest names.
func (ix *fieldIndex) resolve(ref string) (atlassian.Field, error) {
	if f, ok := ix.byID[ref]; ok {
		return f, nil
	}
	if f, ok := ix.byID[strings.ToLower(ref)]; ok {
		return f, nil
	}
	switch fs := ix.byName[strings.ToLower(strings.TrimSpace(ref))]; len(fs) {
	case 1:
		return fs[0], nil
	case 0:
	default:
		ids := make([]string, len(fs))
		for i, f := range fs {
			ids[i] = f.ID
		}
		return atlassian.Field{}, tools.Inputf("field name %q is ambiguous; use one of the ids %s", ref, strings.Join(ids, ", "))
	}
	msg := fmt.Sprintf("unknown field %q", ref)
	if s := tools.Closest(ref, ix.names); s != "" {
		msg += fmt.Sprintf("; did you mean %q?", s)
	}
	return atlassian.Field{}, tools.Inputf("%s Use a field's display name or id, e.g. \"Story Points\", \"labels\", \"customfield_10026\"; jira_get_project_metadata lists them.", msg)
}

// name returns the display name of a field id.
func (ix *fieldIndex) name(id string) string {
	if f, ok := ix.byID[id]; ok {
		return f.Name
	}
	return id
}

// value renders a field's JSON value compactly: people by display name,
// options by value, dates short, and nothing for empty values.
func value(v gjson.Result) any {
	switch {
	case !v.Exists() || v.Type == gjson.Null:
		return nil
	case v.IsArray():
		var out []any
		for _, it := range v.Array() {
			if x := value(it); x != nil {
				out = append(out, x)
			}
		}
		if len(out) == 0 {
			return nil
		}
		return out
	case v.IsObject():
		for _, k := range []string{"displayName", "value", "name", "key"} {
			if s := v.Get(k); s.Exists() && s.String() != "" {
				return s.String()
			}
		}
		if v.Get("type").String() == "doc" {
			return markdown(v)
		}
		return nil
	case v.Type == gjson.Number:
		return v.Num
	case v.Type == gjson.String:
		return shortDate(v.String())
	}
	return v.Value()
}

// text renders a compact value as text.
func text(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case []any:
		parts := make([]string, len(x))
		for i, it := range x {
			parts[i] = text(it)
		}
		return strings.Join(parts, ", ")
	case float64:
		return strings.TrimSuffix(strings.TrimRight(fmt.Sprintf("%.2f", x), "0"), ".")
	default:
		return fmt.Sprint(x)
	}
}

// shortDate turns Jira's 2026-11-20T10:15:30.000+0000 into 2026-11-20 10:15;
// other strings pass through.
func shortDate(s string) string {
	if len(s) == 28 && s[10] == 'T' && s[19] == '.' {
		return s[:10] + " " + s[11:16]
	}
	return s
}
