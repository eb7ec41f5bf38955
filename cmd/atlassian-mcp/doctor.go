package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/clawbridge/atlassian-mcp/atlassian"
	"github.com/clawbridge/atlassian-mcp/audit"
	"github.com/clawbridge/atlassian-mcp/auth"
	"github.com/clawbridge/atlassian-mcp/claw"
	"github.com/clawbridge/atlassian-mcp/config"
	"github.com/clawbridge/atlassian-mcp/sandbox"
)

// doctorJQL finds the newest issue the credentials (and the Claw) may see.
const doctorJQL = "project IS NOT EMPTY ORDER BY created DESC"

// doctorFlags are the flags of `atlassian-mcp doctor`.
type doctorFlags struct {
	authFlags
	connection, claw, write, auditPath string
	sandbox                            bool
	timeout                            time.Duration
}

// runDoctor is the smoke test of a deployment: it checks the configuration,
// the token store, that the token can be refreshed, that the site is
// accessible, that a search works and, with --write, that an issue can be
// created. Each step prints "ok" or the reason it failed; any failure makes
// the exit code 1.
func runDoctor(ctx context.Context, args []string, env *environment) int {
	fs := newFlagSet("doctor", env)
	f := &doctorFlags{}
	f.register(fs, env)
	fs.StringVar(&f.connection, "connection", "", "check this stored connection")
	fs.StringVar(&f.claw, "claw", "", "check this Claw: its connection, under its allowlist")
	fs.BoolVar(&f.sandbox, "sandbox", false, "check against the built-in Atlassian sandbox")
	fs.StringVar(&f.write, "write", "", "also create a test issue in this project (a key such as ENG)")
	fs.StringVar(&f.auditPath, "audit-log", env.getenv("ATLASSIAN_MCP_AUDIT_LOG"), "audit log file (default from the configuration)")
	fs.DurationVar(&f.timeout, "timeout", 2*time.Minute, "time limit of the whole check")
	if code, ok := parseFlags(fs, args, env); !ok {
		return code
	}
	n := 0
	for _, set := range []bool{f.connection != "", f.claw != "", f.sandbox} {
		if set {
			n++
		}
	}
	if n > 1 {
		fmt.Fprintln(env.stderr, "atlassian-mcp doctor: give one of --connection, --claw and --sandbox")
		return 2
	}
	if f.write != "" && !projectKey(f.write) {
		fmt.Fprintf(env.stderr, "atlassian-mcp doctor: --write takes a project key such as ENG (got %q)\n", f.write)
		return 2
	}
	ctx, cancel := context.WithTimeout(ctx, f.timeout)
	defer cancel()
	d := &doctor{env: env, out: env.stdout, f: f}
	d.run(ctx)
	if d.failures > 0 {
		fmt.Fprintf(env.stdout, "\n%d check(s) failed.\n", d.failures)
		return 1
	}
	fmt.Fprintln(env.stdout, "\nAll checks passed.")
	return 0
}

// errReported is a failure whose step has printed it already.
var errReported = errors.New("reported")

// projectKey reports whether s looks like a Jira project key.
func projectKey(s string) bool {
	if s == "" || len(s) > 255 || s[0] < 'A' || s[0] > 'Z' {
		return false
	}
	return strings.IndexFunc(s, func(r rune) bool { return !(r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '_') }) < 0
}

// A doctor runs the checks and prints one line per step.
type doctor struct {
	env      *environment
	out      io.Writer
	f        *doctorFlags
	failures int

	cfg     *config.Config
	store   *auth.Store
	oauth   auth.OAuthConfig
	profile config.Claw // the Claw checked: named, or implicit
	conn    string      // its connection
	conns   map[string]*claw.Conn
}

func (d *doctor) ok(step, format string, args ...any) {
	fmt.Fprintf(d.out, "ok    %-7s %s\n", step+":", fmt.Sprintf(format, args...))
}

func (d *doctor) fail(step string, err error) {
	d.failures++
	fmt.Fprintf(d.out, "FAIL  %-7s %v\n", step+":", err)
}

func (d *doctor) skip(step, why string) {
	fmt.Fprintf(d.out, "skip  %-7s %s\n", step+":", why)
}

