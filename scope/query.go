package scope

import (
	"errors"
	"fmt"
	"sort"
	"strings"
	"unicode"

	"github.com/clawbridge/atlassian-mcp/internal/lazyre"
	"github.com/clawbridge/atlassian-mcp/scope/cql"
	"github.com/clawbridge/atlassian-mcp/scope/jql"
)

// A QueryError is a query the guard cannot accept as written; its message
// says how to fix it.
type QueryError struct{ Msg string }

// Error implements error.
func (e *QueryError) Error() string { return e.Msg }

// Refused marks a QueryError as a refused attempt, for the audit log: a
// query the guard cannot vouch for is never sent.
func (e *QueryError) Refused() bool { return true }

var issueKeyRE = lazyre.New(`^([A-Za-z][A-Za-z0-9_]*)-([0-9]+)$`)

// jqlForbiddenFields name clauses whose meaning the guard cannot check:
// saved filters hold JQL the agent did not write, and app functions such as
// ScriptRunner's issueFunction run JQL of their own.
var jqlForbiddenFields = map[string]string{
	"filter": "saved filters", "savedfilter": "saved filters", "request": "saved filters",
	"searchrequest": "saved filters", "issuefunction": "JQL-running app functions",
}

// jqlIssueFields take issue keys or ids as values.
var jqlIssueFields = map[string]bool{
	"key": true, "issuekey": true, "issue": true, "id": true, "parent": true,
	"epic link": true, "parentepic": true, "subtasks": true,
}

// JQL checks an agent's JQL against the allowlist and returns the query
// Jira should run: parsed, re-serialised and wrapped as
// `project IN (…) AND (…)`. It refuses queries it cannot parse, queries
// that name projects or issues outside the allowlist (whose answers would
// tell whether they exist), saved filters and numeric issue ids.
func (p *Policy) JQL(q string) (string, error) { return p.JQLWithin(q, p.Projects) }

// ProjectKeys lists the allowed projects, or nil when all are allowed.
func (p *Policy) ProjectKeys() []string {
	if p.AllProjects() {
		return nil
	}
	return p.sortedProjects()
}

// JQLWithin is JQL with the wrapping confined to projects, a subset of the
// allowlist (for example the allowed projects the caller can see). The
// query's own references are still checked against the whole allowlist.
func (p *Policy) JQLWithin(q string, projects []string) (string, error) {
	if len(p.Projects) == 0 {
		return "", &Denial{Kind: "project", Msg: "this Claw may use no Jira project"}
	}
	if p.AllProjects() {
		return q, nil // nothing to confine: Jira's own parser judges the query
	}
	parsed, err := jql.Parse(q)
	if err != nil {
		var se *jql.SyntaxError
		if errors.As(err, &se) {
			return "", &QueryError{Msg: "invalid JQL: " + se.Error()}
		}
		return "", &QueryError{Msg: "invalid JQL: " + err.Error()}
	}
	var refusal error
	jql.Walk(parsed.Where, func(e jql.Expr) bool {
		c, ok := e.(*jql.Clause)
		if !ok || refusal != nil {
			return refusal == nil
		}
		refusal = p.checkJQLClause(c)
		return refusal == nil
	})
	if refusal != nil {
		return "", refusal
	}
	var within []string
	for _, k := range projects {
		if p.AllowsProject(k) {
			within = append(within, strings.ToUpper(k))
		}
	}
	sort.Strings(within)
	return jql.Constrain(parsed, "project", within).String(), nil
}

func (p *Policy) sortedProjects() []string {
	out := make([]string, len(p.Projects))
	for i, k := range p.Projects {
		out[i] = strings.ToUpper(k)
	}
	sort.Strings(out)
	return out
}

func (p *Policy) checkJQLClause(c *jql.Clause) error {
	name := strings.ToLower(c.Field.Name)
	if what, bad := jqlForbiddenFields[name]; bad {
		return &Denial{Kind: "query", Target: c.Field.Name, Msg: fmt.Sprintf("JQL clause %q uses %s, which cannot be checked against this Claw's allowlist; write the conditions out in the query instead", c.Field.Name, what)}
	}
	var values []*jql.Value
	var funcs []*jql.Func
	collect := func(o jql.Operand) {
		jql.WalkOperand(o, func(x jql.Operand) bool {
			switch v := x.(type) {
			case *jql.Value:
				values = append(values, v)
			case *jql.Func:
				funcs = append(funcs, v)
			}
			return true
		})
	}
	if c.Operand != nil {
		collect(c.Operand)
	}
	for _, pr := range c.Predicates {
		if pr.Operand != nil {
			collect(pr.Operand)
		}
	}
	switch {
	case name == "project":
		for _, v := range values {
			if !p.AllowsProject(v.Text) {
				return p.DenyProject(v.Text)
			}
		}
	case jqlIssueFields[name]:
		for _, v := range values {
			if err := p.checkExactIssueRef(v.Text); err != nil {
				return err
			}
		}
	case c.Operator != jql.Contains && c.Operator != jql.NotContains:
		// Any other field compared by value (a custom epic or parent
		// link written cf[N], say) may hold issue keys too; Jira's
		// "does not exist" answer would say whether one exists.
		for _, v := range values {
			if key, ok := looksLikeKey(v.Text); ok {
				if err := p.checkIssueRef(key); err != nil {
					return err
				}
			}
		}
	}
	for _, f := range funcs {
		for _, a := range f.Args {
			if err := p.checkFuncArg(f.Name, a.Text); err != nil {
				return err
			}
		}
	}
	return nil
}

