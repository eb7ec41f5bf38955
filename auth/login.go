package auth

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"html"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"runtime"
	"slices"
	"strconv"
	"time"

	"golang.org/x/oauth2"
)

// Login defaults.
const (
	// CallbackPath is the path of the loopback callback URL.
	CallbackPath = "/callback"
	// DefaultLoginTimeout is how long Login waits for the browser.
	DefaultLoginTimeout = 5 * time.Minute
	// DefaultConnection names the connection when none is given.
	DefaultConnection = "default"
	// CallbackPortFlag is the command-line flag that sets the callback
	// port; error messages name it.
	CallbackPortFlag = "--callback-port"
)

// LoginConfig configures Login.
type LoginConfig struct {
	OAuthConfig
	// Name names the connection Login returns; empty means
	// DefaultConnection.
	Name string
	// Scopes are the scopes to ask for; offline_access is always added.
	Scopes []string
	// Port is the loopback port of the callback; 0 picks a free one. The
	// app's registered callback URL must match http://127.0.0.1:PORT/callback.
	Port int
	// Site is the URL or cloud id of the site to use, needed when the grant
	// covers several and Choose is nil.
	Site string
	// Choose, if set, picks among several sites when Site is empty.
	Choose func([]Resource) (Resource, error)
	// Open opens the consent URL in a browser; nil opens nothing. The URL is
	// printed to Out either way.
	Open func(url string) error
	// Out receives the instructions for the user; nil means os.Stderr.
	Out io.Writer
	// Timeout bounds the wait for the browser; zero means
	// DefaultLoginTimeout.
	Timeout time.Duration
}

// ErrConsentDenied reports that the user clicked "Deny" on the consent
// screen.
var ErrConsentDenied = errors.New("consent was denied in the browser")

// Login runs the OAuth 2.0 (3LO) authorization-code flow with PKCE: it
// listens for the callback on 127.0.0.1, shows (and, with Open, opens) the
// consent URL, checks the state the browser brings back, exchanges the code,
// lists the sites the grant covers and picks one. It returns the complete
// connection, ready for Store.Put.
func Login(ctx context.Context, cfg LoginConfig) (Connection, error) {
	if cfg.Name == "" {
		cfg.Name = DefaultConnection
	}
	if !validName.MatchString(cfg.Name) {
		return Connection{}, Connection{Name: cfg.Name, Kind: KindOAuth}.Validate()
	}
	if cfg.ClientID == "" || cfg.ClientSecret == "" {
		return Connection{}, errors.New("login needs the OAuth app's client id and secret, from the app's settings in the Atlassian developer console")
	}
	if len(cfg.Scopes) == 0 {
		return Connection{}, errors.New("login needs at least one scope to ask for, such as read:jira-work")
	}
	out := cfg.Out
	if out == nil {
		out = os.Stderr
	}
	timeout := cfg.Timeout
	if timeout <= 0 {
		timeout = DefaultLoginTimeout
	}

	ln, err := net.Listen("tcp", net.JoinHostPort("127.0.0.1", strconv.Itoa(cfg.Port)))
	if err != nil {
		if cfg.Port != 0 {
			return Connection{}, fmt.Errorf("cannot listen for the login callback on 127.0.0.1:%d (%w): the port is in use or not allowed; "+
				"stop what uses it, or choose another port with %s (the app's callback URL must then use that port)", cfg.Port, err, CallbackPortFlag)
		}
		return Connection{}, fmt.Errorf("cannot listen for the login callback on 127.0.0.1: %w", err)
	}
	redirectURL := fmt.Sprintf("http://127.0.0.1:%d%s", ln.Addr().(*net.TCPAddr).Port, CallbackPath)

	state := randomString()
	verifier := oauth2.GenerateVerifier()
	scopes := slices.Clone(cfg.Scopes)
	if !slices.Contains(scopes, "offline_access") {
		scopes = append(scopes, "offline_access")
	}
	oc := cfg.oauth2Config(cfg.ClientID, cfg.ClientSecret, redirectURL, scopes)
	authURL := oc.AuthCodeURL(state, oauth2.S256ChallengeOption(verifier),
		oauth2.SetAuthURLParam("audience", "api.atlassian.com"),
		oauth2.SetAuthURLParam("prompt", "consent"))

	results := make(chan callbackResult, 1)
	srv := &http.Server{Handler: callbackHandler(state, results), ReadHeaderTimeout: 10 * time.Second}
	go func() { _ = srv.Serve(ln) }()
	defer func() {
		sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), time.Second)
		defer cancel()
		_ = srv.Shutdown(sctx)
	}()

	fmt.Fprintf(out, "To connect atlassian-mcp to Atlassian, open this address in a browser and approve access:\n\n  %s\n\n"+
		"Waiting up to %s for the browser to return to %s\n", authURL, timeout, redirectURL)
	if cfg.Open != nil {
		if err := cfg.Open(authURL); err != nil {
			fmt.Fprintf(out, "Could not open a browser (%v); open the address above yourself.\n", err)
		}
	}

	timer := time.NewTimer(timeout)
	defer timer.Stop()
	var code string
	select {
	case res := <-results:
		if res.err != nil {
			return Connection{}, res.err
		}
		code = res.code
	case <-timer.C:
		return Connection{}, fmt.Errorf("timed out after %s waiting for the browser to return to %s: run the login again and approve access within %s "+
			"(if the browser showed an error about the callback URL, register %s as the app's callback URL)", timeout, redirectURL, timeout, redirectURL)
	case <-ctx.Done():
		return Connection{}, fmt.Errorf("login interrupted: %w", context.Cause(ctx))
	}

	tok, err := oc.Exchange(cfg.clientContext(ctx), code, oauth2.VerifierOption(verifier))
	if err != nil {
		return Connection{}, fmt.Errorf("%w; run the login again", tokenEndpointError("exchange the authorization code", err, code, cfg.ClientSecret))
	}
	p := pairFrom(cfg.OAuthConfig, tok)
	if p.refresh == "" {
		return Connection{}, errors.New("Atlassian returned no refresh token, so the connection could not outlive the hour: make sure the app may use offline_access, then log in again")
	}
	sites, err := AccessibleResources(ctx, cfg.OAuthConfig, p.access)
	if err != nil {
		return Connection{}, err
	}
	site, err := ChooseSite(sites, cfg.Site)
	var choice *SiteChoiceError
	if errors.As(err, &choice) && choice.Wanted == "" && cfg.Choose != nil {
		site, err = cfg.Choose(sites)
	}
	if err != nil {
		return Connection{}, err
	}
	c := Connection{
		Name: cfg.Name, Kind: KindOAuth,
		ClientID: cfg.ClientID, ClientSecret: cfg.ClientSecret,
		CloudID: site.ID, SiteURL: site.URL, SiteName: site.Name, Scopes: site.Scopes,
		AccessToken: p.access, RefreshToken: p.refresh, Expiry: p.expiry,
	}
	cfg.logger().Info("logged in to Atlassian", "connection", c.Name, "site", c.SiteURL, "expiry", c.Expiry)
	return c, c.Validate()
}