// run performs the steps in order; a step that fails skips those that
// depend on it.
func (d *doctor) run(ctx context.Context) {
	cfg, err := d.f.load(d.env)
	if err != nil {
		d.fail("config", err)
		return
	}
	d.cfg = cfg
	d.oauth = auth.OAuthConfig{ClientID: cfg.OAuth.ClientID, ClientSecret: cfg.OAuth.ClientSecret,
		Hosts: auth.Hosts{Auth: cfg.Hosts.Auth, API: cfg.Hosts.API}, Logger: d.env.log}
	where := cfg.Path
	if _, err := os.Stat(cfg.Path); err != nil {
		where = "none at " + cfg.Path + ", so defaults apply"
	}
	d.ok("config", "%s (%d connection(s), %d Claw(s)); hosts %s and %s", where, len(cfg.Connections), len(cfg.Claws), cfg.Hosts.Auth, cfg.Hosts.API)
	if err := d.target(ctx); err != nil {
		if !errors.Is(err, errReported) {
			d.fail("target", err)
		}
		return
	}
	token, ok := d.checkToken(ctx)
	if !ok {
		d.skip("search", "needs a working token")
		return
	}
	d.checkSite(ctx, token)
	log, err := openAudit(&serveFlags{auditPath: d.f.auditPath}, cfg, d.env)
	if err != nil {
		d.fail("audit", fmt.Errorf("%w; fix audit.path in the configuration, or pass --audit-log", err))
		return
	}
	if log == nil {
		d.skip("audit", "the audit log is off")
	} else {
		defer log.Close()
		d.ok("audit", "the audit log is open; this check's calls are recorded in it")
	}
	c, err := d.buildClaw(ctx, log)
	if err != nil {
		d.fail("search", err)
		return
	}
	ctx = audit.WithWho(ctx, audit.Who{Claw: c.Profile.Name, Caller: "doctor", Tool: "doctor", Site: c.Conn.SiteName})
	if !d.checkSearch(ctx, c) {
		if d.f.write != "" {
			d.skip("write", "needs a working search")
		}
		return
	}
	d.checkWrite(ctx, c)
}

// target decides which Claw and connection to check.
func (d *doctor) target(ctx context.Context) error {
	cfg := d.cfg
	d.conns = map[string]*claw.Conn{}
	d.profile = config.Claw{Name: claw.Implicit, Visibility: config.OrgWide}
	switch {
	case d.f.sandbox:
		d.conn = connSandbox
	case d.f.connection != "":
		d.conn = d.f.connection
	case d.f.claw != "":
		p, ok := cfg.Claw(d.f.claw)
		if !ok {
			names := make([]string, len(cfg.Claws))
			for i, c := range cfg.Claws {
				names[i] = c.Name
			}
			return fmt.Errorf("no Claw named %q in %s; configured: %s", d.f.claw, cfg.Path, strings.Join(names, ", "))
		}
		d.profile, d.conn = *p, p.Connection
	case len(cfg.Claws) == 1:
		d.profile, d.conn = cfg.Claws[0], cfg.Claws[0].Connection
	case len(cfg.Claws) > 1:
		return fmt.Errorf("several Claws are configured; choose one with --claw NAME, or a connection with --connection NAME")
	}
	if d.profile.Name == claw.Implicit {
		d.profile.Jira.Projects, d.profile.Confluence.Spaces = []string{"*"}, []string{"*"}
	}
	if d.conn == "" && d.env.getenv("ATLASSIAN_SITE_URL") != "" {
		d.conn = connEnv
	}
	switch d.conn {
	case connSandbox:
		return d.startSandbox(ctx)
	case connEnv:
		c, err := envConn(d.env)
		if err != nil {
			return err
		}
		if c == nil {
			return errors.New("connection env needs ATLASSIAN_SITE_URL with ATLASSIAN_EMAIL and ATLASSIAN_API_TOKEN, or ATLASSIAN_PAT")
		}
		d.conns[connEnv] = c
		d.ok("target", "credentials from the environment for %s", c.SiteURL)
		return nil
	}
	if err := d.openStore(); err != nil {
		return err
	}
	if d.conn == "" {
		list, _ := d.store.List()
		if len(list) != 1 {
			return fmt.Errorf("the token store holds %d connections; choose one with --connection NAME (see `atlassian-mcp auth status`), "+
				"or add one with `atlassian-mcp auth login`", len(list))
		}
		d.conn = list[0].Name
	}
	d.ok("target", "Claw %s with connection %s", d.profile.Name, d.conn)
	return nil
}

// openStore opens the token store and reports it.
func (d *doctor) openStore() error {
	s, err := openStore(d.cfg)
	if err != nil {
		d.fail("store", err)
		return errReported
	}
	list, _ := s.List()
	d.ok("store", "%s (%d connection(s))", s.Path(), len(list))
	d.store = s
	return nil
}

