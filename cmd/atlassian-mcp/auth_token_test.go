package main

import (
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/clawbridge/atlassian-mcp/auth"
	"github.com/clawbridge/atlassian-mcp/sandbox"
)

// Credentials of the sandbox's seeded user Ana.
const (
	anaEmail    = "ana.lima@acme.example"
	anaAPIToken = "sandbox-api-token-ana"
	anaPAT      = "sandbox-pat-ana"
)

func TestTokenCommand(t *testing.T) {
	tests := []struct {
		name   string
		env    map[string]string
		stdin  string
		args   []string // after --connection c --site SITE
		code   int
		want   []string
		stored string // the kind stored, or "" for none
	}{
		{name: "API token on stdin, verified", stdin: anaAPIToken + "\n", args: []string{"--email", anaEmail}, code: 0,
			want: []string{`Stored the API token`, `connection "c"`, "verified: it acts as Ana Lima"}, stored: auth.KindBasic},
		{name: "API token from the environment", env: map[string]string{"ATLASSIAN_API_TOKEN": anaAPIToken}, args: []string{"--email", anaEmail},
			code: 0, want: []string{"Ana Lima"}, stored: auth.KindBasic},
		{name: "PAT on stdin", stdin: anaPAT, args: []string{"--pat"}, code: 0,
			want: []string{"Stored the personal access token", "Ana Lima"}, stored: auth.KindPAT},
		{name: "wrong API token", stdin: "not-the-token", args: []string{"--email", anaEmail}, code: 1,
			want: []string{"did not accept the API token", "refused the credentials (401)", "--no-verify"}},
		{name: "wrong API token, unverified", stdin: "not-the-token", args: []string{"--email", anaEmail, "--no-verify"}, code: 0,
			want: []string{"Stored the API token"}, stored: auth.KindBasic},
		{name: "no token", args: []string{"--email", anaEmail}, code: 1,
			want: []string{"no API token was given", "pipe the API token on stdin or set ATLASSIAN_API_TOKEN", "never taken from a flag"}},
		{name: "oversized input", stdin: strings.Repeat("x", maxSecretBytes+1), args: []string{"--email", anaEmail}, code: 1, want: []string{"more than 16384 bytes"}},
		{name: "several lines", stdin: "a\nb\n", args: []string{"--email", anaEmail}, code: 1, want: []string{"several words or lines"}},
		{name: "token as a flag", args: []string{"--email", anaEmail, "--token", anaAPIToken}, code: 2, want: []string{"-token"}},
		{name: "no email", stdin: anaAPIToken, code: 2, want: []string{"--email is required"}},
		{name: "email with a PAT", stdin: anaPAT, args: []string{"--pat", "--email", anaEmail}, code: 2, want: []string{"--email does not apply to --pat"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newCLI(t)
			for k, v := range tt.env {
				e.vars[k] = v
			}
			code, out, errOut := e.run(tt.stdin, append([]string{"auth", "token", "--connection", "c", "--site", e.site()}, tt.args...)...)
			if code != tt.code {
				t.Fatalf("exit %d, want %d; stdout %q; stderr:\n%s", code, tt.code, out, errOut)
			}
			mustHave(t, "output", out+errOut, tt.want...)
			if tt.code != 2 {
				mustLack(t, "output", out+errOut, anaAPIToken, anaPAT, "not-the-token")
			}
			c, err := e.store().Get("c")
			switch {
			case tt.stored == "" && err == nil:
				t.Errorf("stored %v, want nothing", c)
			case tt.stored != "" && (err != nil || c.Kind != tt.stored || c.BaseURL != e.site()):
				t.Errorf("stored %v (%v), want a %s connection to %s", c, err, tt.stored, e.site())
			}
		})
	}
}

func TestTokenTakesSiteAndEmailFromTheConfiguration(t *testing.T) {
	e := newCLI(t)
	cfg := "connections:\n  - name: acme\n    type: basic\n    site: " + e.site() + "\n    email: " + anaEmail + "\n  - name: dc\n    type: pat\n    site: " + e.site() + "\n"
	path := filepath.Join(e.dir, "config.yaml")
	if err := os.WriteFile(path, []byte(cfg), 0o600); err != nil {
		t.Fatal(err)
	}
	e.vars["ATLASSIAN_MCP_CONFIG"] = path
	if code, out, errOut := e.run(anaAPIToken, "auth", "token", "--connection", "acme"); code != 0 || !strings.Contains(out, "Ana Lima") {
		t.Fatalf("exit %d: %s %s", code, out, errOut)
	}
	code, _, errOut := e.run(anaAPIToken, "auth", "token", "--connection", "dc", "--email", anaEmail)
	if code != 1 || !strings.Contains(errOut, `declares connection "dc" as pat`) || !strings.Contains(errOut, "auth token --pat --connection dc") {
		t.Errorf("a basic token for a pat connection: exit %d, %s", code, errOut)
	}
	_, out, _ := e.run("", "auth", "status")
	mustHave(t, "status", out, "acme (basic)", "as "+anaEmail, "dc (pat) is declared in", "auth token --connection dc")
}

