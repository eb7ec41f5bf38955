// Package testenv wires the sandbox, the Atlassian client and the tool
// server together for in-process tests, with every HTTP exchange between
// client and sandbox validated against Atlassian's OpenAPI specs.
package testenv

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/mark3labs/mcp-go/client"
	"github.com/mark3labs/mcp-go/mcp"

	"github.com/clawbridge/atlassian-mcp/atlassian"
	"github.com/clawbridge/atlassian-mcp/auth"
	"github.com/clawbridge/atlassian-mcp/internal/contract"
	"github.com/clawbridge/atlassian-mcp/sandbox"
	"github.com/clawbridge/atlassian-mcp/tools"
)

// Env is a sandbox and a client connected to it.
type Env struct {
	T       testing.TB
	Sandbox *sandbox.Sandbox
	Server  *httptest.Server
	Client  *atlassian.Client
	// HTTP is the client's authenticated (and contract-checked) HTTP client;
	// Scopes are what its grant holds.
	HTTP   *http.Client
	Scopes []string
	// Calls records every Atlassian call the client made.
	Calls *CallLog
}

// CallLog records client calls; it is safe for concurrent use.
type CallLog struct {
	mu    sync.Mutex
	calls []atlassian.Call
}

// Observe records c, unless it is a request about to be sent (the same
// request is recorded again once answered).
func (l *CallLog) Observe(_ context.Context, c atlassian.Call) error {
	if c.Before {
		return nil
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	l.calls = append(l.calls, c)
	return nil
}

// Count returns how many calls were recorded.
func (l *CallLog) Count() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.calls)
}

// All returns the recorded calls.
func (l *CallLog) All() []atlassian.Call {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]atlassian.Call(nil), l.calls...)
}

// Options adjust New.
type Options struct {
	// Scopes granted to the client; nil means every scope.
	Scopes []string
	// Account is the user the grant acts as; empty means the sandbox user.
	Account string
	// Now is the sandbox clock.
	Now func() time.Time
	// ClientConfig adjusts the client configuration before use.
	ClientConfig func(*atlassian.Config)
	// Unchecked turns the contract check off, for benchmarks that measure
	// the server rather than the validator.
	Unchecked bool
}

// New starts a contract-checked sandbox and an OAuth client for it.
func New(t testing.TB, o Options) *Env {
	t.Helper()
	ts := httptest.NewUnstartedServer(nil)
	sb := sandbox.New(sandbox.Options{BaseURL: "http://" + ts.Listener.Addr().String(), Now: o.Now})
	var v *contract.Validator
	if _, err := contract.SpecsDir(); err == nil && !o.Unchecked {
		v = contract.Load(t)
		ts.Config.Handler = v.Handler(t, sb)
	} else {
		if !o.Unchecked {
			t.Logf("exchanges are not contract-checked: %v", err)
		}
		ts.Config.Handler = sb
	}
	ts.Start()
	t.Cleanup(ts.Close)
	scopes := o.Scopes
	if scopes == nil {
		scopes = sandbox.AllScopes()
	}
	account := o.Account
	if account == "" {
		account = sandbox.UserID
	}
	g, err := sb.OAuth().IssueGrant(sandbox.ClientID, account, scopes)
	if err != nil {
		t.Fatalf("testenv: grant: %v", err)
	}
	var base http.RoundTripper = http.DefaultTransport
	if v != nil {
		base = v.Transport(t, base)
	}
	log := &CallLog{}
	hc := &http.Client{Transport: auth.Transport(base, auth.Bearer(g.AccessToken))}
	cfg := atlassian.Config{
		HTTPClient: hc,
		APIHost:    ts.URL, CloudID: sandbox.CloudID, SiteURL: sb.SiteURL(sandbox.CloudID),
		Observer: log.Observe,
		Sleep:    func(context.Context, time.Duration) error { return nil },
	}
	if o.ClientConfig != nil {
		o.ClientConfig(&cfg)
	}
	c, err := atlassian.New(cfg)
	if err != nil {
		t.Fatalf("testenv: client: %v", err)
	}
	return &Env{T: t, Sandbox: sb, Server: ts, Client: c, HTTP: hc, Scopes: scopes, Calls: log}
}

// Deps returns tool dependencies that use e's client.
func (e *Env) Deps() *tools.Deps {
	return &tools.Deps{
		Atlassian: func(context.Context) (*atlassian.Client, error) { return e.Client, nil },
		Logger:    slog.New(slog.NewTextHandler(io.Discard, nil)),
	}
}

// MCP starts an in-process MCP server offering ts and returns an
// initialised mcp-go client for it.
func (e *Env) MCP(ts []tools.Tool) *client.Client {
	e.T.Helper()
	srv := tools.NewServer(ts, e.Deps(), tools.ServerOptions{Name: "test", Version: "0"})
	c, err := client.NewInProcessClient(srv)
	if err != nil {
		e.T.Fatalf("testenv: in-process client: %v", err)
	}
	ctx := context.Background()
	if err := c.Start(ctx); err != nil {
		e.T.Fatalf("testenv: start: %v", err)
	}
	init := mcp.InitializeRequest{}
	init.Params.ProtocolVersion = mcp.LATEST_PROTOCOL_VERSION
	init.Params.ClientInfo = mcp.Implementation{Name: "testenv", Version: "0"}
	if _, err := c.Initialize(ctx, init); err != nil {
		e.T.Fatalf("testenv: initialize: %v", err)
	}
	e.T.Cleanup(func() { _ = c.Close() })
	return c
}
