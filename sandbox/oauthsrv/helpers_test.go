package oauthsrv

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/clawbridge/atlassian-mcp/internal/testkit"
)

const (
	testClient   = "app-client"
	testSecret   = "app-secret-value"
	otherClient  = "other-client"
	otherSecret  = "other-secret-value"
	testCallback = "http://127.0.0.1:5555/callback"
	siteJira     = "11111111-1111-1111-1111-111111111111"
	siteConf     = "22222222-2222-2222-2222-222222222222"
	siteBoth     = "33333333-3333-3333-3333-333333333333"
)

// fixture is a running sandbox authorization server with a fake clock.
type fixture struct {
	srv   *Server
	http  *httptest.Server
	clock *testkit.Clock
}

func testConfig(c *testkit.Clock) Config {
	return Config{
		Now: c.Now,
		Users: []User{
			{AccountID: "acc-alice", Email: "alice@example.com", DisplayName: "Alice", APIToken: "alice-api-token", PAT: "alice-pat"},
			{AccountID: "acc-bob", Email: "bob@example.com", DisplayName: "Bob", APIToken: "bob-api-token"},
		},
		Sites: []Site{
			{CloudID: siteJira, URL: "https://jira-only.atlassian.net", Name: "jira-only", Scopes: []string{"read:jira-work", "write:jira-work", "read:jira-user"}},
			{CloudID: siteConf, URL: "https://wiki-only.atlassian.net", Name: "wiki-only", Scopes: []string{"read:confluence-content.all", "write:confluence-content"}},
			{CloudID: siteBoth, URL: "https://both.atlassian.net", Name: "both", Scopes: []string{"read:jira-work", "read:confluence-content.all"}},
		},
		Clients: []Client{
			{ID: testClient, Secret: testSecret},
			{ID: otherClient, Secret: otherSecret, RedirectURIs: []string{testCallback}},
		},
	}
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	c := testkit.NewClock(time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC))
	srv := New(testConfig(c))
	mux := http.NewServeMux()
	srv.Register(mux)
	hs := httptest.NewServer(mux)
	t.Cleanup(hs.Close)
	return &fixture{srv: srv, http: hs, clock: c}
}

// noRedirect is an HTTP client that returns redirects instead of following
// them.
var noRedirect = &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}

// authorizeParams returns a valid /authorize query for testClient.
func authorizeParams(scope string) url.Values {
	return url.Values{
		"audience":      {Audience},
		"client_id":     {testClient},
		"scope":         {scope},
		"redirect_uri":  {testCallback},
		"state":         {"st-123"},
		"response_type": {"code"},
		"prompt":        {"consent"},
	}
}

// authorize calls /authorize and returns the status and, for a redirect,
// the parsed Location.
func (f *fixture) authorize(t *testing.T, q url.Values) (int, *url.URL) {
	t.Helper()
	resp, err := noRedirect.Get(f.http.URL + "/authorize?" + q.Encode())
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusFound {
		return resp.StatusCode, nil
	}
	loc, err := url.Parse(resp.Header.Get("Location"))
	if err != nil {
		t.Fatalf("bad Location %q: %v", resp.Header.Get("Location"), err)
	}
	return resp.StatusCode, loc
}

// code runs /authorize with q and returns the code it yields.
func (f *fixture) code(t *testing.T, q url.Values) string {
	t.Helper()
	status, loc := f.authorize(t, q)
	if status != http.StatusFound || loc.Query().Get("code") == "" {
		t.Fatalf("authorize: status %d, location %v; want a redirect with a code", status, loc)
	}
	return loc.Query().Get("code")
}

// tokenAnswer is a decoded answer from /oauth/token.
type tokenAnswer struct {
	status int
	Tokens
	Error string `json:"error"`
	Desc  string `json:"error_description"`
}

// postForm posts a form to /oauth/token.
func (f *fixture) postForm(t *testing.T, v url.Values) tokenAnswer {
	t.Helper()
	return f.postToken(t, "application/x-www-form-urlencoded", v.Encode())
}

// postJSON posts a JSON object of string fields to /oauth/token.
func (f *fixture) postJSON(t *testing.T, v map[string]string) tokenAnswer {
	t.Helper()
	b, _ := json.Marshal(v)
	return f.postToken(t, "application/json", string(b))
}

func (f *fixture) postToken(t *testing.T, contentType, body string) tokenAnswer {
	t.Helper()
	resp, err := http.Post(f.http.URL+"/oauth/token", contentType, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	var a tokenAnswer
	if err := json.Unmarshal(raw, &a); err != nil {
		t.Fatalf("token endpoint answered %d with non-JSON %q", resp.StatusCode, raw)
	}
	if cc := resp.Header.Get("Cache-Control"); cc != "no-store" {
		t.Errorf("Cache-Control = %q, want no-store", cc)
	}
	a.status = resp.StatusCode
	return a
}

// exchange trades a code for tokens with testClient's credentials.
func (f *fixture) exchange(t *testing.T, code string, extra map[string]string) tokenAnswer {
	t.Helper()
	v := map[string]string{
		"grant_type": "authorization_code", "client_id": testClient, "client_secret": testSecret,
		"code": code, "redirect_uri": testCallback,
	}
	for k, x := range extra {
		v[k] = x
	}
	return f.postJSON(t, v)
}

// refresh uses a refresh token with testClient's credentials.
func (f *fixture) refresh(t *testing.T, rt string) tokenAnswer {
	t.Helper()
	return f.postJSON(t, map[string]string{
		"grant_type": "refresh_token", "client_id": testClient, "client_secret": testSecret, "refresh_token": rt,
	})
}

// login runs /authorize and the code exchange and returns the tokens.
func (f *fixture) login(t *testing.T, scope string) Tokens {
	t.Helper()
	a := f.exchange(t, f.code(t, authorizeParams(scope)), nil)
	if a.status != http.StatusOK {
		t.Fatalf("exchange: %d %s: %s", a.status, a.Error, a.Desc)
	}
	return a.Tokens
}

// authWith calls Authenticate with the given Authorization header.
func (f *fixture) authWith(header, cloudID string) (*Principal, error) {
	r := httptest.NewRequest(http.MethodGet, "/ex/jira/"+cloudID+"/rest/api/3/myself", nil)
	if header != "" {
		r.Header.Set("Authorization", header)
	}
	return f.srv.Authenticate(r, cloudID)
}

// resources calls accessible-resources with an Authorization header.
func (f *fixture) resources(t *testing.T, header string) (int, []byte) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, f.http.URL+"/oauth/token/accessible-resources", nil)
	if header != "" {
		req.Header.Set("Authorization", header)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var buf bytes.Buffer
	_, _ = buf.ReadFrom(resp.Body)
	return resp.StatusCode, buf.Bytes()
}

// reason returns the Reason of an *AuthError, or "" for nil, or fails.
func reason(t *testing.T, err error) string {
	t.Helper()
	if err == nil {
		return ""
	}
	ae, ok := err.(*AuthError)
	if !ok {
		t.Fatalf("error %v is %T, want *AuthError", err, err)
	}
	return ae.Reason
}

func newHTTPServer(t *testing.T, h http.Handler) *httptest.Server {
	t.Helper()
	hs := httptest.NewServer(h)
	t.Cleanup(hs.Close)
	return hs
}
