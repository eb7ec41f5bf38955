package e2e

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/mark3labs/mcp-go/client"
	"github.com/mark3labs/mcp-go/client/transport"
	"github.com/mark3labs/mcp-go/mcp"

	"github.com/clawbridge/atlassian-mcp/auth"
	"github.com/clawbridge/atlassian-mcp/config"
	"github.com/clawbridge/atlassian-mcp/internal/testkit"
	"github.com/clawbridge/atlassian-mcp/sandbox"
)

// Ben may browse ENG and OPS but not HR (see the sandbox's seed).
const benID = "712020:ben-okafor"

// authWorld is a standalone sandbox in the test process, on a clock the
// test controls, and the environment that points the binary at it. It
// records everything the binary prints and every secret it has seen, so
// that a test can prove no secret leaked.
type authWorld struct {
	t     *testing.T
	sb    *sandbox.Sandbox
	url   string
	clock *testkit.Clock
	dir   string
	env   []string // for the binary: isolated files, the sandbox's hosts and app

	output  testkit.Buffer // every stdout and stderr of every process
	secrets []string
}

func newAuthWorld(t *testing.T) *authWorld {
	t.Helper()
	clk := testkit.NewClock(time.Now())
	sb, ts := sandbox.NewTestServer(sandbox.Options{Now: clk.Now})
	t.Cleanup(ts.Close)
	base, dir := isolated(t)
	w := &authWorld{t: t, sb: sb, url: ts.URL, clock: clk, dir: dir,
		env: append(base, "ATLASSIAN_AUTH_HOST="+ts.URL, "ATLASSIAN_API_HOST="+ts.URL,
			"ATLASSIAN_CLIENT_ID="+sandbox.ClientID, "ATLASSIAN_CLIENT_SECRET="+sandbox.ClientSecret)}
	w.secrets = []string{sandbox.ClientSecret}
	return w
}

// site is the URL of the sandbox's main site, acme.
func (w *authWorld) site() string { return w.sb.SiteURL(sandbox.CloudID) }

// command returns the binary with args in the world's environment.
func (w *authWorld) command(stdin string, args ...string) (*exec.Cmd, *testkit.Buffer, *testkit.Buffer) {
	cmd := exec.Command(binary, args...)
	cmd.Env = append(os.Environ(), w.env...)
	cmd.Stdin = strings.NewReader(stdin)
	var out, errOut testkit.Buffer
	cmd.Stdout = io.MultiWriter(&out, &w.output)
	cmd.Stderr = io.MultiWriter(&errOut, &w.output)
	return cmd, &out, &errOut
}

// run runs the binary to its end and returns its exit code and output.
func (w *authWorld) run(stdin string, args ...string) (int, string, string) {
	w.t.Helper()
	cmd, out, errOut := w.command(stdin, args...)
	var exit *exec.ExitError
	if err := cmd.Run(); err != nil && !errors.As(err, &exit) {
		w.t.Fatalf("run %v: %v", args, err)
	}
	return cmd.ProcessState.ExitCode(), out.String(), errOut.String()
}

var consentRE = regexp.MustCompile(`http://\S+/authorize\?\S+`)

// login runs `auth login --no-browser` as a subprocess, reads the consent
// URL it prints, and follows it as a browser would: the sandbox consents and
// redirects to the loopback callback. The authorization code is recorded as
// a secret.
func (w *authWorld) login(args ...string) (int, string, string) {
	w.t.Helper()
	cmd, out, errOut := w.command("", append([]string{"auth", "login", "--no-browser", "--timeout", "30s"}, args...)...)
	if err := cmd.Start(); err != nil {
		w.t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	var consent string
	for deadline := time.Now().Add(20 * time.Second); consent == "" && time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		consent = consentRE.FindString(errOut.String())
	}
	if consent == "" {
		_ = cmd.Process.Kill()
		w.t.Fatalf("auth login printed no consent URL; stderr:\n%s", errOut)
	}
	browser := &http.Client{Timeout: 20 * time.Second, CheckRedirect: func(r *http.Request, _ []*http.Request) error {
		if c := r.URL.Query().Get("code"); c != "" {
			w.secrets = append(w.secrets, c)
		}
		return nil
	}}
	resp, err := browser.Get(consent)
	if err != nil {
		w.t.Fatalf("follow the consent URL: %v", err)
	}
	page, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	select {
	case <-done:
	case <-time.After(30 * time.Second):
		_ = cmd.Process.Kill()
		w.t.Fatalf("auth login did not end after the callback (page %q); stderr:\n%s", page, errOut)
	}
	return cmd.ProcessState.ExitCode(), out.String(), errOut.String()
}

