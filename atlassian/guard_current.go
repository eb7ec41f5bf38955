package atlassian

import (
	"context"
	"fmt"
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

// checkCurrentRefs checks, under a Policy that does not allow every project, the issues
// that the fields an edit changes point at now (parent, epic link, parent
// link). It costs one request, and only for edits that change such a field.
func (c *Client) checkCurrentRefs(ctx context.Context, op Op, key string, edit Edit) error {
	if c.cfg.Policy == nil || c.cfg.Policy.ProjectKeys() == nil {
		return nil
	}
	defs, err := c.Fields(ctx)
	if err != nil {
		return err
	}
	names := map[string]string{"parent": "parent"}
	for _, f := range defs {
		if isIssueRefField(f) {
			names[f.ID] = f.Name
		}
	}
	var ids []string
	for id := range edit.Fields {
		if _, ok := names[id]; ok {
			ids = append(ids, id)
		}
	}
	for id := range edit.Update {
		if _, ok := names[id]; ok && !slices.Contains(ids, id) {
			ids = append(ids, id)
		}
	}
	if len(ids) == 0 {
		return nil
	}
	slices.Sort(ids)
	body, err := c.do(ctx, request{op: OpGetIssue, target: key, path: issuePath(key, append([]string{"project"}, ids...), ""), idempotent: true})
	if err != nil {
		return c.issueErr(key, err)
	}
	is := gjson.ParseBytes(body)
	for _, id := range ids {
		for _, ref := range refKeys(is.Get("fields."+id), nil) {
			ok, err := c.issueAllowedQuietly(ctx, ref)
			if err != nil {
				return err
			}
			if !ok {
				return c.deny(ctx, op, key, c.refuseMove(key, fmt.Sprintf("its current %s is outside this Claw's allowlist, and changing it would change that issue too", names[id])))
			}
		}
	}
	return nil
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
		if strings.HasSuffix(f.CustomType, ":gh-sprint") {
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
			if !c.boardAllowedQuietly(ctx, sp.Get("boardId").Value()) {
				return c.deny(ctx, op, key, c.refuseMove(key, "it is in an open sprint of a board outside this Claw's allowlist, and moving it would change that sprint"))
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

// refKeys appends the issue keys a field value points at: a key as a
// string, or the "key" of an object (a parent, or the data of a parent
// link), at any depth.
func refKeys(v gjson.Result, out []string) []string {
	switch {
	case v.Type == gjson.String:
		if keyPrefixRE().MatchString(v.Str) {
			out = append(out, v.Str)
		}
	case v.IsObject():
		if k := v.Get("key"); k.Type == gjson.String && keyPrefixRE().MatchString(k.Str) {
			return append(out, k.Str)
		}
		v.ForEach(func(_, x gjson.Result) bool {
			out = refKeys(x, out)
			return true
		})
	case v.IsArray():
		for _, x := range v.Array() {
			out = refKeys(x, out)
		}
	}
	return out
}
