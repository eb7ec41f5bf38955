package e2e

import (
	"io"
	"net/http"
	"net/url"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/clawbridge/atlassian-mcp/sandbox"
)

// TestRevokedGrantTellsTheAgentToLogIn revokes a connection's grant at the
// sandbox the way Atlassian does (an old refresh token reused after the
// leeway revokes the whole family), then serves: the tool call's result
// says in plain words to run auth login, and auth status agrees.
func TestRevokedGrantTellsTheAgentToLogIn(t *testing.T) {
	w := newAuthWorld(t)
	if code, out, errOut := w.login("--connection", "work", "--site", w.site()); code != 0 {
		t.Fatalf("auth login: exit %d\n%s\n%s", code, out, errOut)
	}
	w.remember()
	first, err := w.store().Get("work")
	if err != nil {
		t.Fatal(err)
	}
	w.writeConfig("claws:\n  - name: local\n    connection: work\n    jira: {projects: [ENG]}\n")
	// One rotation, so that the first refresh token is an old one.
	w.clock.Advance(2 * time.Hour)
	expire(t, w.store(), "work")
	if _, refreshes := w.search("project = ENG"); refreshes != 1 {
		t.Fatalf("%d refreshes, want 1", refreshes)
	}
	w.remember()
	// Someone replays the old refresh token after the 10-minute leeway.
	w.clock.Advance(11 * time.Minute)
	form := url.Values{"grant_type": {"refresh_token"}, "refresh_token": {first.RefreshToken},
		"client_id": {sandbox.ClientID}, "client_secret": {sandbox.ClientSecret}}
	resp, err := http.PostForm(w.url+"/oauth/token", form)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusForbidden || !strings.Contains(string(body), "invalid_grant") {
		t.Fatalf("replaying an old refresh token: %d %s", resp.StatusCode, body)
	}
	// The access token expires; the server must refresh, and cannot.
	w.clock.Advance(2 * time.Hour)
	expire(t, w.store(), "work")
	s := start(t, "stdio", w.env, "--config", filepath.Join(w.dir, "config.yaml"))
	txt := s.fails("jira_search", map[string]any{"jql": "project = ENG"})
	mustContain(t, txt, "auth login --connection work")
	w.output.Write([]byte(s.stderr.String() + txt))
	code, out, errOut := w.run("", "auth", "status")
	if code != 0 {
		t.Fatalf("auth status: exit %d\n%s\n%s", code, out, errOut)
	}
	mustContain(t, out, "work", "auth login")
	w.leaks()
}
