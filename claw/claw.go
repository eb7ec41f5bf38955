// Package claw turns configuration into running Claws. A Claw is one
// agent profile made live: its policy (allowlists, read-only, toolsets,
// approvals), the OAuth scopes it was really granted, and an Atlassian
// client for its connection and site that enforces that policy on every
// call. Each Claw gets its own MCP server, whose tools/list shows only what
// the Claw may call and whose calls are audited.
package claw

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/clawbridge/atlassian-mcp/atlassian"
	"github.com/clawbridge/atlassian-mcp/audit"
	"github.com/clawbridge/atlassian-mcp/auth"
	"github.com/clawbridge/atlassian-mcp/config"
	"github.com/clawbridge/atlassian-mcp/scope"
)

// Conn is a ready connection to one Atlassian site.
type Conn struct {
	Name string
	// HTTP sends requests with the connection's credentials.
	HTTP *http.Client
	// APIHost is the API gateway (OAuth); Direct connections use SiteURL.
	APIHost  string
	CloudID  string
	SiteURL  string
	SiteName string
	Direct   bool
	// Scopes are what the credentials were granted on the site.
	Scopes scope.Scopes
}

// A Claw is one running agent profile.
type Claw struct {
	Profile config.Claw
	Policy  *scope.Policy
	Granted scope.Scopes
	Client  *atlassian.Client
	Conn    *Conn
}

// Options configure Build.
type Options struct {
	Config *config.Config
	// Conns are connections built by the caller, by name (the embedded
	// sandbox, or credentials from the environment).
	Conns map[string]*Conn
	// Store holds stored connections; nil when there is none.
	Store *auth.Store
	// OAuth is the app configuration for refreshing stored grants.
	OAuth auth.OAuthConfig
	// Audit, if set, receives a record per Atlassian call and per denial.
	Audit     *audit.Log
	Logger    *slog.Logger
	UserAgent string
	// DefaultConn names the connection of the implicit Claw used when the
	// configuration defines none.
	DefaultConn string
	// DefaultKeys are caller-key hashes the implicit Claw accepts.
	DefaultKeys []string
}

// Implicit is the name of the Claw a server runs when its configuration
// defines none. It may use every project and space its credentials reach.
const Implicit = "default"

// Build makes the Claws of the configuration (or the implicit one).
func Build(ctx context.Context, o Options) ([]*Claw, error) {
	profiles := o.Config.Claws
	if len(profiles) == 0 {
		if o.DefaultConn == "" {
			return nil, errors.New("no Claw is configured and no connection is available: define claws in the configuration, log in with `atlassian-mcp auth login`, or try `atlassian-mcp serve --sandbox`")
		}
		profiles = []config.Claw{{Name: Implicit, Visibility: config.OrgWide, Connection: o.DefaultConn,
			Members: o.DefaultKeys, Jira: config.JiraScope{Projects: []string{scope.All}}, Confluence: config.ConfScope{Spaces: []string{scope.All}}}}
	}
	conns := map[string]*Conn{}
	for k, v := range o.Conns {
		conns[k] = v
	}
	var out []*Claw
	for _, p := range profiles {
		name := p.Connection
		if name == "" {
			name = o.DefaultConn
		}
		cn, err := connection(ctx, o, conns, name)
		if err != nil {
			return nil, fmt.Errorf("claw %q: %w", p.Name, err)
		}
		c, err := newClaw(p, cn, o)
		if err != nil {
			return nil, fmt.Errorf("claw %q: %w", p.Name, err)
		}
		out = append(out, c)
	}
	return out, nil
}

