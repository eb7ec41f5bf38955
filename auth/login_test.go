package auth

import (
	"bytes"
	"context"
	"errors"
	"net"
	"net/http"
	"net/url"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// headless returns an opener that plays the browser: it follows the
// authorize redirect to the loopback callback. When the test ends it waits
// for the browser and reports its errors.
func headless(t *testing.T) func(string) error {
	var wg sync.WaitGroup
	errc := make(chan error, 8)
	t.Cleanup(func() {
		wg.Wait()
		close(errc)
		for err := range errc {
			t.Errorf("headless browser: %v", err)
		}
	})
	return func(u string) error {
		wg.Add(1)
		go func() {
			defer wg.Done()
			resp, err := http.Get(u)
			if err != nil {
				errc <- err
				return
			}
			resp.Body.Close()
		}()
		return nil
	}
}

// loginConfig returns a LoginConfig for the sandbox with a headless browser.
func (sb *sandbox) loginConfig(t *testing.T, out *bytes.Buffer, scopes ...string) LoginConfig {
	return LoginConfig{
		OAuthConfig: sb.config(),
		Name:        "work",
		Scopes:      scopes,
		Open:        headless(t),
		Out:         out,
		Timeout:     10 * time.Second,
	}
}

func TestLogin(t *testing.T) {
	tests := []struct {
		name     string
		scopes   []string
		site     string
		choose   func([]Resource) (Resource, error)
		wantID   string
		wantErr  string
		wantList []string // sites an error must list
	}{
		{name: "one site is chosen by itself", scopes: []string{"write:confluence-content"}, wantID: cloudWiki},
		{name: "site by URL", scopes: []string{"read:jira-work"}, site: "https://both.atlassian.net/", wantID: cloudBoth},
		{name: "site by bare host", scopes: []string{"read:jira-work"}, site: "Jira-Only.atlassian.net", wantID: cloudJira},
		{name: "site by cloud id", scopes: []string{"read:jira-work"}, site: cloudBoth, wantID: cloudBoth},
		{name: "several sites and none chosen", scopes: []string{"read:jira-work"}, wantErr: "choose one with --site",
			wantList: []string{"https://jira-only.atlassian.net", "https://both.atlassian.net"}},
		{name: "unknown site", scopes: []string{"read:jira-work"}, site: "https://nope.atlassian.net", wantErr: `site "https://nope.atlassian.net" is not among`,
			wantList: []string{"https://jira-only.atlassian.net", cloudBoth}},
		{name: "chooser picks among several", scopes: []string{"read:jira-work"}, wantID: cloudBoth,
			choose: func(rs []Resource) (Resource, error) { return rs[len(rs)-1], nil }},
		{name: "grant covering no site", scopes: []string{"manage:jira-webhook"}, wantErr: "covers no Atlassian site"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			sb := newSandbox(t)
			var out bytes.Buffer
			cfg := sb.loginConfig(t, &out, tc.scopes...)
			cfg.Site, cfg.Choose = tc.site, tc.choose
			c, err := Login(context.Background(), cfg)
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("err %v, want %q", err, tc.wantErr)
				}
				for _, s := range tc.wantList {
					if !strings.Contains(err.Error(), s) {
						t.Errorf("error does not list %s: %v", s, err)
					}
				}
				return
			}
			if err != nil {
				t.Fatalf("Login: %v", err)
			}
			if c.CloudID != tc.wantID || c.Name != "work" || c.Kind != KindOAuth || c.ClientID != appID {
				t.Fatalf("connection %v, want cloud id %s", c, tc.wantID)
			}
			if c.RefreshToken == "" || !c.Expiry.Equal(sb.clock.Now().Add(time.Hour)) || len(c.Scopes) == 0 {
				t.Fatalf("connection lacks a refresh token, a one-hour expiry on the injected clock, or scopes: expiry %v scopes %v", c.Expiry, c.Scopes)
			}
			if status := sb.myself(t, c.CloudID, "Bearer "+c.AccessToken); status != http.StatusOK {
				t.Fatalf("the new access token gets %d from the product API", status)
			}
			// The printed instructions carry the authorize URL with PKCE,
			// the audience, consent and offline_access.
			printed := out.String()
			i := strings.Index(printed, sb.http.URL+"/authorize?")
			if i < 0 {
				t.Fatalf("the authorize URL was not printed:\n%s", printed)
			}
			u, err := url.Parse(strings.Fields(printed[i:])[0])
			if err != nil {
				t.Fatal(err)
			}
			q := u.Query()
			checks := map[string]string{"audience": "api.atlassian.com", "prompt": "consent", "code_challenge_method": "S256", "response_type": "code", "client_id": appID}
			for k, v := range checks {
				if q.Get(k) != v {
					t.Errorf("authorize URL %s = %q, want %q", k, q.Get(k), v)
				}
			}
			if !strings.Contains(q.Get("scope"), "offline_access") || len(q.Get("state")) < 32 || q.Get("code_challenge") == "" {
				t.Errorf("authorize URL lacks offline_access, a long state, or a challenge: %v", q)
			}
			if !strings.HasPrefix(q.Get("redirect_uri"), "http://127.0.0.1:") {
				t.Errorf("redirect_uri %q is not a loopback URL", q.Get("redirect_uri"))
			}
		})
	}
}

