package auth

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/clawbridge/atlassian-mcp/sandbox/oauthsrv"
)

// header returns src's Authorization value or fails.
func header(t *testing.T, src Source) string {
	t.Helper()
	h, err := src.Authorization(context.Background())
	if err != nil {
		t.Fatalf("Authorization: %v", err)
	}
	return h
}

func TestRefreshBeforeExpiryAndPersist(t *testing.T) {
	sb := newSandbox(t)
	dir := t.TempDir()
	store := openStore(t, dir)
	orig := sb.grant(t, store, "work", "read:jira-work")
	src := OAuthSource(store, "work", sb.config())

	base := sb.srv.TokenRequests()
	if h := header(t, src); h != "Bearer "+orig.AccessToken {
		t.Fatal("a fresh stored token was not used as is")
	}
	sb.clock.Advance(time.Hour - DefaultSkew - time.Second)
	if h := header(t, src); h != "Bearer "+orig.AccessToken {
		t.Fatal("the token was replaced before the skew window")
	}
	if n := sb.srv.TokenRequests() - base; n != 0 {
		t.Fatalf("%d token requests while the token was fresh", n)
	}
	sb.clock.Advance(2 * time.Second) // now inside the skew window
	h := header(t, src)
	if h == "Bearer "+orig.AccessToken {
		t.Fatal("the token was not refreshed inside the skew window")
	}
	if n := sb.srv.TokenRequests() - base; n != 1 {
		t.Fatalf("%d token requests for one refresh", n)
	}
	if status := sb.myself(t, cloudJira, h); status != http.StatusOK {
		t.Fatalf("refreshed token gets %d", status)
	}
	// The rotation is on disk: a new store instance (a restarted process)
	// holds the new pair.
	got, err := openStore(t, dir).Get("work")
	if err != nil {
		t.Fatal(err)
	}
	if "Bearer "+got.AccessToken != h || got.RefreshToken == orig.RefreshToken || got.NeedsLogin {
		t.Fatal("the store does not hold the rotated pair")
	}
	if !got.Expiry.Equal(sb.clock.Now().Add(time.Hour)) {
		t.Fatalf("stored expiry %v, want one hour after the injected now", got.Expiry)
	}
}

// TestRestartUsesRotatedToken shows rotations survive a restart: long after
// the old refresh token's leeway, a new process refreshes with the stored
// one. Had the old one been kept, the reuse would revoke the family.
func TestRestartUsesRotatedToken(t *testing.T) {
	sb := newSandbox(t)
	dir := t.TempDir()
	sb.grant(t, openStore(t, dir), "work", "read:jira-work")
	for round := range 3 {
		sb.clock.Advance(2 * time.Hour)
		src := OAuthSource(openStore(t, dir), "work", sb.config()) // a new process each round
		if status := sb.myself(t, cloudJira, header(t, src)); status != http.StatusOK {
			t.Fatalf("round %d: refreshed token gets %d", round, status)
		}
	}
}

func TestSingleFlight(t *testing.T) {
	sb := newSandbox(t)
	store := openStore(t, t.TempDir())
	sb.grant(t, store, "work", "read:jira-work")
	src := OAuthSource(store, "work", sb.config())
	sb.clock.Advance(time.Hour) // exactly at expiry
	base := sb.srv.TokenRequests()

	const n = 100
	var wg sync.WaitGroup
	start := make(chan struct{})
	headers := make([]string, n)
	errs := make([]error, n)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			headers[i], errs[i] = src.Authorization(context.Background())
		}()
	}
	close(start)
	wg.Wait()
	for i := range n {
		if errs[i] != nil {
			t.Fatalf("caller %d: %v", i, errs[i])
		}
		if headers[i] != headers[0] {
			t.Fatalf("caller %d got a different token", i)
		}
	}
	if got := sb.srv.TokenRequests() - base; got != 1 {
		t.Fatalf("%d callers at expiry made %d token requests, want 1", n, got)
	}
}

