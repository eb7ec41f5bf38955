// Package sandbox is a faithful simulator of Atlassian Cloud: an OAuth 2.0
// (3LO) authorization server, Jira platform REST v3, Jira Software and
// Confluence, behind the same paths as the real hosts.
//
// Tests run it in-process with httptest; people run it with
// `atlassian-mcp sandbox`. It enforces OAuth scopes per operation and
// project permissions per user, as Atlassian does, and its answers are
// checked against Atlassian's published OpenAPI specifications.
package sandbox

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/clawbridge/atlassian-mcp/sandbox/oauthsrv"
)

// Default identities of the seeded sandbox, for tests and for
// `atlassian-mcp serve --sandbox`.
const (
	// ClientID and ClientSecret identify the OAuth app registered in the sandbox.
	ClientID     = "sandbox-client"
	ClientSecret = "sandbox-secret"
	// CloudID is the cloud id of the main seeded site, "acme".
	CloudID = "0b2b6b1a-acme-4c1e-9a51-5a4db0c0ffee"
	// BetaCloudID is the cloud id of the second, smaller site.
	BetaCloudID = "7f3e2d1c-beta-4a0b-8c9d-0e1f2a3b4c5d"
	// UserID is the accountId of the seeded user the sandbox consents as.
	UserID = "712020:ana-lima"
)

// Options configure a Sandbox.
type Options struct {
	// Now is the clock; nil means time.Now. Seed data is dated relative to it.
	Now func() time.Time
	// BaseURL is the URL the sandbox is reached at. It is set by Start and by
	// the test server; callers rarely set it.
	BaseURL string
}

// A Sandbox is the simulated Atlassian Cloud. Its zero value is not usable;
// call New.
type Sandbox struct {
	mu      sync.Mutex
	now     func() time.Time
	baseURL string
	sites   []*Site
	oauth   *oauthsrv.Server
	mux     *http.ServeMux
	calls   atomic.Int64
	faults  faults
}

// New returns a seeded sandbox.
func New(opts Options) *Sandbox {
	now := opts.Now
	if now == nil {
		now = time.Now
	}
	sb := &Sandbox{now: now, baseURL: strings.TrimRight(opts.BaseURL, "/"), mux: http.NewServeMux()}
	sb.faults.next = sb.mux
	sb.sites = []*Site{seedAcme(now()), seedBeta(now())}
	for _, s := range sb.sites {
		s.Wiki = seedWiki(s, now())
	}
	sb.oauth = oauthsrv.New(oauthsrv.Config{
		Now:         now,
		Users:       sb.oauthUsers(),
		Sites:       sb.oauthSites(),
		Clients:     []oauthsrv.Client{{ID: ClientID, Secret: ClientSecret}},
		ConsentUser: UserID,
	})
	sb.oauth.Register(sb.mux)
	sb.routes()
	return sb
}

// OAuth returns the sandbox's authorization server.
func (sb *Sandbox) OAuth() *oauthsrv.Server { return sb.oauth }

// ServeHTTP implements http.Handler.
func (sb *Sandbox) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	sb.calls.Add(1)
	if sb.faults.apply(w, r) {
		return
	}
	sb.mux.ServeHTTP(w, r)
}

// Requests returns how many HTTP requests the sandbox has served.
func (sb *Sandbox) Requests() int64 { return sb.calls.Load() }

// URL returns the base URL of the sandbox.
func (sb *Sandbox) URL() string {
	sb.mu.Lock()
	defer sb.mu.Unlock()
	return sb.baseURL
}

// SiteURL returns the browse URL of the site with cloudID.
func (sb *Sandbox) SiteURL(cloudID string) string {
	sb.mu.Lock()
	defer sb.mu.Unlock()
	for _, s := range sb.sites {
		if s.CloudID == cloudID {
			return sb.baseURL + "/site/" + s.Slug
		}
	}
	return ""
}

// NewTestServer starts the sandbox on an httptest server. The caller closes it.
func NewTestServer(opts Options) (*Sandbox, *httptest.Server) {
	ts := httptest.NewUnstartedServer(nil)
	opts.BaseURL = "http://" + ts.Listener.Addr().String()
	sb := New(opts)
	ts.Config.Handler = sb
	ts.Start()
	return sb, ts
}

// Serve runs the sandbox on addr until ctx ends, then shuts it down
// gracefully. ready, if not nil, receives the base URL once listening.
func Serve(ctx context.Context, addr string, opts Options, ready func(sb *Sandbox, url string)) error {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("sandbox: listen on %s: %w", addr, err)
	}
	opts.BaseURL = "http://" + ln.Addr().String()
	sb := New(opts)
	srv := &http.Server{Handler: sb, ReadHeaderTimeout: 10 * time.Second}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	if ready != nil {
		ready(sb, sb.URL())
	}
	select {
	case <-ctx.Done():
		sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		return srv.Shutdown(sctx)
	case err := <-errc:
		if errors.Is(err, http.ErrServerClosed) {
			return nil
		}
		return err
	}
}

// site returns the site with cloudID or slug, or nil.
func (sb *Sandbox) site(ref string) *Site {
	for _, s := range sb.sites {
		if s.CloudID == ref || s.Slug == ref {
			return s
		}
	}
	return nil
}

func (sb *Sandbox) oauthUsers() []oauthsrv.User {
	seen := map[string]bool{}
	var out []oauthsrv.User
	for _, s := range sb.sites {
		for _, u := range s.Users {
			if seen[u.AccountID] {
				continue
			}
			seen[u.AccountID] = true
			out = append(out, oauthsrv.User{AccountID: u.AccountID, Email: u.Email,
				DisplayName: u.DisplayName, APIToken: u.APIToken, PAT: u.PAT})
		}
	}
	return out
}

func (sb *Sandbox) oauthSites() []oauthsrv.Site {
	var out []oauthsrv.Site
	for _, s := range sb.sites {
		out = append(out, oauthsrv.Site{CloudID: s.CloudID, URL: sb.baseURL + "/site/" + s.Slug, Name: s.Name, Scopes: AllScopes()})
	}
	return out
}
