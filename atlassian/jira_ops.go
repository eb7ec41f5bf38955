package atlassian

// Jira platform operations of the issue lifecycle: metadata, edits,
// transitions, comments, links and users. Scopes are the spec's.
var (
	OpCreateMetaTypes = Op{"jira.createmeta.types", "jira", "GET", "/rest/api/3/issue/createmeta/{projectIdOrKey}/issuetypes",
		[]string{"read:jira-work"},
		[]string{"read:issue-meta:jira", "read:avatar:jira", "read:field-configuration:jira"}}
	OpCreateMetaFields = Op{"jira.createmeta.fields", "jira", "GET", "/rest/api/3/issue/createmeta/{projectIdOrKey}/issuetypes/{issueTypeId}",
		[]string{"read:jira-work"},
		[]string{"read:issue-meta:jira", "read:avatar:jira", "read:field-configuration:jira"}}
	OpEditIssue = Op{"jira.issue.edit", "jira", "PUT", "/rest/api/3/issue/{issueIdOrKey}",
		[]string{"write:jira-work"},
		[]string{"write:issue:jira"}}
	OpTransitions = Op{"jira.issue.transitions", "jira", "GET", "/rest/api/3/issue/{issueIdOrKey}/transitions",
		[]string{"read:jira-work"},
		[]string{"read:issue.transition:jira", "read:status:jira", "read:field-configuration:jira"}}
	OpDoTransition = Op{"jira.issue.transition", "jira", "POST", "/rest/api/3/issue/{issueIdOrKey}/transitions",
		[]string{"write:jira-work"},
		[]string{"write:issue:jira", "write:issue.property:jira"}}
	OpAddComment = Op{"jira.comment.add", "jira", "POST", "/rest/api/3/issue/{issueIdOrKey}/comment",
		[]string{"write:jira-work"},
		[]string{"read:comment:jira", "read:comment.property:jira", "read:group:jira", "read:project:jira", "read:project-role:jira", "read:user:jira", "write:comment:jira", "read:avatar:jira"}}
	OpLinkIssues = Op{"jira.issuelink.create", "jira", "POST", "/rest/api/3/issueLink",
		[]string{"write:jira-work"},
		[]string{"write:comment:jira", "write:issue:jira", "write:issue-link:jira"}}
	OpLinkTypes = Op{"jira.issuelinktype.list", "jira", "GET", "/rest/api/3/issueLinkType",
		[]string{"read:jira-work"},
		[]string{"read:issue-link-type:jira"}}
	OpAssignableUsers = Op{"jira.user.assignable", "jira", "GET", "/rest/api/3/user/assignable/search",
		[]string{"read:jira-user"},
		[]string{"read:issue:jira", "read:project:jira", "read:user:jira", "read:application-role:jira", "read:avatar:jira", "read:group:jira"}}
)

// lifecycleOps lists the operations above, for jiraOps.
func lifecycleOps() []Op {
	return []Op{OpCreateMetaTypes, OpCreateMetaFields, OpEditIssue, OpTransitions, OpDoTransition,
		OpAddComment, OpLinkIssues, OpLinkTypes, OpAssignableUsers}
}
