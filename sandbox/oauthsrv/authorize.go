package oauthsrv

import (
	"errors"
	"net/http"
	"net/url"
	"slices"
)

// handleAuthorize is the consent screen. It consents at once as the
// configured user (or denies, after SetConsent(false)) and redirects to the
// app's callback with a code, or with an error, and the state it was given.
// Requests whose client or callback cannot be trusted are answered with 400
// and never redirected, as RFC 6749 §4.1.2.1 requires.
func (s *Server) handleAuthorize(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	clientID := q.Get("client_id")
	client, ok := s.clients[clientID]
	if !ok {
		authorizePage(w, "unknown client_id: use the client id of an app registered with the sandbox")
		return
	}
	redirect, err := callbackURL(q.Get("redirect_uri"), client)
	if err != nil {
		authorizePage(w, err.Error())
		return
	}
	state := q.Get("state")
	fail := func(code, desc string) {
		v := url.Values{"error": {code}, "error_description": {desc}}
		if state != "" {
			v.Set("state", state)
		}
		redirectTo(w, r, redirect, v)
	}
	if q.Get("audience") != Audience {
		fail("invalid_request", "audience must be "+Audience)
		return
	}
	if q.Get("response_type") != "code" {
		fail("unsupported_response_type", "response_type must be code")
		return
	}
	scopes, err := normalizeScopes(q.Get("scope"))
	if err != nil {
		fail("invalid_scope", err.Error())
		return
	}
	challenge, method := q.Get("code_challenge"), q.Get("code_challenge_method")
	if challenge == "" && method != "" {
		fail("invalid_request", "code_challenge_method was sent without code_challenge")
		return
	}
	if challenge != "" {
		if method == "" {
			method = "plain" // RFC 7636 §4.3
		}
		if method != "plain" && method != "S256" {
			fail("invalid_request", "code_challenge_method must be S256 or plain")
			return
		}
		if !validVerifier(challenge) {
			fail("invalid_request", "code_challenge must be 43 to 128 characters of A-Z a-z 0-9 - . _ ~")
			return
		}
	}
	if _, ok := s.User(s.consent); !ok {
		fail("server_error", "the sandbox has no user to consent as: set Config.ConsentUser")
		return
	}

	s.mu.Lock()
	if s.deny {
		s.mu.Unlock()
		fail("access_denied", "User did not authorize the request")
		return
	}
	c := newToken("sbxcode")
	s.codes[c] = &code{
		clientID:    clientID,
		redirectURI: redirect.String(),
		challenge:   challenge,
		method:      method,
		accountID:   s.consent,
		scopes:      scopes,
		expires:     s.now().Add(CodeTTL),
	}
	s.mu.Unlock()

	v := url.Values{"code": {c}}
	if state != "" {
		v.Set("state", state)
	}
	redirectTo(w, r, redirect, v)
}

// callbackURL checks the redirect_uri parameter against the client.
func callbackURL(raw string, c Client) (*url.URL, error) {
	if raw == "" {
		return nil, errors.New("redirect_uri is required: pass the app's callback URL")
	}
	if len(c.RedirectURIs) > 0 && !slices.Contains(c.RedirectURIs, raw) {
		return nil, errors.New("redirect_uri does not match the callback URL registered for this app")
	}
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.Fragment != "" {
		return nil, errors.New("redirect_uri must be an absolute http or https URL without a fragment")
	}
	return u, nil
}

// redirectTo sends the browser to base with params added to its query.
func redirectTo(w http.ResponseWriter, r *http.Request, base *url.URL, params url.Values) {
	u := *base
	q := u.Query()
	for k, vs := range params {
		q[k] = vs
	}
	u.RawQuery = q.Encode()
	w.Header().Set("Cache-Control", "no-store")
	http.Redirect(w, r, u.String(), http.StatusFound)
}

// authorizePage answers an /authorize request that cannot be redirected.
func authorizePage(w http.ResponseWriter, msg string) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(http.StatusBadRequest)
	_, _ = w.Write([]byte("Something went wrong: " + msg + "\n"))
}
