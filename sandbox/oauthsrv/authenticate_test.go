package oauthsrv

import (
	"encoding/base64"
	"encoding/json"
	"maps"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"
)

func basicHeader(email, token string) string {
	return "Basic " + base64.StdEncoding.EncodeToString([]byte(email+":"+token))
}

func TestAuthenticate(t *testing.T) {
	f := newFixture(t)
	tok := f.login(t, "read:jira-work write:jira-work read:confluence-content.all offline_access")
	tests := []struct {
		name    string
		header  string
		cloudID string
		reason  string
		status  int // for refusals
		account string
		method  string
		scopes  []string // for oauth principals
	}{
		{name: "oauth on a granted site", header: "Bearer " + tok.AccessToken, cloudID: siteJira,
			account: "acc-alice", method: MethodOAuth, scopes: []string{"read:jira-work", "write:jira-work"}},
		{name: "oauth scopes are per site", header: "Bearer " + tok.AccessToken, cloudID: siteBoth,
			account: "acc-alice", method: MethodOAuth, scopes: []string{"read:confluence-content.all", "read:jira-work"}},
		{name: "scheme is case-insensitive", header: "bearer " + tok.AccessToken, cloudID: siteConf,
			account: "acc-alice", method: MethodOAuth, scopes: []string{"read:confluence-content.all"}},
		{name: "basic", header: basicHeader("alice@example.com", "alice-api-token"), cloudID: siteJira, account: "acc-alice", method: MethodBasic},
		{name: "basic email is case-insensitive", header: basicHeader("Bob@Example.com", "bob-api-token"), cloudID: siteConf, account: "acc-bob", method: MethodBasic},
		{name: "pat", header: "Bearer alice-pat", cloudID: siteBoth, account: "acc-alice", method: MethodPAT},
		{name: "unknown cloud id", header: "Bearer " + tok.AccessToken, cloudID: "nope", reason: ReasonUnknownSite, status: 404},
		{name: "no header", cloudID: siteJira, reason: ReasonMissing, status: 401},
		{name: "empty bearer", header: "Bearer ", cloudID: siteJira, reason: ReasonMissing, status: 401},
		{name: "unknown bearer", header: "Bearer sbxat_forged", cloudID: siteJira, reason: ReasonInvalidToken, status: 401},
		{name: "refresh token is not an access token", header: "Bearer " + tok.RefreshToken, cloudID: siteJira, reason: ReasonInvalidToken, status: 401},
		{name: "digest scheme", header: "Digest abc", cloudID: siteJira, reason: ReasonScheme, status: 401},
		{name: "basic wrong token", header: basicHeader("alice@example.com", "bob-api-token"), cloudID: siteJira, reason: ReasonBasic, status: 401},
		{name: "basic with the PAT", header: basicHeader("alice@example.com", "alice-pat"), cloudID: siteJira, reason: ReasonBasic, status: 401},
		{name: "basic not base64", header: "Basic !!!", cloudID: siteJira, reason: ReasonBasic, status: 401},
		{name: "basic without colon", header: "Basic " + base64.StdEncoding.EncodeToString([]byte("alice@example.com")), cloudID: siteJira, reason: ReasonBasic, status: 401},
		{name: "basic empty token", header: basicHeader("alice@example.com", ""), cloudID: siteJira, reason: ReasonBasic, status: 401},
		{name: "api token as bearer", header: "Bearer alice-api-token", cloudID: siteJira, reason: ReasonInvalidToken, status: 401},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p, err := f.authWith(tc.header, tc.cloudID)
			if got := reason(t, err); got != tc.reason {
				t.Fatalf("reason %q, want %q", got, tc.reason)
			}
			if err != nil {
				if status := err.(*AuthError).Status; status != tc.status {
					t.Errorf("status %d, want %d", status, tc.status)
				}
				if p != nil {
					t.Error("a principal came with the error")
				}
				return
			}
			if p.AccountID != tc.account || p.Method != tc.method {
				t.Errorf("principal %s via %s, want %s via %s", p.AccountID, p.Method, tc.account, tc.method)
			}
			if tc.method == MethodOAuth {
				got := slices.Sorted(maps.Keys(p.Scopes))
				if !slices.Equal(got, tc.scopes) {
					t.Errorf("scopes %v, want %v", got, tc.scopes)
				}
				if p.ClientID != testClient {
					t.Errorf("client %q, want %q", p.ClientID, testClient)
				}
			}
		})
	}
}

