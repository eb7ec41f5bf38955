package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/url"
	"strings"

	"golang.org/x/term"

	"github.com/clawbridge/atlassian-mcp/atlassian"
	"github.com/clawbridge/atlassian-mcp/auth"
)

// maxSecretBytes bounds a token read from stdin.
const maxSecretBytes = 16 << 10

// runAuthToken handles `atlassian-mcp auth token`: it stores a Cloud API
// token (basic auth) or, with --pat, a Data Center personal access token.
// The secret comes from the environment or stdin, never from a flag, so it
// stays out of shell history and process listings.
func runAuthToken(ctx context.Context, args []string, env *environment) int {
	const cmd = "auth token"
	fs := newFlagSet(cmd, env)
	var a authFlags
	a.register(fs, env)
	name := fs.String("connection", auth.DefaultConnection, "name to store the credentials under")
	site := fs.String("site", "", "site URL (https://acme.atlassian.net) or, with --pat, the Data Center base URL")
	email := fs.String("email", "", "the Atlassian account's email (API tokens only)")
	pat := fs.Bool("pat", false, "store a Data Center personal access token (read from $ATLASSIAN_PAT or stdin)")
	noVerify := fs.Bool("no-verify", false, "store the credentials without checking them against the site")
	if code, ok := parseFlags(fs, args, env); !ok {
		return code
	}
	cfg, err := a.load(env)
	if err != nil {
		return failed(env, cmd, err)
	}
	kind := auth.KindBasic
	if *pat {
		kind = auth.KindPAT
	}
	if cc, ok := cfg.Connection(*name); ok {
		if cc.Type != kind {
			return failed(env, cmd, fmt.Errorf("%s declares connection %q as %s, so it cannot hold a %s credential: %s",
				cfg.Path, *name, cc.Type, kind, kindHint(cc.Type, *name)))
		}
		*site, *email = firstNonEmpty(*site, cc.Site), firstNonEmpty(*email, cc.Email)
	}
	if err := checkTokenFlags(kind, *site, *email); err != nil {
		fmt.Fprintf(env.stderr, "atlassian-mcp %s: %v\n", cmd, err)
		return 2
	}
	store, err := openStore(cfg)
	if err != nil {
		return failed(env, cmd, err)
	}
	envVar, what := "ATLASSIAN_API_TOKEN", "API token"
	if *pat {
		envVar, what = "ATLASSIAN_PAT", "personal access token"
	}
	secret, err := readSecret(env, envVar, what)
	if err != nil {
		return failed(env, cmd, err)
	}
	base := strings.TrimRight(*site, "/")
	conn := auth.Connection{Name: *name, Kind: kind, BaseURL: base}
	src := auth.Bearer(secret)
	if *pat {
		conn.Token = secret
	} else {
		conn.Email, conn.APIToken = *email, secret
		src = auth.Basic(*email, secret)
	}
	if err := conn.Validate(); err != nil {
		return failed(env, cmd, err)
	}
	verified := ""
	if !*noVerify {
		who, err := verifyDirect(ctx, base, src)
		if err != nil {
			check := "the site URL, the email"
			if *pat {
				check = "the base URL"
			}
			return failed(env, cmd, fmt.Errorf("%s did not accept the %s (%w); check %s and the token, or pass --no-verify to store it anyway",
				base, what, err, check))
		}
		verified = " (verified: it acts as " + who + ")"
	}
	if old, err := store.Get(*name); err == nil && old.Kind != kind {
		fmt.Fprintf(env.stderr, "Replacing the %s credentials of connection %q; a connection holds one kind.\n", old.Kind, *name)
	}
	if err := store.Put(ctx, conn); err != nil {
		return failed(env, cmd, fmt.Errorf("save the %s: %w", what, err))
	}
	fmt.Fprintf(env.stdout, "Stored the %s for %s as connection %q%s.\n", what, base, *name, verified)
	return 0
}

// kindHint says which command stores a connection of the given type.
func kindHint(kind, name string) string {
	switch kind {
	case "oauth":
		return "run `atlassian-mcp auth login --connection " + name + "`, or change its type in the configuration"
	case auth.KindPAT:
		return "run `atlassian-mcp auth token --pat --connection " + name + "`, or change its type in the configuration"
	}
	return "run `atlassian-mcp auth token --connection " + name + "` without --pat, or change its type in the configuration"
}

// checkTokenFlags checks the site and email for a credential of kind.
func checkTokenFlags(kind, site, email string) error {
	if site == "" {
		if kind == auth.KindPAT {
			return errors.New("--site is required: the Data Center base URL, such as https://jira.example.com")
		}
		return errors.New("--site is required: the site URL, such as https://acme.atlassian.net")
	}
	if u, err := url.Parse(site); err != nil || u.Host == "" || (u.Scheme != "https" && u.Scheme != "http") {
		return fmt.Errorf("--site must be an http(s) URL such as https://acme.atlassian.net (got %q)", site)
	}
	switch {
	case kind == auth.KindBasic && email == "":
		return errors.New("--email is required with an API token: the email of the Atlassian account the token belongs to")
	case kind == auth.KindPAT && email != "":
		return errors.New("--email does not apply to --pat: a personal access token identifies its owner itself")
	}
	return nil
}

// readSecret returns a secret from the environment variable envVar, or from
// stdin: without echo on a terminal, else the whole input, trimmed. Its
// errors never quote what was read.
func readSecret(env *environment, envVar, what string) (string, error) {
	if v := strings.TrimSpace(env.getenv(envVar)); v != "" {
		return v, nil
	}
	hint := fmt.Sprintf("pipe the %s on stdin or set %s (it is never taken from a flag, so that it stays out of shell history)", what, envVar)
	if env.stdin == nil {
		return "", fmt.Errorf("no %s was given: %s", what, hint)
	}
	var raw []byte
	if fd, tty := terminal(env.stdin); tty {
		fmt.Fprintf(env.stderr, "Paste the %s (it will not be shown) and press Enter: ", what)
		b, err := term.ReadPassword(fd)
		fmt.Fprintln(env.stderr)
		if err != nil {
			return "", fmt.Errorf("read the %s from the terminal: %w", what, err)
		}
		raw = b
	} else {
		b, err := io.ReadAll(io.LimitReader(env.stdin, maxSecretBytes+1))
		if err != nil {
			return "", fmt.Errorf("read the %s from stdin: %w", what, err)
		}
		if len(b) > maxSecretBytes {
			return "", fmt.Errorf("stdin holds more than %d bytes, which is not a %s: %s", maxSecretBytes, what, hint)
		}
		raw = b
	}
	s := strings.TrimSpace(string(raw))
	clear(raw)
	switch {
	case s == "":
		return "", fmt.Errorf("no %s was given: %s", what, hint)
	case strings.ContainsAny(s, " \t\r\n"):
		return "", fmt.Errorf("the input holds several words or lines, so it is not one %s: %s", what, hint)
	}
	return s, nil
}

// verifyDirect asks the site who the credentials act as.
func verifyDirect(ctx context.Context, site string, src auth.Source) (string, error) {
	c, err := atlassian.New(atlassian.Config{HTTPClient: httpClient(src), SiteURL: site, Direct: true, UserAgent: userAgent()})
	if err != nil {
		return "", err
	}
	me, err := c.Myself(ctx)
	if err != nil {
		return "", err
	}
	return firstNonEmpty(me.Get("displayName").String(), me.Get("emailAddress").String(), me.Get("accountId").String(), "an unnamed account"), nil
}