// store opens the token store the binary uses.
func (w *authWorld) store() *auth.Store {
	w.t.Helper()
	s, err := auth.OpenStore(filepath.Join(w.dir, "atlassian-mcp"))
	if err != nil {
		w.t.Fatal(err)
	}
	return s
}

// remember records every token the store holds now as a secret.
func (w *authWorld) remember() {
	w.t.Helper()
	list, err := w.store().List()
	if err != nil {
		w.t.Fatal(err)
	}
	for _, c := range list {
		for _, s := range []string{c.AccessToken, c.RefreshToken, c.APIToken, c.Token, c.ClientSecret} {
			if s != "" && !slices.Contains(w.secrets, s) {
				w.secrets = append(w.secrets, s)
			}
		}
	}
}

// writeConfig writes the configuration file the binary reads by default.
func (w *authWorld) writeConfig(yaml string) string {
	w.t.Helper()
	path := filepath.Join(w.dir, "config.yaml")
	if err := os.WriteFile(path, []byte(yaml), 0o600); err != nil {
		w.t.Fatal(err)
	}
	return path
}

// search serves the configuration over stdio, runs one jira_search and
// stops the server. It returns the result's text and how many requests
// reached the sandbox's token endpoint meanwhile.
func (w *authWorld) search(jql string) (string, int) {
	w.t.Helper()
	before := w.sb.OAuth().TokenRequests()
	s := start(w.t, "stdio", w.env, "--config", filepath.Join(w.dir, "config.yaml"))
	txt, _ := s.ok("jira_search", map[string]any{"jql": jql, "limit": 5})
	_ = s.c.Close()
	w.output.Write([]byte(s.stderr.String() + txt))
	return txt, w.sb.OAuth().TokenRequests() - before
}

// leaks fails the test if any recorded secret appears in the output of any
// process, in the audit log or in the configuration.
func (w *authWorld) leaks() {
	w.t.Helper()
	var all bytes.Buffer
	all.WriteString(w.output.String())
	for _, f := range []string{"audit.jsonl", "config.yaml"} {
		b, _ := os.ReadFile(filepath.Join(w.dir, f))
		all.Write(b)
	}
	if len(w.secrets) < 4 {
		w.t.Fatalf("only %d secrets were recorded; the scan would prove little", len(w.secrets))
	}
	for _, s := range w.secrets {
		if strings.Contains(all.String(), s) {
			w.t.Errorf("a secret (%.6s…) appears in the output, the audit log or the configuration", s)
		}
	}
}

