package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"slices"
	"strconv"
	"strings"
	"time"

	"golang.org/x/term"

	"github.com/clawbridge/atlassian-mcp/auth"
	"github.com/clawbridge/atlassian-mcp/config"
	"github.com/clawbridge/atlassian-mcp/internal/lazyre"
	"github.com/clawbridge/atlassian-mcp/tools"
	"github.com/clawbridge/atlassian-mcp/tools/catalog"
)

// authCommands are the subcommands of `atlassian-mcp auth`.
func authCommands() []command {
	return []command{
		{"login", "connect through OAuth in a browser and store the grant", runAuthLogin},
		{"token", "store a Cloud API token (or, with --pat, a Data Center PAT)", runAuthToken},
		{"status", "list the stored connections, never their tokens", runAuthStatus},
		{"logout", "delete a connection's tokens and say where to revoke them", runAuthLogout},
	}
}

// runAuth dispatches `atlassian-mcp auth SUBCOMMAND`.
func runAuth(ctx context.Context, args []string, env *environment) int {
	if len(args) > 0 {
		for _, c := range authCommands() {
			if c.name == args[0] {
				return c.run(ctx, args[1:], env)
			}
		}
	}
	help := len(args) > 0 && (args[0] == "-h" || args[0] == "--help" || args[0] == "help")
	if len(args) > 0 && !help {
		fmt.Fprintf(env.stderr, "atlassian-mcp auth: unknown subcommand %q\n\n", args[0])
	}
	fmt.Fprintln(env.stderr, "Usage: atlassian-mcp auth SUBCOMMAND [flags]\n\nSubcommands:")
	for _, c := range authCommands() {
		fmt.Fprintf(env.stderr, "  %-7s %s\n", c.name, c.summary)
	}
	if help {
		return 0
	}
	return 2
}

// authFlags are the settings every auth subcommand shares.
type authFlags struct {
	configPath, authHost, apiHost string
}

func (a *authFlags) register(fs *flag.FlagSet, env *environment) {
	fs.StringVar(&a.configPath, "config", "", "configuration file (default $ATLASSIAN_MCP_CONFIG or ~/.config/atlassian-mcp/config.yaml)")
	fs.StringVar(&a.authHost, "auth-host", env.getenv("ATLASSIAN_AUTH_HOST"), "Atlassian authorization server (default https://auth.atlassian.com)")
	fs.StringVar(&a.apiHost, "api-host", env.getenv("ATLASSIAN_API_HOST"), "Atlassian API gateway (default https://api.atlassian.com)")
}

// load reads the configuration with the flags and environment laid over it.
func (a *authFlags) load(env *environment) (*config.Config, error) {
	return loadConfig(&serveFlags{configPath: a.configPath, authHost: a.authHost, apiHost: a.apiHost}, env)
}

// newFlagSet returns a flag set that reports to stderr and returns errors.
func newFlagSet(name string, env *environment) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(env.stderr)
	return fs
}

// parseFlags parses args; when it returns false the command ends with code.
func parseFlags(fs *flag.FlagSet, args []string, env *environment) (code int, ok bool) {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0, false
		}
		return 2, false
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(env.stderr, "atlassian-mcp %s: unexpected argument %q; every setting is a flag (see -h)\n", fs.Name(), fs.Arg(0))
		return 2, false
	}
	return 0, true
}

// failed prints err for the named command and returns exit code 1.
func failed(env *environment, cmd string, err error) int {
	fmt.Fprintf(env.stderr, "atlassian-mcp %s: %v\n", cmd, err)
	return 1
}

// openStore opens the token store and reads it once, so that a wrong key or
// a damaged file is reported before anything else happens.
func openStore(cfg *config.Config) (*auth.Store, error) {
	s, err := auth.OpenStore(cfg.Store.Dir)
	if err != nil {
		return nil, fmt.Errorf("open the token store in %s: %w", cfg.Store.Dir, err)
	}
	if _, err := s.List(); err != nil {
		return nil, err
	}
	return s, nil
}

