package claw

import (
	"bufio"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/mark3labs/mcp-go/client"
	"github.com/mark3labs/mcp-go/mcp"
	"github.com/mark3labs/mcp-go/server"

	"github.com/clawbridge/atlassian-mcp/audit"
	"github.com/clawbridge/atlassian-mcp/config"
	"github.com/clawbridge/atlassian-mcp/internal/testenv"
	"github.com/clawbridge/atlassian-mcp/scope"
	"github.com/clawbridge/atlassian-mcp/tools/jira"
)

var (
	keyAna, keyBen, keyOrg, keyStranger = "amcp_ana", "amcp_ben", "amcp_org", "amcp_stranger"
)

const profiles = `
org:
  members: [HASH_ORG]
claws:
  - name: ana-private
    visibility: private
    members: [HASH_ANA]
    connection: test
    jira: {projects: [ENG]}
  - name: eng-team
    visibility: team
    members: [HASH_ANA, HASH_BEN]
    connection: test
    jira: {projects: [ENG, OPS]}
    read_only: true
  - name: everyone
    visibility: org
    connection: test
    jira: {projects: [OPS]}
    scopes: [read:jira-user]
`

func testConfig(t *testing.T) *config.Config {
	r := strings.NewReplacer("HASH_ORG", config.HashKey(keyOrg), "HASH_ANA", config.HashKey(keyAna), "HASH_BEN", config.HashKey(keyBen))
	cfg, err := config.Parse("test.yaml", []byte(r.Replace(profiles)))
	if err != nil {
		t.Fatal(err)
	}
	return cfg
}

func build(t *testing.T, log *audit.Log) ([]*Claw, *testenv.Env) {
	e := testenv.New(t, testenv.Options{})
	conn := testConn(e, e.HTTP)
	cs, err := Build(context.Background(), Options{Config: testConfig(t), Conns: map[string]*Conn{"test": conn}, Audit: log})
	if err != nil {
		t.Fatal(err)
	}
	return cs, e
}

func TestResolveByVisibility(t *testing.T) {
	cs, _ := build(t, nil)
	a := &Access{Claws: cs, Org: testConfig(t).Org.Members}
	cases := []struct {
		key, want, got, err string
	}{
		{keyBen, "", "", "several Claws (eng-team, everyone)"},
		{keyBen, "eng-team", "eng-team", ""},
		{keyBen, "everyone", "everyone", ""},
		{keyBen, "ana-private", "", `may not use Claw "ana-private"`},
		{keyAna, "ana-private", "ana-private", ""},
		{keyOrg, "", "everyone", ""},
		{keyOrg, "eng-team", "", "may not use"},
		{keyStranger, "", "", "not valid for any Claw"},
		{"", "", "", "caller key is required"},
	}
	for _, c := range cases {
		got, err := a.Resolve(c.key, c.want)
		switch {
		case c.err != "" && (err == nil || !strings.Contains(err.Error(), c.err)):
			t.Errorf("Resolve(%s, %q) error = %v, want %q", c.key, c.want, err, c.err)
		case c.err == "" && (err != nil || got.Profile.Name != c.got):
			t.Errorf("Resolve(%s, %q) = %v, %v; want %s", c.key, c.want, got, err, c.got)
		}
	}
}

func listTools(t *testing.T, srv *server.MCPServer) (*client.Client, []string) {
	c := connect(t, srv, nil)
	res, err := c.ListTools(context.Background(), mcp.ListToolsRequest{})
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, tl := range res.Tools {
		names = append(names, tl.Name)
	}
	return c, names
}

func readAudit(t *testing.T, path string) []audit.Record {
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []audit.Record
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		var r audit.Record
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			t.Fatal(err)
		}
		out = append(out, r)
	}
	return out
}

