package main

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/clawbridge/atlassian-mcp/auth"
	"github.com/clawbridge/atlassian-mcp/config"
	"github.com/clawbridge/atlassian-mcp/sandbox"
)

// stepLine matches one step of the doctor's report.
func stepLine(status, step string) *regexp.Regexp {
	return regexp.MustCompile(`(?m)^` + status + ` +` + step + `: `)
}

func TestDoctorSandboxPassesEveryStep(t *testing.T) {
	e := newCLI(t)
	code, out, errOut := e.run("", "doctor", "--sandbox", "--write", "ENG")
	if code != 0 {
		t.Fatalf("exit %d\n%s\n%s", code, out, errOut)
	}
	for _, step := range []string{"config", "target", "token", "site", "audit", "search", "write"} {
		if !stepLine("ok", step).MatchString(out) {
			t.Errorf("no ok line for %s:\n%s", step, out)
		}
	}
	if !regexp.MustCompile(`created ENG-\d+ \(Task\) http://\S+/browse/ENG-\d+`).MatchString(out) {
		t.Errorf("the created issue's key is not printed:\n%s", out)
	}
	mustHave(t, "report", out, "the rotated refresh token is saved", "All checks passed.")
}

// TestDoctorRefreshesAndPersists checks that the doctor forces a refresh
// and saves the rotation: after the sandbox's clock passes the token's
// life twice, each run still succeeds only because the previous one saved
// the rotated refresh token (reusing an old one outside the leeway would
// revoke the grant).
func TestDoctorRefreshesAndPersists(t *testing.T) {
	e := newCLI(t)
	first := e.putGrant("work", sandbox.UserID, "read:jira-work", "write:jira-work")
	seen := []string{first.AccessToken, first.RefreshToken}
	for i := range 2 {
		e.clock.Advance(2 * time.Hour) // the access token has expired at the sandbox
		before := e.sb.OAuth().TokenRequests()
		code, out, errOut := e.run("", "doctor", "--connection", "work")
		if code != 0 {
			t.Fatalf("run %d: exit %d\n%s\n%s", i, code, out, errOut)
		}
		if n := e.sb.OAuth().TokenRequests() - before; n != 1 {
			t.Errorf("run %d made %d token requests, want 1 refresh", i, n)
		}
		mustHave(t, "report", out, `refreshed; the new access token of connection "work" expires`, "works; the newest issue in reach is")
		mustLack(t, "report", out+errOut, seen...)
		c, err := e.store().Get("work")
		if err != nil {
			t.Fatal(err)
		}
		for _, old := range seen {
			if c.AccessToken == old || c.RefreshToken == old {
				t.Fatalf("run %d: the store still holds a token from before the refresh", i)
			}
		}
		seen = append(seen, c.AccessToken, c.RefreshToken)
	}
}

func TestDoctorFailuresSayWhatToDo(t *testing.T) {
	claws := `claws:
  - name: reader
    connection: work
    read_only: true
    jira: {projects: [ENG]}
  - name: eng
    connection: work
    jira: {projects: [ENG]}
  - name: narrow
    connection: work
    jira: {projects: [ENG]}
    scopes: [read:jira-work]
`
	tests := []struct {
		name  string
		cfg   string
		setup func(e *cliEnv)
		args  []string
		fail  string // the step that fails
		want  []string
	}{
		{name: "unknown connection", args: []string{"--connection", "nope"}, fail: "token",
			want: []string{`connection "nope": no such connection`, "auth login --connection nope"}},
		{name: "login required", setup: func(e *cliEnv) {
			_ = e.store().Update(context.Background(), "work", func(c *auth.Connection) (bool, error) {
				c.NeedsLogin, c.AccessToken, c.RefreshToken = true, "", ""
				return true, nil
			})
		}, args: []string{"--connection", "work"}, fail: "token", want: []string{"no longer authorised", "auth login --connection work"}},
		{name: "refresh token refused", setup: func(e *cliEnv) {
			_ = e.store().Update(context.Background(), "work", func(c *auth.Connection) (bool, error) {
				c.RefreshToken = "sbxrt_forged"
				return true, nil
			})
		}, args: []string{"--connection", "work"}, fail: "token", want: []string{"no longer authorised", "auth login --connection work"}},
		{name: "other app configured", setup: func(e *cliEnv) { e.vars["ATLASSIAN_CLIENT_ID"] = "another-app" },
			args: []string{"--connection", "work"}, fail: "token", want: []string{"was authorised for OAuth app sandbox-client", "configured app is another-app"}},
		{name: "site no longer covered", setup: func(e *cliEnv) {
			_ = e.store().Update(context.Background(), "work", func(c *auth.Connection) (bool, error) {
				c.CloudID = "00000000-gone-0000-0000-000000000000"
				return true, nil
			})
		}, args: []string{"--connection", "work"}, fail: "site", want: []string{"no longer covers", "choose the site on the consent screen"}},
		{name: "read-only Claw asked to write", cfg: claws, args: []string{"--claw", "reader", "--write", "ENG"}, fail: "write",
			want: []string{"Claw reader is read-only"}},
		{name: "project outside the allowlist", cfg: claws, args: []string{"--claw", "eng", "--write", "HR"}, fail: "write",
			want: []string{"HR", "allowlist"}},
		{name: "scopes narrowed by the Claw", cfg: claws, args: []string{"--claw", "narrow", "--write", "ENG"}, fail: "write",
			want: []string{"lacks (write:jira-work)", "--scopes read:jira-work,write:jira-work"}},
		{name: "several Claws", cfg: claws, fail: "target", want: []string{"choose one with --claw NAME"}},
		{name: "unknown Claw", cfg: claws, args: []string{"--claw", "ghost"}, fail: "target", want: []string{`no Claw named "ghost"`, "reader, eng, narrow"}},
		{name: "invalid configuration", cfg: "claws:\n  - name: Bad Name\n", fail: "config", want: []string{"config.yaml:2", "lower-case"}},
		{name: "corrupt store", setup: func(e *cliEnv) {
			_ = os.WriteFile(filepath.Join(e.dir, "atlassian-mcp", "tokens.enc"), []byte("AMCPTS1\nbroken"), 0o600)
		}, args: []string{"--connection", "work"}, fail: "store", want: []string{"not an atlassian-mcp token store"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newCLI(t)
			e.putGrant("work", sandbox.UserID, "read:jira-work", "write:jira-work")
			if tt.cfg != "" {
				path := filepath.Join(e.dir, "config.yaml")
				if err := os.WriteFile(path, []byte(tt.cfg), 0o600); err != nil {
					t.Fatal(err)
				}
				e.vars["ATLASSIAN_MCP_CONFIG"] = path
			}
			if tt.setup != nil {
				tt.setup(e)
			}
			code, out, errOut := e.run("", append([]string{"doctor"}, tt.args...)...)
			if code != 1 {
				t.Fatalf("exit %d, want 1\n%s\n%s", code, out, errOut)
			}
			if !stepLine("FAIL", tt.fail).MatchString(out) {
				t.Errorf("step %s did not fail:\n%s", tt.fail, out)
			}
			mustHave(t, "report", out, tt.want...)
			mustHave(t, "report", out, "check(s) failed")
		})
	}
}

