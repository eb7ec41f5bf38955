package oauthsrv

import (
	"context"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"golang.org/x/oauth2"
)

func TestCodeExchange(t *testing.T) {
	type req = map[string]string
	tests := []struct {
		name      string
		scope     string
		edit      func(f *fixture, code string) req // the JSON body; nil means the valid one
		advance   time.Duration
		status    int
		err       string
		noRefresh bool
	}{
		{name: "valid", scope: "read:jira-work offline_access", status: 200},
		{name: "no offline_access means no refresh token", scope: "read:jira-work", status: 200, noRefresh: true},
		{name: "code valid until just before ten minutes", scope: "read:jira-work", advance: CodeTTL - time.Second, status: 200, noRefresh: true},
		{name: "expired code", scope: "read:jira-work", advance: CodeTTL, status: 403, err: "invalid_grant"},
		{name: "wrong secret", scope: "read:jira-work", edit: func(_ *fixture, c string) req {
			return req{"grant_type": "authorization_code", "client_id": testClient, "client_secret": "guess", "code": c, "redirect_uri": testCallback}
		}, status: 401, err: "invalid_client"},
		{name: "no secret", scope: "read:jira-work", edit: func(_ *fixture, c string) req {
			return req{"grant_type": "authorization_code", "client_id": testClient, "code": c, "redirect_uri": testCallback}
		}, status: 401, err: "invalid_client"},
		{name: "unknown client", scope: "read:jira-work", edit: func(_ *fixture, c string) req {
			return req{"grant_type": "authorization_code", "client_id": "nope", "client_secret": testSecret, "code": c, "redirect_uri": testCallback}
		}, status: 401, err: "invalid_client"},
		{name: "code of another client", scope: "read:jira-work", edit: func(_ *fixture, c string) req {
			return req{"grant_type": "authorization_code", "client_id": otherClient, "client_secret": otherSecret, "code": c, "redirect_uri": testCallback}
		}, status: 403, err: "invalid_grant"},
		{name: "different redirect_uri", scope: "read:jira-work", edit: func(_ *fixture, c string) req {
			return req{"grant_type": "authorization_code", "client_id": testClient, "client_secret": testSecret, "code": c, "redirect_uri": "http://127.0.0.1:5555/other"}
		}, status: 403, err: "invalid_grant"},
		{name: "missing redirect_uri", scope: "read:jira-work", edit: func(_ *fixture, c string) req {
			return req{"grant_type": "authorization_code", "client_id": testClient, "client_secret": testSecret, "code": c}
		}, status: 400, err: "invalid_request"},
		{name: "unknown code", scope: "read:jira-work", edit: func(_ *fixture, _ string) req {
			return req{"grant_type": "authorization_code", "client_id": testClient, "client_secret": testSecret, "code": "sbxcode_forged", "redirect_uri": testCallback}
		}, status: 403, err: "invalid_grant"},
		{name: "missing grant_type", scope: "read:jira-work", edit: func(_ *fixture, c string) req {
			return req{"client_id": testClient, "client_secret": testSecret, "code": c, "redirect_uri": testCallback}
		}, status: 400, err: "invalid_request"},
		{name: "client_credentials unsupported", scope: "read:jira-work", edit: func(_ *fixture, _ string) req {
			return req{"grant_type": "client_credentials", "client_id": testClient, "client_secret": testSecret}
		}, status: 400, err: "unsupported_grant_type"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := newFixture(t)
			c := f.code(t, authorizeParams(tc.scope))
			f.clock.Advance(tc.advance)
			var a tokenAnswer
			if tc.edit == nil {
				a = f.exchange(t, c, nil)
			} else {
				a = f.postJSON(t, tc.edit(f, c))
			}
			if a.status != tc.status || a.Error != tc.err {
				t.Fatalf("got %d %q (%s), want %d %q", a.status, a.Error, a.Desc, tc.status, tc.err)
			}
			if tc.status != http.StatusOK {
				if a.Desc == "" {
					t.Error("error without error_description")
				}
				if a.AccessToken != "" {
					t.Error("error answer carries an access token")
				}
				return
			}
			if a.AccessToken == "" || a.ExpiresIn != 3600 || a.TokenType != "Bearer" {
				t.Errorf("answer %+v: want an access token, expires_in 3600, token_type Bearer", a.Tokens)
			}
			want := strings.Fields(tc.scope)
			slices.Sort(want)
			if got := strings.Fields(a.Scope); !slices.Equal(got, want) {
				t.Errorf("scope %q, want %q", got, want)
			}
			if (a.RefreshToken == "") != tc.noRefresh {
				t.Errorf("refresh token %q; want one only with offline_access", a.RefreshToken)
			}
			if _, err := f.authWith("Bearer "+a.AccessToken, siteJira); err != nil {
				t.Errorf("new access token refused: %v", err)
			}
		})
	}
}

