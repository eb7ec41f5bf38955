package atlassian

import (
	"context"
	"maps"
	"slices"
	"strings"

	"github.com/tidwall/gjson"
)

// A write that moves an issue changes where it was as well as where it goes:
// a new parent or epic takes a child from the old one, and a move into a
// sprint takes the issue out of the open sprint it was in. checkFieldRefs
// and checkSprint check where it goes; this file checks where it was, so
// that no write through an allowed issue changes an epic or a sprint outside
// the allowlist. The refusals name the allowed issue only: the references
// themselves are hidden from every answer (see redact.go).

// checkCurrentRefs checks, under a Policy that does not allow every
// project, what a write's fields (and "update" verbs) would change besides
// the issue key. When they change a parent-type field (parent, epic link,
// parent link), every such field's current value must be in an allowed
// project: Jira keeps them in step, so changing one may change another. It
// costs one request, and only for such writes. The Sprint field is refused
// outright: it changes only through a sprint move, which checks the sprint
// the issue leaves (checkSprintMove).
func (c *Client) checkCurrentRefs(ctx context.Context, op Op, key string, fields map[string]any, update map[string][]map[string]any) error {
	if c.cfg.Policy == nil || c.cfg.Policy.ProjectKeys() == nil || (len(fields) == 0 && len(update) == 0) {
		return nil
	}
	defs, err := c.Fields(ctx)
	if err != nil {
		return err
	}
	parents := []string{"parent"}
	sprints := map[string]bool{}
	for _, f := range defs {
		switch {
		case isParentField(f) && f.ID != "parent":
			parents = append(parents, f.ID)
		case isSprintField(f):
			sprints[f.ID] = true
		}
	}
	touched := false
	for _, id := range append(slices.Collect(maps.Keys(fields)), slices.Collect(maps.Keys(update))...) {
		if sprints[id] {
			return c.deny(ctx, op, key, c.refuseMove(key, "its Sprint field changes only by moving it to a sprint (jira_move_to_sprint)"))
		}
		touched = touched || slices.Contains(parents, id)
	}
	if !touched {
		return nil
	}
	slices.Sort(parents)
	body, err := c.do(ctx, request{op: OpGetIssue, target: key, path: issuePath(key, append([]string{"project"}, parents...), ""), idempotent: true})
	if err != nil {
		return c.issueErr(key, err)
	}
	is := gjson.ParseBytes(body)
	for _, id := range parents {
		for _, ref := range refKeys(is.Get("fields."+id), nil) {
			ok, err := c.issueAllowedQuietly(ctx, ref)
			if err != nil {
				return err
			}
			if !ok {
				return c.deny(ctx, op, key, c.refuseMove(key, "changing its parent would change an issue outside this Claw's allowlist"))
			}
		}
	}
	return nil
}

// isParentField reports whether f places an issue under another: the
// system parent, Jira Software's Epic Link or Advanced Roadmaps' Parent Link.
func isParentField(f Field) bool {
	return f.ID == "parent" || strings.HasSuffix(f.CustomType, ":gh-epic-link") || strings.HasSuffix(f.CustomType, ":jpo-custom-field-parent")
}

// checkSprintMove checks, under a Policy, an issue about to move into a
// sprint: it must be in an allowed project, and, when the Policy lists
// projects, not in an open (active or future) sprint of a board outside
// the allowlist, which the move would change. Closed sprints stay in the
// issue's history and are not changed. It costs one request per issue.
func (c *Client) checkSprintMove(ctx context.Context, op Op, key string) error {
	if c.cfg.Policy == nil || c.cfg.Policy.ProjectKeys() == nil {
		return c.checkExisting(ctx, op, key)
	}
	if err := c.precheckIssue(ctx, op, key); err != nil {
		return err
	}
	defs, err := c.Fields(ctx)
	if err != nil {
		return err
	}
	var ids []string
	for _, f := range defs {
		if isSprintField(f) {
			ids = append(ids, f.ID)
		}
	}
	body, err := c.do(ctx, request{op: OpGetIssue, target: key, path: issuePath(key, append([]string{"project"}, ids...), ""), idempotent: true})
	if err != nil {
		return c.issueErr(key, err)
	}
	is := gjson.ParseBytes(body)
	if err := c.checkIssue(ctx, op, key, is); err != nil {
		return err
	}
	for _, id := range ids {
		for _, sp := range is.Get("fields." + id).Array() {
			if state := sp.Get("state").String(); strings.EqualFold(state, "closed") {
				continue
			}
			if !c.boardAllowedQuietly(ctx, sp.Get("boardId").Int()) {
				return c.deny(ctx, op, key, c.refuseMove(key, "moving it would change a sprint outside this Claw's allowlist"))
			}
		}
	}
	return nil
}

// issueAllowedQuietly reports whether an issue is in an allowed project, by
// its prefix when that refuses and by Atlassian's answer otherwise, without
// recording a denial of its own: the caller records the one refusal.
func (c *Client) issueAllowedQuietly(ctx context.Context, ref string) (bool, error) {
	if m := keyPrefixRE().FindStringSubmatch(ref); m != nil && !c.cfg.Policy.AllowsProject(strings.ToUpper(m[1])) {
		return false, nil
	}
	body, err := c.do(ctx, request{op: OpGetIssue, target: ref, path: issuePath(ref, []string{"project"}, ""), idempotent: true})
	if IsNotFound(err) {
		return false, nil // hidden from this user: nothing shows it is allowed
	}
	if err != nil {
		return false, err
	}
	project := gjson.GetBytes(body, "fields.project.key").String()
	return project != "" && c.cfg.Policy.AllowsProject(project), nil
}

// refuseMove is the refusal of a write to the allowed issue key, for why.
func (c *Client) refuseMove(key, why string) *OutsideError {
	key = strings.ToUpper(key)
	msg := key + " cannot be changed this way: " + why + "; allowed projects: " + strings.Join(c.cfg.Policy.ProjectKeys(), ", ")
	return &OutsideError{Kind: "issue", Ref: key, Denied: true, msg: msg, err: c.cfg.Policy.Refuse("issue", key)}
}

// refKeys appends the issues a parent-type field's value points at: a key
// as a string, a bare number as an id, or an object's "key" (else its
// "id"); Advanced Roadmaps' Parent Link holds its issue under "data".
func refKeys(v gjson.Result, out []string) []string {
	switch {
	case v.Type == gjson.String:
		if keyPrefixRE().MatchString(v.Str) {
			out = append(out, v.Str)
		}
	case v.Type == gjson.Number:
		out = append(out, v.Raw)
	case v.IsObject():
		if d := v.Get("data"); d.IsObject() {
			return refKeys(d, out)
		}
		if k := v.Get("key"); k.Type == gjson.String && keyPrefixRE().MatchString(k.Str) {
			return append(out, k.Str)
		}
		if id := v.Get("id"); id.Exists() && id.Type != gjson.Null {
			out = append(out, id.String())
		}
	case v.IsArray():
		for _, x := range v.Array() {
			out = refKeys(x, out)
		}
	}
	return out
}
