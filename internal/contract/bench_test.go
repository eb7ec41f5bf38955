package contract

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
)

func BenchmarkNew(b *testing.B) {
	dir, err := SpecsDir()
	if err != nil {
		b.Skipf("contract: skipping, Atlassian OpenAPI specs are absent: %v", err)
	}
	for b.Loop() {
		if _, err := New(dir); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkOperation(b *testing.B) {
	v := Load(b)
	for b.Loop() {
		if _, ok := v.Operation("GET", "/ex/jira/abc/rest/api/3/issue/ENG-1/transitions"); !ok {
			b.Fatal("no operation")
		}
	}
}

// BenchmarkValidateExchange validates one request/response pair: GET
// /rest/api/3/myself through the API gateway.
func BenchmarkValidateExchange(b *testing.B) {
	v := Load(b)
	r := newRequest("GET", "/ex/jira/abc/rest/api/3/myself?expand=groups", "")
	body := []byte(myself)
	h := jsonHeader()
	for b.Loop() {
		if err := v.ValidateRequest(r, nil); err != nil {
			b.Fatal(err)
		}
		if err := v.ValidateResponse(r, 200, h, body); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkValidateSearchPage validates a page of 50 issues from
// POST /rest/api/3/search/jql, request and response.
func BenchmarkValidateSearchPage(b *testing.B) {
	v := Load(b)
	reqBody := []byte(`{"jql": "project = ENG ORDER BY rank", "maxResults": 50, "fields": ["summary", "status", "assignee"]}`)
	var issues []string
	for i := range 50 {
		issues = append(issues, fmt.Sprintf(`{"id": "%d", "key": "ENG-%d", "self": "https://x.atlassian.net/rest/api/3/issue/%d",
			"fields": {"summary": "Issue %d", "status": {"name": "To Do", "id": "1"}, "assignee": {"accountId": "a%d", "displayName": "User %d"}}}`, 10000+i, i, 10000+i, i, i, i))
	}
	respBody := []byte(`{"isLast": false, "nextPageToken": "abc", "issues": [` + strings.Join(issues, ",") + `]}`)
	h := http.Header{"Content-Type": {"application/json"}}
	b.SetBytes(int64(len(respBody)))
	for b.Loop() {
		r := newRequest("POST", "/ex/jira/abc/rest/api/3/search/jql", string(reqBody))
		if err := v.ValidateRequest(r, reqBody); err != nil {
			b.Fatal(err)
		}
		if err := v.ValidateResponse(r, 200, h, respBody); err != nil {
			b.Fatal(err)
		}
	}
}
