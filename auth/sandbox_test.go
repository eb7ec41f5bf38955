package auth

import (
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/clawbridge/atlassian-mcp/internal/testkit"
	"github.com/clawbridge/atlassian-mcp/sandbox/oauthsrv"
)

const (
	appID     = "app-client-id"
	appSecret = "app-client-secret-XYZ"
	cloudJira = "c1000000-0000-0000-0000-000000000001"
	cloudWiki = "c2000000-0000-0000-0000-000000000002"
	cloudBoth = "c3000000-0000-0000-0000-000000000003"
)

// sandbox is an oauthsrv behind httptest, a fake clock shared with the
// client side, and a buffer that collects the client side's logs.
type sandbox struct {
	srv   *oauthsrv.Server
	http  *httptest.Server
	clock *testkit.Clock
	logs  *testkit.Buffer
}

func newSandbox(t *testing.T) *sandbox {
	t.Helper()
	clock := testkit.NewClock(time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC))
	srv := oauthsrv.New(oauthsrv.Config{
		Now: clock.Now,
		Users: []oauthsrv.User{
			{AccountID: "acc-alice", Email: "alice@example.com", DisplayName: "Alice", APIToken: "alice-api-token"},
		},
		Sites: []oauthsrv.Site{
			{CloudID: cloudJira, URL: "https://jira-only.atlassian.net", Name: "jira-only", Scopes: []string{"read:jira-work", "write:jira-work"}},
			{CloudID: cloudWiki, URL: "https://wiki-only.atlassian.net", Name: "wiki-only", Scopes: []string{"read:confluence-content.all", "write:confluence-content"}},
			{CloudID: cloudBoth, URL: "https://both.atlassian.net", Name: "both", Scopes: []string{"read:jira-work", "read:confluence-content.all"}},
		},
		Clients: []oauthsrv.Client{{ID: appID, Secret: appSecret}},
	})
	mux := http.NewServeMux()
	srv.Register(mux)
	// A product endpoint, to show tokens work where they are used.
	mux.HandleFunc("GET /ex/jira/{cloud}/rest/api/3/myself", func(w http.ResponseWriter, r *http.Request) {
		p, err := srv.Authenticate(r, r.PathValue("cloud"))
		if err != nil {
			err.(*oauthsrv.AuthError).WriteResponse(w)
			return
		}
		_, _ = w.Write([]byte(`{"accountId":"` + p.AccountID + `"}`))
	})
	hs := httptest.NewServer(mux)
	t.Cleanup(hs.Close)
	return &sandbox{srv: srv, http: hs, clock: clock, logs: &testkit.Buffer{}}
}

// config returns the client-side settings that point at the sandbox.
func (sb *sandbox) config() OAuthConfig {
	return OAuthConfig{
		ClientID:     appID,
		ClientSecret: appSecret,
		Hosts:        Hosts{Auth: sb.http.URL, API: sb.http.URL},
		HTTPClient:   sb.http.Client(),
		Now:          sb.clock.Now,
		Logger:       slog.New(slog.NewJSONHandler(sb.logs, &slog.HandlerOptions{Level: slog.LevelDebug})),
	}
}

// grant stores a connection named name for a pre-authorised grant.
func (sb *sandbox) grant(t *testing.T, store *Store, name string, scopes ...string) Connection {
	t.Helper()
	tok, err := sb.srv.IssueGrant(appID, "acc-alice", append(scopes, "offline_access"))
	if err != nil {
		t.Fatal(err)
	}
	c := Connection{
		Name: name, Kind: KindOAuth, ClientID: appID, ClientSecret: appSecret,
		CloudID: cloudJira, SiteURL: "https://jira-only.atlassian.net", Scopes: scopes,
		AccessToken: tok.AccessToken, RefreshToken: tok.RefreshToken,
		Expiry: sb.clock.Now().Add(time.Duration(tok.ExpiresIn) * time.Second),
	}
	if err := store.Put(context.Background(), c); err != nil {
		t.Fatal(err)
	}
	return c
}

// myself calls the sandbox's product endpoint with an Authorization value
// and returns the status.
func (sb *sandbox) myself(t *testing.T, cloudID, authorization string) int {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, sb.http.URL+"/ex/jira/"+cloudID+"/rest/api/3/myself", nil)
	req.Header.Set("Authorization", authorization)
	resp, err := sb.http.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

// assertNoSecrets fails if any text holds any secret.
func assertNoSecrets(t *testing.T, secrets []string, texts ...string) {
	t.Helper()
	for _, s := range secrets {
		if s == "" {
			continue
		}
		for _, text := range texts {
			if strings.Contains(text, s) {
				t.Errorf("secret %.8s… appears in %q", s, text)
			}
		}
	}
}
