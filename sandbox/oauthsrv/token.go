package oauthsrv

import (
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
)

// maxTokenBody bounds a token request's body.
const maxTokenBody = 64 << 10

// A tokenRequest holds the parameters of a request to /oauth/token.
type tokenRequest struct {
	GrantType    string `json:"grant_type"`
	ClientID     string `json:"client_id"`
	ClientSecret string `json:"client_secret"`
	Code         string `json:"code"`
	RedirectURI  string `json:"redirect_uri"`
	RefreshToken string `json:"refresh_token"`
	CodeVerifier string `json:"code_verifier"`
}

// A tokenError is an OAuth error answer from the token endpoint.
type tokenError struct {
	status int
	Code   string `json:"error"`
	Desc   string `json:"error_description"`
}

func (e *tokenError) Error() string { return e.Code + ": " + e.Desc }

func invalidRequest(desc string) *tokenError {
	return &tokenError{status: http.StatusBadRequest, Code: "invalid_request", Desc: desc}
}

func invalidGrant(desc string) *tokenError {
	return &tokenError{status: http.StatusForbidden, Code: "invalid_grant", Desc: desc}
}

// Descriptions of invalid_grant answers. Atlassian gives one text for every
// refusal of a refresh token; the sandbox does the same so that clients
// cannot depend on a distinction production will not make.
const (
	descBadRefresh = "Unknown or invalid refresh token."
	descBadCode    = "Invalid authorization code"
)

// handleToken is the token endpoint: the authorization_code and
// refresh_token grants, with client credentials in the body as JSON or as a
// form.
func (s *Server) handleToken(w http.ResponseWriter, r *http.Request) {
	s.tokenRequests.Add(1)
	req, err := parseTokenRequest(w, r)
	if err == nil {
		var t Tokens
		t, err = s.grant(req)
		if err == nil {
			writeJSON(w, http.StatusOK, t)
			return
		}
	}
	var te *tokenError
	if !errors.As(err, &te) {
		te = &tokenError{status: http.StatusInternalServerError, Code: "server_error", Desc: "internal error"}
	}
	writeJSON(w, te.status, te)
}

// parseTokenRequest reads the parameters from a JSON or form body.
func parseTokenRequest(w http.ResponseWriter, r *http.Request) (tokenRequest, error) {
	var req tokenRequest
	mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil {
		return req, invalidRequest("Content-Type must be application/json or application/x-www-form-urlencoded")
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxTokenBody))
	if err != nil {
		return req, invalidRequest(fmt.Sprintf("the request body must be at most %d bytes", maxTokenBody))
	}
	switch mt {
	case "application/json":
		if err := json.Unmarshal(body, &req); err != nil {
			return req, invalidRequest("the body must be a JSON object whose values are strings")
		}
	case "application/x-www-form-urlencoded":
		form, err := url.ParseQuery(string(body))
		if err != nil {
			return req, invalidRequest("the body is not a valid form")
		}
		fields := map[string]*string{
			"grant_type": &req.GrantType, "client_id": &req.ClientID, "client_secret": &req.ClientSecret,
			"code": &req.Code, "redirect_uri": &req.RedirectURI, "refresh_token": &req.RefreshToken,
			"code_verifier": &req.CodeVerifier,
		}
		for name, dst := range fields {
			vs := form[name]
			if len(vs) > 1 {
				return req, invalidRequest(name + " must be sent once")
			}
			if len(vs) == 1 {
				*dst = vs[0]
			}
		}
	default:
		return req, invalidRequest("Content-Type must be application/json or application/x-www-form-urlencoded")
	}
	return req, nil
}

// grant authenticates the client and runs the requested grant.
func (s *Server) grant(req tokenRequest) (Tokens, error) {
	c, ok := s.clients[req.ClientID]
	if !ok || req.ClientSecret == "" || subtle.ConstantTimeCompare([]byte(c.Secret), []byte(req.ClientSecret)) != 1 {
		return Tokens{}, &tokenError{status: http.StatusUnauthorized, Code: "invalid_client",
			Desc: "Unauthorized: client_id and client_secret must be those of a registered app, sent in the request body"}
	}
	switch req.GrantType {
	case "authorization_code":
		return s.exchangeCode(req)
	case "refresh_token":
		return s.refreshGrant(req)
	case "":
		return Tokens{}, invalidRequest("grant_type is required: authorization_code or refresh_token")
	default:
		return Tokens{}, &tokenError{status: http.StatusBadRequest, Code: "unsupported_grant_type",
			Desc: "grant_type must be authorization_code or refresh_token"}
	}
}