func TestDoctorWithAnAPIToken(t *testing.T) {
	e := newCLI(t)
	if code, _, errOut := e.run(anaAPIToken, "auth", "token", "--connection", "basic", "--site", e.site(), "--email", anaEmail); code != 0 {
		t.Fatal(errOut)
	}
	code, out, errOut := e.run("", "doctor", "--write", "OPS")
	if code != 0 {
		t.Fatalf("exit %d\n%s\n%s", code, out, errOut)
	}
	mustHave(t, "report", out, "API token for "+anaEmail, "skip  site:", "created OPS-")
	mustLack(t, "report", out+errOut, anaAPIToken)
}

func TestDoctorWithCredentialsFromTheEnvironment(t *testing.T) {
	e := newCLI(t)
	e.vars["ATLASSIAN_SITE_URL"], e.vars["ATLASSIAN_EMAIL"], e.vars["ATLASSIAN_API_TOKEN"] = e.site(), anaEmail, anaAPIToken
	code, out, errOut := e.run("", "doctor")
	if code != 0 {
		t.Fatalf("exit %d\n%s\n%s", code, out, errOut)
	}
	mustHave(t, "report", out, "credentials from the environment for "+e.site(), "newest issue in reach is")
	mustLack(t, "report", out+errOut, anaAPIToken)
	delete(e.vars, "ATLASSIAN_API_TOKEN")
	code, out, _ = e.run("", "doctor")
	if code != 1 || !stepLine("FAIL", "target").MatchString(out) || !strings.Contains(out, "ATLASSIAN_EMAIL and ATLASSIAN_API_TOKEN") {
		t.Errorf("a site without a credential: exit %d\n%s", code, out)
	}
}

func TestDoctorAuditsItsCalls(t *testing.T) {
	e := newCLI(t)
	e.putGrant("work", sandbox.UserID, "read:jira-work")
	logPath := filepath.Join(e.dir, "audit.jsonl")
	cfg := "audit:\n  path: " + logPath + "\nclaws:\n  - name: team\n    visibility: team\n    members: [" + config.HashKey("k") + "]\n    connection: work\n    jira: {projects: [ENG]}\n"
	path := filepath.Join(e.dir, "config.yaml")
	if err := os.WriteFile(path, []byte(cfg), 0o600); err != nil {
		t.Fatal(err)
	}
	e.vars["ATLASSIAN_MCP_CONFIG"] = path
	code, out, errOut := e.run("", "doctor")
	if code != 0 {
		t.Fatalf("exit %d\n%s\n%s", code, out, errOut)
	}
	mustHave(t, "report", out, "Claw team with connection work", "newest issue in reach is ENG-")
	raw, err := os.ReadFile(logPath)
	if err != nil {
		t.Fatal(err)
	}
	mustHave(t, "audit log", string(raw), `"claw":"team"`, `"caller":"doctor"`, `"action":"jira.issue.search"`)
	if strings.Contains(string(raw), "sbxat_") || strings.Contains(string(raw), "sbxrt_") {
		t.Errorf("the audit log holds a token:\n%s", raw)
	}
}

func TestDoctorFlags(t *testing.T) {
	e := newCLI(t)
	for _, args := range [][]string{
		{"--sandbox", "--connection", "x"},
		{"--claw", "a", "--connection", "b"},
		{"--write", "eng"},
		{"--write", "ENG-1"},
	} {
		if code, _, errOut := e.run("", append([]string{"doctor"}, args...)...); code != 2 {
			t.Errorf("doctor %v: exit %d, want 2; %s", args, code, errOut)
		}
	}
}
