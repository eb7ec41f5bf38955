package atlassian_test

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"

	"github.com/clawbridge/atlassian-mcp/atlassian"
)

// tamper serves h but rewrites the JSON answers of requests whose path ends
// with one of the given suffixes.
func tamper(h http.Handler, rewrites map[string]func(r *http.Request, doc map[string]any)) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		for suffix, rewrite := range rewrites {
			if !strings.HasSuffix(r.URL.Path, suffix) {
				continue
			}
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, r)
			var doc map[string]any
			if rec.Code == http.StatusOK && json.Unmarshal(rec.Body.Bytes(), &doc) == nil {
				rewrite(r, doc)
				body, _ := json.Marshal(doc)
				w.Header().Set("Content-Type", "application/json")
				w.Header().Set("Content-Length", strconv.Itoa(len(body)))
				w.WriteHeader(http.StatusOK)
				_, _ = w.Write(body)
				return
			}
			w.WriteHeader(rec.Code)
			_, _ = w.Write(rec.Body.Bytes())
			return
		}
		h.ServeHTTP(w, r)
	})
}

// clone returns a deep copy of a JSON object.
func clone(v any) map[string]any {
	raw, _ := json.Marshal(v)
	var out map[string]any
	_ = json.Unmarshal(raw, &out)
	return out
}

// TestResultsAreCheckedAgainBeforeTheyAreReturned has an upstream that
// ignores the allowlist's constraint: its searches answer with an HR issue
// and an HRDOCS page, and it says ENG-5 is in HR. None of it may reach the
// caller, and each withheld or refused object is recorded as denied.
func TestResultsAreCheckedAgainBeforeTheyAreReturned(t *testing.T) {
	e := engOnly(t)
	// The planted objects are copies of real results, changed to lie
	// outside, so that they still match Atlassian's specs.
	e.Server.Config.Handler = tamper(e.Server.Config.Handler, map[string]func(*http.Request, map[string]any){
		"/rest/api/3/search/jql": func(_ *http.Request, doc map[string]any) {
			issues := doc["issues"].([]any)
			hr := clone(issues[0])
			hr["id"], hr["key"] = "10099", "HR-99"
			fields := hr["fields"].(map[string]any)
			fields["project"] = map[string]any{"key": "HR", "id": "10002", "name": "People & HR"}
			fields["summary"] = "Salary bands for 2027"
			doc["issues"] = append(issues, hr)
		},
		"/rest/api/3/issue/ENG-5": func(_ *http.Request, doc map[string]any) {
			doc["fields"].(map[string]any)["project"] = map[string]any{"key": "HR", "id": "10002", "name": "People & HR"}
		},
		"/wiki/rest/api/search": func(_ *http.Request, doc map[string]any) {
			results := doc["results"].([]any)
			hr := clone(results[0])
			content := hr["content"].(map[string]any)
			content["id"], content["title"] = "99999", "Salary bands"
			content["space"].(map[string]any)["key"] = "HRDOCS"
			hr["title"] = "Salary bands"
			doc["results"] = append(results, hr)
		},
	})
	ctx := context.Background()
	before := e.Calls.Count()
	page, err := e.Client.SearchJQL(ctx, atlassian.SearchRequest{JQL: "order by key", Fields: []string{"summary"}, MaxResults: 10})
	if err != nil {
		t.Fatal(err)
	}
	if len(page.Issues) == 0 {
		t.Fatal("the search found nothing at all; the test needs ENG issues beside the planted one")
	}
	for _, is := range page.Issues {
		if strings.Contains(is.Raw, "HR-99") || strings.Contains(is.Raw, "Salary") {
			t.Errorf("a search result outside the allowlist was returned: %s", is.Raw)
		}
	}
	if _, err := e.Client.GetIssue(ctx, "ENG-5", []string{"summary"}, ""); !atlassian.IsRefusal(err) {
		t.Errorf("an issue Atlassian says is in HR was returned: %v", err)
	}
	cql, err := e.Client.SearchCQL(ctx, `type = page`, "", 10)
	if err != nil {
		t.Fatal(err)
	}
	raw, _ := json.Marshal(cql)
	if bytes.Contains(raw, []byte("Salary")) || bytes.Contains(raw, []byte("HRDOCS")) {
		t.Errorf("a CQL result outside the allowlist was returned: %s", raw)
	}
	denied := 0
	for _, c := range e.Calls.All()[before:] {
		if c.Denied {
			denied++
		}
	}
	if denied < 2 {
		t.Errorf("%d denials recorded for the withheld search result and the refused issue, want at least 2", denied)
	}
}
