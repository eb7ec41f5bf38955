package contract

import (
	"bytes"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// fakeAtlassian answers a few Atlassian paths, some of them wrongly.
func fakeAtlassian() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /rest/api/3/myself", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		if r.URL.Query().Get("expand") == "broken" {
			io.WriteString(w, strings.Replace(myself, `"active": true`, `"active": 1`, 1))
			return
		}
		io.WriteString(w, myself)
	})
	mux.HandleFunc("POST /rest/api/3/issueLink", func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		w.Header().Set("X-Echo-Length", strconv.Itoa(len(body)))
		w.WriteHeader(http.StatusCreated)
	})
	mux.HandleFunc("GET /rest/api/3/issueLink/{id}", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusAccepted) // undocumented
		io.WriteString(w, issueLink)
	})
	mux.HandleFunc("POST /oauth/token", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, `{"access_token": "x"}`)
	})
	mux.HandleFunc("GET /rest/api/3/issue/{key}", func(w http.ResponseWriter, r *http.Request) {
		// A lost response, as fault injection produces.
		conn, _, err := http.NewResponseController(w).Hijack()
		if err == nil {
			conn.Close()
		}
	})
	return mux
}

func TestHandler(t *testing.T) {
	v := Load(t)
	tests := []struct {
		name       string
		method     string
		target     string
		body       string
		wantStatus int
		wantErrors []string // fragments, one per expected t.Errorf
		wantLog    string
	}{
		{name: "valid exchange", method: "GET", target: "/rest/api/3/myself", wantStatus: 200},
		{name: "invalid response", method: "GET", target: "/rest/api/3/myself?expand=broken", wantStatus: 200,
			wantErrors: []string{"response does not match the spec: GET /rest/api/3/myself (jira/platform-v3 getCurrentUser) → 200: response body doesn't match schema #/components/schemas/User: at /active: value must be a boolean"}},
		{name: "invalid request", method: "GET", target: "/rest/api/3/myself?colour=teal", wantStatus: 200,
			wantErrors: []string{`request does not match the spec: GET /rest/api/3/myself (jira/platform-v3 getCurrentUser): query parameter "colour" is not documented`}},
		{name: "undocumented status", method: "GET", target: "/rest/api/3/issueLink/1", wantStatus: 202,
			wantErrors: []string{"status 202 is not documented for getIssueLink"}},
		{name: "request body reaches the handler", method: "POST", target: "/rest/api/3/issueLink",
			body:       `{"type": {"name": "Blocks"}, "inwardIssue": {"key": "ENG-2"}, "outwardIssue": {"key": "ENG-1"}}`,
			wantStatus: 201},
		{name: "unspecified path", method: "POST", target: "/oauth/token", wantStatus: 200, wantLog: "/oauth/token is outside every API layout"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fake := &fakeTB{TB: t}
			srv := httptest.NewServer(v.Handler(fake, fakeAtlassian()))
			defer srv.Close()
			req, err := http.NewRequest(tt.method, srv.URL+tt.target, strings.NewReader(tt.body))
			if err != nil {
				t.Fatal(err)
			}
			if tt.body != "" {
				req.Header.Set("Content-Type", "application/json")
			}
			resp, err := srv.Client().Do(req)
			if err != nil {
				t.Fatal(err)
			}
			got, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode != tt.wantStatus {
				t.Errorf("status %d, want %d (body %q)", resp.StatusCode, tt.wantStatus, got)
			}
			if tt.body != "" && resp.Header.Get("X-Echo-Length") != strconv.Itoa(len(tt.body)) {
				t.Errorf("the handler saw a body of length %s, want %d", resp.Header.Get("X-Echo-Length"), len(tt.body))
			}
			errs, logs := fake.snapshot()
			if len(errs) != len(tt.wantErrors) {
				t.Fatalf("reported %d errors, want %d: %q", len(errs), len(tt.wantErrors), errs)
			}
			for i, want := range tt.wantErrors {
				if !strings.Contains(errs[i], want) {
					t.Errorf("error %q lacks %q", errs[i], want)
				}
			}
			if tt.wantLog != "" && !slices.ContainsFunc(logs, func(l string) bool { return strings.Contains(l, tt.wantLog) }) {
				t.Errorf("logs %q lack %q", logs, tt.wantLog)
			}
		})
	}
}

