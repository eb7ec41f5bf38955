package atlassian

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/tidwall/gjson"

	"github.com/clawbridge/atlassian-mcp/auth"
	"github.com/clawbridge/atlassian-mcp/internal/lazyre"
)

// A Policy decides which Jira projects and Confluence spaces the client may
// touch. The client consults it on every call: before sending (the target's
// project or space, and agent-supplied JQL and CQL, which it constrains) and
// on every answer (the project or space Atlassian says an object is in).
// A nil Policy allows everything. scope.Policy implements it.
type Policy interface {
	AllowsProject(key string) bool
	AllowsSpace(key string) bool
	// ProjectKeys lists the allowed projects, or nil when all are allowed.
	ProjectKeys() []string
	// JQLWithin returns the query to run in place of an agent's JQL,
	// checked against the allowlist and confined to projects, the allowed
	// projects the caller can see.
	JQLWithin(q string, projects []string) (string, error)
	// CQL returns the query to run in place of an agent's CQL.
	CQL(q string) (string, error)
	// Refuse returns the error for an object outside the allowlist; kind is
	// "issue", "project", "page", "space", "board" or "sprint".
	Refuse(kind, ref string) error
}

// A Refusal is an error the policy returned: a denied attempt. The audit
// log records it as denied.
type Refusal interface {
	error
	Refused() bool
}

// An OutsideError reports that an object is not available to the caller:
// it does not exist, the user may not see it, or it lies outside the
// Claw's allowlist. All three read alike, so that an agent cannot learn
// whether a forbidden object exists.
type OutsideError struct {
	Kind, Ref string
	// Denied is true when the policy refused, false when Atlassian said 404.
	Denied bool
	msg    string
	err    error
}

// Error implements error.
func (e *OutsideError) Error() string { return e.msg }

// Unwrap returns the policy's refusal or Atlassian's 404.
func (e *OutsideError) Unwrap() error { return e.err }

// Refused reports whether the policy refused (a Refusal when true).
func (e *OutsideError) Refused() bool { return e.Denied }

// outside builds the error for kind/ref: a refusal when denied is true, a
// not-found otherwise; both read the same.
func (c *Client) outside(kind, ref string, denied bool, cause error) *OutsideError {
	if kind == "issue" {
		// Keys are case-insensitive: one spelling for refusals and
		// not-founds alike, so the case an agent typed reveals nothing.
		ref = strings.ToUpper(ref)
	}
	msg := fmt.Sprintf("%s %s was not found, or you may not see it", kind, ref)
	var pol error
	if c.cfg.Policy != nil {
		pol = c.cfg.Policy.Refuse(kind, ref)
		msg = pol.Error()
	}
	if denied {
		cause = pol
	}
	return &OutsideError{Kind: kind, Ref: ref, Denied: denied, msg: msg, err: cause}
}

// deny records a refused attempt with the observer and returns err.
func (c *Client) deny(ctx context.Context, op Op, target string, err error) error {
	if c.cfg.Observer != nil {
		_ = c.cfg.Observer(ctx, Call{Action: op.Action, Target: target, Method: op.Method, Denied: true, Err: err, Writes: op.Writes()})
	}
	return err
}

// Deny records an attempt refused before it reached the client (for
// example a query a tool could not parse) and returns err.
func (c *Client) Deny(ctx context.Context, op Op, target string, err error) error {
	return c.deny(ctx, op, target, err)
}

// IsRefusal reports whether err is a policy refusal.
func IsRefusal(err error) bool {
	var r Refusal
	return errors.As(err, &r) && r.Refused()
}

var keyPrefixRE = lazyre.New(`^([A-Za-z][A-Za-z0-9_]*)-[0-9]+$`)

// precheckIssue refuses an issue key whose project prefix is outside the
// allowlist without asking Atlassian, whose answer (found or not) would
// tell whether it exists. A prefix is only ever grounds to refuse: what an
// issue belongs to is always checked on Atlassian's answer.
func (c *Client) precheckIssue(ctx context.Context, op Op, ref string) error {
	if c.cfg.Policy == nil {
		return nil
	}
	if m := keyPrefixRE().FindStringSubmatch(ref); m != nil && !c.cfg.Policy.AllowsProject(strings.ToUpper(m[1])) {
		return c.deny(ctx, op, ref, c.outside("issue", strings.ToUpper(ref), true, nil))
	}
	return nil
}

