package oauthsrv

import (
	"net/http"
	"sync"
	"testing"
	"time"
)

// A step of a refresh scenario: wait, refresh a named pair's refresh token
// (naming the pair it yields), or check a named pair's access token.
type step struct {
	wait    time.Duration
	refresh string // the pair whose refresh token is used
	as      string // the name for the pair it yields
	status  int    // the token endpoint's status for refresh
	check   string // the pair whose access token is checked
	reason  string // the Authenticate reason expected for check; "" means accepted
}

func TestRefreshRotation(t *testing.T) {
	const minute = time.Minute
	tests := []struct {
		name  string
		steps []step
	}{
		{name: "rotation issues a new pair each time", steps: []step{
			{refresh: "p0", as: "p1", status: 200},
			{refresh: "p1", as: "p2", status: 200},
			{check: "p0"}, {check: "p1"}, {check: "p2"},
		}},
		{name: "reuse inside the leeway returns a fresh pair and keeps the family", steps: []step{
			{refresh: "p0", as: "p1", status: 200},
			{wait: 9 * minute},
			{refresh: "p0", as: "p1b", status: 200},
			{refresh: "p1", as: "p2", status: 200},
			{refresh: "p1b", as: "p2b", status: 200},
			{check: "p2"}, {check: "p2b"},
		}},
		{name: "reuse at exactly the leeway is still allowed", steps: []step{
			{refresh: "p0", as: "p1", status: 200},
			{wait: RefreshReuseLeeway},
			{refresh: "p0", as: "p1b", status: 200},
		}},
		{name: "reuse outside the leeway revokes the whole family", steps: []step{
			{refresh: "p0", as: "p1", status: 200},
			{wait: 5 * minute},
			{refresh: "p1", as: "p2", status: 200},
			{wait: 6 * minute},
			{refresh: "p0", status: 403}, // rotated 11 minutes ago
			{refresh: "p2", status: 403}, // the newest refresh token is dead too
			{check: "p2", reason: ReasonRevoked},
			{check: "p1", reason: ReasonRevoked},
			{check: "p0", reason: ReasonRevoked},
		}},
		{name: "a revoked family stays revoked", steps: []step{
			{refresh: "p0", as: "p1", status: 200},
			{wait: 11 * minute},
			{refresh: "p0", status: 403},
			{refresh: "p1", status: 403},
			{wait: time.Hour},
			{refresh: "p1", status: 403},
		}},
		{name: "access tokens live one hour", steps: []step{
			{wait: AccessTokenTTL - time.Second},
			{check: "p0"},
			{wait: time.Second},
			{check: "p0", reason: ReasonExpired},
			{refresh: "p0", as: "p1", status: 200},
			{check: "p1"},
		}},
		{name: "refresh token valid until 90 days of inactivity", steps: []step{
			{wait: RefreshInactivity},
			{refresh: "p0", as: "p1", status: 200},
			{wait: RefreshInactivity - time.Second},
			{refresh: "p1", as: "p2", status: 200},
			{check: "p2"},
		}},
		{name: "refresh token dead after 90 days of inactivity", steps: []step{
			{wait: RefreshInactivity + time.Second},
			{refresh: "p0", status: 403},
		}},
		{name: "each rotation restarts the inactivity clock but the family dies at 365 days", steps: []step{
			{wait: 80 * 24 * time.Hour}, {refresh: "p0", as: "p1", status: 200},
			{wait: 80 * 24 * time.Hour}, {refresh: "p1", as: "p2", status: 200},
			{wait: 80 * 24 * time.Hour}, {refresh: "p2", as: "p3", status: 200},
			{wait: 80 * 24 * time.Hour}, {refresh: "p3", as: "p4", status: 200},
			{wait: 80 * 24 * time.Hour}, {refresh: "p4", status: 403},
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := newFixture(t)
			pairs := map[string]Tokens{"p0": f.login(t, "read:jira-work offline_access")}
			seen := map[string]bool{pairs["p0"].RefreshToken: true}
			for i, s := range tc.steps {
				f.clock.Advance(s.wait)
				switch {
				case s.refresh != "":
					a := f.refresh(t, pairs[s.refresh].RefreshToken)
					if a.status != s.status {
						t.Fatalf("step %d: refresh %s: %d %s %s, want %d", i, s.refresh, a.status, a.Error, a.Desc, s.status)
					}
					if a.status != http.StatusOK {
						if a.Error != "invalid_grant" || a.Desc != descBadRefresh {
							t.Fatalf("step %d: error %q %q, want invalid_grant %q", i, a.Error, a.Desc, descBadRefresh)
						}
						continue
					}
					if a.RefreshToken == "" || seen[a.RefreshToken] {
						t.Fatalf("step %d: refresh token not rotated", i)
					}
					seen[a.RefreshToken] = true
					pairs[s.as] = a.Tokens
				case s.check != "":
					_, err := f.authWith("Bearer "+pairs[s.check].AccessToken, siteJira)
					if got := reason(t, err); got != s.reason {
						t.Fatalf("step %d: access token of %s: reason %q, want %q", i, s.check, got, s.reason)
					}
				}
			}
		})
	}
}