// runAuthLogin handles `atlassian-mcp auth login`: the OAuth 2.0 (3LO)
// flow in a browser, then the grant is stored under the connection's name.
func runAuthLogin(ctx context.Context, args []string, env *environment) int {
	const cmd = "auth login"
	fs := newFlagSet(cmd, env)
	var a authFlags
	a.register(fs, env)
	name := fs.String("connection", auth.DefaultConnection, "name to store the grant under")
	site := fs.String("site", "", "URL of the site to use, such as https://acme.atlassian.net")
	cloudID := fs.String("cloud-id", "", "cloud id of the site to use, instead of --site")
	scopes := fs.String("scopes", "", "OAuth scopes to ask for, comma-separated (default: what the toolsets' tools need)")
	toolsets := fs.String("toolsets", "", "ask for the scopes of these toolsets only, comma-separated (default: all)")
	port := fs.Int("callback-port", -1, "loopback port of the callback (default oauth.callback_port, else any free port)")
	noBrowser := fs.Bool("no-browser", false, "print the consent URL without opening a browser")
	timeout := fs.Duration("timeout", auth.DefaultLoginTimeout, "how long to wait for the browser to return")
	if code, ok := parseFlags(fs, args, env); !ok {
		return code
	}
	if *site != "" && *cloudID != "" {
		fmt.Fprintln(env.stderr, "atlassian-mcp auth login: give --site or --cloud-id, not both")
		return 2
	}
	if *port < -1 || *port > 65535 {
		fmt.Fprintf(env.stderr, "atlassian-mcp auth login: --callback-port must be between 0 (any free port) and 65535 (got %d)\n", *port)
		return 2
	}
	cfg, err := a.load(env)
	if err != nil {
		return failed(env, cmd, err)
	}
	if cfg.OAuth.ClientID == "" || cfg.OAuth.ClientSecret == "" {
		return failed(env, cmd, missingAppError(cfg))
	}
	want := firstNonEmpty(*site, *cloudID)
	if cc, ok := cfg.Connection(*name); ok {
		if cc.Type != "oauth" {
			return failed(env, cmd, fmt.Errorf("%s declares connection %q as %s, not oauth: store its credentials with `atlassian-mcp auth token --connection %s`, or change its type to oauth",
				cfg.Path, *name, cc.Type, *name))
		}
		if want == "" {
			want = firstNonEmpty(cc.Site, cc.CloudID)
		}
	}
	asked, err := loginScopes(catalog.All(), *toolsets, *scopes, env)
	if err != nil {
		fmt.Fprintln(env.stderr, "atlassian-mcp auth login:", err)
		return 2
	}
	if *port < 0 {
		*port = cfg.OAuth.CallbackPort
	}
	store, err := openStore(cfg)
	if err != nil {
		return failed(env, cmd, err)
	}
	lc := auth.LoginConfig{
		OAuthConfig: auth.OAuthConfig{ClientID: cfg.OAuth.ClientID, ClientSecret: cfg.OAuth.ClientSecret,
			Hosts: auth.Hosts{Auth: cfg.Hosts.Auth, API: cfg.Hosts.API}, Logger: env.log},
		Name: *name, Scopes: asked, Port: *port, Site: want, Out: env.stderr, Timeout: *timeout,
	}
	if !*noBrowser {
		lc.Open = auth.SystemBrowser
	}
	if _, tty := terminal(env.stdin); tty {
		lc.Choose = func(sites []auth.Resource) (auth.Resource, error) { return promptSite(env.stdin, env.stderr, sites) }
	}
	conn, err := auth.Login(ctx, lc)
	if err != nil {
		return failed(env, cmd, err)
	}
	if old, err := store.Get(conn.Name); err == nil && old.Kind != conn.Kind {
		fmt.Fprintf(env.stderr, "Replacing the %s credentials of connection %q with this OAuth grant.\n", old.Kind, conn.Name)
	}
	if err := store.Put(ctx, conn); err != nil {
		return failed(env, cmd, fmt.Errorf("save the grant: %w", err))
	}
	fmt.Fprintf(env.stdout, "Connected %q to %s (%s, cloud id %s) with %d scopes.\n", conn.Name, conn.SiteName, conn.SiteURL, conn.CloudID, len(conn.Scopes))
	var missing []string
	for _, s := range asked {
		if !slices.Contains(conn.Scopes, s) {
			missing = append(missing, s)
		}
	}
	if len(missing) > 0 {
		fmt.Fprintf(env.stdout, "Not granted on this site: %s; tools that need them stay hidden.\n", strings.Join(missing, " "))
	}
	fmt.Fprintf(env.stdout, "Check it with: atlassian-mcp doctor --connection %s\n", conn.Name)
	return 0
}

// missingAppError says where the OAuth app's credentials go.
func missingAppError(cfg *config.Config) error {
	var what []string
	if cfg.OAuth.ClientID == "" {
		what = append(what, "client id")
	}
	if cfg.OAuth.ClientSecret == "" {
		what = append(what, "client secret")
	}
	return fmt.Errorf("the OAuth app's %s is not set: set ATLASSIAN_CLIENT_ID and ATLASSIAN_CLIENT_SECRET, or oauth.client_id and oauth.client_secret in %s "+
		"(better: the secret from the environment). Create an OAuth 2.0 (3LO) app at https://developer.atlassian.com/console/myapps/ "+
		"with callback URL http://127.0.0.1:PORT/callback; for the sandbox, `atlassian-mcp sandbox` prints its client id and secret",
		strings.Join(what, " and "), cfg.Path)
}

