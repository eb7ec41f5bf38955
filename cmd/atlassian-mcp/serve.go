package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"net"
	"net/http"
	"strings"
	"time"

	"github.com/mark3labs/mcp-go/server"

	"github.com/clawbridge/atlassian-mcp/atlassian"
	"github.com/clawbridge/atlassian-mcp/tools"
	"github.com/clawbridge/atlassian-mcp/tools/catalog"
	"github.com/clawbridge/atlassian-mcp/transport"
)

// serveFlags are the flags of `atlassian-mcp serve`.
type serveFlags struct {
	transport   string
	addr        string
	sandbox     bool
	origins     stringList
	maxBody     int64
	apiHost     string
	authHost    string
	callTimeout time.Duration
}

// stringList is a repeatable string flag.
type stringList []string

func (s *stringList) String() string     { return strings.Join(*s, ",") }
func (s *stringList) Set(v string) error { *s = append(*s, v); return nil }

func parseServeFlags(args []string, env *environment) (*serveFlags, error) {
	f := &serveFlags{}
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(env.stderr)
	fs.StringVar(&f.transport, "transport", envOr(env, "ATLASSIAN_MCP_TRANSPORT", "stdio"), "stdio, sse or http (streamable HTTP at /mcp)")
	fs.StringVar(&f.addr, "addr", envOr(env, "ATLASSIAN_MCP_ADDR", "127.0.0.1:8080"), "listen address for sse and http")
	fs.BoolVar(&f.sandbox, "sandbox", false, "run against the built-in Atlassian sandbox (no account needed)")
	fs.Var(&f.origins, "allow-origin", "browser Origin to allow besides localhost (repeatable)")
	fs.Int64Var(&f.maxBody, "max-body", 1<<20, "largest accepted HTTP request body, in bytes")
	fs.StringVar(&f.apiHost, "api-host", envOr(env, "ATLASSIAN_API_HOST", atlassian.DefaultAPIHost), "Atlassian API gateway")
	fs.StringVar(&f.authHost, "auth-host", envOr(env, "ATLASSIAN_AUTH_HOST", atlassian.DefaultAuthHost), "Atlassian authorization server")
	fs.DurationVar(&f.callTimeout, "call-timeout", 60*time.Second, "time limit of one tool call")
	if err := fs.Parse(args); err != nil {
		return nil, err
	}
	switch f.transport {
	case "stdio", "sse", "http":
	default:
		return nil, fmt.Errorf("--transport must be stdio, sse or http (got %q)", f.transport)
	}
	return f, nil
}

func envOr(env *environment, key, def string) string {
	if v := env.getenv(key); v != "" {
		return v
	}
	return def
}

func runServe(ctx context.Context, args []string, env *environment) int {
	f, err := parseServeFlags(args, env)
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		fmt.Fprintln(env.stderr, "atlassian-mcp serve:", err)
		return 2
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	conn, err := connect(ctx, f, env)
	if err != nil {
		fmt.Fprintln(env.stderr, "atlassian-mcp serve:", err)
		return 1
	}
	deps := &tools.Deps{
		Atlassian: func(context.Context) (*atlassian.Client, error) { return conn.client, nil },
		Logger:    env.log,
		Now:       time.Now,
	}
	srv := tools.NewServer(catalog.All(), deps, tools.ServerOptions{
		Name: "atlassian-mcp", Version: version, CallTimeout: f.callTimeout,
		Instructions:   "Tools for Jira and Confluence. Errors say how to fix the call.",
		ProtocolLogger: env.protocolLog,
	})
	if err := serveTransport(ctx, f, srv, env); err != nil {
		fmt.Fprintln(env.stderr, "atlassian-mcp serve:", err)
		return 1
	}
	return 0
}

func serveTransport(ctx context.Context, f *serveFlags, srv *server.MCPServer, env *environment) error {
	if f.transport == "stdio" {
		return transport.ServeStdio(ctx, srv, env.stdin, env.stdout, env.log, nil)
	}
	o := transport.HTTPOptions{Addr: f.addr, MaxBodyBytes: f.maxBody, AllowedOrigins: f.origins, Logger: env.log}
	var h http.Handler
	var path string
	if f.transport == "http" {
		h, path = transport.StreamableHandler(srv, o), "/mcp"
	} else {
		h, path = transport.SSEHandler(srv, o), "/sse"
	}
	o.Ready = func(a net.Addr) {
		env.log.Info("serving MCP", "transport", f.transport, "url", "http://"+a.String()+path)
	}
	return transport.Serve(ctx, h, o)
}