// startSandbox starts the built-in sandbox and stores a grant for it in a
// temporary token store, so that every later step runs the production path.
func (d *doctor) startSandbox(ctx context.Context) error {
	ready := make(chan *sandbox.Sandbox, 1)
	errc := make(chan error, 1)
	go func() {
		errc <- sandbox.Serve(ctx, "127.0.0.1:0", sandbox.Options{}, func(sb *sandbox.Sandbox, _ string) { ready <- sb })
	}()
	var sb *sandbox.Sandbox
	select {
	case sb = <-ready:
	case err := <-errc:
		return fmt.Errorf("start the sandbox: %w", err)
	case <-ctx.Done():
		return ctx.Err()
	}
	grant, err := sb.OAuth().IssueGrant(sandbox.ClientID, sandbox.UserID, sandbox.AllScopes())
	if err != nil {
		return fmt.Errorf("sandbox grant: %w", err)
	}
	dir, err := os.MkdirTemp("", "atlassian-mcp-doctor-")
	if err != nil {
		return fmt.Errorf("sandbox token store: %w", err)
	}
	go func() { <-ctx.Done(); os.RemoveAll(dir) }()
	if d.store, err = auth.OpenStore(dir); err != nil {
		return fmt.Errorf("sandbox token store: %w", err)
	}
	d.oauth.ClientID, d.oauth.ClientSecret = sandbox.ClientID, sandbox.ClientSecret
	d.oauth.Hosts = auth.Hosts{Auth: sb.URL(), API: sb.URL()}
	err = d.store.Put(ctx, auth.Connection{Name: connSandbox, Kind: auth.KindOAuth, ClientID: sandbox.ClientID, ClientSecret: sandbox.ClientSecret,
		CloudID: sandbox.CloudID, SiteURL: sb.SiteURL(sandbox.CloudID), SiteName: "acme", Scopes: sandbox.AllScopes(),
		AccessToken: grant.AccessToken, RefreshToken: grant.RefreshToken, Expiry: time.Now().Add(time.Duration(grant.ExpiresIn) * time.Second)})
	if err != nil {
		return fmt.Errorf("sandbox token store: %w", err)
	}
	d.ok("target", "the built-in sandbox at %s, with a fresh grant", sb.URL())
	return nil
}

// checkToken checks the connection's credentials; an OAuth grant is
// refreshed now, whatever its expiry, and the rotation saved. It returns
// the access token for the site check.
func (d *doctor) checkToken(ctx context.Context) (string, bool) {
	if d.store == nil {
		d.ok("token", "from the environment; API tokens and PATs are not refreshed")
		return "", true
	}
	c, err := d.store.Get(d.conn)
	if err != nil {
		d.fail("token", err)
		return "", false
	}
	switch c.Kind {
	case auth.KindBasic:
		d.ok("token", "API token for %s at %s (API tokens are not refreshed; they last until revoked)", c.Email, c.BaseURL)
		return "", true
	case auth.KindPAT:
		d.ok("token", "personal access token for %s (PATs are not refreshed)", c.BaseURL)
		return "", true
	}
	if c.NeedsLogin {
		d.fail("token", &auth.LoginRequiredError{Connection: d.conn})
		return "", false
	}
	// A skew beyond the token's remaining life makes the source refresh now.
	o := d.oauth
	o.Skew = max(time.Until(c.Expiry), 0) + time.Minute
	tok, err := auth.Persisted(d.store, d.conn, o).Token(ctx)
	if err != nil {
		d.fail("token", fmt.Errorf("refresh the access token of connection %q: %w", d.conn, err))
		return "", false
	}
	after, err := d.store.Get(d.conn)
	if err != nil || after.AccessToken != tok.AccessToken {
		d.fail("token", fmt.Errorf("the refreshed token of connection %q was not saved in %s; check that the store's directory is writable", d.conn, d.store.Path()))
		return "", false
	}
	rotated := ""
	if after.RefreshToken != c.RefreshToken {
		rotated = "; the rotated refresh token is saved"
	}
	d.ok("token", "refreshed; the new access token of connection %q expires %s (%s)%s",
		d.conn, tok.Expiry.Local().Format("15:04 MST"), relative(time.Until(tok.Expiry)), rotated)
	return tok.AccessToken, true
}

