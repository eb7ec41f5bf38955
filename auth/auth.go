// Package auth supplies the credentials that authorise requests to Atlassian.
//
// A Source yields the value of the Authorization header for one connection:
// a delegated OAuth 2.0 (3LO) access token, refreshed and rotated
// transparently, an API token for Cloud basic auth, or a Data Center personal
// access token. Sources compose by wrapping, in the manner of
// golang.org/x/oauth2, and Transport turns any Source into an
// http.RoundTripper.
package auth

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
)

// A Source yields the Authorization header value for a request to Atlassian.
// Implementations must be safe for concurrent use.
type Source interface {
	// Authorization returns the complete header value, such as "Bearer abc".
	Authorization(ctx context.Context) (string, error)
}

// SourceFunc adapts an ordinary function to the Source interface.
type SourceFunc func(ctx context.Context) (string, error)

// Authorization calls f(ctx).
func (f SourceFunc) Authorization(ctx context.Context) (string, error) { return f(ctx) }

// Basic returns a Source for Atlassian Cloud basic auth: an account email and
// an API token.
func Basic(email, apiToken string) Source {
	v := "Basic " + base64.StdEncoding.EncodeToString([]byte(email+":"+apiToken))
	return SourceFunc(func(context.Context) (string, error) { return v, nil })
}

// Bearer returns a Source that always presents the same bearer token, such as
// a Data Center personal access token.
func Bearer(token string) Source {
	v := "Bearer " + token
	return SourceFunc(func(context.Context) (string, error) { return v, nil })
}

type delegatedKey struct{}

// WithDelegatedToken returns a context that carries an end user's Atlassian
// access token for one request. Transport prefers it to the connection's own
// Source. The token is never stored.
func WithDelegatedToken(ctx context.Context, accessToken string) context.Context {
	return context.WithValue(ctx, delegatedKey{}, accessToken)
}

// DelegatedToken returns the per-request access token carried by ctx, if any.
func DelegatedToken(ctx context.Context) (string, bool) {
	t, ok := ctx.Value(delegatedKey{}).(string)
	return t, ok && t != ""
}

// DelegatedIdentity names the delegated user of a request by a short hash
// of their token, for per-user caches and the audit log; the token itself
// is never kept.
func DelegatedIdentity(ctx context.Context) (string, bool) {
	tok, ok := DelegatedToken(ctx)
	if !ok {
		return "", false
	}
	sum := sha256.Sum256([]byte(tok))
	return hex.EncodeToString(sum[:8]), true
}

// ErrNoCredential reports that a request has no credential to present.
var ErrNoCredential = errors.New("auth: no Atlassian credential is configured; run `atlassian-mcp auth login` or configure an API token")

// Transport returns a RoundTripper that sets the Authorization header from
// src (or from a delegated token in the request's context) before passing
// the request to base. A nil base means http.DefaultTransport.
func Transport(base http.RoundTripper, src Source) http.RoundTripper {
	if base == nil {
		base = http.DefaultTransport
	}
	return &transport{base: base, src: src}
}

type transport struct {
	base http.RoundTripper
	src  Source
}

// RoundTrip implements http.RoundTripper. It never modifies the caller's
// request, as the RoundTripper contract requires.
func (t *transport) RoundTrip(r *http.Request) (*http.Response, error) {
	var value string
	if tok, ok := DelegatedToken(r.Context()); ok {
		value = "Bearer " + tok
	} else {
		if t.src == nil {
			closeBody(r)
			return nil, ErrNoCredential
		}
		v, err := t.src.Authorization(r.Context())
		if err != nil {
			closeBody(r)
			return nil, fmt.Errorf("auth: %w", err)
		}
		value = v
	}
	r2 := r.Clone(r.Context())
	r2.Header.Set("Authorization", value)
	return t.base.RoundTrip(r2)
}

func closeBody(r *http.Request) {
	if r.Body != nil {
		_ = r.Body.Close()
	}
}
