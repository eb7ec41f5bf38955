package main

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/base64"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/mark3labs/mcp-go/mcp"

	"github.com/clawbridge/atlassian-mcp/auth"
	"github.com/clawbridge/atlassian-mcp/internal/testkit"
	"github.com/clawbridge/atlassian-mcp/sandbox"
	"github.com/clawbridge/atlassian-mcp/tools"
)

// cliEnv runs commands in-process against a sandbox, with their files in
// a directory of the test's own.
type cliEnv struct {
	t     *testing.T
	dir   string
	vars  map[string]string
	sb    *sandbox.Sandbox
	url   string
	clock *testkit.Clock
}

// newCLI starts a sandbox on a clock the test controls and returns an
// environment pointing the commands at it, with the sandbox's OAuth app.
func newCLI(t *testing.T) *cliEnv {
	t.Helper()
	if os.Getenv(auth.KeyEnv) != "" {
		t.Setenv(auth.KeyEnv, "")
	}
	clk := testkit.NewClock(time.Now())
	sb, ts := sandbox.NewTestServer(sandbox.Options{Now: clk.Now})
	t.Cleanup(ts.Close)
	dir := t.TempDir()
	return &cliEnv{t: t, dir: dir, sb: sb, url: ts.URL, clock: clk, vars: map[string]string{
		"HOME": dir, "XDG_CONFIG_HOME": dir, "XDG_STATE_HOME": dir,
		"ATLASSIAN_AUTH_HOST": ts.URL, "ATLASSIAN_API_HOST": ts.URL,
		"ATLASSIAN_CLIENT_ID": sandbox.ClientID, "ATLASSIAN_CLIENT_SECRET": sandbox.ClientSecret,
	}}
}

func (e *cliEnv) getenv(k string) string { return e.vars[k] }

// site is the URL of the sandbox's main site.
func (e *cliEnv) site() string { return e.sb.SiteURL(sandbox.CloudID) }

// run runs one command to its end.
func (e *cliEnv) run(stdin string, args ...string) (int, string, string) {
	e.t.Helper()
	var out, errOut testkit.Buffer
	code := runEnv(context.Background(), args, strings.NewReader(stdin), &out, &errOut, e.getenv)
	return code, out.String(), errOut.String()
}

// start runs a command in the background; wait returns its exit code.
func (e *cliEnv) start(args ...string) (out, errOut *testkit.Buffer, wait func() int) {
	out, errOut = &testkit.Buffer{}, &testkit.Buffer{}
	done := make(chan int, 1)
	go func() { done <- runEnv(context.Background(), args, strings.NewReader(""), out, errOut, e.getenv) }()
	return out, errOut, func() int {
		select {
		case c := <-done:
			return c
		case <-time.After(30 * time.Second):
			e.t.Fatalf("%v did not end; stderr:\n%s", args, errOut)
			return -1
		}
	}
}

var consentURL = regexp.MustCompile(`http://\S+/authorize\?\S+`)

// follow waits for the consent URL on w and lets the sandbox consent,
// which redirects the "browser" to the login's loopback callback.
func (e *cliEnv) follow(w *testkit.Buffer) *http.Response {
	e.t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		if u := consentURL.FindString(w.String()); u != "" {
			resp, err := http.Get(u)
			if err != nil {
				e.t.Fatalf("follow the consent URL: %v", err)
			}
			resp.Body.Close()
			return resp
		}
		time.Sleep(10 * time.Millisecond)
	}
	e.t.Fatalf("no consent URL was printed; stderr:\n%s", w)
	return nil
}

// login runs `auth login` to the end, consenting in the sandbox.
func (e *cliEnv) login(args ...string) (int, string, string) {
	e.t.Helper()
	out, errOut, wait := e.start(append([]string{"auth", "login", "--no-browser"}, args...)...)
	e.follow(errOut)
	code := wait()
	return code, out.String(), errOut.String()
}

// store opens the environment's token store.
func (e *cliEnv) store() *auth.Store {
	e.t.Helper()
	s, err := auth.OpenStore(filepath.Join(e.dir, "atlassian-mcp"))
	if err != nil {
		e.t.Fatal(err)
	}
	return s
}

// putGrant stores an OAuth connection for accountID with scopes, as a
// login would.
func (e *cliEnv) putGrant(name, accountID string, scopes ...string) auth.Connection {
	e.t.Helper()
	g, err := e.sb.OAuth().IssueGrant(sandbox.ClientID, accountID, append(scopes, "offline_access"))
	if err != nil {
		e.t.Fatal(err)
	}
	c := auth.Connection{Name: name, Kind: auth.KindOAuth, ClientID: sandbox.ClientID, ClientSecret: sandbox.ClientSecret,
		CloudID: sandbox.CloudID, SiteURL: e.site(), SiteName: "acme", Scopes: append(scopes, "offline_access"),
		AccessToken: g.AccessToken, RefreshToken: g.RefreshToken, Expiry: e.clock.Now().Add(time.Hour)}
	if err := e.store().Put(context.Background(), c); err != nil {
		e.t.Fatal(err)
	}
	return c
}

