package auth

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/url"
	"sync"
	"testing"
	"time"
)

// recorder is a RoundTripper that remembers every token the token endpoint
// hands out, so a test can look for them where they must not be.
type recorder struct {
	base http.RoundTripper
	mu   sync.Mutex
	seen []string
}

func (r *recorder) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := r.base.RoundTrip(req)
	if err != nil || req.URL.Path != "/oauth/token" {
		return resp, err
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	resp.Body = io.NopCloser(bytes.NewReader(body))
	var tok struct {
		Access  string `json:"access_token"`
		Refresh string `json:"refresh_token"`
	}
	if json.Unmarshal(body, &tok) == nil {
		r.add(tok.Access, tok.Refresh)
	}
	return resp, nil
}

func (r *recorder) add(s ...string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.seen = append(r.seen, s...)
}

func (r *recorder) secrets() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]string{appSecret, "wrong-secret-000"}, r.seen...)
}

// TestNoSecretInErrorsOrLogs drives login, refresh, a failed save, a
// rejected client secret, a refused refresh token and refused callbacks,
// and looks for every secret involved in every error and log line.
func TestNoSecretInErrorsOrLogs(t *testing.T) {
	sb := newSandbox(t)
	rec := &recorder{base: sb.http.Client().Transport}
	cfg := sb.config()
	cfg.HTTPClient = &http.Client{Transport: rec}
	var errs []string
	note := func(err error) {
		if err != nil {
			errs = append(errs, err.Error())
		}
	}
	ctx := context.Background()

	// Login, with a browser that records the code it carries.
	var out bytes.Buffer
	lc := sb.loginConfig(t, &out, "write:confluence-content")
	lc.OAuthConfig = cfg
	browser := &http.Client{CheckRedirect: func(req *http.Request, _ []*http.Request) error {
		rec.add(req.URL.Query().Get("code"))
		return nil
	}}
	var wg sync.WaitGroup
	lc.Open = func(u string) error {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if resp, err := browser.Get(u); err == nil {
				resp.Body.Close()
			}
		}()
		return nil
	}
	c, err := Login(ctx, lc)
	wg.Wait()
	if err != nil {
		t.Fatal(err)
	}
	store := openStore(t, t.TempDir())
	if err := store.Put(ctx, c); err != nil {
		t.Fatal(err)
	}
	src := OAuthSource(store, c.Name, cfg)

	// A refresh that cannot be saved, then one that can.
	sb.clock.Advance(time.Hour)
	store.beforeRename = func() error { return errors.New("disk full") }
	_, err = src.Authorization(ctx)
	note(err)
	store.beforeRename = nil
	if _, err := src.Authorization(ctx); err != nil {
		t.Fatal(err)
	}

	// A configured secret Atlassian rejects.
	bad := cfg
	bad.ClientSecret = "wrong-secret-000"
	sb.clock.Advance(time.Hour)
	_, err = Persisted(store, c.Name, bad).Token(ctx)
	note(err)

	// A refresh token Atlassian refuses.
	sb.clock.Advance(100 * 24 * time.Hour)
	_, err = src.Authorization(ctx)
	note(err)
	if !errors.Is(err, ErrLoginRequired) {
		t.Fatalf("expected a refused refresh token, got %v", err)
	}

	// Refused logins.
	sb.srv.SetConsent(false)
	lc.Open = headless(t)
	_, err = Login(ctx, lc)
	note(err)
	lc.Open = func(u string) error {
		pu, _ := url.Parse(u)
		go func() {
			if resp, err := http.Get(pu.Query().Get("redirect_uri") + "?state=forged&code=stolen-code-1"); err == nil {
				resp.Body.Close()
			}
		}()
		return nil
	}
	_, err = Login(ctx, lc)
	note(err)

	if len(errs) != 5 {
		t.Fatalf("collected %d errors, want 5: %q", len(errs), errs)
	}
	secrets := append(rec.secrets(), "stolen-code-1")
	if len(secrets) < 8 {
		t.Fatalf("only %d secrets recorded; the recorder missed the tokens", len(secrets))
	}
	assertNoSecrets(t, secrets, append(errs, sb.logs.String(), out.String())...)
	if sb.logs.String() == "" {
		t.Fatal("nothing was logged, so the log check proves nothing")
	}
}