func TestCodeReplayRevokesItsTokens(t *testing.T) {
	f := newFixture(t)
	c := f.code(t, authorizeParams("read:jira-work offline_access"))
	first := f.exchange(t, c, nil)
	if first.status != http.StatusOK {
		t.Fatalf("first exchange: %d %s", first.status, first.Desc)
	}
	second := f.exchange(t, c, nil)
	if second.status != http.StatusForbidden || second.Error != "invalid_grant" {
		t.Fatalf("replay: %d %q, want 403 invalid_grant", second.status, second.Error)
	}
	if _, err := f.authWith("Bearer "+first.AccessToken, siteJira); reason(t, err) != ReasonRevoked {
		t.Errorf("access token from a replayed code: %v, want revoked", err)
	}
	if a := f.refresh(t, first.RefreshToken); a.status != http.StatusForbidden {
		t.Errorf("refresh token from a replayed code: %d, want 403", a.status)
	}
}

func TestPKCE(t *testing.T) {
	// RFC 7636 Appendix B.
	const verifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"
	const s256 = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
	tests := []struct {
		name              string
		challenge, method string
		verifier          string
		status            int
	}{
		{"S256 matches", s256, "S256", verifier, 200},
		{"S256 wrong verifier", s256, "S256", strings.Replace(verifier, "d", "e", 1), 403},
		{"S256 verifier sent as the challenge", s256, "S256", s256, 403},
		{"S256 missing verifier", s256, "S256", "", 403},
		{"S256 malformed verifier", s256, "S256", "short", 403},
		{"plain matches", verifier, "plain", verifier, 200},
		{"plain is the default method", verifier, "", verifier, 200},
		{"plain mismatch", verifier, "plain", verifier[:42] + "x", 403},
		{"verifier without challenge", "", "", verifier, 403},
		{"neither: client secret alone", "", "", "", 200},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := newFixture(t)
			q := authorizeParams("read:jira-work")
			if tc.challenge != "" {
				q.Set("code_challenge", tc.challenge)
			}
			if tc.method != "" {
				q.Set("code_challenge_method", tc.method)
			}
			extra := map[string]string{}
			if tc.verifier != "" {
				extra["code_verifier"] = tc.verifier
			}
			a := f.exchange(t, f.code(t, q), extra)
			if a.status != tc.status {
				t.Fatalf("status %d (%s %s), want %d", a.status, a.Error, a.Desc, tc.status)
			}
			if tc.status == 403 && a.Error != "invalid_grant" {
				t.Errorf("error %q, want invalid_grant", a.Error)
			}
		})
	}
}

func TestTokenRequestDecoding(t *testing.T) {
	good := url.Values{"grant_type": {"refresh_token"}, "client_id": {testClient}, "client_secret": {testSecret}}
	tests := []struct {
		name, contentType, body string
		status                  int
		err                     string
	}{
		{"form", "application/x-www-form-urlencoded", good.Encode() + "&refresh_token=RT", 200, ""},
		{"form with charset", "application/x-www-form-urlencoded; charset=utf-8", good.Encode() + "&refresh_token=RT", 200, ""},
		{"json", "application/json", `{"grant_type":"refresh_token","client_id":"` + testClient + `","client_secret":"` + testSecret + `","refresh_token":"RT"}`, 200, ""},
		{"form param twice", "application/x-www-form-urlencoded", good.Encode() + "&refresh_token=RT&refresh_token=RT", 400, "invalid_request"},
		{"json number", "application/json", `{"grant_type":"refresh_token","client_id":1}`, 400, "invalid_request"},
		{"json array", "application/json", `["grant_type"]`, 400, "invalid_request"},
		{"json truncated", "application/json", `{"grant_type":`, 400, "invalid_request"},
		{"no content type", "", good.Encode(), 400, "invalid_request"},
		{"text body", "text/plain", good.Encode(), 400, "invalid_request"},
		{"bad form escape", "application/x-www-form-urlencoded", "grant_type=%zz", 400, "invalid_request"},
		{"oversized body", "application/x-www-form-urlencoded", good.Encode() + "&pad=" + strings.Repeat("a", maxTokenBody), 400, "invalid_request"},
		{"refresh without token", "application/x-www-form-urlencoded", good.Encode(), 400, "invalid_request"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := newFixture(t)
			tok := f.login(t, "read:jira-work offline_access")
			body := strings.ReplaceAll(tc.body, "RT", tok.RefreshToken)
			a := f.postToken(t, tc.contentType, body)
			if a.status != tc.status || a.Error != tc.err {
				t.Fatalf("got %d %q (%s), want %d %q", a.status, a.Error, a.Desc, tc.status, tc.err)
			}
		})
	}
}

