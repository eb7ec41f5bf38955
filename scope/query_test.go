package scope

import (
	"errors"
	"strings"
	"testing"

	"github.com/clawbridge/atlassian-mcp/scope/cql"
	"github.com/clawbridge/atlassian-mcp/scope/jql"
)

var engOps = &Policy{Claw: "eng", Projects: []string{"ENG", "OPS"}, Spaces: []string{"ENGDOCS"}}

func TestJQLIsConstrained(t *testing.T) {
	cases := []struct{ in, want string }{
		{`status = "In Progress"`, `project IN ("ENG", "OPS") AND status = "In Progress"`},
		{`assignee = currentUser() OR reporter = currentUser() ORDER BY updated DESC`,
			`project IN ("ENG", "OPS") AND (assignee = currentUser() OR reporter = currentUser()) ORDER BY updated DESC`},
		{`project = eng AND text ~ "cart"`, `project IN ("ENG", "OPS") AND (project = eng AND text ~ "cart")`},
		{`ORDER BY key`, `project IN ("ENG", "OPS") ORDER BY key`},
		{`key in (ENG-1, OPS-2)`, `project IN ("ENG", "OPS") AND key IN (ENG-1, OPS-2)`},
		{`issue in linkedIssues(ENG-2, "blocks")`, `project IN ("ENG", "OPS") AND issue IN linkedIssues(ENG-2, "blocks")`},
	}
	for _, c := range cases {
		got, err := engOps.JQL(c.in)
		if err != nil {
			t.Errorf("JQL(%q): %v", c.in, err)
			continue
		}
		if got != c.want {
			t.Errorf("JQL(%q)\n = %s\nwant %s", c.in, got, c.want)
		}
		q, err := jql.Parse(got)
		if err != nil {
			t.Errorf("constrained %q does not parse: %v", got, err)
			continue
		}
		first, _ := q.Where.(*jql.Clause)
		if root, ok := q.Where.(*jql.And); ok {
			first, _ = root.Left.(*jql.Clause)
		}
		if first == nil || first.Field.Name != "project" || first.Operator != jql.In {
			t.Errorf("constrained %q: left of the root is not the project constraint", got)
		}
	}
}

func TestJQLRefusals(t *testing.T) {
	cases := []struct {
		in, want string
		denial   bool
	}{
		{`project = HR`, "project HR is not in this Claw's allowlist; allowed: ENG, OPS", true},
		{`project in (ENG, HR)`, "project HR is not in this Claw's allowlist", true},
		{`project = "People & HR"`, "project People & HR is not in this Claw's allowlist", true},
		{`project = 10002`, "project 10002 is not in this Claw's allowlist", true},
		{`key = HR-1`, "issue HR-1 was not found in the projects this Claw may use", true},
		{`issuekey in (ENG-1, FIN-2)`, "issue FIN-2", true},
		{`parent = HR-5`, "issue HR-5", true},
		{`issue in linkedIssues("HR-1")`, "issue HR-1", true},
		{`id = 10050`, "numeric issue id 10050", false},
		{`issue in linkedIssues(10050)`, "numeric issue id 10050", false},
		{`filter = 10001`, "saved filters", true},
		{`savedFilter = "My HR filter"`, "saved filters", true},
		{`issueFunction in subtasksOf("project = HR")`, "JQL-running app functions", true},
		{`status = Done) OR (project = HR`, "invalid JQL", false},
		{`summary ~ "unterminated`, "invalid JQL", false},
		{`status = Done OR project = HR`, "project HR", true},
		{`NOT project = HR`, "project HR", true},
		{`status WAS "Done" BY eve BEFORE "2026-01-01" AND project != HR`, "project HR", true},
		{`key = ENGR-1`, "issue ENGR-1", true},
		{`key = " HR-1"`, "must be written exactly", false},
		{`key = "HR-1\t"`, "must be written exactly", false},
		{`key = "HR-１"`, "must be written exactly", false},
		{`parent = " HR-1"`, "must be written exactly", false},
		{`issue in linkedIssues(" HR-1")`, "must be written exactly", false},
		{`cf[10014] = HR-1`, "issue HR-1", true},
		{`"Parent Link" = HR-1`, "issue HR-1", true},
		{`"Epic Link" in (HR-1, ENG-2)`, "issue HR-1", true},
	}
	for _, c := range cases {
		got, err := engOps.JQL(c.in)
		if err == nil {
			t.Errorf("JQL(%q) = %q, want a refusal", c.in, got)
			continue
		}
		if !strings.Contains(err.Error(), c.want) {
			t.Errorf("JQL(%q): %q lacks %q", c.in, err, c.want)
		}
		var d *Denial
		if errors.As(err, &d) != c.denial {
			t.Errorf("JQL(%q): denial %v, want %v (%T)", c.in, !c.denial, c.denial, err)
		}
	}
	if _, err := (&Policy{}).JQL("status = Done"); err == nil {
		t.Error("a Claw without projects ran JQL")
	}
}