// exchangeCode runs the authorization_code grant.
func (s *Server) exchangeCode(req tokenRequest) (Tokens, error) {
	if req.Code == "" || req.RedirectURI == "" {
		return Tokens{}, invalidRequest("code and redirect_uri are required for grant_type authorization_code")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	c, ok := s.codes[req.Code]
	switch {
	case !ok:
		return Tokens{}, invalidGrant(descBadCode)
	case c.used:
		// RFC 6749 §4.1.2: a replayed code revokes what it yielded.
		if c.fam != nil {
			c.fam.revoked = true
		}
		return Tokens{}, invalidGrant(descBadCode)
	case !s.now().Before(c.expires):
		return Tokens{}, invalidGrant(descBadCode)
	case c.clientID != req.ClientID:
		return Tokens{}, invalidGrant(descBadCode)
	case c.redirectURI != req.RedirectURI:
		return Tokens{}, invalidGrant("redirect_uri must be the one sent to /authorize")
	}
	if err := checkVerifier(c, req.CodeVerifier); err != nil {
		return Tokens{}, err
	}
	c.used = true
	c.fam = s.newFamily(c.clientID, c.accountID, c.scopes)
	return s.issueLocked(c.fam), nil
}

// checkVerifier checks a PKCE code_verifier against the code's challenge.
func checkVerifier(c *code, verifier string) error {
	if c.challenge == "" {
		if verifier != "" {
			return invalidGrant("code_verifier was sent but /authorize had no code_challenge")
		}
		return nil
	}
	if verifier == "" {
		return invalidGrant("code_verifier is required: /authorize was sent a code_challenge")
	}
	if !validVerifier(verifier) {
		return invalidGrant("code_verifier must be 43 to 128 characters of A-Z a-z 0-9 - . _ ~")
	}
	want := verifier
	if c.method == "S256" {
		sum := sha256.Sum256([]byte(verifier))
		want = base64.RawURLEncoding.EncodeToString(sum[:])
	}
	if subtle.ConstantTimeCompare([]byte(want), []byte(c.challenge)) != 1 {
		return invalidGrant("code_verifier does not match the code_challenge")
	}
	return nil
}

// validVerifier reports whether v is a well-formed PKCE verifier or
// challenge (RFC 7636 §4.1).
func validVerifier(v string) bool {
	if len(v) < 43 || len(v) > 128 {
		return false
	}
	for i := 0; i < len(v); i++ {
		b := v[i]
		ok := b >= 'A' && b <= 'Z' || b >= 'a' && b <= 'z' || b >= '0' && b <= '9' ||
			b == '-' || b == '.' || b == '_' || b == '~'
		if !ok {
			return false
		}
	}
	return true
}

// refreshGrant runs the refresh_token grant: rotation, the reuse leeway,
// reuse detection and expiry.
func (s *Server) refreshGrant(req tokenRequest) (Tokens, error) {
	if req.RefreshToken == "" {
		return Tokens{}, invalidRequest("refresh_token is required for grant_type refresh_token")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.now()
	rt, ok := s.refresh[req.RefreshToken]
	if !ok || rt.fam.clientID != req.ClientID || rt.fam.revoked {
		return Tokens{}, invalidGrant(descBadRefresh)
	}
	if now.Sub(rt.issued) > RefreshInactivity || now.Sub(rt.fam.created) > RefreshAbsolute {
		delete(s.refresh, req.RefreshToken)
		return Tokens{}, invalidGrant(descBadRefresh)
	}
	switch {
	case rt.rotated.IsZero():
		rt.rotated = now
	case now.Sub(rt.rotated) <= RefreshReuseLeeway:
		// Reuse inside the leeway: a client that lost the answer may retry.
	default:
		// Reuse outside the leeway: the token may have been stolen.
		rt.fam.revoked = true
		return Tokens{}, invalidGrant(descBadRefresh)
	}
	return s.issueLocked(rt.fam), nil
}

// writeJSON writes v as a JSON answer that must not be cached.
func writeJSON(w http.ResponseWriter, status int, v any) {
	h := w.Header()
	h.Set("Content-Type", "application/json")
	h.Set("Cache-Control", "no-store")
	h.Set("Pragma", "no-cache")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}
