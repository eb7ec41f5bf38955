// Package oauthsrv is the sandbox's authorization server. It behaves as
// Atlassian's OAuth 2.0 (3LO) server does: it serves /authorize,
// /oauth/token and /oauth/token/accessible-resources, rotates refresh tokens
// with a reuse leeway and family revocation, and checks the credentials of
// requests to the product APIs (OAuth bearer tokens, Cloud basic auth with an
// API token, and personal access tokens).
//
// The server keeps its state in memory and reads time from an injectable
// clock, so that tests never sleep.
package oauthsrv

import (
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// Lifetimes and limits of the tokens the server issues. They are Atlassian's.
const (
	// AccessTokenTTL is how long an access token is accepted after issue.
	AccessTokenTTL = time.Hour
	// RefreshReuseLeeway is how long a rotated refresh token may still be
	// used; each use inside it yields a fresh pair.
	RefreshReuseLeeway = 10 * time.Minute
	// RefreshInactivity is how long an unused refresh token stays valid.
	RefreshInactivity = 90 * 24 * time.Hour
	// RefreshAbsolute is how long a token family lives after the user
	// consented, however often it is refreshed.
	RefreshAbsolute = 365 * 24 * time.Hour
	// CodeTTL is how long an authorization code may be exchanged.
	CodeTTL = 10 * time.Minute
	// Audience is the audience parameter /authorize requires.
	Audience = "api.atlassian.com"
	// OfflineAccess is the scope that makes the server issue refresh tokens.
	OfflineAccess = "offline_access"
)

// A User is an Atlassian account known to the sandbox.
type User struct {
	AccountID   string
	Email       string
	DisplayName string
	// APIToken authenticates Cloud basic auth as Email:APIToken; empty
	// disables basic auth for the user.
	APIToken string
	// PAT is a personal access token presented as "Bearer PAT"; empty
	// disables it.
	PAT string
}

// A Site is an Atlassian Cloud site (a Jira and Confluence tenant).
type Site struct {
	CloudID string
	URL     string
	Name    string
	// Scopes are the scopes this site grants to the app; an OAuth grant acts
	// on the site with the intersection of these and the scopes granted.
	Scopes []string
}

// A Client is an OAuth 2.0 (3LO) app registered with the server.
type Client struct {
	ID     string
	Secret string
	// RedirectURIs, when not empty, are the callback URLs the app accepts,
	// matched exactly as Atlassian does. Empty accepts any http or https URL.
	RedirectURIs []string
}

// Config configures a Server.
type Config struct {
	// Now is the clock; nil means time.Now. Tests inject a fake one.
	Now     func() time.Time
	Users   []User
	Sites   []Site
	Clients []Client
	// ConsentUser is the accountId /authorize consents as; empty means the
	// first of Users.
	ConsentUser string
}

// Tokens are what the token endpoint (or IssueGrant) hands out.
type Tokens struct {
	AccessToken string `json:"access_token"`
	// RefreshToken is empty unless offline_access was granted.
	RefreshToken string `json:"refresh_token,omitempty"`
	ExpiresIn    int    `json:"expires_in"`
	TokenType    string `json:"token_type"`
	// Scope is the space-separated list of granted scopes.
	Scope string `json:"scope"`
}

// A Server is the sandbox's authorization server. It is safe for concurrent
// use.
type Server struct {
	now     func() time.Time
	users   []User
	sites   []Site
	clients map[string]Client
	consent string

	tokenRequests atomic.Int64

	mu      sync.Mutex
	deny    bool
	codes   map[string]*code
	access  map[string]*accessToken
	refresh map[string]*refreshToken
	pruneAt int // prune when this many tokens are held
}

// A family is one consent: every token descended from one authorization
// code (or IssueGrant call). Reusing a refresh token outside the leeway
// revokes the whole family.
type family struct {
	clientID  string
	accountID string
	scopes    []string
	created   time.Time
	revoked   bool
}

type accessToken struct {
	fam     *family
	expires time.Time
}

type refreshToken struct {
	fam     *family
	issued  time.Time
	rotated time.Time // zero until first used
}

type code struct {
	clientID    string
	redirectURI string
	challenge   string
	method      string
	accountID   string
	scopes      []string
	expires     time.Time
	used        bool
	fam         *family // set once exchanged, to revoke on replay
}

// New returns a Server for cfg. Users, sites and clients are copied.
func New(cfg Config) *Server {
	s := &Server{
		now:     cfg.Now,
		users:   slices.Clone(cfg.Users),
		clients: make(map[string]Client, len(cfg.Clients)),
		consent: cfg.ConsentUser,
		codes:   map[string]*code{},
		access:  map[string]*accessToken{},
		refresh: map[string]*refreshToken{},
	}
	if s.now == nil {
		s.now = time.Now
	}
	for _, site := range cfg.Sites {
		site.Scopes = slices.Clone(site.Scopes)
		s.sites = append(s.sites, site)
	}
	for _, c := range cfg.Clients {
		c.RedirectURIs = slices.Clone(c.RedirectURIs)
		s.clients[c.ID] = c
	}
	s.pruneAt = 1024
	if s.consent == "" && len(s.users) > 0 {
		s.consent = s.users[0].AccountID
	}
	return s
}

// Register mounts the server's endpoints on mux at Atlassian's paths:
// GET /authorize, POST /oauth/token and GET
// /oauth/token/accessible-resources.
func (s *Server) Register(mux *http.ServeMux) {
	mux.HandleFunc("GET /authorize", s.handleAuthorize)
	mux.HandleFunc("POST /oauth/token", s.handleToken)
	mux.HandleFunc("GET /oauth/token/accessible-resources", s.handleResources)
}

// SetConsent sets whether /authorize consents (true, the default) or
// answers as if the user had clicked "Deny".
func (s *Server) SetConsent(allow bool) {
	s.mu.Lock()
	s.deny = !allow
	s.mu.Unlock()
}

// TokenRequests reports how many requests have reached the token endpoint,
// whatever their outcome.
func (s *Server) TokenRequests() int { return int(s.tokenRequests.Load()) }

// User returns the user with the given accountId.
func (s *Server) User(accountID string) (User, bool) {
	for _, u := range s.users {
		if u.AccountID == accountID {
			return u, true
		}
	}
	return User{}, false
}

// Sites returns a copy of the sites the server knows.
func (s *Server) Sites() []Site {
	out := make([]Site, len(s.sites))
	for i, site := range s.sites {
		site.Scopes = slices.Clone(site.Scopes)
		out[i] = site
	}
	return out
}

// IssueGrant creates a grant as if accountID had consented to scopes for the
// app clientID, and returns its first tokens. As with Atlassian, a refresh
// token is issued only when scopes include offline_access.
func (s *Server) IssueGrant(clientID, accountID string, scopes []string) (Tokens, error) {
	if _, ok := s.clients[clientID]; !ok {
		return Tokens{}, fmt.Errorf("oauthsrv: unknown client id %q: register it in Config.Clients", clientID)
	}
	if _, ok := s.User(accountID); !ok {
		return Tokens{}, fmt.Errorf("oauthsrv: unknown accountId %q: add it to Config.Users", accountID)
	}
	norm, err := normalizeScopes(strings.Join(scopes, " "))
	if err != nil {
		return Tokens{}, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	fam := s.newFamily(clientID, accountID, norm)
	return s.issueLocked(fam), nil
}

// newFamily records a new consent. The caller holds s.mu.
func (s *Server) newFamily(clientID, accountID string, scopes []string) *family {
	fam := &family{
		clientID:  clientID,
		accountID: accountID,
		scopes:    scopes,
		created:   s.now(),
	}
	return fam
}

// issueLocked mints an access token (and, with offline_access, a refresh
// token) in fam. The caller holds s.mu.
func (s *Server) issueLocked(fam *family) Tokens {
	now := s.now()
	if n := len(s.access) + len(s.refresh) + len(s.codes); n >= s.pruneAt {
		s.pruneLocked(now)
		// Doubling the threshold keeps pruning amortised O(1) per token.
		s.pruneAt = max(1024, 2*(len(s.access)+len(s.refresh)+len(s.codes)))
	}
	t := Tokens{
		AccessToken: newToken("sbxat"),
		ExpiresIn:   int(AccessTokenTTL / time.Second),
		TokenType:   "Bearer",
		Scope:       strings.Join(fam.scopes, " "),
	}
	s.access[t.AccessToken] = &accessToken{fam: fam, expires: now.Add(AccessTokenTTL)}
	if slices.Contains(fam.scopes, OfflineAccess) {
		t.RefreshToken = newToken("sbxrt")
		s.refresh[t.RefreshToken] = &refreshToken{fam: fam, issued: now}
	}
	return t
}

// pruneLocked forgets tokens that can no longer be accepted, so that a
// long-running sandbox does not grow without bound. The caller holds s.mu. Refresh tokens are kept
// while replaying them could still matter (revoking their family).
func (s *Server) pruneLocked(now time.Time) {
	for k, a := range s.access {
		if !now.Before(a.expires) || a.fam.revoked {
			delete(s.access, k)
		}
	}
	for k, r := range s.refresh {
		if now.Sub(r.issued) > RefreshInactivity || now.Sub(r.fam.created) > RefreshAbsolute {
			delete(s.refresh, k)
		}
	}
	for k, c := range s.codes {
		if now.Sub(c.expires) > RefreshAbsolute {
			delete(s.codes, k)
		}
	}
}

// newToken returns an unguessable token with a readable prefix.
func newToken(prefix string) string {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		// crypto/rand never fails on supported platforms (Go 1.24+).
		panic(err)
	}
	return prefix + "_" + base64.RawURLEncoding.EncodeToString(b)
}

// errBadScope reports a scope parameter the server will not accept.
var errBadScope = errors.New("oauthsrv: scope must be a non-empty, space-separated list of scopes such as \"read:jira-work offline_access\"")

// normalizeScopes splits a space-separated scope parameter, drops
// duplicates and sorts it.
func normalizeScopes(param string) ([]string, error) {
	fields := strings.Fields(param)
	if len(fields) == 0 || len(fields) > 200 {
		return nil, errBadScope
	}
	for _, f := range fields {
		if len(f) > 200 {
			return nil, errBadScope
		}
		for _, r := range f {
			// RFC 6749 §3.3: scope-token is %x21 / %x23-5B / %x5D-7E.
			if r < 0x21 || r == 0x22 || r == 0x5c || r > 0x7e {
				return nil, errBadScope
			}
		}
	}
	slices.Sort(fields)
	return slices.Compact(fields), nil
}

// siteScopes returns the scopes fam may use on site: the intersection of
// what was granted and what the site grants the app.
func siteScopes(fam *family, site Site) []string {
	var out []string
	for _, sc := range site.Scopes {
		if slices.Contains(fam.scopes, sc) && !slices.Contains(out, sc) {
			out = append(out, sc)
		}
	}
	return out
}