func TestHandlerHijacked(t *testing.T) {
	v := Load(t)
	fake := &fakeTB{TB: t}
	srv := httptest.NewServer(v.Handler(fake, fakeAtlassian()))
	defer srv.Close()
	if _, err := srv.Client().Get(srv.URL + "/rest/api/3/issue/ENG-1"); err == nil {
		t.Fatal("want a failed request, as the handler dropped the connection")
	}
	if errs, _ := fake.snapshot(); len(errs) != 0 {
		t.Errorf("a hijacked response was validated: %q", errs)
	}
}

func TestTransport(t *testing.T) {
	v := Load(t)
	srv := httptest.NewServer(fakeAtlassian())
	defer srv.Close()
	tests := []struct {
		name       string
		method     string
		target     string
		body       string
		wantErrors []string
	}{
		{name: "valid exchange", method: "GET", target: "/rest/api/3/myself?expand=groups"},
		{name: "invalid response", method: "GET", target: "/rest/api/3/myself?expand=broken",
			wantErrors: []string{"response does not match the spec", "at /active"}},
		{name: "request the client should not send", method: "POST", target: "/rest/api/3/issueLink",
			body:       `{"inwardIssue": {"key": "ENG-2"}, "outwardIssue": {"key": "ENG-1"}}`,
			wantErrors: []string{"request does not match the spec", `property "type" is missing`}},
		{name: "unspecified path", method: "POST", target: "/oauth/token"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fake := &fakeTB{TB: t}
			client := &http.Client{Transport: v.Transport(fake, srv.Client().Transport)}
			var body io.Reader
			if tt.body != "" {
				body = bytes.NewBufferString(tt.body)
			}
			req, err := http.NewRequest(tt.method, srv.URL+tt.target, body)
			if err != nil {
				t.Fatal(err)
			}
			if tt.body != "" {
				req.Header.Set("Content-Type", "application/json")
			}
			resp, err := client.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			got, err := io.ReadAll(resp.Body)
			resp.Body.Close()
			if err != nil {
				t.Fatal(err)
			}
			if tt.body != "" && resp.Header.Get("X-Echo-Length") != strconv.Itoa(len(tt.body)) {
				t.Errorf("the server saw a body of length %s, want %d", resp.Header.Get("X-Echo-Length"), len(tt.body))
			}
			if strings.HasPrefix(tt.target, "/rest/api/3/myself") && !strings.Contains(string(got), "Mia Krystof") {
				t.Errorf("the caller got body %q", got)
			}
			errs, _ := fake.snapshot()
			if len(tt.wantErrors) == 0 && len(errs) > 0 {
				t.Fatalf("unexpected errors: %q", errs)
			}
			if len(tt.wantErrors) > 0 && len(errs) != 1 {
				t.Fatalf("want one error mentioning %q, got %q", tt.wantErrors, errs)
			}
			for _, want := range tt.wantErrors {
				if !strings.Contains(errs[0], want) {
					t.Errorf("error %q lacks %q", errs[0], want)
				}
			}
		})
	}
}

// TestTransportTruncatedResponse checks that a response cut short reaches
// the caller as the same read error and is not reported as a violation.
func TestTransportTruncatedResponse(t *testing.T) {
	v := Load(t)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Content-Length", "1000")
		io.WriteString(w, `{"accountId": "5b10`)
	}))
	defer srv.Close()
	fake := &fakeTB{TB: t}
	client := &http.Client{Transport: v.Transport(fake, srv.Client().Transport)}
	resp, err := client.Get(srv.URL + "/rest/api/3/myself")
	if err != nil {
		t.Fatal(err)
	}
	got, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err == nil {
		t.Fatal("want the read error of the truncated body")
	}
	if string(got) != `{"accountId": "5b10` {
		t.Errorf("the caller got %q before the error", got)
	}
	if errs, _ := fake.snapshot(); len(errs) != 0 {
		t.Errorf("a truncated response was validated: %q", errs)
	}
}
