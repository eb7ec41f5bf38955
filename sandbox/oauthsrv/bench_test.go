package oauthsrv

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/clawbridge/atlassian-mcp/internal/testkit"
)

func BenchmarkAuthenticateOAuth(b *testing.B) {
	c := testkit.NewClock(time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC))
	srv := New(testConfig(c))
	tok, err := srv.IssueGrant(testClient, "acc-alice", []string{"read:jira-work", "write:jira-work"})
	if err != nil {
		b.Fatal(err)
	}
	r := httptest.NewRequest(http.MethodGet, "/", nil)
	r.Header.Set("Authorization", "Bearer "+tok.AccessToken)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := srv.Authenticate(r, siteJira); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkRefreshGrant(b *testing.B) {
	c := testkit.NewClock(time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC))
	srv := New(testConfig(c))
	mux := http.NewServeMux()
	srv.Register(mux)
	tok, err := srv.IssueGrant(testClient, "acc-alice", []string{"read:jira-work", "offline_access"})
	if err != nil {
		b.Fatal(err)
	}
	form := url.Values{"grant_type": {"refresh_token"}, "client_id": {testClient}, "client_secret": {testSecret}, "refresh_token": {tok.RefreshToken}}.Encode()
	b.ReportAllocs()
	for b.Loop() {
		r := httptest.NewRequest(http.MethodPost, "/oauth/token", strings.NewReader(form))
		r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		rec := httptest.NewRecorder()
		mux.ServeHTTP(rec, r)
		if rec.Code != http.StatusOK {
			b.Fatalf("%d %s", rec.Code, rec.Body)
		}
	}
}
