package e2e

import (
	"bufio"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/clawbridge/atlassian-mcp/config"
)

// engOnlyKey is the caller key of the eng-only Claw in the security tests.
const engOnlyKey = "amcp_security_test_key"

// writeEngOnlyConfig writes a configuration with one team Claw allowed only
// ENG and ENGDOCS, against the embedded sandbox, and returns its path.
func writeEngOnlyConfig(t *testing.T) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "claws.yaml")
	cfg := `claws:
  - name: eng-only
    visibility: team
    members: [` + config.HashKey(engOnlyKey) + `]
    connection: sandbox
    jira: {projects: [ENG]}
    confluence: {spaces: [ENGDOCS]}
`
	if err := os.WriteFile(path, []byte(cfg), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// An attempt is one try at reaching data outside the Claw's allowlist.
type attempt struct {
	name string
	tool string
	args map[string]any
}

// forbidden are strings that occur only in data outside ENG and ENGDOCS:
// HR, FIN and ENGR issues, the issue moved from ENG to HR, and HRDOCS
// pages. None may ever reach the agent, unless the agent wrote it itself.
// The last line holds the issues outside ENG that ENG issues point at in
// the seed: HR-2 relates to ENG-4, and ENG-7 relates to OPS-3 (no ENG
// issue has a parent or sprint outside ENG).
var forbidden = []string{
	"offer letter", "Offer letter", "payroll", "Payroll", "142,000", "tax code", "parental leave", "investigation case",
	"Salary band", "salary band", "benefits provider", "Q4 budget", "SEPA", "SOC 2", "Source candidates",
	"People & HR", "Finance", "Engineering Recruiting", "Eve Martin",
	"HR-2", "Onboarding plan", "mobile team lead", "OPS-3", "Centralise service logs", "OpenSearch",
}

// jiraReadAttempts try to read beyond ENG through the Jira read tools.
var jiraReadAttempts = []attempt{
	{"project clause", "jira_search", map[string]any{"jql": "project = HR"}},
	{"project list", "jira_search", map[string]any{"jql": "project in (ENG, HR)"}},
	{"parenthesis injection", "jira_search", map[string]any{"jql": "project = ENG) OR (project = HR"}},
	{"or clause", "jira_search", map[string]any{"jql": "status = Done OR project = HR"}},
	{"negated project", "jira_search", map[string]any{"jql": "NOT project != HR"}},
	{"issue key", "jira_search", map[string]any{"jql": "key = HR-1"}},
	{"issue keys in list", "jira_search", map[string]any{"jql": "issuekey in (ENG-1, HR-2)"}},
	{"project by name", "jira_search", map[string]any{"jql": `project = "People & HR"`}},
	{"project by id", "jira_search", map[string]any{"jql": "project = 10002"}},
	{"saved filter by id", "jira_search", map[string]any{"jql": "filter = 10000"}},
	{"saved filter by name", "jira_search", map[string]any{"jql": `savedFilter = "HR all"`}},
	{"linked issues function", "jira_search", map[string]any{"jql": "issue in linkedIssues(HR-2)"}},
	{"numeric id", "jira_search", map[string]any{"jql": "id = 10052"}},
	{"ORDER BY trick", "jira_search", map[string]any{"jql": "summary ~ offer ORDER BY key OR project = HR"}},
	{"quote injection", "jira_search", map[string]any{"jql": `summary ~ "x" OR project = HR OR summary ~ "y`}},
	{"unbalanced quote", "jira_search", map[string]any{"jql": `summary ~ "offer letter`}},
	{"parent clause", "jira_search", map[string]any{"jql": "parent = HR-5"}},
	{"look-alike project", "jira_search", map[string]any{"jql": "project = ENGR"}},
	{"look-alike key", "jira_search", map[string]any{"jql": "key = ENGR-1"}},
	{"app function running JQL", "jira_search", map[string]any{"jql": `issueFunction in subtasksOf("project = HR")`}},
	{"other project key", "jira_search", map[string]any{"jql": "text ~ salary OR key = FIN-1"}},
	{"read an HR issue", "jira_get_issue", map[string]any{"key": "HR-1"}},
	{"read a moved issue by its old ENG key", "jira_get_issue", map[string]any{"key": "ENG-36"}},
	{"read an HR issue by numeric id", "jira_get_issue", map[string]any{"key": "10052"}},
	{"read an HR issue in lower case", "jira_get_issue", map[string]any{"key": "hr-1"}},
	{"read a look-alike project's issue", "jira_get_issue", map[string]any{"key": "ENGR-1"}},
	{"read a Finance issue", "jira_get_issue", map[string]any{"key": "FIN-2"}},
}

// auditRecords reads the audit log's records.
func auditRecords(t *testing.T, path string) []map[string]any {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		if os.IsNotExist(err) {
			return nil
		}
		t.Fatal(err)
	}
	defer f.Close()
	var out []map[string]any
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		var r map[string]any
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			t.Fatalf("audit line %q: %v", sc.Text(), err)
		}
		out = append(out, r)
	}
	return out
}