func TestStatusAndLogout(t *testing.T) {
	e := newCLI(t)
	if code, out, _ := e.run("", "auth", "status"); code != 0 || !strings.Contains(out, "No connections") {
		t.Errorf("empty status: exit %d, %q", code, out)
	}
	if code, out, _ := e.run("", "auth", "logout"); code != 0 || !strings.Contains(out, "nothing to log out") {
		t.Errorf("logout with nothing stored: exit %d, %q", code, out)
	}
	work := e.putGrant("work", sandbox.UserID, "read:jira-work")
	stale := e.putGrant("stale", sandbox.UserID, "read:jira-work")
	err := e.store().Update(context.Background(), "stale", func(c *auth.Connection) (bool, error) {
		c.NeedsLogin, c.AccessToken, c.RefreshToken = true, "", ""
		return true, nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if code, _, errOut := e.run(anaAPIToken, "auth", "token", "--connection", "basic", "--site", e.site(), "--email", anaEmail); code != 0 {
		t.Fatalf("auth token: %s", errOut)
	}
	secrets := []string{work.AccessToken, work.RefreshToken, stale.AccessToken, stale.RefreshToken, anaAPIToken, sandbox.ClientSecret}

	code, out, errOut := e.run("", "auth", "status")
	if code != 0 {
		t.Fatalf("status: exit %d: %s", code, errOut)
	}
	mustHave(t, "status", out, "work (oauth)", sandbox.CloudID, "state:   active, access token expires", "in 1h00",
		"scopes:  offline_access read:jira-work", "stale (oauth)", "state:   needs login: run `atlassian-mcp auth login --connection stale`",
		"basic (basic)", "as "+anaEmail)
	mustLack(t, "status", out+errOut, secrets...)

	code, _, errOut = e.run("", "auth", "logout")
	if code != 1 || !strings.Contains(errOut, "several connections are stored (basic, stale, work); choose one with --connection") {
		t.Errorf("logout without a name: exit %d, %s", code, errOut)
	}
	code, _, errOut = e.run("", "auth", "logout", "--connection", "nope")
	if code != 1 || !strings.Contains(errOut, `connection "nope": no such connection`) || !strings.Contains(errOut, "auth status") {
		t.Errorf("logout of an unknown connection: exit %d, %s", code, errOut)
	}
	code, out, _ = e.run("", "auth", "logout", "--connection", "work")
	if code != 0 || !strings.Contains(out, auth.RevokeAppsURL) {
		t.Errorf("logout of an OAuth grant: exit %d, %q", code, out)
	}
	code, out, _ = e.run("", "auth", "logout", "--connection", "basic")
	if code != 0 || !strings.Contains(out, auth.RevokeAPITokensURL) {
		t.Errorf("logout of an API token: exit %d, %q", code, out)
	}
	_, out, _ = e.run("", "auth", "status")
	mustLack(t, "status after logout", out, "work (oauth)", "basic (basic)")
	mustHave(t, "status after logout", out, "stale (oauth)")
	if _, err := e.store().Get("work"); err == nil {
		t.Error("the logged-out connection is still stored")
	}
	// The store file no longer holds the deleted tokens, even encrypted:
	// only "stale" (which holds none) is left.
	if list, _ := e.store().List(); len(list) != 1 || list[0].Name != "stale" {
		t.Errorf("store holds %v, want only stale", list)
	}
}

func TestAuthUsage(t *testing.T) {
	e := newCLI(t)
	if code, _, errOut := e.run("", "auth"); code != 2 || !strings.Contains(errOut, "login") || !strings.Contains(errOut, "logout") {
		t.Errorf("auth without a subcommand: exit %d, %s", code, errOut)
	}
	if code, _, errOut := e.run("", "auth", "frobnicate"); code != 2 || !strings.Contains(errOut, `unknown subcommand "frobnicate"`) {
		t.Errorf("unknown subcommand: exit %d, %s", code, errOut)
	}
	if code, _, _ := e.run("", "auth", "--help"); code != 0 {
		t.Errorf("auth --help: exit %d", code)
	}
	if code, _, errOut := e.run("", "auth", "status", "extra"); code != 2 || !strings.Contains(errOut, `unexpected argument "extra"`) {
		t.Errorf("stray argument: exit %d, %s", code, errOut)
	}
}

// FuzzReadSecret feeds hostile stdin to the secret reader: it yields one
// word from the input or an error, and its errors never quote the input.
func FuzzReadSecret(f *testing.F) {
	for _, s := range []string{anaAPIToken + "\n", "", " \n\t", "a b", "tok\r\n", "\x00\xff"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		env := &environment{stdin: bytes.NewReader(data), stderr: io.Discard, getenv: func(string) string { return "" }}
		got, err := readSecret(env, "ATLASSIAN_API_TOKEN", "API token")
		trimmed := strings.TrimSpace(string(data))
		if err != nil {
			if len(trimmed) >= 8 && strings.Contains(err.Error(), trimmed) {
				t.Fatalf("the error quotes the input: %v", err)
			}
			return
		}
		if got == "" || strings.ContainsAny(got, " \t\r\n") || got != trimmed {
			t.Fatalf("readSecret(%q) = %q, want the input's one word", data, got)
		}
	})
}
