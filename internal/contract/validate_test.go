package contract

import (
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"
)

// myself is a response to GET /rest/api/3/myself shaped as the spec says.
const myself = `{
	"accountId": "5b10a2844c20165700ede21g",
	"accountType": "atlassian",
	"active": true,
	"displayName": "Mia Krystof",
	"emailAddress": "mia@example.com",
	"self": "https://example.atlassian.net/rest/api/3/user?accountId=5b10a2844c20165700ede21g",
	"timeZone": "Australia/Sydney",
	"avatarUrls": {"48x48": "https://example.com/a.png"}
}`

// issueLink is a response to GET /rest/api/3/issueLink/{linkId}.
const issueLink = `{
	"id": "10001",
	"type": {"id": "1000", "name": "Blocks", "inward": "is blocked by", "outward": "blocks"},
	"inwardIssue": {"id": "10004", "key": "ENG-2"},
	"outwardIssue": {"id": "10003", "key": "ENG-1"}
}`

func TestValidateResponse(t *testing.T) {
	v := Load(t)
	tests := []struct {
		name   string
		method string
		path   string
		status int
		header http.Header
		body   string
		want   []string // fragments of the violation; none means valid
	}{
		{name: "myself, site layout", method: "GET", path: "/rest/api/3/myself", status: 200, header: jsonHeader(), body: myself},
		{name: "myself, gateway layout", method: "GET", path: "/ex/jira/abc-123/rest/api/3/myself", status: 200, header: jsonHeader(), body: myself},
		{name: "myself, wrong type", method: "GET", path: "/rest/api/3/myself", status: 200, header: jsonHeader(),
			body: strings.Replace(myself, `"active": true`, `"active": "yes"`, 1),
			want: []string{"GET /rest/api/3/myself", "getCurrentUser", "at /active", "boolean"}},
		{name: "myself, value outside the enum", method: "GET", path: "/rest/api/3/myself", status: 200, header: jsonHeader(),
			body: strings.Replace(myself, `"atlassian"`, `"robot"`, 1),
			want: []string{"at /accountType", "allowed values"}},
		{name: "myself, undocumented property", method: "GET", path: "/rest/api/3/myself", status: 200, header: jsonHeader(),
			body: strings.Replace(myself, `"active": true`, `"active": true, "favouriteColour": "teal"`, 1),
			want: []string{"favouriteColour"}},
		{name: "issue link, valid", method: "GET", path: "/rest/api/3/issueLink/10001", status: 200, header: jsonHeader(), body: issueLink},
		{name: "issue link, required property missing", method: "GET", path: "/rest/api/3/issueLink/10001", status: 200, header: jsonHeader(),
			body: `{"id": "10001", "inwardIssue": {"key": "ENG-2"}, "outwardIssue": {"key": "ENG-1"}}`,
			want: []string{"getIssueLink", `property "type" is missing`}},
		{name: "undocumented success status", method: "GET", path: "/rest/api/3/myself", status: 201, header: jsonHeader(), body: myself,
			want: []string{"status 201 is not documented for getCurrentUser", "200"}},
		{name: "generic error status with a JSON body", method: "GET", path: "/rest/api/3/myself", status: 429, header: jsonHeader(),
			body: `{"errorMessages": ["Rate limit exceeded"]}`},
		{name: "generic error status with an HTML body", method: "GET", path: "/rest/api/3/myself", status: 503,
			header: http.Header{"Content-Type": {"text/html"}}, body: "<html>down</html>",
			want: []string{"text/html", "not valid JSON"}},
		{name: "documented error status without content, JSON body", method: "GET", path: "/rest/api/3/myself", status: 401, header: jsonHeader(),
			body: `{"errorMessages": ["You are not logged in"]}`},
		{name: "undocumented content type", method: "GET", path: "/rest/api/3/myself", status: 200,
			header: http.Header{"Content-Type": {"text/plain"}}, body: "Mia",
			want: []string{`Content-Type "text/plain" is not documented`}},
		{name: "empty body where JSON is documented", method: "GET", path: "/rest/api/3/myself", status: 200, header: jsonHeader(),
			want: []string{"body is empty"}},
		{name: "malformed JSON", method: "GET", path: "/rest/api/3/myself", status: 200, header: jsonHeader(), body: `{"accountId": `,
			want: []string{"decode"}},
		{name: "204 without a body", method: "PUT", path: "/rest/api/3/issue/ENG-1", status: 204},
		{name: "204 with a body", method: "PUT", path: "/rest/api/3/issue/ENG-1", status: 204, header: jsonHeader(), body: `{}`,
			want: []string{"status 204 must have no body"}},
		{name: "201 with an empty body where the schema allows anything", method: "POST", path: "/rest/api/3/issueLink", status: 201},
		{name: "Jira's date-time offset without a colon", method: "GET", path: "/rest/api/3/issue/ENG-1/comment/10000", status: 200, header: jsonHeader(),
			body: `{"id": "10000", "created": "2024-03-01T10:00:00.000+0000", "updated": "2024-03-01T10:00:00Z"}`},
		{name: "a date-time that is not one", method: "GET", path: "/rest/api/3/issue/ENG-1/comment/10000", status: 200, header: jsonHeader(),
			body: `{"id": "10000", "created": "yesterday"}`,
			want: []string{"at /created", "not a date-time"}},
		{name: "Confluence v2 page", method: "GET", path: "/ex/confluence/abc/wiki/api/v2/pages/123", status: 200, header: jsonHeader(),
			body: `{"id": "123", "status": "current", "title": "Home", "spaceId": "42", "version": {"number": 3}}`},
		{name: "Confluence v2 page with a wrong type", method: "GET", path: "/wiki/api/v2/pages/123", status: 200, header: jsonHeader(),
			body: `{"id": 123, "status": "current"}`,
			want: []string{"confluence/v2 getPageById", "at /id"}},
		{name: "Confluence v1 search", method: "GET", path: "/wiki/rest/api/search", status: 200, header: jsonHeader(),
			body: `{"results": [], "start": 0, "limit": 25, "size": 0, "totalSize": 0, "cqlQuery": "type=page", "searchDuration": 3, "_links": {}}`},
		{name: "agile sprints", method: "GET", path: "/ex/jira/abc/rest/agile/1.0/board/1/sprint", status: 200, header: jsonHeader(),
			body: `{"isLast": true, "maxResults": 50, "startAt": 0, "values": [{"id": 7, "state": "active", "name": "Sprint 7", "startDate": "2015-04-11T15:22:00.000+10:00"}]}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := newRequest(tt.method, tt.path, "")
			err := v.ValidateResponse(r, tt.status, tt.header, []byte(tt.body))
			wantReasons(t, err, tt.want...)
		})
	}
}

func TestValidateRequest(t *testing.T) {
	v := Load(t)
	link := `{"type": {"name": "Blocks"}, "inwardIssue": {"key": "ENG-2"}, "outwardIssue": {"key": "ENG-1"}}`
	tests := []struct {
		name   string
		method string
		target string
		body   string
		ctype  string // overrides the JSON Content-Type when set
		want   []string
	}{
		{name: "myself with a documented parameter", method: "GET", target: "/rest/api/3/myself?expand=groups"},
		{name: "undocumented query parameter", method: "GET", target: "/rest/api/3/myself?expand=groups&colour=teal",
			want: []string{`query parameter "colour" is not documented for getCurrentUser`, "documented: expand"}},
		{name: "search with JQL", method: "GET", target: "/ex/jira/abc/rest/api/3/search/jql?jql=project%3DENG&maxResults=10&fields=summary&fields=status"},
		{name: "integer parameter that is not one", method: "GET", target: "/rest/api/3/search/jql?jql=project%3DENG&maxResults=ten",
			want: []string{`query parameter "maxResults"`}},
		{name: "path parameter of the wrong type", method: "GET", target: "/rest/agile/1.0/board/first/sprint",
			want: []string{`path parameter "boardId"`}},
		{name: "enum query parameter outside the enum", method: "GET", target: "/rest/api/3/project/search?orderBy=colour",
			want: []string{`query parameter "orderBy"`, "allowed values"}},
		{name: "link issues", method: "POST", target: "/rest/api/3/issueLink", body: link},
		{name: "link issues without the link type", method: "POST", target: "/rest/api/3/issueLink",
			body: `{"inwardIssue": {"key": "ENG-2"}, "outwardIssue": {"key": "ENG-1"}}`,
			want: []string{"linkIssues", "request body", `property "type" is missing`}},
		{name: "body without a Content-Type", method: "POST", target: "/rest/api/3/issueLink", body: link, ctype: "-",
			want: []string{"Content-Type"}},
		{name: "body where none is documented", method: "GET", target: "/rest/api/3/myself", body: `{}`,
			want: []string{"request body not allowed"}},
		{name: "create a Confluence page", method: "POST", target: "/wiki/api/v2/pages",
			body: `{"spaceId": "42", "status": "current", "title": "Notes", "body": {"representation": "storage", "value": "<p>Hi</p>"}}`},
		{name: "create a Confluence page with a bad status", method: "POST", target: "/wiki/api/v2/pages",
			body: `{"spaceId": "42", "status": "published", "title": "Notes"}`,
			want: []string{"createPage", "at /status"}},
		{name: "method the path does not have", method: "DELETE", target: "/rest/api/3/myself",
			want: []string{"the spec has no DELETE for this path; it documents GET"}},
		{name: "path no operation has", method: "GET", target: "/rest/api/3/nothing-here",
			want: []string{"no operation in jira/platform-v3 or jira/software-agile has this path"}},
		{name: "API version the specs do not describe", method: "GET", target: "/ex/jira/abc/rest/api/2/myself",
			want: []string{"no operation"}},
		{name: "Confluence path under the Jira gateway", method: "GET", target: "/ex/jira/abc/wiki/api/v2/pages",
			want: []string{"Jira API paths start with /rest/"}},
		{name: "unknown gateway product", method: "GET", target: "/ex/bitbucket/abc/rest/api/3/myself",
			want: []string{`product "bitbucket"`}},
		{name: "gateway path without a cloud id", method: "GET", target: "/ex/jira",
			want: []string{"lacks a cloud id"}},
		{name: "trailing slash", method: "GET", target: "/rest/api/3/myself/",
			want: []string{"empty segment"}},
		{name: "doubled slash", method: "GET", target: "/wiki/api/v2//pages",
			want: []string{"empty segment"}},
		{name: "malformed query", method: "GET", target: "/rest/api/3/myself?expand=%zz",
			want: []string{"query string is malformed"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := newRequest(tt.method, "http://example.test"+tt.target, tt.body)
			switch tt.ctype {
			case "-":
				r.Header.Del("Content-Type")
			case "":
			default:
				r.Header.Set("Content-Type", tt.ctype)
			}
			err := v.ValidateRequest(r, []byte(tt.body))
			wantReasons(t, err, tt.want...)
		})
	}
}

func TestRemovedSearchIsDeprecated(t *testing.T) {
	v := Load(t)
	raw := rawOperation(t, rawSpec(t, SpecJiraPlatform), "POST", "/rest/api/3/search")
	if raw["deprecated"] != true {
		t.Fatalf("the spec no longer marks POST /rest/api/3/search deprecated; revisit this test")
	}
	desc, _ := raw["description"].(string)
	if !strings.Contains(desc, "being removed") {
		t.Fatalf("the spec's description of POST /rest/api/3/search changed: %.120q", desc)
	}

	op, ok := v.Operation("POST", "/ex/jira/abc/rest/api/3/search")
	if !ok {
		t.Fatal("POST /rest/api/3/search is in the spec but Operation did not find it")
	}
	if op.ID != raw["operationId"] || !op.Deprecated {
		t.Errorf("Operation = %+v; want id %v, deprecated", op, raw["operationId"])
	}

	r := newRequest("POST", "/rest/api/3/search", `{"jql": "project = ENG", "maxResults": 10}`)
	err := v.ValidateRequest(r, []byte(`{"jql": "project = ENG", "maxResults": 10}`))
	if !errors.Is(err, ErrDeprecated) {
		t.Fatalf("want ErrDeprecated, got %v", err)
	}
	wantReasons(t, err, "searchForIssuesUsingJqlPost is deprecated", "Endpoint is currently being removed")

	// Its replacement is not deprecated and the same query passes.
	r = newRequest("POST", "/rest/api/3/search/jql", `{"jql": "project = ENG", "maxResults": 10}`)
	if err := v.ValidateRequest(r, []byte(`{"jql": "project = ENG", "maxResults": 10}`)); err != nil {
		t.Errorf("POST /rest/api/3/search/jql: %v", err)
	}
}

func TestUnspecifiedPaths(t *testing.T) {
	v := Load(t)
	for _, target := range []string{"/oauth/token", "/mcp", "/authorize?client_id=x", "/oauth/token/accessible-resources"} {
		r := newRequest("POST", target, "")
		if err := v.ValidateRequest(r, nil); !errors.Is(err, ErrUnspecified) {
			t.Errorf("request %s: want ErrUnspecified, got %v", target, err)
		}
		if err := v.ValidateResponse(r, 200, jsonHeader(), []byte(`{}`)); !errors.Is(err, ErrUnspecified) {
			t.Errorf("response %s: want ErrUnspecified, got %v", target, err)
		}
		if _, ok := v.Operation("POST", target); ok {
			t.Errorf("Operation(%s) found an operation", target)
		}
		path, _, _ := strings.Cut(target, "?")
		if !slices.Contains(v.Unspecified(), "POST "+path) {
			t.Errorf("Unspecified() = %q, lacks POST %s", v.Unspecified(), path)
		}
	}
}

func TestValidateRequestLeavesTheRequestAlone(t *testing.T) {
	v := Load(t)
	body := `{"type": {"name": "Blocks"}, "inwardIssue": {"key": "ENG-2"}, "outwardIssue": {"key": "ENG-1"}}`
	r := newRequest("POST", "/rest/api/3/issueLink?x=1", body)
	_ = v.ValidateRequest(r, []byte(body))
	if r.URL.RawQuery != "x=1" {
		t.Errorf("query became %q", r.URL.RawQuery)
	}
	got, _ := io.ReadAll(r.Body)
	if string(got) != body {
		t.Errorf("the request body was consumed or changed: %q", got)
	}
	// A search with no maxResults must not gain the spec's default.
	r = newRequest("GET", "/rest/api/3/search/jql?jql=x", "")
	_ = v.ValidateRequest(r, nil)
	if r.URL.RawQuery != "jql=x" {
		t.Errorf("defaults were written into the query: %q", r.URL.RawQuery)
	}
}

func TestCovered(t *testing.T) {
	dir, err := SpecsDir()
	if err != nil {
		t.Skipf("contract: skipping, Atlassian OpenAPI specs are absent: %v", err)
	}
	v, err := New(dir)
	if err != nil {
		t.Fatal(err)
	}
	if got := v.Covered(); len(got) != 0 {
		t.Fatalf("a new Validator has covered %v", got)
	}
	_ = v.ValidateRequest(newRequest("GET", "/rest/api/3/myself?bogus=1", ""), nil) // invalid, still exercised
	_ = v.ValidateResponse(newRequest("GET", "/wiki/api/v2/pages/1", ""), 200, jsonHeader(), []byte(`{}`))
	_ = v.ValidateRequest(newRequest("GET", "/rest/api/3/myself", ""), nil)
	_ = v.ValidateRequest(newRequest("GET", "/mcp", ""), nil)
	var got []string
	for _, op := range v.Covered() {
		got = append(got, op.Spec+" "+op.Method+" "+op.Path+" "+op.ID)
	}
	want := []string{
		"confluence/v2 GET /pages/{id} getPageById",
		"jira/platform-v3 GET /rest/api/3/myself getCurrentUser",
	}
	if !slices.Equal(got, want) {
		t.Errorf("Covered() = %q, want %q", got, want)
	}
	if u := v.Unspecified(); !slices.Equal(u, []string{"GET /mcp"}) {
		t.Errorf("Unspecified() = %q", u)
	}
}

func TestConcurrentValidation(t *testing.T) {
	v := Load(t)
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 20 {
				r := newRequest("GET", "/ex/jira/abc/rest/api/3/myself?expand=groups", "")
				if err := v.ValidateRequest(r, nil); err != nil {
					t.Errorf("goroutine %d: %v", i, err)
					return
				}
				if err := v.ValidateResponse(r, 200, jsonHeader(), []byte(myself)); err != nil {
					t.Errorf("goroutine %d: %v", i, err)
					return
				}
				_ = v.Covered()
			}
		}()
	}
	wg.Wait()
}

// TestResponseRecorderRequest shows that ValidateResponse only needs the
// request's method and URL, such as an httptest recorder's.
func TestResponseRecorderRequest(t *testing.T) {
	v := Load(t)
	rec := httptest.NewRecorder()
	rec.Header().Set("Content-Type", "application/json")
	rec.WriteHeader(200)
	_, _ = rec.WriteString(myself)
	res := rec.Result()
	body, _ := io.ReadAll(res.Body)
	if err := v.ValidateResponse(&http.Request{Method: "GET", URL: mustURL(t, "/rest/api/3/myself")}, res.StatusCode, res.Header, body); err != nil {
		t.Fatal(err)
	}
}
