package config

import (
	"fmt"
	"net/url"
	"regexp"
	"slices"
	"strings"

	"github.com/clawbridge/atlassian-mcp/internal/lazyre"
)

// Toolsets are the toolset names a Claw may list.
var Toolsets = []string{"jira", "jira_write", "agile", "agile_write", "confluence", "confluence_write", "workflows"}

var (
	// Lengths are checked apart from the patterns: a counted repetition
	// such as {0,254} compiles into a program hundreds of states long, which
	// cost milliseconds at every start-up.
	nameRE     = lengthLimited(`^[a-z0-9][a-z0-9_-]*$`, 63)
	projectRE  = lengthLimited(`^[A-Z][A-Z0-9_]*$`, 255)
	spaceRE    = lengthLimited(`^~?[A-Za-z0-9_]+$`, 256)
	scopeRE    = lazyre.New(`^[a-z][a-z-]*:[a-z][a-z0-9.\-]*(:[a-z]+)?$`)
	keyHashRE  = lazyre.New(`^sha256:[0-9a-f]{64}$`)
	visibility = []Visibility{Private, Team, OrgWide}
)

// A limitedRE matches a pattern up to a maximum length.
type limitedRE struct {
	re  func() *regexp.Regexp
	max int
}

func lengthLimited(pattern string, max int) limitedRE {
	return limitedRE{re: lazyre.New(pattern), max: max}
}

// MatchString reports whether s is at most max bytes and matches.
func (l limitedRE) MatchString(s string) bool { return len(s) <= l.max && l.re().MatchString(s) }

func (c *Config) errAt(line int, format string, args ...any) error {
	return &Error{Path: c.Path, Line: line, Msg: fmt.Sprintf(format, args...)}
}

// validate checks the configuration and returns the first mistake found.
func (c *Config) validate() error {
	for _, h := range []struct{ name, v string }{{"hosts.auth", c.Hosts.Auth}, {"hosts.api", c.Hosts.API}} {
		if u, err := url.Parse(h.v); err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
			return c.errAt(0, "%s must be an http(s) URL such as https://api.atlassian.com (got %q)", h.name, h.v)
		}
	}
	if c.OAuth.CallbackPort < 0 || c.OAuth.CallbackPort > 65535 {
		return c.errAt(0, "oauth.callback_port must be between 0 (any free port) and 65535 (got %d)", c.OAuth.CallbackPort)
	}
	seen := map[string]bool{}
	for _, cn := range c.Connections {
		if err := c.validateConnection(cn, seen); err != nil {
			return err
		}
	}
	for _, k := range c.Org.Members {
		if !keyHashRE().MatchString(k) {
			return c.errAt(0, "org.members holds %q, which is not a caller-key hash; create keys with `atlassian-mcp claw key NAME`", k)
		}
	}
	seen = map[string]bool{}
	for i := range c.Claws {
		if err := c.validateClaw(&c.Claws[i], seen); err != nil {
			return err
		}
	}
	if c.Audit.MaxSizeMB < 0 || c.Audit.MaxFiles < 0 {
		return c.errAt(0, "audit.max_size_mb and audit.max_files must be positive")
	}
	return nil
}

func (c *Config) validateConnection(cn Connection, seen map[string]bool) error {
	if !nameRE.MatchString(cn.Name) {
		return c.errAt(cn.line, "connection name %q must be lower-case letters, digits, - or _", cn.Name)
	}
	if seen[cn.Name] {
		return c.errAt(cn.line, "connection %q is defined twice; rename one", cn.Name)
	}
	seen[cn.Name] = true
	switch cn.Type {
	case "oauth":
	case "basic":
		if cn.Site == "" || cn.Email == "" {
			return c.errAt(cn.line, "connection %q is basic: set site (https://your-site.atlassian.net) and email; the API token goes in the token store with `atlassian-mcp auth token --connection %s`", cn.Name, cn.Name)
		}
	case "pat":
		if cn.Site == "" {
			return c.errAt(cn.line, "connection %q is pat: set site to the Data Center base URL", cn.Name)
		}
	default:
		return c.errAt(cn.line, "connection %q has type %q; use oauth, basic or pat", cn.Name, cn.Type)
	}
	if cn.Site != "" {
		if u, err := url.Parse(cn.Site); err != nil || u.Host == "" || (u.Scheme != "https" && u.Scheme != "http") {
			return c.errAt(cn.line, "connection %q: site must be a URL such as https://your-site.atlassian.net (got %q)", cn.Name, cn.Site)
		}
	}
	return nil
}

func (c *Config) validateClaw(cl *Claw, seen map[string]bool) error {
	at := func(format string, args ...any) error {
		return c.errAt(cl.line, "claw %q: "+format, append([]any{cl.Name}, args...)...)
	}
	if !nameRE.MatchString(cl.Name) {
		return c.errAt(cl.line, "claw name %q must be lower-case letters, digits, - or _", cl.Name)
	}
	if seen[cl.Name] {
		return c.errAt(cl.line, "claw %q is defined twice; rename one", cl.Name)
	}
	seen[cl.Name] = true
	if !slices.Contains(visibility, cl.Visibility) {
		return at("visibility %q is not one of private, team, org", cl.Visibility)
	}
	for _, m := range cl.Members {
		if !keyHashRE().MatchString(m) {
			return at("members holds %q, which is not a caller-key hash (sha256:…); never put a key itself in the file — create keys with `atlassian-mcp claw key %s`", trunc(m), cl.Name)
		}
	}
	if cl.Visibility == Private && len(cl.Members) > 1 {
		return at("is private, so only its creator may use it, but it lists %d members; make it a team Claw or remove members", len(cl.Members))
	}
	if cl.Connection != "" && !nameRE.MatchString(cl.Connection) {
		return at("connection %q must be the name of a stored connection (see `atlassian-mcp auth status`) or sandbox", cl.Connection)
	}
	for _, p := range cl.Jira.Projects {
		if !projectRE.MatchString(p) {
			return at("jira.projects holds %q; project keys are upper-case, such as ENG", p)
		}
	}
	for _, s := range cl.Confluence.Spaces {
		if !spaceRE.MatchString(s) {
			return at("confluence.spaces holds %q; use space keys such as ENGDOCS", s)
		}
	}
	for _, s := range cl.Scopes {
		if !scopeRE().MatchString(s) {
			return at("scopes holds %q, which is not an OAuth scope such as read:jira-work", s)
		}
	}
	for _, ts := range cl.Toolsets {
		if !slices.Contains(Toolsets, ts) {
			return at("toolset %q does not exist; toolsets are %s", ts, strings.Join(Toolsets, ", "))
		}
	}
	return nil
}

func trunc(s string) string {
	if len(s) > 12 {
		return s[:12] + "…"
	}
	return s
}
