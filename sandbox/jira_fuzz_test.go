package sandbox

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"
)

// writeEndpoints are the Jira and Jira Software writes whose bodies the
// sandbox decodes.
var writeEndpoints = []struct{ method, path string }{
	{"PUT", "/rest/api/3/issue/ENG-2"},
	{"POST", "/rest/api/3/issue"},
	{"POST", "/rest/api/3/issue/ENG-5/transitions"},
	{"POST", "/rest/api/3/issue/ENG-4/comment"},
	{"POST", "/rest/api/3/issueLink"},
	{"POST", "/rest/agile/1.0/sprint/24/issue"},
}

// FuzzJiraWriteBodies sends hostile bodies to every write the sandbox
// decodes: it must answer with a status below 500 and, when it sends a
// body, JSON; and the issues it touched must still read back.
func FuzzJiraWriteBodies(f *testing.F) {
	seeds := []string{
		`{"fields":{"summary":"x","labels":["a"]},"update":{"labels":[{"add":"b"},{"remove":"a"}]}}`,
		`{"fields":{"project":{"key":"ENG"},"issuetype":{"name":"Task"},"summary":"x","customfield_10026":3}}`,
		`{"transition":{"id":"41"},"fields":{"resolution":{"name":"Done"}},"update":{"comment":[{"add":{"body":{"type":"doc","version":1,"content":[]}}}]}}`,
		`{"body":{"type":"doc","version":1,"content":[{"type":"paragraph","content":[{"type":"text","text":"hi"}]}]}}`,
		`{"type":{"name":"Blocks"},"inwardIssue":{"key":"ENG-1"},"outwardIssue":{"key":"ENG-2"}}`,
		`{"issues":["ENG-16"]}`,
		`{"update":{"labels":[{}]}}`, `{"fields":{"assignee":{"accountId":null}}}`, `[]`, `null`, `{"issues":[null]}`,
	}
	for i, s := range seeds {
		f.Add(i, []byte(s))
	}
	sb := New(Options{BaseURL: "http://sandbox.test", Now: func() time.Time { return fixedNow }})
	g, err := sb.OAuth().IssueGrant(ClientID, UserID, AllScopes())
	if err != nil {
		f.Fatal(err)
	}
	do := func(method, path string, body []byte) *httptest.ResponseRecorder {
		req := httptest.NewRequest(method, "http://sandbox.test"+jiraGW+path, bytes.NewReader(body))
		req.Header.Set("Authorization", "Bearer "+g.AccessToken)
		req.Header.Set("Content-Type", "application/json")
		rec := httptest.NewRecorder()
		sb.ServeHTTP(rec, req)
		return rec
	}
	f.Fuzz(func(t *testing.T, which int, body []byte) {
		ep := writeEndpoints[(which%len(writeEndpoints)+len(writeEndpoints))%len(writeEndpoints)]
		rec := do(ep.method, ep.path, body)
		if rec.Code >= 500 {
			t.Fatalf("%s %s with %s answered %d: %s", ep.method, ep.path, body, rec.Code, rec.Body)
		}
		if rec.Body.Len() > 0 && !json.Valid(rec.Body.Bytes()) {
			t.Fatalf("%s %s answered a body that is not JSON: %s", ep.method, ep.path, rec.Body)
		}
		for _, key := range []string{"ENG-2", "ENG-4", "ENG-5"} {
			if r := do("GET", "/rest/api/3/issue/"+key+"?expand=changelog,editmeta", nil); r.Code != http.StatusOK || !json.Valid(r.Body.Bytes()) {
				t.Fatalf("after %s %s with %s, GET %s = %d %s", ep.method, ep.path, body, key, r.Code, r.Body)
			}
		}
	})
}