// TestTextSearchMayMentionOtherKeys checks that looking for a key's text
// in allowed issues is not a reference to that issue.
func TestTextSearchMayMentionOtherKeys(t *testing.T) {
	for _, q := range []string{`text ~ "FIN-2"`, `summary ~ HR-1`, `comment !~ "OPS-3"`, `key = " ENG-1 "`} {
		_, err := engOps.JQL(q)
		if (err != nil) != strings.HasPrefix(q, "key") {
			t.Errorf("JQL(%q): %v", q, err)
		}
	}
}

func TestCQLIsConstrained(t *testing.T) {
	got, err := engOps.CQL(`type = page AND text ~ "runbook" ORDER BY lastmodified DESC`)
	if err != nil {
		t.Fatal(err)
	}
	if got != `space IN ("ENGDOCS") AND (type = page AND text ~ "runbook") ORDER BY lastmodified DESC` {
		t.Errorf("CQL = %s", got)
	}
	for in, want := range map[string]string{
		`space = HRDOCS`:                    "space HRDOCS is not in this Claw's allowlist; allowed: ENGDOCS",
		`space.key in (ENGDOCS, HRDOCS)`:    "space HRDOCS",
		`space.id = 98304`:                  "space.id in CQL",
		`title ~ "x" OR space = HRDOCS`:     "space HRDOCS",
		`title = "a" ) OR ( space = HRDOCS`: "invalid CQL",
	} {
		if _, err := engOps.CQL(in); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("CQL(%q): %v, want %q", in, err, want)
		}
	}
}

// FuzzJQLGuard checks that whatever the guard lets through parses again and
// stays inside the project constraint.
func FuzzJQLGuard(f *testing.F) {
	for _, s := range []string{`status = Done`, `project = HR`, `a = b OR c = d ORDER BY e`, `) OR (`, `key in (ENG-1)`, `NOT x = y`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		out, err := engOps.JQL(s)
		if err != nil {
			return
		}
		q, err := jql.Parse(out)
		if err != nil {
			if strings.Count(s, "(") < jql.MaxDepth-1 {
				t.Fatalf("guard output %q does not parse: %v", out, err)
			}
			return
		}
		var first *jql.Clause
		switch w := q.Where.(type) {
		case *jql.And:
			first, _ = w.Left.(*jql.Clause)
		case *jql.Clause:
			first = w
		}
		if first == nil || first.Field.Name != "project" || first.Operator != jql.In {
			t.Fatalf("guard output %q escapes the project constraint", out)
		}
		again, err := engOps.JQL(out)
		if err == nil && again != jql.Constrain(q, "project", []string{"ENG", "OPS"}).String() {
			t.Fatalf("guarding twice is not stable: %q then %q", out, again)
		}
	})
}

// FuzzCQLGuard is FuzzJQLGuard for CQL.
func FuzzCQLGuard(f *testing.F) {
	for _, s := range []string{`type = page`, `space = HRDOCS`, `title ~ a OR text ~ b`, `) OR (`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		out, err := engOps.CQL(s)
		if err != nil {
			return
		}
		q, err := cql.Parse(out)
		if err != nil {
			if strings.Count(s, "(") < cql.MaxDepth-1 {
				t.Fatalf("guard output %q does not parse: %v", out, err)
			}
			return
		}
		var first *cql.Clause
		switch w := q.Where.(type) {
		case *cql.And:
			first, _ = w.Left.(*cql.Clause)
		case *cql.Clause:
			first = w
		}
		if first == nil || first.Field.Name != "space" {
			t.Fatalf("guard output %q escapes the space constraint", out)
		}
	})
}

func TestAllowAllPassesQueriesThrough(t *testing.T) {
	all := &Policy{Projects: []string{All}, Spaces: []string{All}}
	for _, q := range []string{"project = HR AND status == Done", "filter = 1"} {
		if got, err := all.JQL(q); err != nil || got != q {
			t.Errorf("JQL(%q) under allow-all = %q, %v; want it unchanged for Jira to judge", q, got, err)
		}
	}
	if got, err := all.CQL("space = HRDOCS"); err != nil || got != "space = HRDOCS" {
		t.Errorf("CQL under allow-all = %q, %v", got, err)
	}
}
