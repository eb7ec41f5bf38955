package main

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"os"
	"time"

	"github.com/clawbridge/atlassian-mcp/auth"
	"github.com/clawbridge/atlassian-mcp/claw"
	"github.com/clawbridge/atlassian-mcp/sandbox"
	"github.com/clawbridge/atlassian-mcp/scope"
)

// Built-in connection names a Claw profile may use besides stored ones.
const (
	connSandbox = "sandbox" // the embedded sandbox, with --sandbox
	connEnv     = "env"     // ATLASSIAN_SITE_URL with an API token or PAT
)

// SandboxCallerKey is the caller key the implicit Claw accepts over HTTP
// when the server runs against the embedded sandbox without configuration.
const SandboxCallerKey = "sandbox"

// envConn builds the connection described by the environment, or nil.
func envConn(env *environment) (*claw.Conn, error) {
	site := env.getenv("ATLASSIAN_SITE_URL")
	if site == "" {
		return nil, nil
	}
	email, token, pat := env.getenv("ATLASSIAN_EMAIL"), env.getenv("ATLASSIAN_API_TOKEN"), env.getenv("ATLASSIAN_PAT")
	var src auth.Source
	switch {
	case email != "" && token != "":
		src = auth.Basic(email, token)
	case pat != "":
		src = auth.Bearer(pat)
	default:
		return nil, errors.New("ATLASSIAN_SITE_URL is set but no credential is: set ATLASSIAN_EMAIL and ATLASSIAN_API_TOKEN (Cloud) or ATLASSIAN_PAT (Data Center)")
	}
	return &claw.Conn{Name: connEnv, HTTP: httpClient(src), SiteURL: site, SiteName: site, Direct: true, Scopes: scope.Unscoped()}, nil
}

// sandboxConn starts the sandbox in-process on a loopback port and
// connects to it the way production connects to Atlassian: a grant (here
// pre-authorised) kept in an encrypted token store, refreshed and rotated
// by the auth layers, the site chosen from accessible-resources, and every
// request sent through the API gateway path.
func sandboxConn(ctx context.Context, env *environment) (*claw.Conn, error) {
	type started struct {
		sb  *sandbox.Sandbox
		url string
	}
	ready := make(chan started, 1)
	errc := make(chan error, 1)
	go func() {
		errc <- sandbox.Serve(ctx, "127.0.0.1:0", sandbox.Options{}, func(sb *sandbox.Sandbox, url string) {
			ready <- started{sb, url}
		})
	}()
	var st started
	select {
	case st = <-ready:
	case err := <-errc:
		return nil, fmt.Errorf("start the sandbox: %w", err)
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	grant, err := st.sb.OAuth().IssueGrant(sandbox.ClientID, sandbox.UserID, sandbox.AllScopes())
	if err != nil {
		return nil, fmt.Errorf("sandbox grant: %w", err)
	}
	dir, err := os.MkdirTemp("", "atlassian-mcp-sandbox-")
	if err != nil {
		return nil, fmt.Errorf("sandbox token store: %w", err)
	}
	go func() { <-ctx.Done(); os.RemoveAll(dir) }()
	store, err := auth.OpenStore(dir)
	if err != nil {
		return nil, fmt.Errorf("sandbox token store: %w", err)
	}
	cfg := auth.OAuthConfig{ClientID: sandbox.ClientID, ClientSecret: sandbox.ClientSecret,
		Hosts: auth.Hosts{Auth: st.url, API: st.url}, Logger: env.log}
	res, err := auth.AccessibleResources(ctx, cfg, grant.AccessToken)
	if err != nil {
		return nil, err
	}
	site, err := auth.ChooseSite(res, sandbox.CloudID)
	if err != nil {
		return nil, err
	}
	err = store.Put(ctx, auth.Connection{Name: connSandbox, Kind: auth.KindOAuth, ClientID: sandbox.ClientID, ClientSecret: sandbox.ClientSecret,
		CloudID: site.ID, SiteURL: site.URL, SiteName: site.Name, Scopes: site.Scopes, AccessToken: grant.AccessToken,
		RefreshToken: grant.RefreshToken, Expiry: time.Now().Add(time.Duration(grant.ExpiresIn) * time.Second)})
	if err != nil {
		return nil, fmt.Errorf("sandbox token store: %w", err)
	}
	env.log.Info("connected to the sandbox", "url", st.url, "site", site.URL)
	return &claw.Conn{Name: connSandbox, HTTP: httpClient(auth.OAuthSource(store, connSandbox, cfg)), APIHost: st.url,
		CloudID: site.ID, SiteURL: site.URL, SiteName: site.Name, Scopes: scope.NewScopes(site.Scopes...)}, nil
}

func httpClient(src auth.Source) *http.Client {
	return &http.Client{Transport: auth.Transport(http.DefaultTransport, src), Timeout: 60 * time.Second}
}

func userAgent() string { return "atlassian-mcp/" + version }
