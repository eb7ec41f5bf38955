package sandbox

import (
	"strings"
	"time"
)

// Seeded users of the main site. Ben may not browse HR or FIN, so tests can
// check Jira's 404 for issues a user cannot see.
var acmeUsers = []*User{
	{AccountID: UserID, Email: "ana.lima@acme.example", DisplayName: "Ana Lima", TimeZone: "Europe/Lisbon", Active: true, APIToken: "sandbox-api-token-ana", PAT: "sandbox-pat-ana"},
	{AccountID: "712020:ben-okafor", Email: "ben.okafor@acme.example", DisplayName: "Ben Okafor", TimeZone: "Europe/London", Active: true, APIToken: "sandbox-api-token-ben"},
	{AccountID: "712020:chen-wei", Email: "chen.wei@acme.example", DisplayName: "Chen Wei", TimeZone: "Asia/Singapore", Active: true},
	{AccountID: "712020:dana-schultz", Email: "dana.schultz@acme.example", DisplayName: "Dana Schultz", TimeZone: "Europe/Berlin", Active: true},
	{AccountID: "712020:dana-silva", Email: "dana.silva@acme.example", DisplayName: "Dana Silva", TimeZone: "America/Sao_Paulo", Active: true},
	{AccountID: "712020:eve-martin", Email: "eve.martin@acme.example", DisplayName: "Eve Martin", TimeZone: "America/New_York", Active: true},
	{AccountID: "712020:farid-haddad", Email: "farid.haddad@acme.example", DisplayName: "Farid Haddad", TimeZone: "Asia/Dubai", Active: true},
	{AccountID: "712020:gus-former", Email: "gus.ng@acme.example", DisplayName: "Gus Ng", TimeZone: "Australia/Sydney", Active: false},
}

var shortUser = map[string]string{
	"ana": UserID, "ben": "712020:ben-okafor", "chen": "712020:chen-wei", "dana": "712020:dana-schultz",
	"danas": "712020:dana-silva", "eve": "712020:eve-martin", "farid": "712020:farid-haddad", "": "",
}

func seedFields() []*Field {
	sys := func(id, name, typ, system string, items string) *Field {
		return &Field{ID: id, Name: name, SchemaType: typ, System: system, Items: items, Navigable: true, Searchable: true, Orderable: true}
	}
	cust := func(n int, name, typ, items, custom string, opts ...string) *Field {
		return &Field{ID: "customfield_" + itoa(n), Name: name, Custom: true, CustomID: n, SchemaType: typ, Items: items,
			CustomType: custom, Options: opts, Navigable: true, Searchable: true, Orderable: true}
	}
	return []*Field{
		sys("summary", "Summary", "string", "summary", ""),
		sys("description", "Description", "string", "description", ""),
		sys("status", "Status", "status", "status", ""),
		sys("priority", "Priority", "priority", "priority", ""),
		sys("issuetype", "Issue Type", "issuetype", "issuetype", ""),
		sys("project", "Project", "project", "project", ""),
		sys("assignee", "Assignee", "user", "assignee", ""),
		sys("reporter", "Reporter", "user", "reporter", ""),
		sys("creator", "Creator", "user", "creator", ""),
		sys("labels", "Labels", "array", "labels", "string"),
		sys("components", "Components", "array", "components", "component"),
		sys("created", "Created", "datetime", "created", ""),
		sys("updated", "Updated", "datetime", "updated", ""),
		sys("resolution", "Resolution", "resolution", "resolution", ""),
		sys("resolutiondate", "Resolved", "datetime", "resolutiondate", ""),
		sys("duedate", "Due date", "date", "duedate", ""),
		sys("comment", "Comment", "comments-page", "comment", ""),
		sys("issuelinks", "Linked Issues", "array", "issuelinks", "issuelinks"),
		sys("subtasks", "Sub-tasks", "array", "subtasks", "issuelinks"),
		sys("parent", "Parent", "issuelink", "parent", ""),
		cust(10016, "Story point estimate", "number", "", "com.pyxis.greenhopper.jira:jsw-story-points"),
		cust(10026, "Story Points", "number", "", "com.atlassian.jira.plugin.system.customfieldtypes:float"),
		cust(10020, "Sprint", "array", "json", "com.pyxis.greenhopper.jira:gh-sprint"),
		cust(10021, "Flagged", "array", "option", "com.atlassian.jira.plugin.system.customfieldtypes:multicheckboxes", "Impediment"),
		cust(10030, "Severity", "option", "", "com.atlassian.jira.plugin.system.customfieldtypes:select", "Sev-1", "Sev-2", "Sev-3", "Sev-4"),
		cust(10031, "Team", "option", "", "com.atlassian.jira.plugin.system.customfieldtypes:select", "Platform", "Payments", "Mobile", "SRE", "People Ops"),
		cust(10032, "Customer Impact", "string", "", "com.atlassian.jira.plugin.system.customfieldtypes:textfield"),
	}
}

