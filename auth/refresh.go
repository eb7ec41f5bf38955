package auth

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"golang.org/x/oauth2"
)

// assumedLifetime is the access-token lifetime assumed when the token
// endpoint gives none; it is Atlassian's.
const assumedLifetime = time.Hour

// errInvalidGrant marks the token endpoint's refusal of a grant: the code or
// refresh token is expired, revoked, reused or unknown.
var errInvalidGrant = errors.New("invalid_grant")

// pair is what the token endpoint hands out.
type pair struct {
	access  string
	refresh string
	expiry  time.Time
	scope   string
}

// refreshPair trades refreshToken for a new pair at the token endpoint.
func refreshPair(ctx context.Context, cfg OAuthConfig, clientID, clientSecret, refreshToken string) (pair, error) {
	oc := cfg.oauth2Config(clientID, clientSecret, "", nil)
	t, err := oc.TokenSource(cfg.clientContext(ctx), &oauth2.Token{RefreshToken: refreshToken}).Token()
	if err != nil {
		return pair{}, tokenEndpointError("refresh the access token", err, refreshToken, clientSecret)
	}
	p := pairFrom(cfg, t)
	if p.refresh == "" {
		p.refresh = refreshToken // the server did not rotate it
	}
	return p, nil
}

// pairFrom converts an x/oauth2 token, computing the expiry on cfg's clock.
func pairFrom(cfg OAuthConfig, t *oauth2.Token) pair {
	p := pair{access: t.AccessToken, refresh: t.RefreshToken}
	switch {
	case t.ExpiresIn > 0:
		p.expiry = cfg.now().Add(time.Duration(t.ExpiresIn) * time.Second)
	default:
		p.expiry = cfg.now().Add(assumedLifetime)
	}
	if s, ok := t.Extra("scope").(string); ok {
		p.scope = s
	}
	return p
}

// tokenEndpointError describes a failed token request without any secret:
// only the OAuth error code and description are kept, and the given
// secrets are cut from them. It wraps errInvalidGrant when that is the
// cause.
func tokenEndpointError(what string, err error, secrets ...string) error {
	var re *oauth2.RetrieveError
	if errors.As(err, &re) {
		status := 0
		if re.Response != nil {
			status = re.Response.StatusCode
		}
		desc := redact(truncate(re.ErrorDescription, 200), secrets...)
		code := redact(truncate(re.ErrorCode, 60), secrets...)
		switch code {
		case "invalid_grant":
			return fmt.Errorf("%s: Atlassian answered %d invalid_grant (%s): %w", what, status, desc, errInvalidGrant)
		case "invalid_client", "unauthorized_client":
			return fmt.Errorf("%s: Atlassian rejected the app's client id or secret (%d %s: %s); check the OAuth app's credentials in the developer console", what, status, code, desc)
		case "":
			return fmt.Errorf("%s: the token endpoint answered HTTP %d without an OAuth error; check the auth host setting", what, status)
		}
		return fmt.Errorf("%s: Atlassian answered %d %s (%s)", what, status, code, desc)
	}
	if errors.Is(err, context.DeadlineExceeded) || errors.Is(err, context.Canceled) {
		return fmt.Errorf("%s: %w", what, err)
	}
	return fmt.Errorf("%s: %s", what, redact(err.Error(), secrets...))
}

// redact removes every non-empty secret from s.
func redact(s string, secrets ...string) string {
	for _, sec := range secrets {
		if sec != "" {
			s = strings.ReplaceAll(s, sec, "[redacted]")
		}
	}
	return s
}

// truncate shortens s to at most n bytes, on a rune boundary.
func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && n < len(s) && s[n]&0xC0 == 0x80 {
		n--
	}
	return s[:n] + "…"
}
