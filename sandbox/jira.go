package sandbox

import (
	"net/http"
	"sort"
	"strings"
)

// Scope sets shared by the Jira platform operations, as the spec lists them
// (classic "Current" set, granular "Beta" set).
var (
	readJiraWork  = []string{"read:jira-work"}
	writeJiraWork = []string{"write:jira-work"}
	readJiraUser  = []string{"read:jira-user"}
)

func jiraOps() []op {
	j := func(method, path string, classic, granular []string, h func(*call)) op {
		return op{product: "jira", method: method, path: path, classic: classic, granular: granular, handle: h}
	}
	return []op{
		j("GET", "/rest/api/3/myself", readJiraUser,
			[]string{"read:application-role:jira", "read:group:jira", "read:user:jira", "read:avatar:jira"}, (*call).myself),
		j("GET", "/rest/api/3/project/search", readJiraWork,
			[]string{"read:issue-type:jira", "read:project:jira", "read:project.property:jira", "read:user:jira", "read:application-role:jira", "read:avatar:jira", "read:group:jira", "read:issue-type-hierarchy:jira", "read:project-category:jira", "read:project-version:jira", "read:project.component:jira"}, (*call).projectSearch),
		j("GET", "/rest/api/3/field", readJiraWork,
			[]string{"read:field:jira", "read:avatar:jira", "read:project-category:jira", "read:project:jira", "read:field-configuration:jira"}, (*call).fields),
		j("POST", "/rest/api/3/issue", writeJiraWork,
			[]string{"write:issue:jira", "write:comment:jira", "write:comment.property:jira", "write:attachment:jira", "read:issue:jira"}, (*call).createIssue),
		j("GET", "/rest/api/3/issue/{key}", readJiraWork,
			[]string{"read:issue-meta:jira", "read:issue-security-level:jira", "read:issue.vote:jira", "read:issue.changelog:jira", "read:avatar:jira", "read:issue:jira", "read:status:jira", "read:user:jira", "read:field-configuration:jira"}, (*call).getIssue),
		j("GET", "/rest/api/3/issue/createmeta/{project}/issuetypes", readJiraWork,
			[]string{"read:issue-meta:jira", "read:avatar:jira", "read:field-configuration:jira"}, (*call).createMetaIssueTypes),
		j("GET", "/rest/api/3/issue/createmeta/{project}/issuetypes/{type}", readJiraWork,
			[]string{"read:issue-meta:jira", "read:avatar:jira", "read:field-configuration:jira"}, (*call).createMetaFields),
		j("GET", "/rest/api/3/issue/{key}/editmeta", readJiraWork,
			[]string{"read:issue-meta:jira", "read:field-configuration:jira"}, (*call).editMeta),
		j("PUT", "/rest/api/3/issue/{key}", writeJiraWork, []string{"write:issue:jira"}, (*call).editIssue),
		j("GET", "/rest/api/3/issue/{key}/transitions", readJiraWork,
			[]string{"read:issue.transition:jira", "read:status:jira", "read:field-configuration:jira"}, (*call).getTransitions),
		j("POST", "/rest/api/3/issue/{key}/transitions", writeJiraWork,
			[]string{"write:issue:jira", "write:issue.property:jira"}, (*call).doTransition),
		j("POST", "/rest/api/3/issue/{key}/comment", writeJiraWork,
			[]string{"read:comment:jira", "read:comment.property:jira", "read:group:jira", "read:project:jira", "read:project-role:jira", "read:user:jira", "write:comment:jira", "read:avatar:jira"}, (*call).addComment),
		j("POST", "/rest/api/3/issueLink", writeJiraWork,
			[]string{"write:comment:jira", "write:issue:jira", "write:issue-link:jira"}, (*call).linkIssues),
		j("GET", "/rest/api/3/issueLinkType", readJiraWork, []string{"read:issue-link-type:jira"}, (*call).issueLinkTypes),
		j("GET", "/rest/api/3/user/assignable/search", readJiraUser,
			[]string{"read:issue:jira", "read:project:jira", "read:user:jira", "read:application-role:jira", "read:avatar:jira", "read:group:jira"}, (*call).assignableUsers),
		j("GET", "/rest/api/3/search/jql", readJiraWork,
			[]string{"read:issue-details:jira", "read:audit-log:jira", "read:avatar:jira", "read:field-configuration:jira", "read:issue-meta:jira"}, (*call).searchGet),
		j("POST", "/rest/api/3/search/jql", readJiraWork,
			[]string{"read:issue-details:jira", "read:field.default-value:jira", "read:field.option:jira", "read:field:jira", "read:group:jira"}, (*call).searchPost),
		j("GET", "/rest/api/3/search", readJiraWork,
			[]string{"read:issue-details:jira", "read:audit-log:jira", "read:avatar:jira", "read:field-configuration:jira", "read:issue-meta:jira"}, (*call).searchRemoved),
		j("POST", "/rest/api/3/search", readJiraWork,
			[]string{"read:issue-details:jira", "read:field.default-value:jira", "read:field.option:jira", "read:field:jira", "read:group:jira"}, (*call).searchRemoved),
	}
}