func seedAcme(now time.Time) *Site {
	s := &Site{CloudID: CloudID, Slug: "acme", Name: "acme", Users: acmeUsers, Fields: seedFields(),
		byKey: map[string]*Issue{}, nextID: 10000,
		Browse: map[string][]string{"712020:ben-okafor": {"ENG", "OPS", "ENGR"}}}
	s.Projects = []*Project{
		{ID: 10000, Key: "ENG", Name: "Engineering", Description: "Product engineering: web, API and mobile.", TypeKey: "software", LeadID: UserID,
			StoryPointsField: "customfield_10026", Components: []string{"API", "Web", "Mobile", "Infrastructure"}},
		{ID: 10001, Key: "OPS", Name: "Operations", Description: "Site reliability, on-call and infrastructure operations.", TypeKey: "software", Simplified: true,
			LeadID: "712020:farid-haddad", StoryPointsField: "customfield_10016", Components: []string{"Monitoring", "Networking", "Databases"}},
		{ID: 10002, Key: "HR", Name: "People & HR", Description: "Hiring, onboarding, payroll and people operations. Confidential.", TypeKey: "business",
			LeadID: "712020:eve-martin", Components: []string{"Hiring", "Payroll", "Onboarding"}},
		{ID: 10003, Key: "FIN", Name: "Finance", Description: "Budgets, vendor payments and audits. Confidential.", TypeKey: "business", LeadID: "712020:eve-martin"},
		{ID: 10004, Key: "ENGR", Name: "Engineering Recruiting", Description: "Recruiting pipeline for engineering roles.", TypeKey: "business", LeadID: "712020:eve-martin"},
	}
	day := 24 * time.Hour
	for i, si := range acmeIssues {
		p := s.project(si.proj)
		created := now.Add(-time.Duration(si.age)*day - time.Duration(i%7)*time.Hour)
		is := &Issue{Project: p, Type: si.typ, Summary: si.summary, Status: si.status, Priority: si.prio,
			Assignee: shortUser[si.assignee], Reporter: shortUser[firstNonEmpty(si.reporter, "ana")], Labels: si.labels,
			Components: si.components, Created: created, Updated: created.Add(time.Duration(si.age/3+1) * 7 * time.Hour),
			Description: seedDoc(si.desc)}
		if is.Updated.After(now) {
			is.Updated = now.Add(-time.Hour)
		}
		s.addIssue(is)
		if si.points > 0 && p.StoryPointsField != "" {
			is.Custom[p.StoryPointsField] = si.points
		}
		for k, v := range si.custom {
			is.Custom[k] = v
		}
		if si.parent != "" {
			is.Parent = s.issue(si.parent)
		}
		seedHistory(is, created)
	}
	seedComments(s, now)
	seedLinks(s)
	seedAgile(s, now)
	// A moved issue: filed in ENG, moved to HR. Its old key still resolves.
	moved := s.issue("ENG-36")
	moved.Description = seedDoc("Export the salary bands per engineering level for the compensation review. Moved to HR because it contains pay data.")
	s.moveIssue(moved, s.project("HR"))
	return s
}

// seedHistory records the status changes that led to an issue's status.
func seedHistory(is *Issue, created time.Time) {
	path := map[string][]string{
		"In Progress": {"To Do", "In Progress"},
		"In Review":   {"To Do", "In Progress", "In Review"},
		"Done":        {"To Do", "In Progress", "In Review", "Done"},
	}[is.Status]
	step := is.Updated.Sub(created) / time.Duration(len(path)+1)
	for i := 1; i < len(path); i++ {
		is.History = append(is.History, Change{At: created.Add(step * time.Duration(i)), By: firstNonEmpty(is.Assignee, is.Reporter),
			Field: "status", From: path[i-1], To: path[i]})
	}
	if is.Status == "Done" {
		is.Resolution = "Done"
		is.Resolved = is.Updated
	}
}

