package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/mark3labs/mcp-go/server"

	"github.com/clawbridge/atlassian-mcp/audit"
	"github.com/clawbridge/atlassian-mcp/auth"
	"github.com/clawbridge/atlassian-mcp/claw"
	"github.com/clawbridge/atlassian-mcp/config"
	"github.com/clawbridge/atlassian-mcp/tools/catalog"
	"github.com/clawbridge/atlassian-mcp/transport"
)

// serveFlags are the flags of `atlassian-mcp serve`.
type serveFlags struct {
	configPath  string
	claw        string
	transport   string
	addr        string
	sandbox     bool
	origins     stringList
	maxBody     int64
	apiHost     string
	authHost    string
	auditPath   string
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
	fs.StringVar(&f.configPath, "config", "", "configuration file (default $ATLASSIAN_MCP_CONFIG or ~/.config/atlassian-mcp/config.yaml)")
	fs.StringVar(&f.claw, "claw", env.getenv("ATLASSIAN_MCP_CLAW"), "the Claw profile to serve over stdio (default: the only one)")
	fs.StringVar(&f.transport, "transport", envOr(env, "ATLASSIAN_MCP_TRANSPORT", "stdio"), "stdio, sse or http (streamable HTTP at /mcp)")
	fs.StringVar(&f.addr, "addr", envOr(env, "ATLASSIAN_MCP_ADDR", "127.0.0.1:8080"), "listen address for sse and http")
	fs.BoolVar(&f.sandbox, "sandbox", false, "run against the built-in Atlassian sandbox (no account needed)")
	fs.Var(&f.origins, "allow-origin", "browser Origin to allow besides localhost (repeatable)")
	fs.Int64Var(&f.maxBody, "max-body", 1<<20, "largest accepted HTTP request body, in bytes")
	fs.StringVar(&f.apiHost, "api-host", env.getenv("ATLASSIAN_API_HOST"), "Atlassian API gateway (default https://api.atlassian.com)")
	fs.StringVar(&f.authHost, "auth-host", env.getenv("ATLASSIAN_AUTH_HOST"), "Atlassian authorization server (default https://auth.atlassian.com)")
	fs.StringVar(&f.auditPath, "audit-log", env.getenv("ATLASSIAN_MCP_AUDIT_LOG"), "audit log file (default from the configuration, else ~/.local/state/atlassian-mcp/audit.jsonl)")
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

// loadConfig reads the configuration and lays flags and the environment
// over it.
func loadConfig(f *serveFlags, env *environment) (*config.Config, error) {
	path, must := f.configPath, true
	if path == "" {
		path, must = config.DefaultPath(env.getenv), false
	}
	cfg, err := config.Load(path, must)
	if err != nil {
		return nil, err
	}
	if f.apiHost != "" {
		cfg.Hosts.API = f.apiHost
	}
	if f.authHost != "" {
		cfg.Hosts.Auth = f.authHost
	}
	if v := env.getenv("ATLASSIAN_CLIENT_ID"); v != "" {
		cfg.OAuth.ClientID = v
	}
	if v := env.getenv("ATLASSIAN_CLIENT_SECRET"); v != "" {
		cfg.OAuth.ClientSecret = v
	}
	if cfg.Store.Dir == "" {
		cfg.Store.Dir = envOr(env, "ATLASSIAN_MCP_STORE", config.DefaultStoreDir(env.getenv))
	}
	return cfg, nil
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
	if err := serve(ctx, f, env); err != nil {
		fmt.Fprintln(env.stderr, "atlassian-mcp serve:", err)
		return 1
	}
	return 0
}

func serve(ctx context.Context, f *serveFlags, env *environment) error {
	cfg, err := loadConfig(f, env)
	if err != nil {
		return err
	}
	claws, log, err := buildClaws(ctx, f, cfg, env)
	if err != nil {
		return err
	}
	if log != nil {
		defer log.Close()
	}
	all := catalog.All()
	opts := claw.ServerOptions{Name: "atlassian-mcp", Version: version, CallTimeout: f.callTimeout, Logger: env.log,
		ProtocolLogger: env.protocolLog, Audit: log, Instructions: "Tools for Jira and Confluence. Errors say how to fix the call."}
	if f.transport == "stdio" {
		c, err := pickClaw(claws, f.claw)
		if err != nil {
			return err
		}
		local := func(ctx context.Context) context.Context { return claw.WithCaller(ctx, "local") }
		return transport.ServeStdio(ctx, c.Server(all, opts), env.stdin, env.stdout, env.log, local)
	}
	servers := map[string]*server.MCPServer{}
	for _, c := range claws {
		if len(c.Profile.Members) == 0 && c.Profile.Visibility != config.OrgWide {
			env.log.Warn("claw has no caller keys and cannot be reached over HTTP; create one with `atlassian-mcp claw key`", "claw", c.Profile.Name)
		}
		servers[c.Profile.Name] = c.Server(all, opts)
	}
	o := transport.HTTPOptions{Addr: f.addr, MaxBodyBytes: f.maxBody, AllowedOrigins: f.origins, Logger: env.log}
	path := "/mcp"
	if f.transport == "sse" {
		path = "/sse"
	}
	var h http.Handler = claw.Handler(&claw.Access{Claws: claws, Org: cfg.Org.Members}, servers, f.transport, o)
	o.Ready = func(a net.Addr) {
		env.log.Info("serving MCP", "transport", f.transport, "url", "http://"+a.String()+path, "claws", len(claws))
	}
	return transport.Serve(ctx, h, o)
}

// buildClaws makes the Claws of the configuration, with their connections
// and the audit log.
func buildClaws(ctx context.Context, f *serveFlags, cfg *config.Config, env *environment) ([]*claw.Claw, *audit.Log, error) {
	conns := map[string]*claw.Conn{}
	defaultConn := ""
	var defaultKeys []string
	if f.sandbox {
		c, err := sandboxConn(ctx, env)
		if err != nil {
			return nil, nil, err
		}
		conns[connSandbox], defaultConn = c, connSandbox
		defaultKeys = []string{config.HashKey(SandboxCallerKey)}
	}
	if c, err := envConn(env); err != nil {
		return nil, nil, err
	} else if c != nil {
		conns[connEnv] = c
		if defaultConn == "" {
			defaultConn = connEnv
		}
	}
	oauth := auth.OAuthConfig{ClientID: cfg.OAuth.ClientID, ClientSecret: cfg.OAuth.ClientSecret,
		Hosts: auth.Hosts{Auth: cfg.Hosts.Auth, API: cfg.Hosts.API}, Logger: env.log}
	var store *auth.Store
	if needsStore(cfg, conns, defaultConn) {
		s, err := auth.OpenStore(cfg.Store.Dir)
		if err != nil {
			return nil, nil, fmt.Errorf("open the token store in %s: %w", cfg.Store.Dir, err)
		}
		store = s
		if defaultConn == "" {
			defaultConn = onlyConnection(store)
		}
	}
	if len(cfg.Claws) == 0 && defaultConn == "" {
		return nil, nil, errors.New("no Atlassian connection: log in with `atlassian-mcp auth login` (or store an API token with `auth token`), set ATLASSIAN_SITE_URL with ATLASSIAN_EMAIL and ATLASSIAN_API_TOKEN, or try the built-in sandbox with `atlassian-mcp serve --sandbox`")
	}
	log, err := openAudit(f, cfg, env)
	if err != nil {
		return nil, nil, err
	}
	claws, err := claw.Build(ctx, claw.Options{Config: cfg, Conns: conns, Store: store, OAuth: oauth, Audit: log,
		Logger: env.log, UserAgent: userAgent(), DefaultConn: defaultConn, DefaultKeys: defaultKeys})
	if err != nil {
		if log != nil {
			log.Close()
		}
		return nil, nil, err
	}
	return claws, log, nil
}

// needsStore reports whether some Claw uses a stored connection. Without
// Claws, the store is only opened if it exists: a server that has nothing
// to serve must not create a key file on its way to saying so.
func needsStore(cfg *config.Config, conns map[string]*claw.Conn, defaultConn string) bool {
	if len(cfg.Claws) == 0 {
		if defaultConn != "" {
			return false
		}
		_, err := os.Stat(filepath.Join(cfg.Store.Dir, "tokens.enc"))
		return err == nil
	}
	for _, c := range cfg.Claws {
		name := c.Connection
		if name == "" {
			name = defaultConn
		}
		if _, ok := conns[name]; !ok {
			return true
		}
	}
	return false
}

// onlyConnection returns the name of the store's only connection, if it
// has exactly one.
func onlyConnection(s *auth.Store) string {
	cs, err := s.List()
	if err != nil || len(cs) != 1 {
		return ""
	}
	return cs[0].Name
}

// openAudit opens the audit log; "off" turns it off.
func openAudit(f *serveFlags, cfg *config.Config, env *environment) (*audit.Log, error) {
	path := f.auditPath
	if path == "" {
		path = cfg.Audit.Path
	}
	if path == "off" {
		return nil, nil
	}
	if path == "" {
		state := env.getenv("XDG_STATE_HOME")
		if state == "" {
			state = filepath.Join(envOr(env, "HOME", "."), ".local", "state")
		}
		path = filepath.Join(state, "atlassian-mcp", "audit.jsonl")
	}
	return audit.Open(path, audit.Options{MaxSize: int64(cfg.Audit.MaxSizeMB) << 20, MaxFiles: cfg.Audit.MaxFiles})
}

// pickClaw chooses the Claw stdio serves: the named one, or the only one.
func pickClaw(cs []*claw.Claw, name string) (*claw.Claw, error) {
	if name != "" {
		if c, ok := claw.Find(cs, name); ok {
			return c, nil
		}
		return nil, fmt.Errorf("no Claw named %q; configured: %s", name, clawNames(cs))
	}
	if len(cs) == 1 {
		return cs[0], nil
	}
	return nil, fmt.Errorf("several Claws are configured (%s); choose one with --claw", clawNames(cs))
}

func clawNames(cs []*claw.Claw) string {
	out := make([]string, len(cs))
	for i, c := range cs {
		out[i] = c.Profile.Name
	}
	return strings.Join(out, ", ")
}