// scopeShape is what an OAuth scope looks like: read:jira-work,
// read:issue-details:jira, offline_access.
var scopeShape = lazyre.New(`^[a-z][a-z_-]*(:[a-z0-9][a-z0-9._-]*)*$`)

// loginScopes returns the scopes to ask for: those given with --scopes, or
// the classic scopes of every tool in the named toolsets (all when none are
// named). A tool without classic scopes contributes its granular ones.
func loginScopes(all []tools.Tool, toolsets, override string, env *environment) ([]string, error) {
	if override != "" {
		if toolsets != "" {
			return nil, errors.New("give --scopes or --toolsets, not both")
		}
		out := splitList(override)
		for _, s := range out {
			if !scopeShape().MatchString(s) {
				return nil, fmt.Errorf("--scopes holds %q, which is not an OAuth scope such as read:jira-work", s)
			}
		}
		return out, nil
	}
	want := splitList(toolsets)
	for _, ts := range want {
		if !slices.Contains(config.Toolsets, ts) {
			return nil, fmt.Errorf("toolset %q does not exist; toolsets are %s", ts, strings.Join(config.Toolsets, ", "))
		}
	}
	var out []string
	used := map[string]bool{}
	for _, t := range all {
		if len(want) > 0 && !slices.Contains(want, t.Toolset) {
			continue
		}
		used[t.Toolset] = true
		need := t.Classic
		if len(need) == 0 {
			need = t.Granular
		}
		for _, s := range need {
			if !slices.Contains(out, s) {
				out = append(out, s)
			}
		}
	}
	for _, ts := range want {
		if !used[ts] {
			fmt.Fprintf(env.stderr, "Note: toolset %s has no tools in this build, so it adds no scopes.\n", ts)
		}
	}
	if len(out) == 0 {
		return nil, errors.New("the chosen toolsets need no scopes; name toolsets that have tools (see `atlassian-mcp tools`), or give --scopes")
	}
	slices.Sort(out)
	return out, nil
}

// splitList splits a comma- or space-separated list, dropping empties and
// duplicates.
func splitList(s string) []string {
	var out []string
	for _, f := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ' ' || r == '\t' }) {
		if !slices.Contains(out, f) {
			out = append(out, f)
		}
	}
	return out
}

func firstNonEmpty(vals ...string) string {
	for _, v := range vals {
		if v != "" {
			return v
		}
	}
	return ""
}

// terminal reports whether r is an interactive terminal, and its file
// descriptor.
func terminal(r io.Reader) (int, bool) {
	f, ok := r.(*os.File)
	if !ok || f == nil {
		return 0, false
	}
	fd := int(f.Fd())
	return fd, term.IsTerminal(fd)
}

// promptSite asks the person at the terminal which site to use.
func promptSite(in io.Reader, out io.Writer, sites []auth.Resource) (auth.Resource, error) {
	fmt.Fprintln(out, "The grant covers several sites:")
	for i, s := range sites {
		fmt.Fprintf(out, "  %d) %s  (%s, cloud id %s)\n", i+1, s.URL, s.Name, s.ID)
	}
	rd := bufio.NewReader(in)
	for range 3 {
		fmt.Fprintf(out, "Use which site? [1-%d]: ", len(sites))
		line, err := rd.ReadString('\n')
		n, convErr := strconv.Atoi(strings.TrimSpace(line))
		if convErr == nil && n >= 1 && n <= len(sites) {
			return sites[n-1], nil
		}
		if err != nil {
			break
		}
		fmt.Fprintf(out, "Type a number from 1 to %d.\n", len(sites))
	}
	return auth.Resource{}, errors.New("no site was chosen; run the login again and type a site's number, or pass --site URL or --cloud-id ID")
}