func TestTokenEndpointRefusesGET(t *testing.T) {
	f := newFixture(t)
	resp, err := http.Get(f.http.URL + "/oauth/token?grant_type=refresh_token")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusMethodNotAllowed {
		t.Fatalf("GET /oauth/token: %d, want 405", resp.StatusCode)
	}
}

func TestTokenRequestsCountsEveryAttempt(t *testing.T) {
	f := newFixture(t)
	tok := f.login(t, "read:jira-work offline_access") // 1
	f.refresh(t, tok.RefreshToken)                     // 2
	f.refresh(t, "sbxrt_unknown")                      // 3, refused
	f.postToken(t, "text/plain", "x")                  // 4, malformed
	if got := f.srv.TokenRequests(); got != 4 {
		t.Fatalf("TokenRequests = %d, want 4", got)
	}
}

// TestOAuth2Library drives the server with golang.org/x/oauth2, the client
// library the auth package builds on, to show the two agree on the wire.
func TestOAuth2Library(t *testing.T) {
	f := newFixture(t)
	cfg := &oauth2.Config{
		ClientID:     testClient,
		ClientSecret: testSecret,
		Endpoint: oauth2.Endpoint{
			AuthURL:   f.http.URL + "/authorize",
			TokenURL:  f.http.URL + "/oauth/token",
			AuthStyle: oauth2.AuthStyleInParams,
		},
		RedirectURL: testCallback,
		Scopes:      []string{"read:jira-work", "offline_access"},
	}
	verifier := oauth2.GenerateVerifier()
	authURL := cfg.AuthCodeURL("state-xyz", oauth2.S256ChallengeOption(verifier),
		oauth2.SetAuthURLParam("audience", Audience), oauth2.SetAuthURLParam("prompt", "consent"))
	resp, err := noRedirect.Get(authURL)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	loc, _ := url.Parse(resp.Header.Get("Location"))
	if loc.Query().Get("state") != "state-xyz" {
		t.Fatalf("state did not round-trip: %v", loc)
	}
	ctx := context.Background()
	tok, err := cfg.Exchange(ctx, loc.Query().Get("code"), oauth2.VerifierOption(verifier))
	if err != nil {
		t.Fatalf("Exchange: %v", err)
	}
	if tok.RefreshToken == "" || tok.Expiry.IsZero() || tok.Extra("scope") != "offline_access read:jira-work" {
		t.Fatalf("token %+v scope %v: want a refresh token, an expiry and the scopes", tok, tok.Extra("scope"))
	}
	// Force a refresh through the library.
	tok.Expiry = time.Now().Add(-time.Minute)
	fresh, err := cfg.TokenSource(ctx, tok).Token()
	if err != nil {
		t.Fatalf("refresh: %v", err)
	}
	if fresh.RefreshToken == "" || fresh.RefreshToken == tok.RefreshToken {
		t.Fatalf("refresh did not rotate the refresh token")
	}
	if _, err := f.authWith("Bearer "+fresh.AccessToken, siteJira); err != nil {
		t.Fatalf("refreshed token refused: %v", err)
	}
	// A replay outside the leeway surfaces as *oauth2.RetrieveError with
	// invalid_grant, which is what the auth package looks for.
	f.clock.Advance(RefreshReuseLeeway + time.Second)
	tok.Expiry = time.Now().Add(-time.Minute)
	_, err = cfg.TokenSource(ctx, tok).Token()
	re, ok := err.(*oauth2.RetrieveError)
	if !ok || re.ErrorCode != "invalid_grant" || re.Response.StatusCode != http.StatusForbidden {
		t.Fatalf("replay: %v, want *oauth2.RetrieveError invalid_grant 403", err)
	}
}