// connection returns the named connection, opening stored ones once.
func connection(ctx context.Context, o Options, conns map[string]*Conn, name string) (*Conn, error) {
	if name == "" {
		return nil, errors.New("no connection: set connection in the Claw's profile")
	}
	if c, ok := conns[name]; ok {
		return c, nil
	}
	if o.Store == nil {
		return nil, fmt.Errorf("connection %q is not available: run `atlassian-mcp auth login --connection %s`", name, name)
	}
	stored, err := o.Store.Get(name)
	if err != nil {
		if errors.Is(err, auth.ErrNotFound) {
			return nil, fmt.Errorf("connection %q is not in the token store: run `atlassian-mcp auth login --connection %s` (or `auth token` for an API token)", name, name)
		}
		return nil, err
	}
	src, err := auth.SourceFor(o.Store, name, o.OAuth)
	if err != nil {
		return nil, err
	}
	hc := &http.Client{Transport: auth.Transport(http.DefaultTransport, src), Timeout: 60 * time.Second}
	c := &Conn{Name: name, HTTP: hc, APIHost: o.OAuth.Hosts.API}
	switch stored.Kind {
	case auth.KindOAuth:
		c.CloudID, c.SiteURL, c.SiteName, c.Scopes = stored.CloudID, stored.SiteURL, stored.SiteName, scope.NewScopes(stored.Scopes...)
	default:
		c.SiteURL, c.SiteName, c.Direct, c.Scopes = stored.BaseURL, stored.BaseURL, true, scope.Unscoped()
	}
	conns[name] = c
	return c, nil
}

func newClaw(p config.Claw, cn *Conn, o Options) (*Claw, error) {
	pol := &scope.Policy{Claw: p.Name, Projects: upper(p.Jira.Projects), Spaces: p.Confluence.Spaces, ReadOnly: p.ReadOnly,
		Toolsets: p.Toolsets, Enable: p.Tools.Enable, Disable: p.Tools.Disable, Approvals: p.Approvals}
	c := &Claw{Profile: p, Policy: pol, Granted: cn.Scopes.Narrow(p.Scopes), Conn: cn}
	client, err := atlassian.New(atlassian.Config{HTTPClient: cn.HTTP, APIHost: cn.APIHost, CloudID: cn.CloudID,
		SiteURL: cn.SiteURL, Direct: cn.Direct, Policy: pol, UserAgent: o.UserAgent, Observer: c.observer(o)})
	if err != nil {
		return nil, err
	}
	c.Client = client
	return c, nil
}

// observer sends every call and refusal to the audit log (and the debug
// log). The audit is fail-closed: a change is recorded before it is sent
// and not sent unless the record is kept; a read is not sent while the log
// cannot be written, and its answer is withheld if its record is lost.
func (c *Claw) observer(o Options) atlassian.Observer {
	return func(ctx context.Context, call atlassian.Call) error {
		if o.Logger != nil && !call.Before {
			o.Logger.DebugContext(ctx, "atlassian call", "claw", c.Profile.Name, "action", call.Action, "target", call.Target,
				"status", call.Status, "denied", call.Denied, "ms", call.Duration.Milliseconds())
		}
		if o.Audit == nil {
			return nil
		}
		var err error
		switch {
		case call.Before && call.Writes:
			if err = o.Audit.Ready(); err == nil {
				err = o.Audit.Start(ctx, call.Action, call.Target)
			}
		case call.Before:
			err = o.Audit.Ready()
		case call.Denied:
			err = o.Audit.Deny(ctx, call.Action, call.Target, reason(call.Err))
		default:
			err = o.Audit.Call(ctx, call.Action, call.Target, call.Status, call.Duration, call.Err)
		}
		if err != nil && o.Logger != nil {
			o.Logger.ErrorContext(ctx, "audit log write failed", "claw", c.Profile.Name, "action", call.Action, "err", err)
		}
		return err
	}
}

func reason(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

func upper(keys []string) []string {
	out := make([]string, len(keys))
	for i, k := range keys {
		out[i] = strings.ToUpper(k)
	}
	return out
}

// Find returns the Claw called name among cs.
func Find(cs []*Claw, name string) (*Claw, bool) {
	i := slices.IndexFunc(cs, func(c *Claw) bool { return c.Profile.Name == name })
	if i < 0 {
		return nil, false
	}
	return cs[i], true
}