// runAuthStatus handles `atlassian-mcp auth status`: every stored
// connection with its site, scopes and state, and never a token.
func runAuthStatus(_ context.Context, args []string, env *environment) int {
	const cmd = "auth status"
	fs := newFlagSet(cmd, env)
	var a authFlags
	a.register(fs, env)
	if code, ok := parseFlags(fs, args, env); !ok {
		return code
	}
	cfg, err := a.load(env)
	if err != nil {
		return failed(env, cmd, err)
	}
	store, err := openStore(cfg)
	if err != nil {
		return failed(env, cmd, err)
	}
	now := time.Now()
	list, err := auth.Status(store, now)
	if err != nil {
		return failed(env, cmd, err)
	}
	w := env.stdout
	fmt.Fprintf(w, "Token store: %s\n", store.Path())
	if len(list) == 0 {
		fmt.Fprintln(w, "No connections. Add one with `atlassian-mcp auth login` (OAuth) or `atlassian-mcp auth token` (API token).")
	}
	stored := map[string]bool{}
	for _, st := range list {
		stored[st.Name] = true
		fmt.Fprintf(w, "\n%s (%s)\n  site:    %s", st.Name, st.Kind, st.Site)
		if st.CloudID != "" {
			fmt.Fprintf(w, " (cloud id %s)", st.CloudID)
		}
		if st.Account != "" {
			fmt.Fprintf(w, " as %s", st.Account)
		}
		fmt.Fprintf(w, "\n  state:   %s", st.State)
		switch {
		case st.State == auth.StateNeedsLogin:
			fmt.Fprintf(w, ": run `atlassian-mcp auth login --connection %s`", st.Name)
		case st.Kind == auth.KindOAuth:
			fmt.Fprintf(w, ", access token expires %s (%s)", st.Expiry.Local().Format("2006-01-02 15:04 MST"), relative(st.Expiry.Sub(now)))
		}
		fmt.Fprintln(w)
		if len(st.Scopes) > 0 {
			slices.Sort(st.Scopes)
			fmt.Fprintf(w, "  scopes:  %s\n", strings.Join(st.Scopes, " "))
		}
		if users := clawsUsing(cfg, st.Name); len(users) > 0 {
			fmt.Fprintf(w, "  claws:   %s\n", strings.Join(users, ", "))
		}
		fmt.Fprintf(w, "  updated: %s\n", st.Updated.Local().Format("2006-01-02 15:04 MST"))
	}
	for _, c := range cfg.Connections {
		if !stored[c.Name] {
			sub := "token"
			if c.Type == "oauth" {
				sub = "login"
			}
			fmt.Fprintf(w, "\n%s (%s) is declared in %s but has no credentials yet: run `atlassian-mcp auth %s --connection %s`\n",
				c.Name, c.Type, cfg.Path, sub, c.Name)
		}
	}
	return 0
}

// relative says how far off d is, in words.
func relative(d time.Duration) string {
	if d < 0 {
		return relative(-d) + " ago"
	}
	m := int(d.Round(time.Minute) / time.Minute)
	switch {
	case m == 0:
		return "now"
	case m < 60:
		return fmt.Sprintf("in %d min", m)
	case m < 48*60:
		return fmt.Sprintf("in %dh%02d", m/60, m%60)
	}
	return fmt.Sprintf("in %d days", m/(24*60))
}

// clawsUsing names the Claws of the configuration that use a connection.
func clawsUsing(cfg *config.Config, conn string) []string {
	var out []string
	for _, c := range cfg.Claws {
		if c.Connection == conn {
			out = append(out, c.Name)
		}
	}
	return out
}

// runAuthLogout handles `atlassian-mcp auth logout`: it deletes a
// connection's credentials and says where to revoke them at Atlassian.
func runAuthLogout(ctx context.Context, args []string, env *environment) int {
	const cmd = "auth logout"
	fs := newFlagSet(cmd, env)
	var a authFlags
	a.register(fs, env)
	name := fs.String("connection", "", "the connection to delete (default: the only one)")
	if code, ok := parseFlags(fs, args, env); !ok {
		return code
	}
	cfg, err := a.load(env)
	if err != nil {
		return failed(env, cmd, err)
	}
	store, err := openStore(cfg)
	if err != nil {
		return failed(env, cmd, err)
	}
	if *name == "" {
		list, err := store.List()
		if err != nil {
			return failed(env, cmd, err)
		}
		switch len(list) {
		case 0:
			fmt.Fprintln(env.stdout, "No connections are stored; there is nothing to log out of.")
			return 0
		case 1:
			*name = list[0].Name
		default:
			names := make([]string, len(list))
			for i, c := range list {
				names[i] = c.Name
			}
			return failed(env, cmd, fmt.Errorf("several connections are stored (%s); choose one with --connection", strings.Join(names, ", ")))
		}
	}
	msg, err := auth.Logout(ctx, store, *name)
	if err != nil {
		return failed(env, cmd, err)
	}
	fmt.Fprintln(env.stdout, msg)
	if users := clawsUsing(cfg, *name); len(users) > 0 {
		fmt.Fprintf(env.stdout, "Claws %s use this connection and will not start until you log in again.\n", strings.Join(users, ", "))
	}
	return 0
}