func TestRefreshTokenBelongsToItsClient(t *testing.T) {
	f := newFixture(t)
	tok := f.login(t, "read:jira-work offline_access")
	a := f.postJSON(t, map[string]string{
		"grant_type": "refresh_token", "client_id": otherClient, "client_secret": otherSecret, "refresh_token": tok.RefreshToken,
	})
	if a.status != http.StatusForbidden || a.Error != "invalid_grant" {
		t.Fatalf("another client's refresh: %d %q, want 403 invalid_grant", a.status, a.Error)
	}
	// The refusal did not consume the token.
	if a := f.refresh(t, tok.RefreshToken); a.status != http.StatusOK {
		t.Fatalf("owner's refresh after a foreign attempt: %d %s", a.status, a.Desc)
	}
}

// TestConcurrentRefresh runs many refreshes of one token at once, as a
// client without single-flight would, and concurrent checks of the access
// tokens they yield. All fall inside the leeway, so all succeed.
func TestConcurrentRefresh(t *testing.T) {
	f := newFixture(t)
	tok := f.login(t, "read:jira-work offline_access")
	before := f.srv.TokenRequests()
	const n = 40
	var wg sync.WaitGroup
	results := make([]tokenAnswer, n)
	errs := make([]error, n)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			results[i] = f.refresh(t, tok.RefreshToken)
			if results[i].status == http.StatusOK {
				_, errs[i] = f.authWith("Bearer "+results[i].AccessToken, siteJira)
			}
		}()
	}
	wg.Wait()
	seen := map[string]bool{}
	for i, a := range results {
		if a.status != http.StatusOK || errs[i] != nil {
			t.Fatalf("refresh %d: %d %s, auth %v", i, a.status, a.Desc, errs[i])
		}
		if seen[a.RefreshToken] {
			t.Fatalf("refresh %d: refresh token handed out twice", i)
		}
		seen[a.RefreshToken] = true
	}
	if got := f.srv.TokenRequests() - before; got != n {
		t.Fatalf("TokenRequests grew by %d, want %d", got, n)
	}
}

// TestPruneForgetsDeadTokensOnly shows a long-running sandbox forgets expired
// tokens while the live ones keep working.
func TestPruneForgetsDeadTokensOnly(t *testing.T) {
	f := newFixture(t)
	live := f.login(t, "read:jira-work offline_access")
	for range 1500 {
		if _, err := f.srv.IssueGrant(testClient, "acc-bob", []string{"read:jira-work"}); err != nil {
			t.Fatal(err)
		}
	}
	f.clock.Advance(AccessTokenTTL)
	for range 1500 {
		if _, err := f.srv.IssueGrant(testClient, "acc-bob", []string{"read:jira-work"}); err != nil {
			t.Fatal(err)
		}
	}
	f.srv.mu.Lock()
	held := len(f.srv.access)
	f.srv.mu.Unlock()
	if held > 2000 {
		t.Fatalf("%d access tokens held after 3001 issued and 1501 expired; expired ones were not pruned", held)
	}
	if a := f.refresh(t, live.RefreshToken); a.status != http.StatusOK {
		t.Fatalf("live refresh token lost in pruning: %d %s", a.status, a.Desc)
	}
}