func TestAuthenticateGrantWithoutSiteScopes(t *testing.T) {
	f := newFixture(t)
	tok := f.login(t, "write:confluence-content")
	if _, err := f.authWith("Bearer "+tok.AccessToken, siteJira); reason(t, err) != ReasonSite {
		t.Fatalf("token with no scope the site grants: %v, want %q", err, ReasonSite)
	}
	if _, err := f.authWith("Bearer "+tok.AccessToken, siteConf); err != nil {
		t.Fatalf("same token on the site it covers: %v", err)
	}
}

func TestPrincipalScopes(t *testing.T) {
	oauth := &Principal{Method: MethodOAuth, Scopes: map[string]bool{"read:jira-work": true, "read:issue:jira": true}}
	basic := &Principal{Method: MethodBasic}
	pat := &Principal{Method: MethodPAT}
	classic := []string{"read:jira-work"}
	granular := []string{"read:issue:jira", "read:project:jira"}
	write := []string{"write:jira-work"}
	tests := []struct {
		name string
		p    *Principal
		sets [][]string
		want bool
	}{
		{"oauth with the classic set", oauth, [][]string{classic, granular}, true},
		{"oauth with part of the granular set only", oauth, [][]string{granular}, false},
		{"oauth without the scope", oauth, [][]string{write}, false},
		{"oauth with either of two, neither complete", oauth, [][]string{write, granular}, false},
		{"no requirement", oauth, nil, true},
		{"basic is unscoped", basic, [][]string{write}, true},
		{"pat is unscoped", pat, [][]string{granular}, true},
	}
	for _, tc := range tests {
		if got := tc.p.Allows(tc.sets...); got != tc.want {
			t.Errorf("%s: Allows = %v, want %v", tc.name, got, tc.want)
		}
	}
	if oauth.Has("write:jira-work") || !oauth.Has("read:jira-work") || !basic.Has("anything") {
		t.Error("Has disagrees with the granted scopes")
	}
}

func TestAuthErrorResponse(t *testing.T) {
	tests := []struct {
		err     *AuthError
		status  int
		message string
		wwwAuth bool
	}{
		{unauthorized(ReasonExpired), 401, "Unauthorized", true},
		{ScopeMismatch(), 401, "Unauthorized; scope does not match", true},
		{&AuthError{Status: 404, Message: "Not Found", Reason: ReasonUnknownSite}, 404, "Not Found", false},
	}
	for _, tc := range tests {
		rec := httptest.NewRecorder()
		tc.err.WriteResponse(rec)
		var body struct {
			Code    int    `json:"code"`
			Message string `json:"message"`
		}
		if err := json.Unmarshal(rec.Body.Bytes(), &body); err != nil {
			t.Fatalf("%s: body %q: %v", tc.err.Reason, rec.Body, err)
		}
		if rec.Code != tc.status || body.Code != tc.status || body.Message != tc.message {
			t.Errorf("%s: %d %+v, want %d %q", tc.err.Reason, rec.Code, body, tc.status, tc.message)
		}
		if got := rec.Header().Get("WWW-Authenticate") != ""; got != tc.wwwAuth {
			t.Errorf("%s: WWW-Authenticate present = %v, want %v", tc.err.Reason, got, tc.wwwAuth)
		}
		if !strings.Contains(tc.err.Error(), tc.err.Reason) {
			t.Errorf("Error() %q does not give the reason", tc.err.Error())
		}
	}
}

func TestAuthErrorsCarryNoSecret(t *testing.T) {
	f := newFixture(t)
	tok := f.login(t, "read:jira-work offline_access")
	f.clock.Advance(AccessTokenTTL)
	for _, h := range []string{"Bearer " + tok.AccessToken, basicHeader("alice@example.com", "wrong-secret-xyz"), "Bearer wrong-secret-xyz"} {
		_, err := f.authWith(h, siteJira)
		if err == nil {
			t.Fatalf("%q accepted", h)
		}
		for _, secret := range []string{tok.AccessToken, "wrong-secret-xyz", "alice-api-token"} {
			if strings.Contains(err.Error(), secret) {
				t.Errorf("error %q contains a credential", err)
			}
		}
	}
}

