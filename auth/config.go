package auth

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"golang.org/x/oauth2"
)

// Default Atlassian hosts. They are settings so that the sandbox runs the
// same code paths as production, with only the host changed.
const (
	DefaultAuthHost = "https://auth.atlassian.com"
	DefaultAPIHost  = "https://api.atlassian.com"
)

// DefaultSkew is how long before its expiry an access token is refreshed.
const DefaultSkew = 2 * time.Minute

// refreshTimeout bounds one refresh, which runs on behalf of every waiting
// caller and so is not cancelled with the first caller's context.
const refreshTimeout = 30 * time.Second

// Hosts are the Atlassian hosts the OAuth flow talks to.
type Hosts struct {
	// Auth serves /authorize and /oauth/token; empty means DefaultAuthHost.
	Auth string
	// API serves /oauth/token/accessible-resources; empty means
	// DefaultAPIHost.
	API string
}

func (h Hosts) auth() string {
	if h.Auth == "" {
		return DefaultAuthHost
	}
	return strings.TrimRight(h.Auth, "/")
}

func (h Hosts) api() string {
	if h.API == "" {
		return DefaultAPIHost
	}
	return strings.TrimRight(h.API, "/")
}

// AuthorizeURL returns the consent screen's URL.
func (h Hosts) AuthorizeURL() string { return h.auth() + "/authorize" }

// TokenURL returns the token endpoint's URL.
func (h Hosts) TokenURL() string { return h.auth() + "/oauth/token" }

// ResourcesURL returns the accessible-resources endpoint's URL.
func (h Hosts) ResourcesURL() string { return h.api() + "/oauth/token/accessible-resources" }

// OAuthConfig holds what every OAuth operation needs: the app's
// credentials, the hosts, and the plumbing. The zero value of each plumbing
// field means a sensible default.
type OAuthConfig struct {
	// ClientID and ClientSecret identify the OAuth 2.0 (3LO) app. For
	// refreshing a stored connection they may be empty, and the ones stored
	// with the connection are used.
	ClientID     string
	ClientSecret string
	Hosts        Hosts
	// HTTPClient makes the requests; nil means http.DefaultClient.
	HTTPClient *http.Client
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// Skew is how long before expiry a token is refreshed; zero means
	// DefaultSkew.
	Skew time.Duration
	// Logger receives operational messages, never a secret; nil discards.
	Logger *slog.Logger
}

func (c OAuthConfig) now() time.Time {
	if c.Now == nil {
		return time.Now()
	}
	return c.Now()
}

func (c OAuthConfig) skew() time.Duration {
	if c.Skew <= 0 {
		return DefaultSkew
	}
	return c.Skew
}

func (c OAuthConfig) logger() *slog.Logger {
	if c.Logger == nil {
		return slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	return c.Logger
}

func (c OAuthConfig) httpClient() *http.Client {
	if c.HTTPClient == nil {
		return http.DefaultClient
	}
	return c.HTTPClient
}

// oauth2Config returns the x/oauth2 configuration for the app. Atlassian
// takes the client credentials in the request body, so the style is fixed
// rather than detected (detection would cost a failed request).
func (c OAuthConfig) oauth2Config(clientID, clientSecret, redirectURL string, scopes []string) *oauth2.Config {
	return &oauth2.Config{
		ClientID:     clientID,
		ClientSecret: clientSecret,
		Endpoint: oauth2.Endpoint{
			AuthURL:   c.Hosts.AuthorizeURL(),
			TokenURL:  c.Hosts.TokenURL(),
			AuthStyle: oauth2.AuthStyleInParams,
		},
		RedirectURL: redirectURL,
		Scopes:      scopes,
	}
}

// clientContext returns ctx carrying the HTTP client for x/oauth2.
func (c OAuthConfig) clientContext(ctx context.Context) context.Context {
	return context.WithValue(ctx, oauth2.HTTPClient, c.httpClient())
}
