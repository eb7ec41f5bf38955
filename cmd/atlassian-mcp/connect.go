package main

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"time"

	"golang.org/x/oauth2"

	"github.com/clawbridge/atlassian-mcp/atlassian"
	"github.com/clawbridge/atlassian-mcp/auth"
	"github.com/clawbridge/atlassian-mcp/sandbox"
)

// connection is a ready Atlassian client and what it talks to.
type connection struct {
	client *atlassian.Client
	site   string
}

// connect builds the Atlassian client the server uses: the in-process
// sandbox with --sandbox, or credentials from the environment.
func connect(ctx context.Context, f *serveFlags, env *environment) (*connection, error) {
	if f.sandbox {
		return connectSandbox(ctx, env)
	}
	if site := env.getenv("ATLASSIAN_SITE_URL"); site != "" {
		email, token := env.getenv("ATLASSIAN_EMAIL"), env.getenv("ATLASSIAN_API_TOKEN")
		pat := env.getenv("ATLASSIAN_PAT")
		var src auth.Source
		switch {
		case email != "" && token != "":
			src = auth.Basic(email, token)
		case pat != "":
			src = auth.Bearer(pat)
		default:
			return nil, errors.New("ATLASSIAN_SITE_URL is set but no credential is: set ATLASSIAN_EMAIL and ATLASSIAN_API_TOKEN (Cloud) or ATLASSIAN_PAT (Data Center)")
		}
		c, err := atlassian.New(atlassian.Config{HTTPClient: httpClient(src), SiteURL: site, Direct: true,
			UserAgent: userAgent(), Observer: logCalls(env)})
		if err != nil {
			return nil, err
		}
		return &connection{client: c, site: site}, nil
	}
	return nil, errors.New("no Atlassian credentials: set ATLASSIAN_SITE_URL with ATLASSIAN_EMAIL and ATLASSIAN_API_TOKEN, or try the built-in sandbox with `atlassian-mcp serve --sandbox`")
}

// connectSandbox starts the sandbox in-process on a loopback port, grants
// the sandbox user every scope, and connects through the same OAuth path
// (token endpoint, accessible resources, API gateway) as production.
func connectSandbox(ctx context.Context, env *environment) (*connection, error) {
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
	cfg := &oauth2.Config{ClientID: sandbox.ClientID, ClientSecret: sandbox.ClientSecret,
		Endpoint: oauth2.Endpoint{AuthURL: st.url + "/authorize", TokenURL: st.url + "/oauth/token", AuthStyle: oauth2.AuthStyleInParams}}
	ts := cfg.TokenSource(ctx, &oauth2.Token{AccessToken: grant.AccessToken, RefreshToken: grant.RefreshToken,
		TokenType: "Bearer", Expiry: time.Now().Add(time.Duration(grant.ExpiresIn) * time.Second)})
	src := auth.SourceFunc(func(context.Context) (string, error) {
		t, err := ts.Token()
		if err != nil {
			return "", err
		}
		return "Bearer " + t.AccessToken, nil
	})
	hc := httpClient(src)
	res, err := atlassian.AccessibleResources(ctx, hc, st.url)
	if err != nil {
		return nil, err
	}
	site, err := atlassian.PickResource(res, sandbox.CloudID)
	if err != nil {
		return nil, err
	}
	c, err := atlassian.New(atlassian.Config{HTTPClient: hc, APIHost: st.url, CloudID: site.ID, SiteURL: site.URL,
		UserAgent: userAgent(), Observer: logCalls(env)})
	if err != nil {
		return nil, err
	}
	env.log.Info("connected to the sandbox", "url", st.url, "site", site.URL)
	return &connection{client: c, site: site.URL}, nil
}

func httpClient(src auth.Source) *http.Client {
	return &http.Client{Transport: auth.Transport(http.DefaultTransport, src), Timeout: 60 * time.Second}
}

func userAgent() string { return "atlassian-mcp/" + version }

// logCalls logs every Atlassian call at debug level.
func logCalls(env *environment) atlassian.Observer {
	return func(ctx context.Context, c atlassian.Call) {
		env.log.DebugContext(ctx, "atlassian call", "action", c.Action, "target", c.Target, "status", c.Status,
			"ms", c.Duration.Milliseconds(), "err", c.Err)
	}
}