// TestSingleFlightAcrossProcesses runs two sources on two store instances,
// as two processes sharing a store would: the file lock and the re-read
// under it leave one token request between them.
func TestSingleFlightAcrossProcesses(t *testing.T) {
	sb := newSandbox(t)
	dir := t.TempDir()
	sb.grant(t, openStore(t, dir), "work", "read:jira-work")
	a := OAuthSource(openStore(t, dir), "work", sb.config())
	b := OAuthSource(openStore(t, dir), "work", sb.config())
	sb.clock.Advance(time.Hour)
	base := sb.srv.TokenRequests()
	var wg sync.WaitGroup
	errs := make(chan error, 40)
	for i := range 40 {
		src := a
		if i%2 == 1 {
			src = b
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, err := src.Authorization(context.Background())
			errs <- err
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	if got := sb.srv.TokenRequests() - base; got != 1 {
		t.Fatalf("two processes made %d token requests, want 1", got)
	}
}

func TestRotationIsSavedBeforeUse(t *testing.T) {
	sb := newSandbox(t)
	dir := t.TempDir()
	store := openStore(t, dir)
	orig := sb.grant(t, store, "work", "read:jira-work")
	src := OAuthSource(store, "work", sb.config())
	sb.clock.Advance(time.Hour)

	diskFull := errors.New("no space left on device")
	store.beforeRename = func() error { return diskFull }
	base := sb.srv.TokenRequests()
	h, err := src.Authorization(context.Background())
	if !errors.Is(err, diskFull) || h != "" {
		t.Fatalf("with the store failing: %q, %v; want no token and the store's error", h, err)
	}
	if sb.srv.TokenRequests()-base != 1 {
		t.Fatal("the refresh did not reach the server")
	}
	if got, _ := store.Get("work"); got.RefreshToken != orig.RefreshToken {
		t.Fatal("the store changed although its write failed")
	}

	// Once the store works, the pair already issued is saved and used,
	// without another refresh.
	store.beforeRename = nil
	h = header(t, src)
	if sb.srv.TokenRequests()-base != 1 {
		t.Fatal("the pending pair was not reused; a second refresh was made")
	}
	got, err := store.Get("work")
	if err != nil || "Bearer "+got.AccessToken != h || got.RefreshToken == orig.RefreshToken {
		t.Fatalf("after recovery the store does not hold the pair in use: %v", err)
	}
	if status := sb.myself(t, cloudJira, h); status != http.StatusOK {
		t.Fatalf("token in use gets %d", status)
	}
}

// TestCrashAfterRotationRecoversInsideLeeway: the process dies after the
// server rotated but before the store took the new pair. A new process
// still holds the old refresh token, which Atlassian accepts for its reuse
// leeway, so the connection survives.
func TestCrashAfterRotationRecoversInsideLeeway(t *testing.T) {
	sb := newSandbox(t)
	dir := t.TempDir()
	store := openStore(t, dir)
	sb.grant(t, store, "work", "read:jira-work")
	sb.clock.Advance(time.Hour)
	store.beforeRename = func() error { return errors.New("crash") }
	if _, err := OAuthSource(store, "work", sb.config()).Authorization(context.Background()); err == nil {
		t.Fatal("the failed write went unreported")
	}
	sb.clock.Advance(5 * time.Minute)
	src := OAuthSource(openStore(t, dir), "work", sb.config())
	if status := sb.myself(t, cloudJira, header(t, src)); status != http.StatusOK {
		t.Fatalf("after the crash the connection gets %d", status)
	}
}

func TestInvalidGrantNeedsLogin(t *testing.T) {
	tests := []struct {
		name  string
		spoil func(t *testing.T, sb *sandbox, c Connection)
	}{
		{"90 days unused", func(t *testing.T, sb *sandbox, _ Connection) {
			sb.clock.Advance(oauthsrv.RefreshInactivity + time.Hour)
		}},
		{"family revoked by a reuse elsewhere", func(t *testing.T, sb *sandbox, c Connection) {
			// Someone rotates the token and, past the leeway, replays the
			// old one: the whole family, ours included, is revoked.
			rotateDirect(t, sb, c.RefreshToken)
			sb.clock.Advance(oauthsrv.RefreshReuseLeeway + time.Minute)
			rotateDirect(t, sb, c.RefreshToken)
			sb.clock.Advance(time.Hour)
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			sb := newSandbox(t)
			dir := t.TempDir()
			store := openStore(t, dir)
			c := sb.grant(t, store, "work", "read:jira-work")
			tc.spoil(t, sb, c)
			src := OAuthSource(store, "work", sb.config())
			_, err := src.Authorization(context.Background())
			var lr *LoginRequiredError
			if !errors.As(err, &lr) || !errors.Is(err, ErrLoginRequired) || lr.Connection != "work" {
				t.Fatalf("err %v, want a LoginRequiredError for work", err)
			}
			if !strings.Contains(err.Error(), "run `atlassian-mcp auth login --connection work`") {
				t.Fatalf("error %q does not say what to run", err)
			}
			// The state is persisted: a restarted process knows without
			// asking the server, and the dead tokens are gone from disk.
			base := sb.srv.TokenRequests()
			got, err := openStore(t, dir).Get("work")
			if err != nil || !got.NeedsLogin || got.RefreshToken != "" || got.AccessToken != "" {
				t.Fatalf("stored connection: needs login %v, tokens cleared %v (%v)", got.NeedsLogin, got.RefreshToken == "", err)
			}
			if _, err := OAuthSource(openStore(t, dir), "work", sb.config()).Authorization(context.Background()); !errors.Is(err, ErrLoginRequired) {
				t.Fatalf("after restart: %v", err)
			}
			if _, err := SourceFor(openStore(t, dir), "work", sb.config()); !errors.Is(err, ErrLoginRequired) {
				t.Fatalf("SourceFor: %v", err)
			}
			if sb.srv.TokenRequests() != base {
				t.Fatal("a connection known to need login still asked the server")
			}
			st, err := Status(store, sb.clock.Now())
			if err != nil || len(st) != 1 || st[0].State != StateNeedsLogin {
				t.Fatalf("status %+v, %v; want needs login", st, err)
			}
		})
	}
}

// rotateDirect refreshes rt at the sandbox, bypassing the client library.
func rotateDirect(t *testing.T, sb *sandbox, rt string) {
	t.Helper()
	resp, err := sb.http.Client().Post(sb.http.URL+"/oauth/token", "application/json",
		strings.NewReader(`{"grant_type":"refresh_token","client_id":"`+appID+`","client_secret":"`+appSecret+`","refresh_token":"`+rt+`"}`))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
}

func TestRefreshConfigurationErrors(t *testing.T) {
	tests := []struct {
		name string
		edit func(cfg *OAuthConfig, c *Connection)
		want string
	}{
		{"another app configured", func(cfg *OAuthConfig, _ *Connection) { cfg.ClientID = "other-app" }, "auth login --connection work"},
		{"stored secret used when none configured", func(cfg *OAuthConfig, _ *Connection) { cfg.ClientID, cfg.ClientSecret = "", "" }, ""},
		{"no secret anywhere", func(cfg *OAuthConfig, c *Connection) { cfg.ClientID, cfg.ClientSecret = "", ""; c.ClientSecret = "" }, "no client secret"},
		{"wrong secret", func(cfg *OAuthConfig, _ *Connection) { cfg.ClientSecret = "wrong-secret-456" }, "client id or secret"},
		{"not an oauth connection", func(_ *OAuthConfig, c *Connection) {
			*c = Connection{Name: "work", Kind: KindPAT, Token: "pat-secret-789", BaseURL: "https://jira.example.com"}
		}, "not an OAuth grant"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			sb := newSandbox(t)
			store := openStore(t, t.TempDir())
			c := sb.grant(t, store, "work", "read:jira-work")
			cfg := sb.config()
			tc.edit(&cfg, &c)
			if err := store.Put(context.Background(), c); err != nil {
				t.Fatal(err)
			}
			sb.clock.Advance(time.Hour)
			_, err := Persisted(store, "work", cfg).Token(context.Background())
			if tc.want == "" {
				if err != nil {
					t.Fatalf("err %v", err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err %v, want %q", err, tc.want)
			}
			if errors.Is(err, ErrLoginRequired) {
				t.Fatal("a configuration error marked the connection as needing login")
			}
			assertNoSecrets(t, []string{"wrong-secret-456", appSecret, "pat-secret-789", c.RefreshToken}, err.Error())
		})
	}
}

func TestTransportWithOAuthSource(t *testing.T) {
	sb := newSandbox(t)
	store := openStore(t, t.TempDir())
	sb.grant(t, store, "work", "read:jira-work")
	src, err := SourceFor(store, "work", sb.config())
	if err != nil {
		t.Fatal(err)
	}
	client := &http.Client{Transport: Transport(sb.http.Client().Transport, src)}
	for range 3 {
		sb.clock.Advance(40 * time.Minute) // crosses an expiry on the second round
		resp, err := client.Get(sb.http.URL + "/ex/jira/" + cloudJira + "/rest/api/3/myself")
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("request through the Transport: %d", resp.StatusCode)
		}
	}
}

func TestSourceForEachKind(t *testing.T) {
	sb := newSandbox(t)
	store := openStore(t, t.TempDir())
	ctx := context.Background()
	conns := []Connection{
		{Name: "basic", Kind: KindBasic, Email: "alice@example.com", APIToken: "alice-api-token", BaseURL: "https://jira-only.atlassian.net"},
		{Name: "pat", Kind: KindPAT, Token: "some-pat", BaseURL: "https://jira.example.com"},
	}
	for _, c := range conns {
		if err := store.Put(ctx, c); err != nil {
			t.Fatal(err)
		}
	}
	basic, err := SourceFor(store, "basic", sb.config())
	if err != nil {
		t.Fatal(err)
	}
	if status := sb.myself(t, cloudJira, header(t, basic)); status != http.StatusOK {
		t.Fatalf("basic source gets %d", status)
	}
	pat, err := SourceFor(store, "pat", sb.config())
	if err != nil || header(t, pat) != "Bearer some-pat" {
		t.Fatalf("pat source: %v", err)
	}
	if _, err := SourceFor(store, "ghost", sb.config()); !errors.Is(err, ErrNotFound) {
		t.Fatalf("unknown connection: %v", err)
	}
}
