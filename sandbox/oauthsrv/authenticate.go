package oauthsrv

import (
	"crypto/subtle"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"strings"
)

// Methods by which a Principal authenticated.
const (
	MethodOAuth = "oauth" // an OAuth 2.0 (3LO) access token
	MethodBasic = "basic" // Cloud basic auth: email and API token
	MethodPAT   = "pat"   // a personal access token as a bearer token
)

// A Principal is who a request to the product APIs acts as.
type Principal struct {
	AccountID string
	// Scopes are the OAuth scopes the request may use on the site. They are
	// nil for basic and pat principals, which are unscoped: ask Has or
	// Allows rather than reading the map.
	Scopes map[string]bool
	// Method is MethodOAuth, MethodBasic or MethodPAT.
	Method string
	// ClientID is the app the OAuth grant belongs to; empty otherwise.
	ClientID string
}

// Has reports whether the principal may use scope. Basic and pat principals
// have every scope, as Atlassian's API tokens are unscoped.
func (p *Principal) Has(scope string) bool {
	if p.Method != MethodOAuth {
		return true
	}
	return p.Scopes[scope]
}

// Allows reports whether the principal holds every scope of at least one of
// sets, the way Atlassian accepts an operation with either its classic or
// its granular scopes. With no sets it reports true.
func (p *Principal) Allows(sets ...[]string) bool {
	if len(sets) == 0 {
		return true
	}
	for _, set := range sets {
		ok := true
		for _, sc := range set {
			if !p.Has(sc) {
				ok = false
				break
			}
		}
		if ok {
			return true
		}
	}
	return false
}

// Reasons an AuthError gives for refusing a request. They are for logs and
// tests; Atlassian's answer does not say why.
const (
	ReasonMissing      = "missing credentials"
	ReasonScheme       = "unsupported authorization scheme"
	ReasonInvalidToken = "unknown bearer token"
	ReasonExpired      = "access token expired"
	ReasonRevoked      = "grant revoked"
	ReasonSite         = "grant does not cover this site"
	ReasonBasic        = "bad email or API token"
	ReasonUnknownSite  = "unknown cloud id"
	ReasonScope        = "scope does not match"
)

// An AuthError is a refused product API request. It carries the status and
// message Atlassian's gateway answers with; WriteResponse writes them.
type AuthError struct {
	// Status is 401, or 404 for a cloud id the sandbox does not know.
	Status int
	// Message is the "message" of the answer, such as "Unauthorized".
	Message string
	// Reason is one of the Reason constants.
	Reason string
}

// Error describes the refusal without any credential.
func (e *AuthError) Error() string {
	return "oauthsrv: " + e.Message + " (" + e.Reason + ")"
}

// WriteResponse writes the error as Atlassian does:
// {"code":401,"message":"Unauthorized"}.
func (e *AuthError) WriteResponse(w http.ResponseWriter) {
	h := w.Header()
	h.Set("Content-Type", "application/json")
	if e.Status == http.StatusUnauthorized {
		h.Set("WWW-Authenticate", `Bearer realm="`+Audience+`"`)
	}
	w.WriteHeader(e.Status)
	_ = json.NewEncoder(w).Encode(struct {
		Code    int    `json:"code"`
		Message string `json:"message"`
	}{e.Status, e.Message})
}

func unauthorized(reason string) *AuthError {
	return &AuthError{Status: http.StatusUnauthorized, Message: "Unauthorized", Reason: reason}
}

// ScopeMismatch returns the error Atlassian answers when a token lacks the
// scopes an operation needs.
func ScopeMismatch() *AuthError {
	return &AuthError{Status: http.StatusUnauthorized, Message: "Unauthorized; scope does not match", Reason: ReasonScope}
}

// Authenticate checks a product API request's credentials for cloudID: an
// OAuth bearer access token granted for that site, Basic email:APIToken, or
// Bearer PAT. Every error it returns is an *AuthError.
func (s *Server) Authenticate(r *http.Request, cloudID string) (*Principal, error) {
	site, ok := s.site(cloudID)
	if !ok {
		return nil, &AuthError{Status: http.StatusNotFound, Message: "Not Found", Reason: ReasonUnknownSite}
	}
	scheme, cred, _ := strings.Cut(strings.TrimSpace(r.Header.Get("Authorization")), " ")
	cred = strings.TrimSpace(cred)
	switch {
	case scheme == "":
		return nil, unauthorized(ReasonMissing)
	case strings.EqualFold(scheme, "Bearer"):
		return s.bearer(cred, site)
	case strings.EqualFold(scheme, "Basic"):
		return s.basic(cred)
	default:
		return nil, unauthorized(ReasonScheme)
	}
}

// bearer authenticates an OAuth access token or a personal access token.
func (s *Server) bearer(token string, site Site) (*Principal, error) {
	if token == "" {
		return nil, unauthorized(ReasonMissing)
	}
	if fam, reason, ok := s.accessFamily(token); ok {
		if reason != "" {
			return nil, unauthorized(reason)
		}
		scopes := siteScopes(&fam, site)
		if len(scopes) == 0 {
			return nil, unauthorized(ReasonSite)
		}
		p := &Principal{AccountID: fam.accountID, Method: MethodOAuth, ClientID: fam.clientID, Scopes: map[string]bool{}}
		for _, sc := range scopes {
			p.Scopes[sc] = true
		}
		return p, nil
	}
	for _, u := range s.users {
		if u.PAT != "" && subtle.ConstantTimeCompare([]byte(u.PAT), []byte(token)) == 1 {
			return &Principal{AccountID: u.AccountID, Method: MethodPAT}, nil
		}
	}
	return nil, unauthorized(ReasonInvalidToken)
}

// accessFamily looks up an OAuth access token and returns a copy of its
// grant family, taken under the lock. ok is false when token is no access
// token; reason says why the token may not be used (ReasonRevoked or
// ReasonExpired), or is "" when it may.
func (s *Server) accessFamily(token string) (fam family, reason string, ok bool) {
	s.mu.Lock()
	a, ok := s.access[token]
	if ok {
		fam = *a.fam
	}
	now := s.now()
	s.mu.Unlock()
	switch {
	case !ok:
		return family{}, "", false
	case fam.revoked:
		return fam, ReasonRevoked, true
	case !now.Before(a.expires):
		return fam, ReasonExpired, true
	}
	return fam, "", true
}

// basic authenticates Cloud basic auth: base64 of email:APIToken.
func (s *Server) basic(cred string) (*Principal, error) {
	raw, err := base64.StdEncoding.DecodeString(cred)
	if err != nil {
		return nil, unauthorized(ReasonBasic)
	}
	email, token, ok := strings.Cut(string(raw), ":")
	if !ok || email == "" || token == "" {
		return nil, unauthorized(ReasonBasic)
	}
	for _, u := range s.users {
		if u.APIToken != "" && strings.EqualFold(u.Email, email) &&
			subtle.ConstantTimeCompare([]byte(u.APIToken), []byte(token)) == 1 {
			return &Principal{AccountID: u.AccountID, Method: MethodBasic}, nil
		}
	}
	return nil, unauthorized(ReasonBasic)
}

// site returns the site with the given cloud id.
func (s *Server) site(cloudID string) (Site, bool) {
	for _, site := range s.sites {
		if site.CloudID == cloudID {
			return site, true
		}
	}
	return Site{}, false
}
