package auth

import (
	"errors"
	"fmt"
	"log/slog"
	"regexp"
	"time"
)

// Kinds of Connection.
const (
	KindOAuth = "oauth" // a delegated OAuth 2.0 (3LO) grant
	KindBasic = "basic" // Cloud basic auth: email and API token
	KindPAT   = "pat"   // a Data Center personal access token
)

// A Connection is one named set of Atlassian credentials in a Store. Which
// fields are set depends on Kind. Its String and LogValue methods never show
// a secret, so a Connection may be logged or printed by mistake safely.
type Connection struct {
	Name string `json:"name"`
	Kind string `json:"kind"`

	// OAuth grants.
	ClientID     string `json:"client_id,omitempty"`
	ClientSecret string `json:"client_secret,omitempty"`
	CloudID      string `json:"cloud_id,omitempty"`
	SiteURL      string `json:"site_url,omitempty"`
	SiteName     string `json:"site_name,omitempty"`
	// Scopes are the scopes the grant may use on the site, as
	// accessible-resources reports them.
	Scopes       []string  `json:"scopes,omitempty"`
	AccessToken  string    `json:"access_token,omitempty"`
	Expiry       time.Time `json:"expiry,omitzero"`
	RefreshToken string    `json:"refresh_token,omitempty"`
	// NeedsLogin is set when Atlassian refused the refresh token; only a
	// new login revives the connection.
	NeedsLogin bool `json:"needs_login,omitempty"`

	// Basic auth (Email, APIToken) and personal access tokens (Token); both
	// use BaseURL, the site or server address.
	Email    string `json:"email,omitempty"`
	APIToken string `json:"api_token,omitempty"`
	Token    string `json:"token,omitempty"`
	BaseURL  string `json:"base_url,omitempty"`

	// Updated is when the connection was last written.
	Updated time.Time `json:"updated,omitzero"`
}

// validName is the shape of a connection name: it appears in commands the
// user is told to run, so it must be safe to paste into a shell.
// Its length (1 to 64) is checked apart from the pattern, since a counted
// repetition compiles into a program that costs a millisecond at start-up.
var validName = nameShape{regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]*$`)}

type nameShape struct{ re *regexp.Regexp }

// MatchString reports whether s is a valid connection name.
func (n nameShape) MatchString(s string) bool { return len(s) <= 64 && n.re.MatchString(s) }

// Validate reports whether c is complete for its kind.
func (c Connection) Validate() error {
	if !validName.MatchString(c.Name) {
		return fmt.Errorf("connection name %q must be 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit", c.Name)
	}
	var missing []string
	need := func(field, v string) {
		if v == "" {
			missing = append(missing, field)
		}
	}
	switch c.Kind {
	case KindOAuth:
		need("client id", c.ClientID)
		need("cloud id", c.CloudID)
		need("site URL", c.SiteURL)
		if !c.NeedsLogin {
			need("refresh token", c.RefreshToken)
		}
	case KindBasic:
		need("email", c.Email)
		need("API token", c.APIToken)
		need("base URL", c.BaseURL)
	case KindPAT:
		need("token", c.Token)
		need("base URL", c.BaseURL)
	default:
		return fmt.Errorf("connection %q has kind %q; want %s, %s or %s", c.Name, c.Kind, KindOAuth, KindBasic, KindPAT)
	}
	if len(missing) > 0 {
		return fmt.Errorf("connection %q (%s) lacks %v", c.Name, c.Kind, missing)
	}
	return nil
}

// String describes the connection without any secret.
func (c Connection) String() string {
	switch c.Kind {
	case KindOAuth:
		return fmt.Sprintf("connection %s (oauth, site %s, cloud id %s)", c.Name, c.SiteURL, c.CloudID)
	case KindBasic:
		return fmt.Sprintf("connection %s (basic, %s at %s)", c.Name, c.Email, c.BaseURL)
	default:
		return fmt.Sprintf("connection %s (%s, %s)", c.Name, c.Kind, c.BaseURL)
	}
}

// GoString describes the connection without any secret, for %#v.
func (c Connection) GoString() string { return c.String() }

// LogValue lets slog log the connection without any secret.
func (c Connection) LogValue() slog.Value {
	return slog.GroupValue(
		slog.String("name", c.Name),
		slog.String("kind", c.Kind),
		slog.String("site", c.SiteURL+c.BaseURL),
	)
}

// ErrNotFound reports a connection name the store does not hold.
var ErrNotFound = errors.New("no such connection")

// ErrLoginRequired reports that a connection must be authorised again with
// `atlassian-mcp auth login`. Errors that wrap it say which connection.
var ErrLoginRequired = errors.New("the connection needs a new login")

// A LoginRequiredError says that Atlassian refused a connection's refresh
// token, so only a new login can revive it. It wraps ErrLoginRequired.
type LoginRequiredError struct {
	Connection string
}

// Error tells the agent or user, in plain words, what to run.
func (e *LoginRequiredError) Error() string {
	return fmt.Sprintf("the Atlassian connection %q is no longer authorised (its refresh token expired after 90 days unused, "+
		"was revoked, or the app's access was removed). Ask the user to run `atlassian-mcp auth login --connection %s` "+
		"and then retry", e.Connection, e.Connection)
}

// Unwrap returns ErrLoginRequired.
func (e *LoginRequiredError) Unwrap() error { return ErrLoginRequired }