// checkIssue checks an issue from Atlassian's answer against the
// allowlist, by the project it is really in.
func (c *Client) checkIssue(ctx context.Context, op Op, ref string, issue gjson.Result) error {
	if c.cfg.Policy == nil {
		return nil
	}
	project := issue.Get("fields.project.key").String()
	if project == "" || !c.cfg.Policy.AllowsProject(project) {
		return c.deny(ctx, op, ref, c.outside("issue", ref, true, nil))
	}
	return nil
}

// checkProject refuses a project key outside the allowlist.
func (c *Client) checkProject(ctx context.Context, op Op, key string) error {
	if c.cfg.Policy == nil || c.cfg.Policy.AllowsProject(key) {
		return nil
	}
	return c.deny(ctx, op, key, c.cfg.Policy.Refuse("project", key))
}

// checkSpace refuses a space key outside the allowlist.
func (c *Client) checkSpace(ctx context.Context, op Op, key string) error {
	if c.cfg.Policy == nil || c.cfg.Policy.AllowsSpace(key) {
		return nil
	}
	return c.deny(ctx, op, key, c.cfg.Policy.Refuse("space", key))
}

// guardJQL returns the JQL to run for an agent's query, confined to the
// allowed projects the caller can see: Jira refuses a whole query that names
// a project its user cannot browse, and a delegated user may see fewer
// projects than the Claw allows. It returns "" when the caller can see none.
func (c *Client) guardJQL(ctx context.Context, op Op, q string) (string, error) {
	if c.cfg.Policy == nil {
		return q, nil
	}
	within := c.cfg.Policy.ProjectKeys()
	if within != nil {
		visible, err := c.visibleProjects(ctx, within)
		if err != nil {
			return "", err
		}
		within = visible
	}
	out, err := c.cfg.Policy.JQLWithin(q, within)
	if err != nil && IsRefusal(err) {
		return "", c.deny(ctx, op, "", err)
	}
	if within != nil && len(within) == 0 && err == nil {
		return "", nil
	}
	return out, err
}

// visibleProjects returns which of keys the caller (the connection's user,
// or the delegated user of this request) can see, cached per caller.
func (c *Client) visibleProjects(ctx context.Context, keys []string) ([]string, error) {
	who := "connection"
	if tok, ok := delegatedIdentity(ctx); ok {
		who = tok
	}
	v, err := c.cache.get(ctx, "visible-projects:"+who, func(ctx context.Context) (any, error) {
		var out []string
		for start := 0; ; {
			page, err := c.SearchProjects(ctx, "", keys, start, 100)
			if err != nil {
				return nil, err
			}
			for _, p := range page.Projects {
				out = append(out, p.Get("key").String())
			}
			if page.IsLast || page.Next <= start {
				return out, nil
			}
			start = page.Next
		}
	})
	if err != nil {
		return nil, err
	}
	return v.([]string), nil
}

// guardCQL returns the CQL to run for an agent's query.
func (c *Client) guardCQL(ctx context.Context, op Op, q string) (string, error) {
	if c.cfg.Policy == nil {
		return q, nil
	}
	out, err := c.cfg.Policy.CQL(q)
	if err != nil && IsRefusal(err) {
		return "", c.deny(ctx, op, "", err)
	}
	return out, err
}

// IssueProject returns the project an issue is really in, from
// Atlassian's answer, after checking it against the allowlist. Writes to an
// existing issue call it first.
func (c *Client) IssueProject(ctx context.Context, op Op, ref string) (string, error) {
	if err := c.precheckIssue(ctx, op, ref); err != nil {
		return "", err
	}
	body, err := c.do(ctx, request{op: OpGetIssue, target: ref, path: issuePath(ref, []string{"project"}, ""), idempotent: true})
	if err != nil {
		if IsNotFound(err) {
			return "", c.outside("issue", strings.ToUpper(ref), false, err)
		}
		return "", err
	}
	is := gjson.ParseBytes(body)
	if err := c.checkIssue(ctx, op, ref, is); err != nil {
		return "", err
	}
	return is.Get("fields.project.key").String(), nil
}

// withField returns fields with f added, unless fields is empty (which
// means all fields) or already has it.
func withField(fields []string, f string) []string {
	if len(fields) == 0 {
		return nil
	}
	for _, x := range fields {
		if x == f || x == "*all" || x == "*navigable" {
			return fields
		}
	}
	return append(append([]string{}, fields...), f)
}

// delegatedIdentity names the delegated user of a request, if any.
func delegatedIdentity(ctx context.Context) (string, bool) { return auth.DelegatedIdentity(ctx) }