// TestAuthSession runs a whole session against a standalone sandbox:
// login through the browser flow, serve over stdio with a tool call,
// refreshes persisted across restarts, the doctor, an API token, status
// and logout; then it scans every output and the audit log for secrets.
func TestAuthSession(t *testing.T) {
	w := newAuthWorld(t)
	code, out, errOut := w.login("--connection", "work", "--site", w.site())
	if code != 0 {
		t.Fatalf("auth login: exit %d\n%s\n%s", code, out, errOut)
	}
	mustContain(t, out, `Connected "work" to acme`)
	mustContain(t, errOut, "open this address in a browser", "code_challenge_method=S256")
	w.remember()
	first, err := w.store().Get("work")
	if err != nil {
		t.Fatal(err)
	}
	w.writeConfig("claws:\n  - name: local\n    connection: work\n    jira: {projects: [ENG, OPS]}\n")

	txt, refreshes := w.search("project = ENG ORDER BY key ASC")
	mustContain(t, txt, "ENG-1 ")
	if refreshes != 0 {
		t.Errorf("a fresh grant was refreshed %d times", refreshes)
	}

	// Two hours pass at the sandbox, so the access token has expired there;
	// the binary runs on the real clock, so the store is told the same.
	w.clock.Advance(2 * time.Hour)
	expire(t, w.store(), "work")
	txt, refreshes = w.search("project = OPS ORDER BY key ASC")
	mustContain(t, txt, "OPS-1 ")
	if refreshes != 1 {
		t.Errorf("serving with an expired token made %d token requests, want 1 refresh", refreshes)
	}
	w.remember()
	rotated, _ := w.store().Get("work")
	if rotated.RefreshToken == first.RefreshToken || rotated.AccessToken == first.AccessToken {
		t.Fatal("the refresh was not saved in the store")
	}
	// A new process uses the saved pair: no refresh, and the old access
	// token (expired at the sandbox) would have failed.
	if txt, refreshes = w.search("project = ENG ORDER BY key ASC"); refreshes != 0 {
		t.Errorf("a restarted server refreshed %d times; the saved rotation was not used", refreshes)
	}
	mustContain(t, txt, "ENG-1 ")

	// The doctor forces a refresh; two more hours later only the refresh
	// token the previous process saved is still valid.
	w.clock.Advance(2 * time.Hour)
	code, out, errOut = w.run("", "doctor", "--connection", "work")
	if code != 0 {
		t.Fatalf("doctor: exit %d\n%s\n%s", code, out, errOut)
	}
	mustContain(t, out, "refreshed", "newest issue in reach", "All checks passed.")
	w.remember()
	if _, refreshes = w.search("project = ENG ORDER BY key ASC"); refreshes != 0 {
		t.Errorf("after the doctor's refresh, serve refreshed %d times", refreshes)
	}

	code, out, errOut = w.run("sandbox-api-token-ana\n", "auth", "token", "--connection", "basic", "--site", w.site(), "--email", "ana.lima@acme.example")
	if code != 0 {
		t.Fatalf("auth token: exit %d\n%s\n%s", code, out, errOut)
	}
	mustContain(t, out, "verified: it acts as Ana Lima")
	w.remember()

	code, out, _ = w.run("", "auth", "status")
	if code != 0 {
		t.Fatalf("auth status: exit %d", code)
	}
	mustContain(t, out, "work (oauth)", sandbox.CloudID, "read:jira-work", "claws:   local", "basic (basic)", "ana.lima@acme.example")

	code, out, errOut = w.run("", "auth", "logout", "--connection", "work")
	if code != 0 {
		t.Fatalf("auth logout: exit %d\n%s", code, errOut)
	}
	mustContain(t, out, "Deleted the tokens", auth.RevokeAppsURL, "Claws local use this connection")
	_, out, _ = w.run("", "auth", "status")
	mustNotContain(t, out, "work (oauth)")
	if _, err := w.store().Get("work"); err == nil {
		t.Error("logout left the connection in the store")
	}
	code, _, errOut = w.run("", "serve", "--config", filepath.Join(w.dir, "config.yaml"))
	if code != 1 || !strings.Contains(errOut, "auth login --connection work") {
		t.Errorf("serve after logout: exit %d, want 1 with the fix; stderr:\n%s", code, errOut)
	}

	audit, _ := os.ReadFile(filepath.Join(w.dir, "audit.jsonl"))
	mustContain(t, string(audit), `"claw":"local"`, `"action":"jira.issue.search"`)
	w.leaks()
}

