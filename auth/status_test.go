package auth

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"
)

func TestStatus(t *testing.T) {
	store := openStore(t, t.TempDir())
	ctx := context.Background()
	conns := sampleConnections() // work (oauth, expires 10:00), api (basic), dc (pat)
	dead := conns[0]
	dead.Name, dead.NeedsLogin, dead.AccessToken, dead.RefreshToken = "dead", true, "", ""
	for _, c := range append(conns, dead) {
		if err := store.Put(ctx, c); err != nil {
			t.Fatal(err)
		}
	}
	tests := []struct {
		now  time.Time
		want map[string]string // name → state
	}{
		{time.Date(2026, 3, 1, 9, 59, 0, 0, time.UTC), map[string]string{"work": StateActive, "api": StateActive, "dc": StateActive, "dead": StateNeedsLogin}},
		{time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC), map[string]string{"work": StateRefreshDue, "api": StateActive, "dc": StateActive, "dead": StateNeedsLogin}},
	}
	for _, tc := range tests {
		st, err := Status(store, tc.now)
		if err != nil {
			t.Fatal(err)
		}
		if len(st) != len(tc.want) {
			t.Fatalf("%d statuses, want %d", len(st), len(tc.want))
		}
		for _, s := range st {
			if s.State != tc.want[s.Name] {
				t.Errorf("at %s: %s is %q, want %q", tc.now.Format(time.Kitchen), s.Name, s.State, tc.want[s.Name])
			}
			assertNoSecrets(t, allSecrets, fmt.Sprintf("%+v %#v", s, s))
		}
		byName := map[string]ConnectionStatus{}
		for _, s := range st {
			byName[s.Name] = s
		}
		if w := byName["work"]; w.Site != "https://work.atlassian.net" || w.CloudID != "cloud-1" || len(w.Scopes) != 1 || w.Expiry.IsZero() {
			t.Errorf("oauth status %+v lacks site, cloud id, scopes or expiry", w)
		}
		if a := byName["api"]; a.Site != "https://work.atlassian.net" || a.Account != "alice@example.com" {
			t.Errorf("basic status %+v lacks site or account", a)
		}
	}
}

func TestLogout(t *testing.T) {
	store := openStore(t, t.TempDir())
	ctx := context.Background()
	for _, c := range sampleConnections() {
		if err := store.Put(ctx, c); err != nil {
			t.Fatal(err)
		}
	}
	tests := []struct{ name, want string }{
		{"work", RevokeAppsURL},
		{"api", RevokeAPITokensURL},
		{"dc", "https://jira.example.com"},
	}
	for _, tc := range tests {
		msg, err := Logout(ctx, store, tc.name)
		if err != nil || !strings.Contains(msg, tc.want) {
			t.Errorf("Logout %s: %q, %v; want a message pointing to %s", tc.name, msg, err, tc.want)
		}
		assertNoSecrets(t, allSecrets, msg)
		if _, err := store.Get(tc.name); !errors.Is(err, ErrNotFound) {
			t.Errorf("%s still stored after logout: %v", tc.name, err)
		}
	}
	if _, err := Logout(ctx, store, "work"); !errors.Is(err, ErrNotFound) {
		t.Fatalf("second logout: %v", err)
	}
}