func TestHiddenToolsAreNeitherListedNorCallable(t *testing.T) {
	path := filepath.Join(t.TempDir(), "audit.jsonl")
	log, err := audit.Open(path, audit.Options{})
	if err != nil {
		t.Fatal(err)
	}
	cs, _ := build(t, log)
	quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
	everyone, _ := Find(cs, "everyone") // narrowed to read:jira-user: only tools content with that may show
	c, names := listTools(t, everyone.Server(jira.Tools(), ServerOptions{Logger: quiet, ProtocolLogger: quiet, Audit: log}))
	for _, tl := range jira.Tools() {
		ok, _ := scope.NewScopes("read:jira-user").Satisfies(tl.Classic, tl.Granular)
		if ok != slices.Contains(names, tl.Def.Name) {
			t.Errorf("narrowed to read:jira-user, %s listed = %v, but its scopes are satisfied = %v", tl.Def.Name, !ok, ok)
		}
	}
	if slices.Contains(names, "jira_search") {
		t.Errorf("a Claw narrowed to read:jira-user lists jira_search")
	}
	req := mcp.CallToolRequest{}
	req.Params.Name = "jira_search"
	req.Params.Arguments = map[string]any{"jql": "status = Done"}
	res, err := c.CallTool(WithCaller(context.Background(), "key:test"), req)
	if err != nil || !res.IsError || !strings.Contains(res.Content[0].(mcp.TextContent).Text, "needs OAuth scopes that were not granted: read:jira-work") {
		t.Errorf("calling a hidden tool: %v %+v", err, res)
	}
	team, _ := Find(cs, "eng-team")
	c2, names := listTools(t, team.Server(jira.Tools(), ServerOptions{Logger: quiet, ProtocolLogger: quiet, Audit: log}))
	for _, tl := range jira.Tools() {
		if tl.ReadOnly() != slices.Contains(names, tl.Def.Name) {
			t.Errorf("the read-only eng-team Claw: %s (read-only %v) listed = %v", tl.Def.Name, tl.ReadOnly(), !tl.ReadOnly())
		}
	}
	req.Params.Name = "jira_get_issue"
	req.Params.Arguments = map[string]any{"key": "HR-1"}
	res, _ = c2.CallTool(context.Background(), req)
	if !res.IsError || !strings.Contains(res.Content[0].(mcp.TextContent).Text, "allowed: ENG, OPS") {
		t.Errorf("eng-team reading HR-1: %+v", res)
	}
	req.Params.Arguments = map[string]any{"key": "ENG-1"}
	if res, _ = c2.CallTool(context.Background(), req); res.IsError {
		t.Errorf("eng-team reading ENG-1: %+v", res)
	}
	log.Close()
	recs := readAudit(t, path)
	var denied, reads int
	for _, r := range recs {
		switch {
		case r.Outcome == audit.Denied:
			denied++
		case r.Outcome == audit.OK && r.Action == "jira.issue.get":
			reads++
			if r.Claw != "eng-team" || r.Tool != "jira_get_issue" || r.Target != "ENG-1" || r.Site != "acme" {
				t.Errorf("ok record = %+v", r)
			}
		}
	}
	if denied != 2 || reads != 1 {
		t.Errorf("audit has %d denied records and %d issue reads, want 2 and 1: %+v", denied, reads, recs)
	}
}

func TestHTTPNeedsACallerKey(t *testing.T) {
	ts := clawHTTP(t, "http")
	body := `{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"t","version":"1"}}}`
	post := func(path, key string) *http.Response {
		req, _ := http.NewRequest("POST", ts.URL+path, strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Accept", "application/json, text/event-stream")
		if key != "" {
			req.Header.Set("Authorization", "Bearer "+key)
		}
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		return res
	}
	if r := post("/mcp", ""); r.StatusCode != 401 || !strings.Contains(r.Header.Get("WWW-Authenticate"), "Bearer") {
		t.Errorf("no key: %d %q", r.StatusCode, r.Header.Get("WWW-Authenticate"))
	}
	if r := post("/mcp", keyStranger); r.StatusCode != 401 {
		t.Errorf("unknown key: %d", r.StatusCode)
	}
	if r := post("/mcp", keyAna); r.StatusCode != 400 {
		t.Errorf("ambiguous key: %d", r.StatusCode)
	}
	if r := post("/claws/ana-private/mcp", keyAna); r.StatusCode != 200 {
		t.Errorf("explicit Claw: %d", r.StatusCode)
	}
	if r := post("/claws/ana-private/mcp", keyBen); r.StatusCode != 403 {
		t.Errorf("someone else's private Claw: %d", r.StatusCode)
	}
	if r := post("/mcp", keyOrg); r.StatusCode != 200 {
		t.Errorf("org key on its only Claw: %d", r.StatusCode)
	}
	if r := post("/elsewhere", keyOrg); r.StatusCode != 404 {
		t.Errorf("unknown path: %d", r.StatusCode)
	}
}
