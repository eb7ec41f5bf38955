package testenv_test

import (
	"fmt"
	"runtime"
	"strings"
	"testing"

	"github.com/mark3labs/mcp-go/mcp"

	"github.com/clawbridge/atlassian-mcp/internal/testenv"
	"github.com/clawbridge/atlassian-mcp/tools/jira"
)

// recorder is a testing.TB that records what a helper reports; Fatalf ends
// the goroutine as the real one does.
type recorder struct {
	testing.TB
	errors []string
	fatal  string
}

func (r *recorder) Helper() {}

func (r *recorder) Errorf(format string, args ...any) {
	r.errors = append(r.errors, fmt.Sprintf(format, args...))
}

func (r *recorder) Fatalf(format string, args ...any) {
	r.fatal = fmt.Sprintf(format, args...)
	runtime.Goexit()
}

// record runs fn with a recorder in its own goroutine and returns what it
// reported and whether fn ran to its end.
func record(t *testing.T, fn func(tb testing.TB)) (r *recorder, finished bool) {
	r = &recorder{TB: t}
	done := make(chan bool)
	go func() {
		ended := false
		defer func() { done <- ended }()
		fn(r)
		ended = true
	}()
	return r, <-done
}

func TestCallHelpers(t *testing.T) {
	e := testenv.New(t, testenv.Options{})
	c := e.MCP(jira.Tools())
	projects := map[string]any{}
	badKey := map[string]any{"key": "not a key"}

	cases := []struct {
		name      string
		fn        func(tb testing.TB)
		errors    []string // fragments, one per reported error
		fatal     string   // fragment; "" for none
		unstopped bool
	}{
		{"MustCall passes", func(tb testing.TB) { testenv.MustCall(tb, c, "jira_list_projects", projects, "5 projects") }, nil, "", true},
		{"MustCall lacks", func(tb testing.TB) {
			testenv.MustCall(tb, c, "jira_list_projects", projects, "5 projects", "no such text")
		},
			[]string{`lacks "no such text"`}, "", true},
		{"MustCall on an error result", func(tb testing.TB) { testenv.MustCall(tb, c, "jira_get_issue", badKey, "5 projects") },
			nil, "jira_get_issue(map[key:not a key]): ", false},
		{"Expect passes", func(tb testing.TB) {
			testenv.Expect(tb, c, "jira_list_projects", projects, []string{"5 projects"}, []string{"no such text"})
		},
			nil, "", true},
		{"Expect lacks and contains", func(tb testing.TB) {
			testenv.Expect(tb, c, "jira_list_projects", projects, []string{"5 projects", "missing"}, []string{"5 projects"})
		}, []string{`lacks "missing"`, `contains "5 projects"`}, "", true},
		{"Expect on an error result", func(tb testing.TB) { testenv.Expect(tb, c, "jira_get_issue", badKey, []string{"x"}, nil) },
			[]string{"jira_get_issue(map[key:not a key]) failed: "}, "", true},
	}
	for _, tc := range cases {
		r, finished := record(t, tc.fn)
		if finished != tc.unstopped {
			t.Errorf("%s: ran to the end = %v, want %v (fatal %q)", tc.name, finished, tc.unstopped, r.fatal)
		}
		if (tc.fatal == "") != (r.fatal == "") || !strings.Contains(r.fatal, tc.fatal) {
			t.Errorf("%s: fatal %q, want one containing %q", tc.name, r.fatal, tc.fatal)
		}
		if len(r.errors) != len(tc.errors) {
			t.Errorf("%s: reported %q, want %d errors", tc.name, r.errors, len(tc.errors))
			continue
		}
		for i, want := range tc.errors {
			if !strings.Contains(r.errors[i], want) {
				t.Errorf("%s: error %d is %q, want it to contain %q", tc.name, i, r.errors[i], want)
			}
		}
	}
}

func TestStructured(t *testing.T) {
	res := &mcp.CallToolResult{StructuredContent: map[string]any{"key": "ENG-1", "n": 3}}
	var out struct {
		Key string `json:"key"`
		N   int    `json:"n"`
	}
	if r, finished := record(t, func(tb testing.TB) { testenv.Structured(tb, res, &out) }); !finished || r.fatal != "" {
		t.Fatalf("Structured stopped: %s", r.fatal)
	}
	if out.Key != "ENG-1" || out.N != 3 {
		t.Errorf("Structured decoded %+v", out)
	}
	var wrong struct {
		N string `json:"n"`
	}
	r, finished := record(t, func(tb testing.TB) { testenv.Structured(tb, res, &wrong) })
	if finished || !strings.Contains(r.fatal, "decode structured content") {
		t.Errorf("Structured into a mismatched type: finished %v, fatal %q; want it stopped with a decode error", finished, r.fatal)
	}
}