// callbackResult is what the browser brought back.
type callbackResult struct {
	code string
	err  error
}

// callbackHandler serves the loopback callback. The first request with the
// right state decides the login; later ones are told it is over. A request
// with the wrong state did not come from this login (a stale tab, or a
// forged request from another page): it is refused and ignored, so it
// cannot end the login the user is finishing.
func callbackHandler(state string, results chan<- callbackResult) http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET "+CallbackPath, func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		if subtle.ConstantTimeCompare([]byte(q.Get("state")), []byte(state)) != 1 {
			callbackPage(w, http.StatusBadRequest, "This request carried the wrong state, so it did not come from the login atlassian-mcp is waiting for. Finish the login in the tab it opened, or run the login again.")
			return
		}
		var res callbackResult
		switch {
		case q.Get("error") == "access_denied":
			res.err = fmt.Errorf("%w: run the login again and choose Accept to let atlassian-mcp act for you in Atlassian", ErrConsentDenied)
		case q.Get("error") != "":
			res.err = fmt.Errorf("Atlassian refused the authorization: %s (%s); check the app's settings and scopes, then run the login again",
				truncate(q.Get("error"), 60), truncate(q.Get("error_description"), 200))
		case q.Get("code") == "":
			res.err = errors.New("the login callback carried no authorization code; run the login again")
		default:
			res.code = q.Get("code")
		}
		select {
		case results <- res:
		default:
			callbackPage(w, http.StatusConflict, "This login has already finished. You can close this tab.")
			return
		}
		if res.err != nil {
			callbackPage(w, http.StatusBadRequest, "Login failed: "+res.err.Error())
			return
		}
		callbackPage(w, http.StatusOK, "atlassian-mcp is connected. You can close this tab and return to the terminal.")
	})
	return mux
}

// callbackPage answers the browser with a short page.
func callbackPage(w http.ResponseWriter, status int, msg string) {
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Content-Security-Policy", "default-src 'none'")
	w.WriteHeader(status)
	fmt.Fprintf(w, "<!doctype html><title>atlassian-mcp</title><p>%s</p>\n", html.EscapeString(msg))
}

// randomString returns 32 random bytes in URL-safe base64.
func randomString() string {
	b := make([]byte, 32)
	_, _ = rand.Read(b) // crypto/rand.Read never fails (Go 1.24+)
	return base64.RawURLEncoding.EncodeToString(b)
}

// SystemBrowser opens url in the desktop's default browser. It is a
// convenient LoginConfig.Open; on a headless machine it fails, and the user
// opens the printed URL by hand.
func SystemBrowser(url string) error {
	var cmd *exec.Cmd
	switch runtime.GOOS {
	case "darwin":
		cmd = exec.Command("open", url)
	case "windows":
		cmd = exec.Command("rundll32", "url.dll,FileProtocolHandler", url)
	default:
		if os.Getenv("DISPLAY") == "" && os.Getenv("WAYLAND_DISPLAY") == "" {
			return errors.New("no graphical display")
		}
		cmd = exec.Command("xdg-open", url)
	}
	if err := cmd.Start(); err != nil {
		return err
	}
	go func() { _ = cmd.Wait() }()
	return nil
}