func (c *call) myself() {
	c.ok(c.userJSON(c.who.AccountID))
}

func (c *call) projectSearch() {
	startAt, ok := c.intParam("startAt", 0)
	if !ok {
		return
	}
	maxResults, ok := c.intParam("maxResults", 50)
	if !ok {
		return
	}
	if maxResults > 100 {
		maxResults = 100
	}
	q := strings.ToLower(c.r.URL.Query().Get("query"))
	keys := map[string]bool{}
	for _, k := range listParam(c.r, "keys") {
		keys[strings.ToUpper(k)] = true
	}
	var all []*Project
	for _, p := range c.site.Projects {
		if !c.site.canBrowse(c.who.AccountID, p) {
			continue
		}
		if q != "" && !strings.Contains(strings.ToLower(p.Key), q) && !strings.Contains(strings.ToLower(p.Name), q) {
			continue
		}
		if len(keys) > 0 && !keys[p.Key] {
			continue
		}
		all = append(all, p)
	}
	sort.Slice(all, func(i, j int) bool { return all[i].Key < all[j].Key })
	page := all[min(startAt, len(all)):min(startAt+maxResults, len(all))]
	values := []any{}
	for _, p := range page {
		m := c.projectJSON(p)
		m["description"] = p.Description
		if lead := c.userJSON(p.LeadID); lead != nil && strings.Contains(c.r.URL.Query().Get("expand"), "lead") {
			m["lead"] = lead
		}
		values = append(values, m)
	}
	isLast := startAt+len(page) >= len(all)
	out := map[string]any{
		"self": c.base + c.r.URL.RequestURI(), "maxResults": maxResults, "startAt": startAt,
		"total": len(all), "isLast": isLast, "values": values,
	}
	if !isLast {
		out["nextPage"] = c.base + "/rest/api/3/project/search?startAt=" + itoa(startAt+len(page)) + "&maxResults=" + itoa(maxResults)
	}
	c.ok(out)
}

func (c *call) fields() {
	out := []any{}
	for _, f := range c.site.Fields {
		schema := schemaJSON(f)
		clauses := f.ClauseName
		if clauses == nil {
			clauses = []string{f.ID}
			if f.Custom {
				clauses = []string{"cf[" + itoa(f.CustomID) + "]", f.Name}
			}
		}
		out = append(out, map[string]any{
			"id": f.ID, "key": f.ID, "name": f.Name, "custom": f.Custom, "orderable": f.Orderable,
			"navigable": f.Navigable, "searchable": f.Searchable, "clauseNames": clauses, "schema": schema,
		})
	}
	c.ok(out)
}

// visibleIssue resolves an issue id or key the caller may browse. It
// answers 404 for issues that do not exist and for issues the caller may not
// see alike, as Jira does.
func (c *call) visibleIssue(ref string) *Issue {
	is := c.site.issue(ref)
	if is == nil || !c.site.canBrowse(c.who.AccountID, is.Project) {
		c.jiraError(http.StatusNotFound, []string{"Issue does not exist or you do not have permission to see it."}, nil)
		return nil
	}
	return is
}

func (c *call) getIssue() {
	is := c.visibleIssue(c.r.PathValue("key"))
	if is == nil {
		return
	}
	sel := parseFieldSelection(listParam(c.r, "fields"), "*all")
	expand := c.r.URL.Query().Get("expand")
	out := c.issueJSON(is, sel, strings.Contains(expand, "names"))
	if strings.Contains(expand, "changelog") {
		out["changelog"] = c.changelogJSON(is)
	}
	if strings.Contains(expand, "editmeta") {
		out["editmeta"] = c.editMetaJSON(is)
	}
	c.ok(out)
}

func (c *call) searchRemoved() {
	c.jiraError(http.StatusGone, []string{"The requested API has been removed. Please migrate to the /rest/api/3/search/jql API. A full migration guideline is available at https://developer.atlassian.com/changelog/#CHANGE-2046"}, nil)
}
