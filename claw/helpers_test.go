package claw

import (
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/mark3labs/mcp-go/server"

	"github.com/clawbridge/atlassian-mcp/internal/testenv"
	"github.com/clawbridge/atlassian-mcp/sandbox"
	"github.com/clawbridge/atlassian-mcp/scope"
	"github.com/clawbridge/atlassian-mcp/tools/jira"
	"github.com/clawbridge/atlassian-mcp/transport"
)

func transportOpts() transport.HTTPOptions {
	return transport.HTTPOptions{Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}
}

// testConn is the test connection to e's sandbox, sending with hc.
func testConn(e *testenv.Env, hc *http.Client) *Conn {
	return &Conn{Name: "test", HTTP: hc, APIHost: e.Server.URL, CloudID: sandbox.CloudID,
		SiteURL: e.Sandbox.SiteURL(sandbox.CloudID), SiteName: "acme", Scopes: scope.NewScopes(e.Scopes...)}
}

// clawHTTP serves the test Claws over kind ("http" or "sse").
func clawHTTP(t *testing.T, kind string) *httptest.Server {
	t.Helper()
	cs, _ := build(t, nil)
	quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
	servers := map[string]*server.MCPServer{}
	for _, c := range cs {
		servers[c.Profile.Name] = c.Server(jira.Tools(), ServerOptions{Logger: quiet, ProtocolLogger: quiet})
	}
	ts := httptest.NewServer(Handler(&Access{Claws: cs, Org: testConfig(t).Org.Members}, servers, kind, transportOpts()))
	t.Cleanup(ts.Close)
	return ts
}