func seedComments(s *Site, now time.Time) {
	comments := []struct{ key, who, text string }{
		{"ENG-2", "ben", "I can reproduce this on Safari 18 only. Chrome and Firefox are fine."},
		{"ENG-2", "chen", "Root cause: the token refresh races with the cart save. Fix in progress."},
		{"ENG-5", "dana", "Load test results attached to the OPS ticket. p95 is 340 ms at 2k rps."},
		{"ENG-8", "ana", "Design review done. Going with server-side rendering for the summary page."},
		{"ENG-12", "chen", "Blocked on the payments sandbox credentials from the vendor."},
		{"OPS-1", "farid", "Paged twice this week. Raising the disk alert threshold to 85% as a stopgap."},
		{"OPS-4", "dana", "Runbook updated with the failover steps."},
		{"HR-1", "eve", "Offer letter approved by finance. Salary details are in the private folder."},
		{"HR-3", "eve", "Payroll cut-off moved to the 24th this month."},
	}
	for i, cm := range comments {
		is := s.issue(cm.key)
		at := is.Created.Add(time.Duration(i+1) * time.Hour)
		if at.After(now) {
			at = now
		}
		is.Comments = append(is.Comments, &Comment{ID: 10100 + i, Author: shortUser[cm.who], Body: seedDoc(cm.text), Created: at, Updated: at})
	}
}

func seedLinks(s *Site) {
	links := []struct{ typ, out, in string }{
		{"Blocks", "ENG-2", "ENG-5"},
		{"Blocks", "ENG-12", "ENG-13"},
		{"Relates", "ENG-7", "OPS-3"},
		{"Duplicate", "ENG-10", "ENG-11"},
		{"Relates", "HR-2", "ENG-4"},
	}
	for i, l := range links {
		s.Links = append(s.Links, &Link{ID: 10200 + i, Type: l.typ, Outward: s.issue(l.out), Inward: s.issue(l.in)})
	}
}

func seedBeta(now time.Time) *Site {
	s := &Site{CloudID: BetaCloudID, Slug: "beta", Name: "beta-labs", Fields: seedFields(), byKey: map[string]*Issue{}, nextID: 20000,
		Users: []*User{acmeUsers[0], acmeUsers[2]}}
	s.Projects = []*Project{{ID: 20000, Key: "LAB", Name: "Labs", Description: "Experiments.", TypeKey: "software", Simplified: true,
		LeadID: UserID, StoryPointsField: "customfield_10016"}}
	for i, sum := range []string{"Prototype voice commands", "Evaluate vector search engines", "Spike: offline sync"} {
		is := &Issue{Project: s.Projects[0], Type: "Task", Summary: sum, Status: "To Do", Priority: "Medium", Reporter: UserID,
			Created: now.Add(-time.Duration(10-i) * 24 * time.Hour), Updated: now.Add(-time.Duration(5-i) * 24 * time.Hour), Description: seedDoc(sum + ".")}
		s.addIssue(is)
	}
	return s
}

// seedDoc builds a small ADF document from text: paragraphs are separated
// by blank lines, lines starting with "- " become a bullet list, and a
// paragraph starting with "$ " becomes a shell code block.
func seedDoc(text string) []byte {
	var blocks []string
	for _, para := range strings.Split(text, "\n\n") {
		switch {
		case strings.HasPrefix(para, "- "):
			var items []string
			for _, line := range strings.Split(para, "\n") {
				items = append(items, `{"type":"listItem","content":[{"type":"paragraph","content":[`+textNode(strings.TrimPrefix(line, "- "))+`]}]}`)
			}
			blocks = append(blocks, `{"type":"bulletList","content":[`+strings.Join(items, ",")+`]}`)
		case strings.HasPrefix(para, "$ "):
			blocks = append(blocks, `{"type":"codeBlock","attrs":{"language":"shell"},"content":[`+textNode(para[2:])+`]}`)
		default:
			blocks = append(blocks, `{"type":"paragraph","content":[`+textNode(para)+`]}`)
		}
	}
	return []byte(`{"type":"doc","version":1,"content":[` + strings.Join(blocks, ",") + `]}`)
}

func textNode(s string) string {
	b, _ := jsonString(s)
	return `{"type":"text","text":` + b + `}`
}