func TestLoginConsentDenied(t *testing.T) {
	sb := newSandbox(t)
	sb.srv.SetConsent(false)
	var out bytes.Buffer
	_, err := Login(context.Background(), sb.loginConfig(t, &out, "read:jira-work"))
	if !errors.Is(err, ErrConsentDenied) || !strings.Contains(err.Error(), "Accept") {
		t.Fatalf("err %v, want ErrConsentDenied saying to choose Accept", err)
	}
	if sb.srv.TokenRequests() != 0 {
		t.Fatal("a denied login reached the token endpoint")
	}
}

func TestLoginCallbackRefusals(t *testing.T) {
	tests := []struct {
		name string
		// query builds the callback's query from the real state.
		query func(state string) url.Values
		want  string
	}{
		{"other OAuth error", func(s string) url.Values {
			return url.Values{"state": {s}, "error": {"invalid_scope"}, "error_description": {"bad scope"}}
		}, "invalid_scope (bad scope)"},
		{"no code", func(s string) url.Values { return url.Values{"state": {s}} }, "no authorization code"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			sb := newSandbox(t)
			var out bytes.Buffer
			cfg := sb.loginConfig(t, &out, "read:jira-work")
			statusc := make(chan int, 1)
			cfg.Open = func(authURL string) error {
				u, _ := url.Parse(authURL)
				cb := u.Query().Get("redirect_uri") + "?" + tc.query(u.Query().Get("state")).Encode()
				go func() {
					resp, err := http.Get(cb)
					if err != nil {
						statusc <- 0
						return
					}
					resp.Body.Close()
					statusc <- resp.StatusCode
				}()
				return nil
			}
			_, err := Login(context.Background(), cfg)
			if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), "login again") {
				t.Fatalf("err %v, want %q and what to do", err, tc.want)
			}
			if status := <-statusc; status != http.StatusBadRequest {
				t.Errorf("the browser got %d, want 400", status)
			}
			if sb.srv.TokenRequests() != 0 {
				t.Error("a refused callback reached the token endpoint")
			}
		})
	}
}

// TestLoginIgnoresForeignCallbacks checks that a callback with the wrong
// (or no) state is refused without ending the login: the real callback
// that follows still completes it.
func TestLoginIgnoresForeignCallbacks(t *testing.T) {
	sb := newSandbox(t)
	var out bytes.Buffer
	cfg := sb.loginConfig(t, &out, "read:jira-work")
	cfg.Site = "https://both.atlassian.net"
	inner := cfg.Open
	statuses := make(chan int, 2)
	cfg.Open = func(authURL string) error {
		u, _ := url.Parse(authURL)
		for _, q := range []url.Values{{"state": {"forged"}, "code": {"x"}}, {"code": {"x"}}} {
			resp, err := http.Get(u.Query().Get("redirect_uri") + "?" + q.Encode())
			if err != nil {
				return err
			}
			resp.Body.Close()
			statuses <- resp.StatusCode
		}
		return inner(authURL)
	}
	conn, err := Login(context.Background(), cfg)
	if err != nil {
		t.Fatalf("a foreign callback ended the login: %v", err)
	}
	if conn.RefreshToken == "" {
		t.Error("the login that followed stored no grant")
	}
	for i := 0; i < 2; i++ {
		if s := <-statuses; s != http.StatusBadRequest {
			t.Errorf("a foreign callback got %d, want 400", s)
		}
	}
}