// checkSite checks that an OAuth grant still covers the connection's site.
func (d *doctor) checkSite(ctx context.Context, token string) {
	if token == "" {
		d.skip("site", "API tokens and PATs go straight to the site; there is no list of accessible resources")
		return
	}
	c, err := d.store.Get(d.conn)
	if err != nil {
		d.fail("site", err)
		return
	}
	sites, err := auth.AccessibleResources(ctx, d.oauth, token)
	if err != nil {
		d.fail("site", err)
		return
	}
	i := slices.IndexFunc(sites, func(s auth.Resource) bool { return s.ID == c.CloudID })
	if i < 0 {
		d.fail("site", fmt.Errorf("the grant no longer covers %s (cloud id %s); it covers %d other site(s). Run `atlassian-mcp auth login --connection %s` "+
			"and choose the site on the consent screen", c.SiteURL, c.CloudID, len(sites), d.conn))
		return
	}
	d.ok("site", "%s (%s) is among the %d site(s) the grant covers, with %d scope(s)", sites[i].URL, sites[i].Name, len(sites), len(sites[i].Scopes))
}

// buildClaw makes the checked Claw, as serve would.
func (d *doctor) buildClaw(ctx context.Context, log *audit.Log) (*claw.Claw, error) {
	p := d.profile
	p.Connection = d.conn
	cs, err := claw.Build(ctx, claw.Options{Config: &config.Config{Claws: []config.Claw{p}}, Conns: d.conns, Store: d.store,
		OAuth: d.oauth, Audit: log, Logger: d.env.log, UserAgent: userAgent(), DefaultConn: d.conn})
	if err != nil {
		return nil, err
	}
	return cs[0], nil
}

// checkSearch runs the smallest search there is.
func (d *doctor) checkSearch(ctx context.Context, c *claw.Claw) bool {
	if err := d.needs(c, "search", atlassian.OpSearchJQL); err != nil {
		d.fail("search", err)
		return false
	}
	page, err := c.Client.SearchJQL(ctx, atlassian.SearchRequest{JQL: doctorJQL, MaxResults: 1, Fields: []string{"summary"}})
	if err != nil {
		d.fail("search", err)
		return false
	}
	if len(page.Issues) == 0 {
		d.ok("search", "works, but finds no issue: the account (or the Claw's allowlist) reaches no project with issues")
		return true
	}
	d.ok("search", "works; the newest issue in reach is %s", page.Issues[0].Get("key").String())
	return true
}

// checkWrite creates a test issue in the --write project.
func (d *doctor) checkWrite(ctx context.Context, c *claw.Claw) {
	project := d.f.write
	if project == "" {
		d.skip("write", "not asked; add --write PROJECT to create a test issue")
		return
	}
	if c.Policy.ReadOnly {
		d.fail("write", fmt.Errorf("Claw %s is read-only, so it may not create issues", c.Profile.Name))
		return
	}
	if err := d.needs(c, "write", atlassian.OpCreateMetaTypes, atlassian.OpCreateIssue); err != nil {
		d.fail("write", err)
		return
	}
	types, err := c.Client.CreateMetaIssueTypes(ctx, project)
	if err != nil {
		d.fail("write", err)
		return
	}
	var pick *atlassian.IssueType
	for i, t := range types {
		if t.Subtask || t.Level != 0 {
			continue
		}
		if pick == nil || strings.EqualFold(t.Name, "Task") {
			pick = &types[i]
		}
	}
	if pick == nil {
		d.fail("write", fmt.Errorf("project %s offers no standard issue type to create; choose another project with --write", project))
		return
	}
	summary := "atlassian-mcp doctor check " + time.Now().UTC().Format(time.RFC3339)
	made, err := c.Client.CreateIssue(ctx, map[string]any{"project": map[string]any{"key": project},
		"issuetype": map[string]any{"id": pick.ID}, "summary": summary})
	if err != nil {
		d.fail("write", err)
		return
	}
	d.ok("write", "created %s (%s) %s; delete it when you no longer need it", made.Key, pick.Name, c.Client.BrowseURL(made.Key))
}

// needs checks that the Claw was granted the scopes of ops, and if not
// says which login grants them.
func (d *doctor) needs(c *claw.Claw, step string, ops ...atlassian.Op) error {
	classic, granular := atlassian.Needs(ops...)
	ok, missing := c.Granted.Satisfies(classic, granular)
	if ok {
		return nil
	}
	var all []string
	for _, s := range append(c.Conn.Scopes.List(), missing...) {
		if s != "offline_access" && !slices.Contains(all, s) {
			all = append(all, s)
		}
	}
	slices.Sort(all)
	return fmt.Errorf("the %s needs scopes that Claw %s lacks (%s): if its profile narrows scopes, widen them; else log in again with "+
		"`atlassian-mcp auth login --connection %s --scopes %s`", step, c.Profile.Name, strings.Join(missing, " "), d.conn, strings.Join(all, ","))
}