func countDenied(recs []map[string]any) int {
	n := 0
	for _, r := range recs {
		if r["outcome"] == "denied" {
			n++
		}
	}
	return n
}

// runAttempts makes every attempt through s and checks that none leaks
// forbidden data and that each is audited as denied.
func runAttempts(t *testing.T, s *session, attempts []attempt) {
	t.Helper()
	auditPath := filepath.Join(s.dir, "audit.jsonl")
	for _, a := range attempts {
		before := countDenied(auditRecords(t, auditPath))
		res := s.call(a.tool, a.args)
		out := text(res)
		raw, _ := json.Marshal(res.StructuredContent)
		var buf strings.Builder
		enc := json.NewEncoder(&buf)
		enc.SetEscapeHTML(false)
		_ = enc.Encode(a.args)
		sent := strings.TrimSpace(buf.String())
		for _, f := range forbidden {
			if strings.Contains(sent, f) {
				continue // the agent's own words may be echoed back
			}
			if strings.Contains(out, f) || strings.Contains(string(raw), f) {
				t.Errorf("%s: %s(%s) leaked %q:\n%s", a.name, a.tool, sent, f, out)
			}
		}
		if !res.IsError {
			t.Errorf("%s: %s(%s) succeeded; want a refusal. Output:\n%s", a.name, a.tool, sent, out)
		}
		if after := countDenied(auditRecords(t, auditPath)); after <= before {
			t.Errorf("%s: %s(%s) was not audited as denied (output: %s)", a.name, a.tool, sent, out)
		}
	}
}

// TestEscapeAttempts runs every escape attempt through a Claw allowed only
// ENG and ENGDOCS, over stdio and streamable HTTP.
func TestEscapeAttempts(t *testing.T) {
	attempts := append([]attempt{}, jiraReadAttempts...)
	attempts = append(attempts, extraAttempts...)
	if len(attempts) < 40 {
		t.Logf("%d escape attempts so far; the goal is at least 40 once every tool family is guarded", len(attempts))
	}
	for _, kind := range []string{"stdio", "http"} {
		t.Run(kind, func(t *testing.T) {
			s := startKey(t, kind, engOnlyKey, nil, "--sandbox", "--config", writeEngOnlyConfig(t))
			runAttempts(t, s, attempts)
		})
	}
}

// extraAttempts are added by the files that test other tool families.
var extraAttempts []attempt

// TestListsShowOnlyTheAllowlist checks list tools and searches: nothing
// outside ENG appears, and nothing is denied, since nothing was asked for.
func TestListsShowOnlyTheAllowlist(t *testing.T) {
	s := startKey(t, "stdio", engOnlyKey, nil, "--sandbox", "--config", writeEngOnlyConfig(t))
	txt, _ := s.ok("jira_list_projects", map[string]any{})
	mustContain(t, txt, "1 projects", "ENG — Engineering")
	mustNotContain(t, txt, "OPS", "HR", "FIN", "ENGR")
	txt, _ = s.ok("jira_list_boards", map[string]any{})
	mustContain(t, txt, "ENG board")
	mustNotContain(t, txt, "OPS")
	txt, _ = s.ok("confluence_list_spaces", map[string]any{})
	mustContain(t, txt, "ENGDOCS")
	mustNotContain(t, txt, "OPSDOCS", "HRDOCS")
	txt, _ = s.ok("jira_find_users", map[string]any{"query": "a", "project": "ENG"})
	mustNotContain(t, txt, "HR-", "OPS-")
	txt, _ = s.ok("jira_search", map[string]any{"jql": "labels = confidential OR priority = Highest ORDER BY key", "limit": 100})
	mustContain(t, txt, "ENG-14", "ENG-34")
	for _, f := range append(forbidden, "HR-", "FIN-", "OPS-", "ENGR-") {
		if strings.Contains(txt, f) {
			t.Errorf("search output contains %q:\n%s", f, txt)
		}
	}
}

