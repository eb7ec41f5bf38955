package sandbox

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/tidwall/gjson"

	"github.com/clawbridge/atlassian-mcp/internal/contract"
)

// fixture is a sandbox behind an httptest server whose every exchange is
// validated against Atlassian's OpenAPI specs (when they are present).
type fixture struct {
	t  *testing.T
	sb *Sandbox
	ts *httptest.Server
}

var fixedNow = time.Date(2026, 11, 22, 12, 0, 0, 0, time.UTC)

func newFixture(t *testing.T) *fixture { return newFixtureContract(t, true) }

// newFixtureContract is newFixture, optionally without the contract check
// (for tests that call what the spec forbids on purpose).
func newFixtureContract(t *testing.T, checked bool) *fixture {
	t.Helper()
	ts := httptest.NewUnstartedServer(nil)
	sb := New(Options{BaseURL: "http://" + ts.Listener.Addr().String(), Now: func() time.Time { return fixedNow }})
	var h http.Handler = sb
	if _, err := contract.SpecsDir(); err == nil && checked {
		h = contract.Load(t).Handler(t, sb)
	} else {
		t.Logf("responses are not contract-checked: %v", err)
	}
	ts.Config.Handler = h
	ts.Start()
	t.Cleanup(ts.Close)
	return &fixture{t: t, sb: sb, ts: ts}
}

// token returns an OAuth access token for the sandbox user with scopes.
func (f *fixture) token(account string, scopes ...string) string {
	f.t.Helper()
	g, err := f.sb.OAuth().IssueGrant(ClientID, account, scopes)
	if err != nil {
		f.t.Fatalf("issue grant: %v", err)
	}
	return g.AccessToken
}

type resp struct {
	status int
	body   gjson.Result
	raw    string
	header http.Header
}