func TestAccessibleResources(t *testing.T) {
	f := newFixture(t)
	tok := f.login(t, "read:jira-work write:jira-work offline_access")
	status, body := f.resources(t, "Bearer "+tok.AccessToken)
	if status != http.StatusOK {
		t.Fatalf("status %d: %s", status, body)
	}
	var got []map[string]any
	if err := json.Unmarshal(body, &got); err != nil {
		t.Fatal(err)
	}
	want := []map[string]any{
		{"id": siteJira, "url": "https://jira-only.atlassian.net", "name": "jira-only", "scopes": []any{"read:jira-work", "write:jira-work"}, "avatarUrl": avatarURL},
		{"id": siteBoth, "url": "https://both.atlassian.net", "name": "both", "scopes": []any{"read:jira-work"}, "avatarUrl": avatarURL},
	}
	gotJSON, _ := json.Marshal(got)
	wantJSON, _ := json.Marshal(want)
	if string(gotJSON) != string(wantJSON) {
		t.Fatalf("resources\n got %s\nwant %s", gotJSON, wantJSON)
	}

	// A grant that covers no site lists none, as an empty array.
	none := f.login(t, "manage:jira-webhook")
	if status, body := f.resources(t, "Bearer "+none.AccessToken); status != 200 || strings.TrimSpace(string(body)) != "[]" {
		t.Fatalf("grant without site scopes: %d %s, want 200 []", status, body)
	}
}

func TestAccessibleResourcesRefusals(t *testing.T) {
	f := newFixture(t)
	tok := f.login(t, "read:jira-work offline_access")
	expired := f.login(t, "read:jira-work")
	f.clock.Advance(AccessTokenTTL - time.Minute)
	fresh := f.refresh(t, tok.RefreshToken) // keeps one family alive past the hour
	f.clock.Advance(time.Minute)
	tests := []struct{ name, header string }{
		{"no header", ""},
		{"unknown token", "Bearer sbxat_forged"},
		{"expired token", "Bearer " + expired.AccessToken},
		{"basic auth is not OAuth", basicHeader("alice@example.com", "alice-api-token")},
		{"PAT is not OAuth", "Bearer alice-pat"},
	}
	for _, tc := range tests {
		status, body := f.resources(t, tc.header)
		if status != http.StatusUnauthorized || !strings.Contains(string(body), `"message":"Unauthorized"`) {
			t.Errorf("%s: %d %s, want 401 Unauthorized", tc.name, status, body)
		}
	}
	if status, _ := f.resources(t, "Bearer "+fresh.AccessToken); status != http.StatusOK {
		t.Errorf("refreshed token: %d, want 200", status)
	}
}

func TestIssueGrant(t *testing.T) {
	f := newFixture(t)
	tests := []struct {
		name, client, account string
		scopes                []string
		wantErr               string
		refresh               bool
	}{
		{"with offline_access", testClient, "acc-bob", []string{"read:jira-work", "offline_access"}, "", true},
		{"without offline_access", testClient, "acc-bob", []string{"read:jira-work"}, "", false},
		{"unknown client", "nope", "acc-bob", []string{"read:jira-work"}, "Config.Clients", false},
		{"unknown account", testClient, "acc-nobody", []string{"read:jira-work"}, "Config.Users", false},
		{"no scopes", testClient, "acc-bob", nil, "scope", false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tok, err := f.srv.IssueGrant(tc.client, tc.account, tc.scopes)
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("err %v, want one mentioning %q", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if (tok.RefreshToken != "") != tc.refresh || tok.ExpiresIn != 3600 {
				t.Fatalf("tokens %+v", tok)
			}
			p, err := f.authWith("Bearer "+tok.AccessToken, siteJira)
			if err != nil || p.AccountID != tc.account || !p.Has("read:jira-work") {
				t.Fatalf("principal %+v, %v", p, err)
			}
			if tc.refresh {
				if a := f.refresh(t, tok.RefreshToken); a.status != http.StatusOK {
					t.Fatalf("refreshing an issued grant: %d %s", a.status, a.Desc)
				}
			}
		})
	}
}