func mustHave(t *testing.T, what, got string, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if !strings.Contains(got, w) {
			t.Errorf("%s lacks %q; got:\n%s", what, w, got)
		}
	}
}

func mustLack(t *testing.T, what, got string, bad ...string) {
	t.Helper()
	for _, b := range bad {
		if b != "" && strings.Contains(got, b) {
			t.Errorf("%s holds %q, which it must never show; got:\n%s", what, b, got)
		}
	}
}

func TestLoginScopes(t *testing.T) {
	tool := func(name, set string, classic, granular []string) tools.Tool {
		return tools.Tool{Def: mcp.Tool{Name: name}, Toolset: set, Classic: classic, Granular: granular}
	}
	all := []tools.Tool{
		tool("jira_search", "jira", []string{"read:jira-work"}, []string{"read:issue-details:jira"}),
		tool("jira_find_users", "jira", []string{"read:jira-user"}, nil),
		tool("jira_create_issue", "jira_write", []string{"write:jira-work"}, nil),
		tool("confluence_search", "confluence", nil, []string{"search:confluence", "read:content:confluence"}),
	}
	tests := []struct {
		name, toolsets, override string
		want                     []string
		err, note                string
	}{
		{name: "every toolset by default", want: []string{"read:content:confluence", "read:jira-user", "read:jira-work", "search:confluence", "write:jira-work"}},
		{name: "named toolsets only", toolsets: "jira,jira_write", want: []string{"read:jira-user", "read:jira-work", "write:jira-work"}},
		{name: "granular when a tool has no classic scopes", toolsets: "confluence", want: []string{"read:content:confluence", "search:confluence"}},
		{name: "a toolset without tools adds nothing", toolsets: "jira agile", want: []string{"read:jira-user", "read:jira-work"}, note: "toolset agile has no tools"},
		{name: "only empty toolsets", toolsets: "workflows", err: "need no scopes"},
		{name: "unknown toolset", toolsets: "jira,jira_admin", err: `toolset "jira_admin" does not exist; toolsets are jira, jira_write`},
		{name: "override", override: "read:jira-work, read:me", want: []string{"read:jira-work", "read:me"}},
		{name: "override with toolsets", override: "read:jira-work", toolsets: "jira", err: "not both"},
		{name: "malformed scope", override: "read:jira-work,Read Everything", err: `"Read"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var errOut bytes.Buffer
			got, err := loginScopes(all, tt.toolsets, tt.override, &environment{stderr: &errOut})
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("error = %v, want one containing %q", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("scopes = %v, want %v", got, tt.want)
			}
			if tt.note != "" && !strings.Contains(errOut.String(), tt.note) {
				t.Errorf("no note %q on stderr: %q", tt.note, errOut.String())
			}
		})
	}
}

func TestPromptSite(t *testing.T) {
	sites := []auth.Resource{{ID: "c1", URL: "https://a.atlassian.net", Name: "a"}, {ID: "c2", URL: "https://b.atlassian.net", Name: "b"}}
	tests := []struct {
		in   string
		want string // cloud id, or "" for an error
	}{
		{"2\n", "c2"},
		{" 1 \n", "c1"},
		{"2", "c2"}, // no newline before EOF
		{"b\n0\n1\n", "c1"},
		{"x\ny\nz\n1\n", ""}, // three wrong answers
		{"", ""},
		{"3\n", ""},
	}
	for _, tt := range tests {
		var out bytes.Buffer
		got, err := promptSite(strings.NewReader(tt.in), &out, sites)
		switch {
		case tt.want == "" && err == nil:
			t.Errorf("input %q chose %s, want an error", tt.in, got.ID)
		case tt.want == "" && !strings.Contains(err.Error(), "--site"):
			t.Errorf("input %q: error %q does not say how to choose", tt.in, err)
		case tt.want != "" && (err != nil || got.ID != tt.want):
			t.Errorf("input %q chose %q (%v), want %s", tt.in, got.ID, err, tt.want)
		}
		mustHave(t, "prompt", out.String(), "1) https://a.atlassian.net", "2) https://b.atlassian.net", "[1-2]")
	}
}

// FuzzPromptSite answers the site prompt with hostile input: it picks one
// of the sites offered, or fails with advice, and never panics.
func FuzzPromptSite(f *testing.F) {
	for _, s := range []string{"1\n", "2", "0\n", "-1\n", "99999999999999999999\n", "\n\n\n", "x\ny\n2\n", "\x00"} {
		f.Add(s)
	}
	sites := []auth.Resource{{ID: "c1", URL: "https://a.atlassian.net"}, {ID: "c2", URL: "https://b.atlassian.net"}}
	f.Fuzz(func(t *testing.T, in string) {
		got, err := promptSite(strings.NewReader(in), io.Discard, sites)
		if err != nil {
			if !strings.Contains(err.Error(), "--site") {
				t.Fatalf("error without advice: %v", err)
			}
			return
		}
		if got.ID != "c1" && got.ID != "c2" {
			t.Fatalf("chose %+v, which was not offered", got)
		}
	})
}

func TestLoginStoresTheGrant(t *testing.T) {
	e := newCLI(t)
	code, out, errOut := e.login("--connection", "work", "--site", e.site(), "--scopes", "read:jira-work,read:jira-user")
	if code != 0 {
		t.Fatalf("exit %d; stderr:\n%s", code, errOut)
	}
	mustHave(t, "stdout", out, `Connected "work" to acme`, sandbox.CloudID, "doctor --connection work")
	mustHave(t, "stderr", errOut, "open this address in a browser", "code_challenge_method=S256", "state=")
	c, err := e.store().Get("work")
	if err != nil {
		t.Fatal(err)
	}
	if c.Kind != auth.KindOAuth || c.CloudID != sandbox.CloudID || c.RefreshToken == "" || c.ClientSecret != sandbox.ClientSecret {
		t.Errorf("stored %v: want an OAuth grant for acme with a refresh token and the app", c)
	}
	for _, s := range []string{"read:jira-work", "read:jira-user", "offline_access"} {
		if !slices.Contains(c.Scopes, s) {
			t.Errorf("stored scopes %v lack %s", c.Scopes, s)
		}
	}
	mustLack(t, "output", out+errOut, c.AccessToken, c.RefreshToken, sandbox.ClientSecret)

	// A second site by cloud id replaces the grant under the same name.
	code, out, errOut = e.login("--connection", "work", "--cloud-id", sandbox.BetaCloudID, "--scopes", "read:jira-work")
	if code != 0 {
		t.Fatalf("exit %d; stderr:\n%s", code, errOut)
	}
	mustHave(t, "stdout", out, sandbox.BetaCloudID)
	if c2, _ := e.store().Get("work"); c2.CloudID != sandbox.BetaCloudID {
		t.Errorf("cloud id after the second login = %s, want %s", c2.CloudID, sandbox.BetaCloudID)
	}
}

func TestLoginTakesTheSiteFromTheConfiguration(t *testing.T) {
	e := newCLI(t)
	path := filepath.Join(e.dir, "config.yaml")
	cfg := "connections:\n  - name: work\n    type: oauth\n    cloud_id: " + sandbox.BetaCloudID + "\n"
	if err := os.WriteFile(path, []byte(cfg), 0o600); err != nil {
		t.Fatal(err)
	}
	e.vars["ATLASSIAN_MCP_CONFIG"] = path
	code, out, errOut := e.login("--connection", "work", "--scopes", "read:jira-work")
	if code != 0 {
		t.Fatalf("exit %d; stderr:\n%s", code, errOut)
	}
	mustHave(t, "stdout", out, sandbox.BetaCloudID)
}

// TestLoginTakesTheAppFromTheConfiguration logs in with the OAuth app's id
// and secret from the configuration file, none in the environment.
func TestLoginTakesTheAppFromTheConfiguration(t *testing.T) {
	e := newCLI(t)
	delete(e.vars, "ATLASSIAN_CLIENT_ID")
	delete(e.vars, "ATLASSIAN_CLIENT_SECRET")
	path := filepath.Join(e.dir, "config.yaml")
	cfg := "oauth:\n  client_id: " + sandbox.ClientID + "\n  client_secret: " + sandbox.ClientSecret + "\n"
	if err := os.WriteFile(path, []byte(cfg), 0o600); err != nil {
		t.Fatal(err)
	}
	e.vars["ATLASSIAN_MCP_CONFIG"] = path
	code, out, errOut := e.login("--connection", "work", "--site", e.site(), "--scopes", "read:jira-work")
	if code != 0 {
		t.Fatalf("exit %d; stderr:\n%s", code, errOut)
	}
	mustHave(t, "stdout", out, `Connected "work" to acme`)
	if c, err := e.store().Get("work"); err != nil || c.ClientID != sandbox.ClientID || c.ClientSecret != sandbox.ClientSecret {
		t.Errorf("stored %+v, %v: want the configured app", c.ClientID, err)
	}
	mustLack(t, "output", out+errOut, sandbox.ClientSecret)
}

func TestLoginFailuresSayWhatToDo(t *testing.T) {
	busy, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer busy.Close()
	busyPort := strconv.Itoa(busy.Addr().(*net.TCPAddr).Port)
	tests := []struct {
		name    string
		setup   func(e *cliEnv)
		args    []string
		follow  bool
		code    int
		want    []string
		keyVar  string
		cfgYAML string
	}{
		{name: "no client id", setup: func(e *cliEnv) { delete(e.vars, "ATLASSIAN_CLIENT_ID") }, code: 1,
			want: []string{"client id is not set", "ATLASSIAN_CLIENT_ID", "oauth.client_id", "developer.atlassian.com"}},
		{name: "no client secret", setup: func(e *cliEnv) { delete(e.vars, "ATLASSIAN_CLIENT_SECRET") }, code: 1,
			want: []string{"client secret is not set", "ATLASSIAN_CLIENT_SECRET"}},
		{name: "callback port in use", args: []string{"--callback-port", busyPort}, code: 1,
			want: []string{"127.0.0.1:" + busyPort, "in use", "--callback-port"}},
		{name: "consent denied", setup: func(e *cliEnv) { e.sb.OAuth().SetConsent(false) }, follow: true, code: 1,
			want: []string{"consent was denied", "choose Accept"}},
		{name: "timeout", args: []string{"--timeout", "200ms"}, code: 1,
			want: []string{"timed out after 200ms", "run the login again"}},
		{name: "several sites, no terminal", args: []string{"--site", ""}, follow: true, code: 1,
			want: []string{"several sites", "--site", "/site/acme", "/site/beta"}},
		{name: "unknown site", args: []string{"--site", "https://nowhere.atlassian.net"}, follow: true, code: 1,
			want: []string{`"https://nowhere.atlassian.net" is not among`, "/site/acme"}},
		{name: "site and cloud id", args: []string{"--cloud-id", sandbox.CloudID}, code: 2, want: []string{"not both"}},
		{name: "bad port", args: []string{"--callback-port", "70000"}, code: 2, want: []string{"between 0"}},
		{name: "bad connection name", args: []string{"--connection", "my work"}, code: 1, want: []string{`connection name "my work" must be`}},
		{name: "configured as an API token", cfgYAML: "connections:\n  - name: work\n    type: basic\n    site: https://acme.atlassian.net\n    email: a@b.c\n",
			code: 1, want: []string{`declares connection "work" as basic`, "auth token --connection work"}},
		{name: "configured callback port in use", cfgYAML: "oauth:\n  callback_port: " + busyPort + "\n", code: 1,
			want: []string{"127.0.0.1:" + busyPort, "in use", "--callback-port"}},
		{name: "invalid configuration", cfgYAML: "oauth:\n  callback_prt: 1\n", code: 1, want: []string{"config.yaml:2", "unknown setting"}},
		{name: "wrong store key", keyVar: "other", code: 1,
			want: []string{"cannot be decrypted with the ATLASSIAN_MCP_KEY", "Use the original key"}},
		{name: "corrupt store", setup: func(e *cliEnv) {
			if err := os.WriteFile(filepath.Join(e.dir, "atlassian-mcp", "tokens.enc"), []byte("garbage"), 0o600); err != nil {
				t.Fatal(err)
			}
		}, code: 1, want: []string{"is not an atlassian-mcp token store", "delete it and run `atlassian-mcp auth login`"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newCLI(t)
			if tt.keyVar != "" {
				t.Setenv(auth.KeyEnv, newKey(t))
			}
			e.putGrant("existing", sandbox.UserID, "read:jira-work")
			if tt.keyVar != "" {
				t.Setenv(auth.KeyEnv, newKey(t))
			}
			if tt.cfgYAML != "" {
				path := filepath.Join(e.dir, "config.yaml")
				if err := os.WriteFile(path, []byte(tt.cfgYAML), 0o600); err != nil {
					t.Fatal(err)
				}
				e.vars["ATLASSIAN_MCP_CONFIG"] = path
			}
			if tt.setup != nil {
				tt.setup(e)
			}
			args := append([]string{"auth", "login", "--no-browser", "--connection", "work", "--site", e.site(), "--timeout", "20s"}, tt.args...)
			out, errOut, wait := e.start(args...)
			if tt.follow {
				e.follow(errOut)
			}
			code := wait()
			if code != tt.code {
				t.Fatalf("exit %d, want %d; stderr:\n%s", code, tt.code, errOut)
			}
			mustHave(t, "stderr", errOut.String(), tt.want...)
			if out.String() != "" {
				t.Errorf("a failed login printed on stdout: %q", out.String())
			}
			if tt.keyVar != "" {
				return // the store cannot be read with this key, as checked
			}
			if _, err := e.store().Get("work"); err == nil {
				t.Error("a failed login stored a connection")
			}
		})
	}
}

// newKey returns a fresh store key in the form ATLASSIAN_MCP_KEY takes.
func newKey(t *testing.T) string {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		t.Fatal(err)
	}
	return base64.StdEncoding.EncodeToString(b)
}