// do sends a request with an Authorization header value.
func (f *fixture) do(method, path, authz string, body any) resp {
	f.t.Helper()
	var r io.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		r = bytes.NewReader(b)
	}
	req, _ := http.NewRequest(method, f.ts.URL+path, r)
	if authz != "" {
		req.Header.Set("Authorization", authz)
	}
	req.Header.Set("Accept", "application/json")
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	res, err := f.ts.Client().Do(req)
	if err != nil {
		f.t.Fatalf("%s %s: %v", method, path, err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return resp{status: res.StatusCode, body: gjson.ParseBytes(b), raw: string(b), header: res.Header}
}

const jiraGW = "/ex/jira/" + CloudID

func bearer(t string) string { return "Bearer " + t }

func basic(email, token string) string {
	return "Basic " + base64.StdEncoding.EncodeToString([]byte(email+":"+token))
}

func TestScopesAreEnforcedPerOperation(t *testing.T) {
	f := newFixture(t)
	userOnly := bearer(f.token(UserID, "read:jira-user"))
	if r := f.do("GET", jiraGW+"/rest/api/3/myself", userOnly, nil); r.status != 200 || r.body.Get("accountId").String() != UserID {
		t.Fatalf("myself with read:jira-user = %d %s", r.status, r.raw)
	}
	r := f.do("GET", jiraGW+"/rest/api/3/issue/ENG-1", userOnly, nil)
	if r.status != 401 || r.body.Get("message").String() != "Unauthorized; scope does not match" {
		t.Errorf("issue without read:jira-work = %d %s, want 401 scope does not match", r.status, r.raw)
	}
	granular := bearer(f.token(UserID, "read:issue-meta:jira", "read:issue-security-level:jira", "read:issue.vote:jira",
		"read:issue.changelog:jira", "read:avatar:jira", "read:issue:jira", "read:status:jira", "read:user:jira", "read:field-configuration:jira"))
	if r := f.do("GET", jiraGW+"/rest/api/3/issue/ENG-1", granular, nil); r.status != 200 {
		t.Errorf("issue with the full granular set = %d %s", r.status, r.raw)
	}
	partial := bearer(f.token(UserID, "read:issue:jira", "read:status:jira"))
	if r := f.do("GET", jiraGW+"/rest/api/3/issue/ENG-1", partial, nil); r.status != 401 {
		t.Errorf("issue with part of the granular set = %d, want 401", r.status)
	}
	if r := f.do("GET", jiraGW+"/rest/api/3/myself", "", nil); r.status != 401 {
		t.Errorf("no credentials = %d, want 401", r.status)
	}
	if r := f.do("GET", jiraGW+"/rest/api/3/myself", "Bearer forged", nil); r.status != 401 {
		t.Errorf("forged token = %d, want 401", r.status)
	}
}

func TestSiteURLTakesBasicAuthButNotOAuth(t *testing.T) {
	f := newFixture(t)
	r := f.do("GET", "/site/acme/rest/api/3/myself", basic("ana.lima@acme.example", "sandbox-api-token-ana"), nil)
	if r.status != 200 || r.body.Get("displayName").String() != "Ana Lima" {
		t.Fatalf("basic auth on the site URL = %d %s", r.status, r.raw)
	}
	if r := f.do("GET", "/site/acme/rest/api/3/myself", basic("ana.lima@acme.example", "wrong"), nil); r.status != 401 {
		t.Errorf("wrong API token = %d, want 401", r.status)
	}
	if r := f.do("GET", "/site/acme/rest/api/3/myself", bearer(f.token(UserID, AllScopes()...)), nil); r.status != 401 {
		t.Errorf("an OAuth token on the site URL = %d, want 401 (3LO tokens only work through the gateway)", r.status)
	}
	if r := f.do("GET", "/site/acme/rest/api/3/myself", bearer("sandbox-pat-ana"), nil); r.status != 200 {
		t.Errorf("PAT on the site URL = %d %s", r.status, r.raw)
	}
}

func TestPermissionsHideIssuesAsNotFound(t *testing.T) {
	f := newFixture(t)
	ben := bearer(f.token("712020:ben-okafor", AllScopes()...))
	ana := bearer(f.token(UserID, AllScopes()...))
	if r := f.do("GET", jiraGW+"/rest/api/3/issue/HR-1", ana, nil); r.status != 200 {
		t.Fatalf("Ana reading HR-1 = %d", r.status)
	}
	hidden := f.do("GET", jiraGW+"/rest/api/3/issue/HR-1", ben, nil)
	missing := f.do("GET", jiraGW+"/rest/api/3/issue/ENG-9999", ben, nil)
	if hidden.status != 404 || missing.status != 404 || hidden.raw != missing.raw {
		t.Errorf("Ben reading HR-1 = %d %s; a missing issue = %d %s; want identical 404s", hidden.status, hidden.raw, missing.status, missing.raw)
	}
	r := f.do("POST", jiraGW+"/rest/api/3/search/jql", ben, map[string]any{"jql": "labels = confidential", "fields": []string{"key"}})
	if r.status != 200 {
		t.Fatalf("search as Ben = %d %s", r.status, r.raw)
	}
	for _, is := range r.body.Get("issues").Array() {
		if k := is.Get("key").String(); strings.HasPrefix(k, "HR-") || strings.HasPrefix(k, "FIN-") {
			t.Errorf("Ben's search returned %s", k)
		}
	}
	projects := f.do("GET", jiraGW+"/rest/api/3/project/search", ben, nil)
	if strings.Contains(projects.raw, `"key":"HR"`) || !strings.Contains(projects.raw, `"key":"ENG"`) {
		t.Errorf("Ben's projects: %s", projects.raw)
	}
}

func TestMovedIssueKeepsItsOldKey(t *testing.T) {
	f := newFixture(t)
	ana := bearer(f.token(UserID, AllScopes()...))
	r := f.do("GET", jiraGW+"/rest/api/3/issue/ENG-36?fields=project,summary", ana, nil)
	if r.status != 200 || r.body.Get("key").String() != "HR-13" || r.body.Get("fields.project.key").String() != "HR" {
		t.Errorf("ENG-36 resolved to %d %s, want HR-13 in HR", r.status, r.raw)
	}
}

func TestSearchDefaultsToIDsAndPages(t *testing.T) {
	f := newFixture(t)
	ana := bearer(f.token(UserID, AllScopes()...))
	r := f.do("GET", jiraGW+"/rest/api/3/search/jql?jql=project%3DOPS&maxResults=4", ana, nil)
	if r.status != 200 {
		t.Fatalf("search = %d %s", r.status, r.raw)
	}
	first := r.body.Get("issues.0")
	if !first.Get("id").Exists() || first.Get("key").Exists() || first.Get("fields").Exists() {
		t.Errorf("default search returned %s, want the id only", first.Raw)
	}
	if r.body.Get("isLast").Bool() || r.body.Get("nextPageToken").String() == "" {
		t.Fatalf("first page of 15 with maxResults 4: %s", r.raw)
	}
	total := len(r.body.Get("issues").Array())
	tok := r.body.Get("nextPageToken").String()
	for tok != "" {
		r = f.do("POST", jiraGW+"/rest/api/3/search/jql", ana, map[string]any{"jql": "project=OPS", "maxResults": 4, "nextPageToken": tok, "fields": []string{"summary", "customfield_10016"}})
		if r.status != 200 {
			t.Fatalf("next page = %d %s", r.status, r.raw)
		}
		if !r.body.Get("issues.0.fields.summary").Exists() || r.body.Get("issues.0.fields.status").Exists() {
			t.Errorf("fields selection not honoured: %s", r.body.Get("issues.0").Raw)
		}
		total += len(r.body.Get("issues").Array())
		tok = r.body.Get("nextPageToken").String()
		if tok == "" && !r.body.Get("isLast").Bool() {
			t.Error("last page lacks isLast")
		}
	}
	if total != 15 {
		t.Errorf("paged through %d OPS issues, want 15", total)
	}
	bad := f.do("POST", jiraGW+"/rest/api/3/search/jql", ana, map[string]any{"jql": "project=ENG", "nextPageToken": pageToken(4, "project=OPS")})
	if bad.status != 400 {
		t.Errorf("a token from another query = %d, want 400", bad.status)
	}
	unbounded := f.do("POST", jiraGW+"/rest/api/3/search/jql", ana, map[string]any{"jql": "order by key"})
	if unbounded.status != 400 || !strings.Contains(unbounded.raw, "Unbounded") {
		t.Errorf("unbounded query = %d %s", unbounded.status, unbounded.raw)
	}
}

func TestRemovedSearchAnswers410(t *testing.T) {
	// The spec marks the removed endpoint deprecated, so the contract check
	// would refuse the very request this test makes.
	f := newFixtureContract(t, false)
	r := f.do("GET", jiraGW+"/rest/api/3/search?jql=project%3DENG", bearer(f.token(UserID, AllScopes()...)), nil)
	if r.status != 410 || !strings.Contains(r.body.Get("errorMessages.0").String(), "Please migrate to the /rest/api/3/search/jql API") {
		t.Errorf("removed search = %d %s", r.status, r.raw)
	}
}

func TestJQLErrorsKeepThePosition(t *testing.T) {
	f := newFixture(t)
	r := f.do("POST", jiraGW+"/rest/api/3/search/jql", bearer(f.token(UserID, AllScopes()...)), map[string]any{"jql": "project = ENG AND status == Done"})
	if r.status != 400 || !strings.Contains(r.raw, "(line 1, character 27)") {
		t.Errorf("bad JQL = %d %s", r.status, r.raw)
	}
}

func TestFieldsListBothStoryPointFields(t *testing.T) {
	f := newFixture(t)
	r := f.do("GET", jiraGW+"/rest/api/3/field", bearer(f.token(UserID, AllScopes()...)), nil)
	want := map[string]string{
		"Story point estimate": "com.pyxis.greenhopper.jira:jsw-story-points",
		"Story Points":         "com.atlassian.jira.plugin.system.customfieldtypes:float",
	}
	for _, fl := range r.body.Array() {
		if c, ok := want[fl.Get("name").String()]; ok && fl.Get("schema.custom").String() == c && fl.Get("custom").Bool() {
			delete(want, fl.Get("name").String())
		}
	}
	if len(want) > 0 {
		t.Errorf("fields lack %v: %s", want, r.raw)
	}
}

func TestCreateIssueValidatesAndStores(t *testing.T) {
	f := newFixture(t)
	ana := bearer(f.token(UserID, AllScopes()...))
	doc := json.RawMessage(`{"type":"doc","version":1,"content":[{"type":"paragraph","content":[{"type":"text","text":"Steps to reproduce"}]}]}`)
	r := f.do("POST", jiraGW+"/rest/api/3/issue", ana, map[string]any{"fields": map[string]any{
		"project": map[string]any{"key": "ENG"}, "issuetype": map[string]any{"name": "Bug"}, "summary": "Checkout button misaligned",
		"description": doc, "priority": map[string]any{"name": "High"}, "labels": []string{"ui"},
		"assignee": map[string]any{"accountId": "712020:chen-wei"}, "customfield_10026": 3,
		"customfield_10030": map[string]any{"value": "Sev-3"}, "components": []map[string]any{{"name": "Web"}},
	}})
	if r.status != 201 || r.body.Get("key").String() != "ENG-37" {
		t.Fatalf("create = %d %s, want 201 ENG-37 (ENG-36 was moved, its number stays taken)", r.status, r.raw)
	}
	got := f.do("GET", jiraGW+"/rest/api/3/issue/ENG-37", ana, nil)
	for path, want := range map[string]string{
		"fields.summary": "Checkout button misaligned", "fields.priority.name": "High", "fields.assignee.displayName": "Chen Wei",
		"fields.customfield_10026": "3", "fields.customfield_10030.value": "Sev-3", "fields.components.0.name": "Web",
		"fields.description.content.0.content.0.text": "Steps to reproduce", "fields.status.name": "To Do", "fields.reporter.accountId": UserID,
	} {
		if v := got.body.Get(path).String(); v != want {
			t.Errorf("%s = %q, want %q", path, v, want)
		}
	}
	cases := []struct {
		name   string
		fields map[string]any
		errKey string
	}{
		{"no summary", map[string]any{"project": map[string]any{"key": "ENG"}, "issuetype": map[string]any{"name": "Task"}}, "summary"},
		{"bad priority", map[string]any{"project": map[string]any{"key": "ENG"}, "issuetype": map[string]any{"name": "Task"}, "summary": "x", "priority": map[string]any{"name": "Urgent"}}, "priority"},
		{"unknown field", map[string]any{"project": map[string]any{"key": "ENG"}, "issuetype": map[string]any{"name": "Task"}, "summary": "x", "customfield_99999": 1}, "customfield_99999"},
		{"bad option", map[string]any{"project": map[string]any{"key": "ENG"}, "issuetype": map[string]any{"name": "Task"}, "summary": "x", "customfield_10030": map[string]any{"value": "Sev-9"}}, "customfield_10030"},
		{"not ADF", map[string]any{"project": map[string]any{"key": "ENG"}, "issuetype": map[string]any{"name": "Task"}, "summary": "x", "description": "plain"}, "description"},
		{"bad date", map[string]any{"project": map[string]any{"key": "ENG"}, "issuetype": map[string]any{"name": "Task"}, "summary": "x", "duedate": "next week"}, "duedate"},
		{"unknown project", map[string]any{"project": map[string]any{"key": "NOPE"}, "issuetype": map[string]any{"name": "Task"}, "summary": "x"}, "project"},
	}
	before := len(f.sb.site(CloudID).Issues)
	for _, c := range cases {
		r := f.do("POST", jiraGW+"/rest/api/3/issue", ana, map[string]any{"fields": c.fields})
		if r.status != 400 || r.body.Get("errors."+c.errKey).String() == "" {
			t.Errorf("%s: create = %d %s, want 400 with errors.%s", c.name, r.status, r.raw, c.errKey)
		}
	}
	if after := len(f.sb.site(CloudID).Issues); after != before {
		t.Errorf("rejected creates stored %d issues", after-before)
	}
}

func TestSeedIsRealistic(t *testing.T) {
	s := seedAcme(fixedNow)
	if len(s.Issues) < 60 {
		t.Errorf("seed has %d issues, want at least 60", len(s.Issues))
	}
	for _, is := range s.Issues {
		if validADF(is.Description) != nil || plainText(is.Description) == "" {
			t.Errorf("%s has no ADF description", is.Key)
		}
		if is.Created.After(fixedNow) || is.Updated.Before(is.Created) {
			t.Errorf("%s: created %v updated %v", is.Key, is.Created, is.Updated)
		}
	}
	for _, key := range []string{"ENG", "OPS", "HR"} {
		if s.project(key) == nil {
			t.Errorf("seed lacks project %s", key)
		}
	}
}