// expire marks a stored access token as expired.
func expire(t *testing.T, s *auth.Store, name string) {
	t.Helper()
	err := s.Update(context.Background(), name, func(c *auth.Connection) (bool, error) {
		c.Expiry = time.Now().Add(-time.Minute)
		return true, nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestDelegatedToken serves two team Claws over streamable HTTP and over
// SSE. A request without a caller key is refused with 401. A request that
// carries another user's Atlassian token acts as that user (Ben, who
// cannot see HR), still under the Claw's allowlist, and the token is never
// stored or logged.
func TestDelegatedToken(t *testing.T) {
	for _, kind := range []string{"http", "sse"} {
		t.Run(kind, func(t *testing.T) { testDelegatedToken(t, kind) })
	}
}

func testDelegatedToken(t *testing.T, kind string) {
	w := newAuthWorld(t)
	if code, out, errOut := w.login("--connection", "work", "--site", w.site()); code != 0 {
		t.Fatalf("auth login: exit %d\n%s\n%s", code, out, errOut)
	}
	w.remember()
	const key = "amcp_delegation_test_key"
	member := config.HashKey(key)
	w.writeConfig(`claws:
  - name: people
    visibility: team
    members: [` + member + `]
    connection: work
    jira: {projects: [ENG, HR]}
  - name: eng
    visibility: team
    members: [` + member + `]
    connection: work
    jira: {projects: [ENG, OPS]}
`)
	ben, err := w.sb.OAuth().IssueGrant(sandbox.ClientID, benID, []string{"read:jira-work"})
	if err != nil {
		t.Fatal(err)
	}
	w.secrets = append(w.secrets, ben.AccessToken)

	srv := w.serveHTTP(kind)
	srv.refusesWithoutKey(t)
	asAna := map[string]string{"Authorization": "Bearer " + key}
	asBen := map[string]string{"Authorization": "Bearer " + key, "X-Atlassian-Access-Token": ben.AccessToken}
	anaEng, benEng := srv.client(t, "eng", asAna), srv.client(t, "eng", asBen)
	anaPeople, benPeople := srv.client(t, "people", asAna), srv.client(t, "people", asBen)

	// The same search names different people's work.
	mine := map[string]any{"jql": "assignee = currentUser() ORDER BY key ASC", "limit": 50}
	got := callText(t, anaEng, "jira_search", mine)
	mustContain(t, got, "ENG-1 ", "ENG-3 ")
	mustNotContain(t, got, "ENG-6 ")
	got = callText(t, benEng, "jira_search", mine)
	mustContain(t, got, "ENG-6 ", "ENG-10 ")
	mustNotContain(t, got, "ENG-1 ", "ENG-3 ")

	// Ana may read HR through the people Claw; Ben may not, though the
	// Claw allows HR, because Atlassian does not show it to him.
	mustContain(t, callText(t, anaPeople, "jira_get_issue", map[string]any{"key": "HR-1"}), "HR-1")
	if res := callTool(t, benPeople, "jira_get_issue", map[string]any{"key": "HR-1"}); !res.IsError {
		t.Errorf("Ben read HR-1 with his own token: %s", text(res))
	}
	mustContain(t, callText(t, benPeople, "jira_get_issue", map[string]any{"key": "ENG-6"}), "ENG-6")

	// The Claw's allowlist still applies to the delegated user.
	if res := callTool(t, benEng, "jira_search", map[string]any{"jql": "project = HR"}); !res.IsError || strings.Contains(text(res), "HR-1") {
		t.Errorf("a delegated search outside the allowlist was not refused: %s", text(res))
	}

	for _, c := range []*client.Client{anaEng, benEng, anaPeople, benPeople} {
		_ = c.Close()
	}
	srv.stop()
	w.output.Write([]byte(srv.stderr.String() + srv.stdout.String()))
	w.leaks()
	audit, _ := os.ReadFile(filepath.Join(w.dir, "audit.jsonl"))
	mustContain(t, string(audit), `"claw":"eng"`, `"claw":"people"`, `"outcome":"denied"`)
	// Neither the token store nor any other file of the server holds Ben's
	// token: decrypted, the store has only Ana's grant.
	list, err := w.store().List()
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range list {
		if c.AccessToken == ben.AccessToken || c.RefreshToken == ben.AccessToken {
			t.Errorf("connection %s holds the delegated token", c.Name)
		}
	}
	err = filepath.WalkDir(w.dir, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		if b, err := os.ReadFile(path); err == nil && bytes.Contains(b, []byte(ben.AccessToken)) {
			t.Errorf("%s holds the delegated token", path)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// httpServer is `serve --transport http` (or sse) running in the world.
type httpServer struct {
	kind           string
	url            string
	stdout, stderr *testkit.Buffer
	stop           func()
}

func (w *authWorld) serveHTTP(kind string) *httpServer {
	w.t.Helper()
	cmd, out, _ := w.command("", "serve", "--transport", kind, "--addr", "127.0.0.1:0")
	pr, pw := io.Pipe()
	cmd.Stderr = pw
	if err := cmd.Start(); err != nil {
		w.t.Fatal(err)
	}
	srv := &httpServer{kind: kind, stdout: out, stderr: &testkit.Buffer{}}
	var once sync.Once
	srv.stop = func() {
		once.Do(func() { stopServer(cmd, pw) })
	}
	w.t.Cleanup(srv.stop)
	srv.url = waitForURL(w.t, pr, srv.stderr)
	return srv
}

// client connects an MCP client to the named Claw, sending headers with
// every request.
func (s *httpServer) client(t *testing.T, claw string, headers map[string]string) *client.Client {
	t.Helper()
	var c *client.Client
	var err error
	if s.kind == "sse" {
		c, err = client.NewSSEMCPClient(strings.Replace(s.url, "/sse", "/claws/"+claw+"/sse", 1), client.WithHeaders(headers))
	} else {
		c, err = client.NewStreamableHttpClient(strings.Replace(s.url, "/mcp", "/claws/"+claw+"/mcp", 1), transport.WithHTTPHeaders(headers))
	}
	if err != nil {
		t.Fatal(err)
	}
	// An SSE client's stream lives as long as the context it starts with.
	if err := c.Start(context.Background()); err != nil {
		t.Fatalf("start client: %v", err)
	}
	t.Cleanup(func() { c.Close() })
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	init := mcp.InitializeRequest{}
	init.Params.ProtocolVersion = mcp.LATEST_PROTOCOL_VERSION
	init.Params.ClientInfo = mcp.Implementation{Name: "e2e", Version: "1"}
	if _, err := c.Initialize(ctx, init); err != nil {
		t.Fatalf("initialize: %v\nserver stderr:\n%s", err, s.stderr)
	}
	return c
}

// refusesWithoutKey checks that sending a message, or over SSE opening a
// stream, without a caller key gets 401 with a Bearer challenge.
func (s *httpServer) refusesWithoutKey(t *testing.T) {
	t.Helper()
	type attempt struct{ method, url, body string }
	msg := `{"jsonrpc":"2.0","id":1,"method":"tools/list"}`
	attempts := []attempt{{"POST", s.url, msg}}
	if s.kind == "sse" {
		attempts = []attempt{{"GET", s.url, ""}, {"POST", strings.TrimSuffix(s.url, "/sse") + "/message?sessionId=x", msg}}
	}
	for _, a := range attempts {
		req, err := http.NewRequest(a.method, a.url, strings.NewReader(a.body))
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("Accept", "application/json, text/event-stream")
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != http.StatusUnauthorized || !strings.HasPrefix(res.Header.Get("WWW-Authenticate"), "Bearer ") {
			t.Errorf("%s %s without a caller key: %d %q, want 401 with a Bearer challenge", a.method, a.url, res.StatusCode, res.Header.Get("WWW-Authenticate"))
		}
	}
}

// callTool calls a tool and returns its result.
func callTool(t *testing.T, c *client.Client, name string, args map[string]any) *mcp.CallToolResult {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	req := mcp.CallToolRequest{}
	req.Params.Name, req.Params.Arguments = name, args
	res, err := c.CallTool(ctx, req)
	if err != nil {
		t.Fatalf("call %s: %v", name, err)
	}
	return res
}

// callText calls a tool and returns its text, failing on an error result.
func callText(t *testing.T, c *client.Client, name string, args map[string]any) string {
	t.Helper()
	res := callTool(t, c, name, args)
	if res.IsError {
		t.Fatalf("%s(%v) failed: %s", name, args, text(res))
	}
	return text(res)
}