// TestDeniedAndMissingLookAlike checks that a forbidden issue and a missing
// one give the same answer, so an agent cannot probe for existence, in
// whatever case it types the key.
func TestDeniedAndMissingLookAlike(t *testing.T) {
	s := startKey(t, "stdio", engOnlyKey, nil, "--sandbox", "--config", writeEngOnlyConfig(t))
	pairs := []struct{ what, denied, missing string }{
		{"a moved issue and a missing one", "ENG-36", "ENG-999"},
		{"an existing HR issue and a missing one", "HR-1", "HR-9999"},
		{"a moved issue and a missing one, in lower case", "eng-36", "eng-9999"},
		{"an existing HR issue and a missing one, in lower case", "hr-1", "hr-9999"},
	}
	for _, p := range pairs {
		denied := s.fails("jira_get_issue", map[string]any{"key": p.denied})
		missing := s.fails("jira_get_issue", map[string]any{"key": p.missing})
		if withoutKey(denied, p.denied) != withoutKey(missing, p.missing) {
			t.Errorf("%s answer differently:\n%s: %s\n%s: %s", p.what, p.denied, denied, p.missing, missing)
		}
	}
}

// withoutKey replaces key in s, in upper case by X and as typed by x, so
// that two answers compare alike whatever their keys, yet still differ
// when one echoes the key as typed and the other in upper case (which
// would tell a refusal from a not-found).
func withoutKey(s, key string) string {
	s = strings.ReplaceAll(s, strings.ToUpper(key), "X")
	return strings.ReplaceAll(s, key, "x")
}

// TestAllowedReadsShowNothingOutside reads allowed ENG issues that point
// at issues outside the allowlist (ENG-4 is related to HR-2, ENG-7 to
// OPS-3), on their own and through a search asking for the reference
// fields: the reads succeed, and neither the text nor the structured
// result names, summarises or gives the status of those issues.
func TestAllowedReadsShowNothingOutside(t *testing.T) {
	reads := []struct {
		tool string
		args map[string]any
		want []string
	}{
		{"jira_get_issue", map[string]any{"key": "ENG-4"}, []string{"ENG-4:"}},
		{"jira_get_issue", map[string]any{"key": "ENG-7"}, []string{"ENG-7:"}},
		{"jira_get_issue", map[string]any{"key": "ENG-4", "fields": []any{"Parent", "Sprint", "Linked Issues"}}, []string{"ENG-4:"}},
		{"jira_search", map[string]any{"jql": "project = ENG ORDER BY key", "fields": []any{"Parent", "Sprint", "Linked Issues"}, "limit": 100},
			[]string{"ENG-4", "ENG-7", "ENG-2"}},
	}
	for _, kind := range []string{"stdio", "http"} {
		t.Run(kind, func(t *testing.T) {
			s := startKey(t, kind, engOnlyKey, nil, "--sandbox", "--config", writeEngOnlyConfig(t))
			for _, r := range reads {
				txt, res := s.ok(r.tool, r.args)
				mustContain(t, txt, r.want...)
				raw, err := json.Marshal(res.StructuredContent)
				if err != nil {
					t.Fatal(err)
				}
				for _, f := range append(forbidden, "HR-", "FIN-", "OPS-", "ENGR-") {
					if strings.Contains(txt, f) || strings.Contains(string(raw), f) {
						t.Errorf("%s(%v) shows %q, which lies outside the allowlist:\n%s", r.tool, r.args, f, txt)
					}
				}
			}
		})
	}
}
