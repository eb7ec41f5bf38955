package atlassian

import (
	"slices"
	"strings"
)

// An Op is one Atlassian REST operation the client calls: the audit action
// name, the method and the path template as Atlassian's OpenAPI spec writes
// it, and the OAuth scopes the spec says it needs. A tool that calls an Op
// needs its full classic set or its full granular set; a test checks every
// Op against ../shared/specs.
type Op struct {
	Action   string
	Spec     string // "jira", "agile", "confluence-v2" or "confluence-v1"
	Method   string
	Path     string
	Classic  []string
	Granular []string
}

// Jira platform operations.
var (
	OpMyself = Op{"jira.myself.get", "jira", "GET", "/rest/api/3/myself",
		[]string{"read:jira-user"},
		[]string{"read:application-role:jira", "read:group:jira", "read:user:jira", "read:avatar:jira"}}
	OpSearchJQL = Op{"jira.issue.search", "jira", "POST", "/rest/api/3/search/jql",
		[]string{"read:jira-work"},
		[]string{"read:issue-details:jira", "read:field.default-value:jira", "read:field.option:jira", "read:field:jira", "read:group:jira"}}
	OpGetIssue = Op{"jira.issue.get", "jira", "GET", "/rest/api/3/issue/{issueIdOrKey}",
		[]string{"read:jira-work"},
		[]string{"read:issue-meta:jira", "read:issue-security-level:jira", "read:issue.vote:jira", "read:issue.changelog:jira", "read:avatar:jira", "read:issue:jira", "read:status:jira", "read:user:jira", "read:field-configuration:jira"}}
	OpCreateIssue = Op{"jira.issue.create", "jira", "POST", "/rest/api/3/issue",
		[]string{"write:jira-work"},
		[]string{"write:issue:jira", "write:comment:jira", "write:comment.property:jira", "write:attachment:jira", "read:issue:jira"}}
	OpSearchProjects = Op{"jira.project.search", "jira", "GET", "/rest/api/3/project/search",
		[]string{"read:jira-work"},
		[]string{"read:issue-type:jira", "read:project:jira", "read:project.property:jira", "read:user:jira", "read:application-role:jira", "read:avatar:jira", "read:group:jira", "read:issue-type-hierarchy:jira", "read:project-category:jira", "read:project-version:jira", "read:project.component:jira"}}
	OpFields = Op{"jira.field.list", "jira", "GET", "/rest/api/3/field",
		[]string{"read:jira-work"},
		[]string{"read:field:jira", "read:avatar:jira", "read:project-category:jira", "read:project:jira", "read:field-configuration:jira"}}
)

// Writes reports whether o may change something at Atlassian: any method
// but GET, unless every scope it needs, classic and granular, is a read
// scope (as for the searches that POST their query). A write:, delete: or
// any other scope makes it a write, so an operation added later errs on the
// side of being recorded before it is sent.
func (o Op) Writes() bool {
	if o.Method == "GET" {
		return false
	}
	read := func(s string) bool { return strings.HasPrefix(s, "read:") }
	return !(len(o.Classic)+len(o.Granular) > 0 && allOf(o.Classic, read) && allOf(o.Granular, read))
}

func allOf(ss []string, f func(string) bool) bool {
	return !slices.ContainsFunc(ss, func(s string) bool { return !f(s) })
}

// Ops lists every operation the client can call.
func Ops() []Op {
	var ops []Op
	ops = append(ops, jiraOps()...)
	ops = append(ops, agileOps()...)
	ops = append(ops, confluenceOps()...)
	return ops
}

func jiraOps() []Op {
	return append([]Op{OpMyself, OpSearchJQL, OpGetIssue, OpCreateIssue, OpSearchProjects, OpFields}, lifecycleOps()...)
}

// Needs returns the scopes a tool needs to call all of ops: the union of
// their classic sets and the union of their granular sets. When any op has
// no classic set (Jira Software documents none), classic scopes cannot
// enable the tool, and the classic result is nil.
func Needs(ops ...Op) (classic, granular []string) {
	noClassic := false
	for _, o := range ops {
		noClassic = noClassic || len(o.Classic) == 0
		classic = appendNew(classic, o.Classic...)
		granular = appendNew(granular, o.Granular...)
	}
	if noClassic {
		classic = nil
	}
	slices.Sort(classic)
	slices.Sort(granular)
	return classic, granular
}

func appendNew(dst []string, vals ...string) []string {
	for _, v := range vals {
		if !slices.Contains(dst, v) {
			dst = append(dst, v)
		}
	}
	return dst
}
