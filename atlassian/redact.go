package atlassian

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"github.com/tidwall/gjson"
)

// An allowed issue can point at issues elsewhere: its links, its parent
// and subtasks, an epic or parent-link custom field, the sprints of other
// boards it has been in. Under a Policy those references are removed from
// every issue the client returns, so reading an allowed issue never shows
// the key, summary or status of one outside the allowlist.
//
// A referenced issue is judged by the key in Atlassian's answer, which is
// its current key: its prefix is the project the issue is in now.

// redactIssue returns is without references outside the allowlist.
func (c *Client) redactIssue(ctx context.Context, is gjson.Result) gjson.Result {
	if c.cfg.Policy == nil || c.cfg.Policy.ProjectKeys() == nil || !is.Get("fields").IsObject() {
		return is
	}
	dec := json.NewDecoder(strings.NewReader(is.Raw))
	dec.UseNumber()
	var doc map[string]any
	if dec.Decode(&doc) != nil {
		return is
	}
	fields, _ := doc["fields"].(map[string]any)
	refFields := c.referenceFields(ctx)
	changed := false
	for name, v := range fields {
		if !refFields[name] {
			continue
		}
		kept, keep := c.keepRefs(ctx, v)
		switch {
		case !keep:
			delete(fields, name)
			changed = true
		case !sameJSON(kept, v):
			fields[name] = kept
			changed = true
		}
	}
	if !changed {
		return is
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if enc.Encode(doc) != nil {
		return is
	}
	return gjson.ParseBytes(bytes.TrimSpace(buf.Bytes()))
}

// referenceFields names the fields whose values point at issues or
// sprints: parent, links, subtasks, and the custom fields of those kinds.
func (c *Client) referenceFields(ctx context.Context) map[string]bool {
	out := map[string]bool{"parent": true, "issuelinks": true, "subtasks": true}
	defs, err := c.Fields(ctx)
	if err != nil {
		return out
	}
	for _, f := range defs {
		if isIssueRefField(f) || isSprintField(f) {
			out[f.ID] = true
		}
	}
	return out
}

// keepRefs returns v without references outside the allowlist, and false
// when v itself is such a reference. It looks for issue references (an
// object with a "key" that looks like an issue key, as links, parents,
// subtasks and epic links carry, or such a key as a string) and sprint
// objects (with a "boardId").
func (c *Client) keepRefs(ctx context.Context, v any) (any, bool) {
	switch x := v.(type) {
	case string:
		if m := keyPrefixRE().FindStringSubmatch(x); m != nil {
			return x, c.cfg.Policy.AllowsProject(strings.ToUpper(m[1]))
		}
		return x, true
	case []any:
		out := make([]any, 0, len(x))
		for _, it := range x {
			if kept, ok := c.keepRefs(ctx, it); ok {
				out = append(out, kept)
			}
		}
		return out, true
	case map[string]any:
		if key, ok := x["key"].(string); ok {
			if m := keyPrefixRE().FindStringSubmatch(key); m != nil && !c.cfg.Policy.AllowsProject(strings.ToUpper(m[1])) {
				return nil, false
			}
		}
		if board, ok := x["boardId"]; ok && x["state"] != nil {
			if !c.boardAllowedQuietly(ctx, board) {
				return nil, false
			}
		}
		out := make(map[string]any, len(x))
		for k, val := range x {
			kept, keep := c.keepRefs(ctx, val)
			if !keep {
				if k == "inwardIssue" || k == "outwardIssue" {
					return nil, false // a link to an issue outside: drop the whole link
				}
				continue
			}
			out[k] = kept
		}
		return out, true
	}
	return v, true
}

// boardAllowedQuietly reports whether a board (from a sprint reference) is
// in an allowed project, without recording a denial: nothing was asked of
// it, it is only being left out of an answer.
func (c *Client) boardAllowedQuietly(ctx context.Context, board any) bool {
	id, err := strconv.Atoi(fmt.Sprint(board))
	if err != nil {
		return false
	}
	v, err := c.cache.get(ctx, "board:"+strconv.Itoa(id), func(ctx context.Context) (any, error) {
		res, err := c.getJSON(ctx, OpGetBoard, strconv.Itoa(id), "rest/agile/1.0/board/"+strconv.Itoa(id))
		if err != nil {
			return nil, err
		}
		return parseBoard(res), nil
	})
	if err != nil {
		return false
	}
	return c.cfg.Policy.AllowsProject(v.(Board).ProjectKey)
}

func sameJSON(a, b any) bool {
	x, err1 := json.Marshal(a)
	y, err2 := json.Marshal(b)
	return err1 == nil && err2 == nil && bytes.Equal(x, y)
}

// issueRefFields are the field types whose values point at an issue.
func isIssueRefField(f Field) bool { return isParentField(f) || f.Type == "issuelink" }

// isSprintField reports whether f is Jira Software's Sprint field.
func isSprintField(f Field) bool { return strings.HasSuffix(f.CustomType, ":gh-sprint") }

// checkFieldRefs checks, under a Policy, every issue an outgoing "fields"
// map (and "update" verbs) points at: the system parent, epic links,
// parent links and other issue-link fields must really be in an allowed
// project, so that no write attaches an issue to, or probes for, one
// outside.
func (c *Client) checkFieldRefs(ctx context.Context, op Op, fields map[string]any, update map[string][]map[string]any) error {
	if c.cfg.Policy == nil || (len(fields) == 0 && len(update) == 0) {
		return nil
	}
	defs, err := c.Fields(ctx)
	if err != nil {
		return err
	}
	byID := make(map[string]Field, len(defs))
	for _, f := range defs {
		byID[f.ID] = f
	}
	check := func(id string, v any) error {
		f, ok := byID[id]
		if !ok && id != "parent" {
			return nil
		}
		if id == "parent" {
			f.ID = "parent"
		}
		if !isIssueRefField(f) {
			return nil
		}
		for _, ref := range issueRefs(v) {
			if _, err := c.IssueProject(ctx, op, ref); err != nil {
				return err
			}
		}
		return nil
	}
	for id, v := range fields {
		if err := check(id, v); err != nil {
			return err
		}
	}
	for id, verbs := range update {
		for _, verb := range verbs {
			for _, v := range verb {
				if err := check(id, v); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// issueRefs extracts the issue keys or ids a field value names.
func issueRefs(v any) []string {
	switch x := v.(type) {
	case nil:
		return nil
	case string:
		if x == "" {
			return nil
		}
		return []string{x}
	case map[string]any:
		for _, k := range []string{"key", "id"} {
			if s, ok := x[k]; ok && fmt.Sprint(s) != "" {
				return []string{fmt.Sprint(s)}
			}
		}
		return nil
	case []any:
		var out []string
		for _, it := range x {
			out = append(out, issueRefs(it)...)
		}
		return out
	}
	return []string{fmt.Sprint(v)}
}
