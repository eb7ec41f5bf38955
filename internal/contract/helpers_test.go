package contract

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// fakeTB records what the Handler and Transport report instead of failing
// the real test.
type fakeTB struct {
	testing.TB
	mu     sync.Mutex
	errors []string
	logs   []string
	skips  []string
	fatals []string
}

func (f *fakeTB) Helper() {}

func (f *fakeTB) Errorf(format string, args ...any) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.errors = append(f.errors, fmt.Sprintf(format, args...))
}

func (f *fakeTB) Logf(format string, args ...any) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.logs = append(f.logs, fmt.Sprintf(format, args...))
}

func (f *fakeTB) Skipf(format string, args ...any) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.skips = append(f.skips, fmt.Sprintf(format, args...))
}

func (f *fakeTB) Fatalf(format string, args ...any) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.fatals = append(f.fatals, fmt.Sprintf(format, args...))
}

func (f *fakeTB) snapshot() (errs, logs []string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]string(nil), f.errors...), append([]string(nil), f.logs...)
}

// newRequest builds a server-side request for a path that may carry a query.
func newRequest(method, target string, body string) *http.Request {
	var r *http.Request
	if body == "" {
		r = httptest.NewRequest(method, target, nil)
	} else {
		r = httptest.NewRequest(method, target, strings.NewReader(body))
		r.Header.Set("Content-Type", "application/json")
	}
	return r
}

// jsonHeader is the header of a JSON response.
func jsonHeader() http.Header {
	return http.Header{"Content-Type": {"application/json;charset=UTF-8"}}
}

// rawSpec reads one spec file as plain JSON, independently of kin-openapi,
// so that tests can check the Validator against the file itself.
func rawSpec(t testing.TB, name string) map[string]any {
	t.Helper()
	dir, err := SpecsDir()
	if err != nil {
		t.Skipf("contract: skipping, Atlassian OpenAPI specs are absent: %v", err)
	}
	data, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(name)+".json"))
	if err != nil {
		t.Fatal(err)
	}
	var doc map[string]any
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	return doc
}

// rawOperation digs one operation out of a raw spec.
func rawOperation(t testing.TB, doc map[string]any, method, path string) map[string]any {
	t.Helper()
	paths, _ := doc["paths"].(map[string]any)
	item, _ := paths[path].(map[string]any)
	op, _ := item[strings.ToLower(method)].(map[string]any)
	if op == nil {
		t.Fatalf("the spec has no %s %s", method, path)
	}
	return op
}

// stringList converts a JSON array of strings.
func stringList(v any) []string {
	list, _ := v.([]any)
	out := make([]string, 0, len(list))
	for _, s := range list {
		if str, ok := s.(string); ok {
			out = append(out, str)
		}
	}
	return out
}

// wantReasons checks that err is a *Violation whose text holds every
// fragment, or that err is nil when there are none.
func wantReasons(t *testing.T, err error, fragments ...string) {
	t.Helper()
	if len(fragments) == 0 {
		if err != nil {
			t.Fatalf("want no violation, got: %v", err)
		}
		return
	}
	if err == nil {
		t.Fatalf("want a violation mentioning %q, got none", fragments)
	}
	var viol *Violation
	if !errors.As(err, &viol) {
		t.Fatalf("want a *Violation, got %T: %v", err, err)
	}
	for _, f := range fragments {
		if !strings.Contains(err.Error(), f) {
			t.Errorf("violation %q does not mention %q", err, f)
		}
	}
	if len(err.Error()) > maxReasons*(maxReasonLen+10)+200 {
		t.Errorf("violation is %d bytes long, too long to read", len(err.Error()))
	}
}

// mustURL parses a URL or fails the test.
func mustURL(t testing.TB, raw string) *url.URL {
	t.Helper()
	u, err := url.Parse(raw)
	if err != nil {
		t.Fatal(err)
	}
	return u
}