func TestLoginPorts(t *testing.T) {
	t.Run("port in use", func(t *testing.T) {
		busy, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		defer busy.Close()
		port := busy.Addr().(*net.TCPAddr).Port
		sb := newSandbox(t)
		var out bytes.Buffer
		cfg := sb.loginConfig(t, &out, "read:jira-work")
		cfg.Port = port
		_, err = Login(context.Background(), cfg)
		if err == nil || !strings.Contains(err.Error(), "127.0.0.1:"+strconv.Itoa(port)) || !strings.Contains(err.Error(), CallbackPortFlag) {
			t.Fatalf("err %v, want one naming the port and %s", err, CallbackPortFlag)
		}
	})
	t.Run("configured port", func(t *testing.T) {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		port := l.Addr().(*net.TCPAddr).Port
		l.Close()
		sb := newSandbox(t)
		var out bytes.Buffer
		cfg := sb.loginConfig(t, &out, "write:confluence-content")
		cfg.Port = port
		if _, err := Login(context.Background(), cfg); err != nil {
			t.Fatalf("Login on port %d: %v", port, err)
		}
		want := "http://127.0.0.1:" + strconv.Itoa(port) + CallbackPath
		if !strings.Contains(out.String(), url.QueryEscape(want)) {
			t.Fatalf("the authorize URL does not carry redirect_uri %s:\n%s", want, out.String())
		}
	})
}

func TestLoginTimeoutAndCancel(t *testing.T) {
	sb := newSandbox(t)
	var out bytes.Buffer
	cfg := sb.loginConfig(t, &out, "read:jira-work")
	cfg.Open = nil // nobody comes back
	cfg.Timeout = 50 * time.Millisecond
	_, err := Login(context.Background(), cfg)
	if err == nil || !strings.Contains(err.Error(), "timed out after 50ms") || !strings.Contains(err.Error(), "login again") {
		t.Fatalf("err %v, want a timeout that says what to do", err)
	}
	if !strings.Contains(out.String(), "/authorize?") {
		t.Fatal("the URL was not printed although no browser was opened")
	}

	ctx, cancel := context.WithCancel(context.Background())
	cfg.Timeout = time.Minute
	cfg.Open = func(string) error { cancel(); return nil }
	if _, err := Login(ctx, cfg); !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled login: %v", err)
	}
}

func TestLoginOpenerFailureStillPrintsURL(t *testing.T) {
	sb := newSandbox(t)
	var out bytes.Buffer
	cfg := sb.loginConfig(t, &out, "read:jira-work")
	cfg.Open = func(string) error { return errors.New("no display") }
	cfg.Timeout = 20 * time.Millisecond
	_, _ = Login(context.Background(), cfg)
	if !strings.Contains(out.String(), "Could not open a browser (no display)") || !strings.Contains(out.String(), "/authorize?") {
		t.Fatalf("output does not explain the failed opener and show the URL:\n%s", out.String())
	}
}

func TestLoginRejectsBadConfig(t *testing.T) {
	sb := newSandbox(t)
	tests := []struct {
		name string
		edit func(c *LoginConfig)
		want string
	}{
		{"no scopes", func(c *LoginConfig) { c.Scopes = nil }, "at least one scope"},
		{"no secret", func(c *LoginConfig) { c.ClientSecret = "" }, "client id and secret"},
		{"bad name", func(c *LoginConfig) { c.Name = "a b" }, "letters, digits"},
		{"wrong secret", func(c *LoginConfig) { c.ClientSecret = "wrong-secret-123" }, "client id or secret"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var out bytes.Buffer
			cfg := sb.loginConfig(t, &out, "read:jira-work")
			tc.edit(&cfg)
			_, err := Login(context.Background(), cfg)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err %v, want %q", err, tc.want)
			}
			assertNoSecrets(t, []string{"wrong-secret-123", appSecret}, err.Error())
		})
	}
}

func TestSystemBrowserWithoutDisplay(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("the display check applies to Linux and other X11/Wayland systems only")
	}
	t.Setenv("DISPLAY", "")
	t.Setenv("WAYLAND_DISPLAY", "")
	if err := SystemBrowser("http://127.0.0.1:1/"); err == nil || !strings.Contains(err.Error(), "no graphical display") {
		t.Fatalf("err %v, want no graphical display", err)
	}
}
