package contract

import (
	"errors"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

func FuzzOperation(f *testing.F) {
	v := Load(f)
	for _, seed := range [][2]string{
		{"GET", "/ex/jira/abc/rest/api/3/issue/ENG-1"},
		{"PUT", "/rest/api/3/field/customfield_1"},
		{"GET", "/wiki/api/v2/pages/1/children"},
		{"GET", "/ex/confluence/x/wiki/rest/api/search?cql=a"},
		{"POST", "/rest/agile/1.0/sprint/1/issue"},
		{"GET", "/ex//rest/api/3/myself"},
		{"GET", "/rest/api/3/issue/%zz"},
		{"get", "/rest/api/3/myself"},
		{"GET", "GET /rest/api/3/myself"},
		{"GET", "/rest/api/3/issue/A B/comment"},
	} {
		f.Add(seed[0], seed[1])
	}
	f.Fuzz(func(t *testing.T, method, path string) {
		op, ok := v.Operation(method, path)
		if !ok {
			return
		}
		if op.ID == "" || op.Method != method || op.Spec == "" || !strings.HasPrefix(op.Path, "/") {
			t.Fatalf("Operation(%q, %q) = %+v", method, path, op)
		}
		again, ok := v.Operation(method, path)
		if !ok || again.ID != op.ID || again.Spec != op.Spec {
			t.Fatalf("Operation(%q, %q) is not stable: %+v then %+v", method, path, op, again)
		}
	})
}

func FuzzValidate(f *testing.F) {
	v := Load(f)
	f.Add("GET", "/rest/api/3/myself?expand=groups", 200, "application/json", []byte(myself))
	f.Add("GET", "/ex/jira/a/rest/api/3/issueLink/1", 200, "application/json", []byte(issueLink))
	f.Add("POST", "/rest/api/3/issueLink", 201, "application/json", []byte(`{"type":{"name":"Blocks"},"inwardIssue":{"key":"A-1"},"outwardIssue":{"key":"A-2"}}`))
	f.Add("POST", "/wiki/api/v2/pages", 200, "application/json", []byte(`{"spaceId":"1","body":{"representation":"storage","value":"x"}}`))
	f.Add("GET", "/rest/agile/1.0/board/1/sprint?state=active,closed", 200, "application/json", []byte(`{"values":[{"id":1,"startDate":"2024-01-01T00:00:00.000+0000"}]}`))
	f.Add("PUT", "/rest/api/3/issue/A-1", 204, "", []byte{})
	f.Add("GET", "/wiki/rest/api/search?cql=type%3Dpage&limit=x", 500, "text/html", []byte("<html>"))
	f.Add("GET", "/mcp", 200, "text/event-stream", []byte("data: {}\n\n"))
	f.Add("POST", "/rest/api/3/search/jql", 200, "application/json; charset=utf-8", []byte(`{"issues":[{"id":"1","fields":{"summary":null}}],"isLast":true}`))
	f.Fuzz(func(t *testing.T, method, target string, status int, contentType string, body []byte) {
		u, err := url.Parse(target)
		if err != nil {
			return
		}
		r := &http.Request{Method: method, URL: u, Header: http.Header{}}
		if contentType != "" {
			r.Header.Set("Content-Type", contentType)
		}
		for _, err := range []error{
			v.ValidateRequest(r, body),
			v.ValidateResponse(r, status, http.Header{"Content-Type": {contentType}}, body),
		} {
			var viol *Violation
			switch {
			case err == nil, errors.Is(err, ErrUnspecified):
			case errors.As(err, &viol):
				if len(viol.Reasons) == 0 || len(viol.Reasons) > maxReasons {
					t.Fatalf("violation with %d reasons: %v", len(viol.Reasons), err)
				}
				if n := len(err.Error()); n > 300+maxReasons*(maxReasonLen+5)+40 {
					t.Fatalf("violation of %d bytes", n)
				}
				for _, reason := range viol.Reasons {
					if len(reason) > maxReasonLen+len("…") {
						t.Fatalf("reason of %d bytes: %q", len(reason), reason)
					}
				}
			default:
				t.Fatalf("error of type %T: %v", err, err)
			}
		}
	})
}