// checkExactIssueRef refuses a value of an issue field that is not an
// issue key or id written exactly: " HR-1", "HR-1\t" or a fullwidth "HR-１"
// would slip past the allowlist check, and Jira's answer would still tell
// whether such an issue exists.
func (p *Policy) checkExactIssueRef(ref string) error {
	if _, ok := looksLikeKey(ref); ok && !issueKeyRE().MatchString(ref) {
		return &QueryError{Msg: fmt.Sprintf("issue key %q must be written exactly, such as ENG-42, without spaces or other characters", ref)}
	}
	return p.checkIssueRef(ref)
}

// looksLikeKey reports whether s, with surrounding space and control
// characters removed and fullwidth forms folded to ASCII, is an issue key,
// and returns that key.
func looksLikeKey(s string) (string, bool) {
	folded := strings.Map(func(r rune) rune {
		switch {
		case r >= 0xFF01 && r <= 0xFF5E: // fullwidth ASCII
			return r - 0xFEE0
		case r == 0x200B || r == 0x200C || r == 0x200D || r == 0xFEFF: // zero-width
			return -1
		}
		return r
	}, s)
	folded = strings.TrimFunc(folded, func(r rune) bool { return unicode.IsSpace(r) || unicode.IsControl(r) })
	if issueKeyRE().MatchString(folded) {
		return folded, true
	}
	return "", false
}

// checkIssueRef refuses issue keys whose project is outside the allowlist
// and numeric ids, which could probe any project. The key's prefix is only
// ever grounds to refuse: what an issue really belongs to is checked on
// Atlassian's answer.
func (p *Policy) checkIssueRef(ref string) error {
	if m := issueKeyRE().FindStringSubmatch(ref); m != nil {
		if !p.AllowsProject(m[1]) {
			return p.DenyOutside("issue", strings.ToUpper(ref))
		}
		return nil
	}
	if isDigits(ref) {
		return &QueryError{Msg: fmt.Sprintf("numeric issue id %s in JQL cannot be checked against this Claw's allowlist; use the issue key (e.g. ENG-42)", ref)}
	}
	return nil
}

// checkFuncArg applies checkIssueRef to function arguments that look like
// issue references, such as linkedIssues(HR-1).
func (p *Policy) checkFuncArg(fn, arg string) error {
	if _, ok := looksLikeKey(arg); ok {
		return p.checkExactIssueRef(arg)
	}
	if isDigits(arg) && strings.Contains(strings.ToLower(fn), "issue") {
		return p.checkIssueRef(arg)
	}
	return nil
}

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// CQL checks an agent's CQL against the space allowlist and returns the
// query Confluence should run, wrapped as `space IN (…) AND (…)`. It
// refuses queries it cannot parse and queries that name spaces outside the
// allowlist.
func (p *Policy) CQL(q string) (string, error) {
	if len(p.Spaces) == 0 {
		return "", &Denial{Kind: "space", Msg: "this Claw may use no Confluence space"}
	}
	if p.AllSpaces() {
		return q, nil // nothing to confine: Confluence's own parser judges the query
	}
	parsed, err := cql.Parse(q)
	if err != nil {
		var se *cql.SyntaxError
		if errors.As(err, &se) {
			return "", &QueryError{Msg: "invalid CQL: " + se.Error()}
		}
		return "", &QueryError{Msg: "invalid CQL: " + err.Error()}
	}
	var refusal error
	cql.Walk(parsed.Where, func(e cql.Expr) bool {
		c, ok := e.(*cql.Clause)
		if !ok || refusal != nil {
			return refusal == nil
		}
		name := strings.ToLower(c.Field.Name)
		if name != "space" && name != "space.key" {
			if name == "space.id" {
				refusal = &QueryError{Msg: "space.id in CQL cannot be checked against this Claw's allowlist; use space keys (space = ENGDOCS)"}
			}
			return refusal == nil
		}
		cql.WalkOperand(c.Operand, func(o cql.Operand) bool {
			if v, ok := o.(*cql.Value); ok && !p.AllowsSpace(v.Text) {
				refusal = p.DenySpace(v.Text)
			}
			return refusal == nil
		})
		return refusal == nil
	})
	if refusal != nil {
		return "", refusal
	}
	spaces := make([]string, len(p.Spaces))
	copy(spaces, p.Spaces)
	sort.Strings(spaces)
	return cql.Constrain(parsed, "space", spaces).String(), nil
}
