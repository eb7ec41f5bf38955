package oauthsrv

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/clawbridge/atlassian-mcp/internal/testkit"
)

// fuzzServer returns a server with a live grant, and its handler.
func fuzzServer(f *testing.F) (*Server, http.Handler, Tokens) {
	c := testkit.NewClock(time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC))
	srv := New(testConfig(c))
	mux := http.NewServeMux()
	srv.Register(mux)
	tok, err := srv.IssueGrant(testClient, "acc-alice", []string{"read:jira-work", "offline_access"})
	if err != nil {
		f.Fatal(err)
	}
	return srv, mux, tok
}

func FuzzTokenEndpoint(f *testing.F) {
	_, h, tok := fuzzServer(f)
	form := url.Values{"grant_type": {"refresh_token"}, "client_id": {testClient}, "client_secret": {testSecret}, "refresh_token": {tok.RefreshToken}}
	f.Add("application/x-www-form-urlencoded", []byte(form.Encode()))
	f.Add("application/json", []byte(`{"grant_type":"refresh_token","client_id":"`+testClient+`","client_secret":"`+testSecret+`","refresh_token":"`+tok.RefreshToken+`"}`))
	f.Add("application/json", []byte(`{"grant_type":"authorization_code","client_id":"`+testClient+`","client_secret":"`+testSecret+`","code":"x","redirect_uri":"http://a/","code_verifier":"`+strings.Repeat("v", 43)+`"}`))
	f.Add("application/json; charset=utf-8", []byte(`{"grant_type":null}`))
	f.Add("multipart/form-data; boundary=x", []byte("--x--"))
	f.Fuzz(func(t *testing.T, contentType string, body []byte) {
		r := httptest.NewRequest(http.MethodPost, "/oauth/token", strings.NewReader(string(body)))
		r.Header.Set("Content-Type", contentType)
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, r)
		var ans struct {
			AccessToken string `json:"access_token"`
			Error       string `json:"error"`
			Desc        string `json:"error_description"`
		}
		if err := json.Unmarshal(rec.Body.Bytes(), &ans); err != nil {
			t.Fatalf("status %d with non-JSON body %q", rec.Code, rec.Body)
		}
		switch rec.Code {
		case http.StatusOK:
			if ans.AccessToken == "" {
				t.Fatal("200 without an access token")
			}
		case http.StatusBadRequest, http.StatusUnauthorized, http.StatusForbidden:
			if ans.Error == "" || ans.Desc == "" || ans.AccessToken != "" {
				t.Fatalf("%d answer %+v: want error and error_description only", rec.Code, ans)
			}
		default:
			t.Fatalf("unexpected status %d: %s", rec.Code, rec.Body)
		}
	})
}

func FuzzAuthenticate(f *testing.F) {
	srv, _, tok := fuzzServer(f)
	f.Add("Bearer "+tok.AccessToken, siteJira)
	f.Add("Bearer alice-pat", siteConf)
	f.Add(basicHeader("alice@example.com", "alice-api-token"), siteBoth)
	f.Add("Basic =", siteJira)
	f.Add("bEaReR  \t x", "")
	f.Fuzz(func(t *testing.T, header, cloudID string) {
		r := httptest.NewRequest(http.MethodGet, "/", nil)
		r.Header["Authorization"] = []string{header}
		p, err := srv.Authenticate(r, cloudID)
		if (p == nil) == (err == nil) {
			t.Fatalf("principal %v and error %v: want exactly one", p, err)
		}
		if err != nil {
			ae, ok := err.(*AuthError)
			if !ok || (ae.Status != 401 && ae.Status != 404) || ae.Reason == "" {
				t.Fatalf("error %#v: want *AuthError 401 or 404 with a reason", err)
			}
			return
		}
		switch p.Method {
		case MethodOAuth:
			if len(p.Scopes) == 0 {
				t.Fatal("oauth principal without scopes")
			}
		case MethodBasic, MethodPAT:
		default:
			t.Fatalf("method %q", p.Method)
		}
	})
}

func FuzzAuthorize(f *testing.F) {
	_, h, _ := fuzzServer(f)
	f.Add(authorizeParams("read:jira-work offline_access").Encode())
	q := authorizeParams("read:jira-work")
	q.Set("client_id", otherClient)
	f.Add(q.Encode())
	f.Add("redirect_uri=http://x/&client_id=" + testClient + "&code_challenge=" + strings.Repeat("A", 43))
	f.Add("client_id=" + testClient + "&redirect_uri=http%3A%2F%2F%5B%3A%3A1%5D%3A80%2F%3Fa%3D%25zz")
	f.Fuzz(func(t *testing.T, rawQuery string) {
		r := httptest.NewRequest(http.MethodGet, "/authorize", nil)
		r.URL.RawQuery = rawQuery
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, r)
		switch rec.Code {
		case http.StatusBadRequest:
		case http.StatusFound:
			loc, err := url.Parse(rec.Header().Get("Location"))
			if err != nil {
				t.Fatalf("Location %q: %v", rec.Header().Get("Location"), err)
			}
			if loc.Scheme != "http" && loc.Scheme != "https" {
				t.Fatalf("redirected to scheme %q", loc.Scheme)
			}
			got := loc.Query()
			if (got.Get("code") == "") == (got.Get("error") == "") {
				t.Fatalf("redirect %v: want exactly one of code and error", loc)
			}
			in, _ := url.ParseQuery(rawQuery)
			if in.Get("client_id") == otherClient && in.Get("redirect_uri") != testCallback {
				t.Fatalf("redirected to %v, not the registered callback", loc)
			}
		default:
			t.Fatalf("status %d", rec.Code)
		}
	})
}
