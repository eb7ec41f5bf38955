package oauthsrv

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/clawbridge/atlassian-mcp/internal/testkit"
)

func TestAuthorize(t *testing.T) {
	tests := []struct {
		name   string
		edit   func(q url.Values)
		deny   bool
		status int    // 302 or 400
		errTo  string // the error= parameter of the redirect; "" means a code
		state  string // the state the redirect must carry; "-" means none
		host   string // the redirect's host:port, when it matters
	}{
		{name: "consent returns code and state", edit: func(url.Values) {}, status: 302, state: "st-123", host: "127.0.0.1:5555"},
		{name: "no state sends none back", edit: func(q url.Values) { q.Del("state") }, status: 302, state: "-"},
		{name: "state with odd characters round-trips", edit: func(q url.Values) { q.Set("state", "a b&c=d/é") }, status: 302, state: "a b&c=d/é"},
		{name: "registered callback accepted", edit: func(q url.Values) { q.Set("client_id", otherClient) }, status: 302, state: "st-123"},
		{name: "consent denied", deny: true, edit: func(url.Values) {}, status: 302, errTo: "access_denied", state: "st-123"},
		{name: "unknown client is not redirected", edit: func(q url.Values) { q.Set("client_id", "nope") }, status: 400},
		{name: "missing redirect_uri", edit: func(q url.Values) { q.Del("redirect_uri") }, status: 400},
		{name: "unregistered redirect_uri is not redirected", edit: func(q url.Values) {
			q.Set("client_id", otherClient)
			q.Set("redirect_uri", "http://127.0.0.1:5556/callback")
		}, status: 400},
		{name: "javascript redirect_uri", edit: func(q url.Values) { q.Set("redirect_uri", "javascript:alert(1)") }, status: 400},
		{name: "relative redirect_uri", edit: func(q url.Values) { q.Set("redirect_uri", "/callback") }, status: 400},
		{name: "redirect_uri with fragment", edit: func(q url.Values) { q.Set("redirect_uri", testCallback+"#x") }, status: 400},
		{name: "wrong audience", edit: func(q url.Values) { q.Set("audience", "example.com") }, status: 302, errTo: "invalid_request", state: "st-123"},
		{name: "missing audience", edit: func(q url.Values) { q.Del("audience") }, status: 302, errTo: "invalid_request", state: "st-123"},
		{name: "implicit flow refused", edit: func(q url.Values) { q.Set("response_type", "token") }, status: 302, errTo: "unsupported_response_type", state: "st-123"},
		{name: "empty scope", edit: func(q url.Values) { q.Set("scope", "  ") }, status: 302, errTo: "invalid_scope", state: "st-123"},
		{name: "scope with a quote", edit: func(q url.Values) { q.Set("scope", `read:jira-work "x`) }, status: 302, errTo: "invalid_scope", state: "st-123"},
		{name: "challenge method without challenge", edit: func(q url.Values) { q.Set("code_challenge_method", "S256") }, status: 302, errTo: "invalid_request", state: "st-123"},
		{name: "unknown challenge method", edit: func(q url.Values) {
			q.Set("code_challenge", strings.Repeat("a", 43))
			q.Set("code_challenge_method", "S512")
		}, status: 302, errTo: "invalid_request", state: "st-123"},
		{name: "short challenge", edit: func(q url.Values) { q.Set("code_challenge", "abc") }, status: 302, errTo: "invalid_request", state: "st-123"},
		{name: "challenge with bad characters", edit: func(q url.Values) { q.Set("code_challenge", strings.Repeat("a", 42)+"+") }, status: 302, errTo: "invalid_request", state: "st-123"},
		{name: "valid S256 challenge", edit: func(q url.Values) {
			q.Set("code_challenge", "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM")
			q.Set("code_challenge_method", "S256")
		}, status: 302, state: "st-123"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := newFixture(t)
			f.srv.SetConsent(!tc.deny)
			q := authorizeParams("read:jira-work offline_access")
			tc.edit(q)
			status, loc := f.authorize(t, q)
			if status != tc.status {
				t.Fatalf("status %d, want %d", status, tc.status)
			}
			if status != http.StatusFound {
				return
			}
			got := loc.Query()
			if got.Get("error") != tc.errTo {
				t.Errorf("error = %q (%s), want %q", got.Get("error"), got.Get("error_description"), tc.errTo)
			}
			if tc.errTo == "" && got.Get("code") == "" {
				t.Error("redirect has no code")
			}
			if tc.errTo != "" && got.Has("code") {
				t.Error("error redirect carries a code")
			}
			if tc.state == "-" {
				if got.Has("state") {
					t.Errorf("state %q sent back, none was given", got.Get("state"))
				}
			} else if got.Get("state") != tc.state {
				t.Errorf("state = %q, want %q", got.Get("state"), tc.state)
			}
			if tc.host != "" && loc.Host != tc.host {
				t.Errorf("redirected to host %q, want %q", loc.Host, tc.host)
			}
		})
	}
}

func TestAuthorizeKeepsCallbackQuery(t *testing.T) {
	f := newFixture(t)
	q := authorizeParams("read:jira-work")
	q.Set("redirect_uri", "https://app.example.com/cb?tenant=42")
	_, loc := f.authorize(t, q)
	if loc.Path != "/cb" || loc.Query().Get("tenant") != "42" || loc.Query().Get("code") == "" {
		t.Fatalf("redirect %v lost the callback's own query or the code", loc)
	}
	// The callback's query is part of the redirect_uri the exchange must repeat.
	a := f.postForm(t, url.Values{
		"grant_type": {"authorization_code"}, "client_id": {testClient}, "client_secret": {testSecret},
		"code": {loc.Query().Get("code")}, "redirect_uri": {"https://app.example.com/cb?tenant=42"},
	})
	if a.status != http.StatusOK {
		t.Fatalf("exchange: %d %s %s", a.status, a.Error, a.Desc)
	}
}

func TestAuthorizeWithoutConsentUser(t *testing.T) {
	c := &testkit.Clock{}
	cfg := testConfig(c)
	cfg.ConsentUser = "acc-nobody"
	srv := New(cfg)
	mux := http.NewServeMux()
	srv.Register(mux)
	f := &fixture{srv: srv, clock: c}
	f.http = newHTTPServer(t, mux)
	_, loc := f.authorize(t, authorizeParams("read:jira-work"))
	if loc.Query().Get("error") != "server_error" || !strings.Contains(loc.Query().Get("error_description"), "ConsentUser") {
		t.Fatalf("redirect %v, want server_error naming Config.ConsentUser", loc)
	}
}

func TestConsentUserIsWhoTheGrantActsAs(t *testing.T) {
	for _, tc := range []struct{ consent, want string }{{"", "acc-alice"}, {"acc-bob", "acc-bob"}} {
		c := &testkit.Clock{}
		cfg := testConfig(c)
		cfg.ConsentUser = tc.consent
		srv := New(cfg)
		mux := http.NewServeMux()
		srv.Register(mux)
		f := &fixture{srv: srv, clock: c, http: newHTTPServer(t, mux)}
		tok := f.login(t, "read:jira-work")
		p, err := f.authWith("Bearer "+tok.AccessToken, siteJira)
		if err != nil || p.AccountID != tc.want {
			t.Errorf("ConsentUser %q: principal %+v, %v; want %s", tc.consent, p, err, tc.want)
		}
	}
}
