package atlassian_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/clawbridge/atlassian-mcp/atlassian"
	"github.com/clawbridge/atlassian-mcp/internal/testenv"
	"github.com/clawbridge/atlassian-mcp/sandbox"
)

// sleeps records the waits the client asks for instead of waiting.
type sleeps struct{ waits []time.Duration }

func (s *sleeps) sleep(_ context.Context, d time.Duration) error {
	s.waits = append(s.waits, d)
	return nil
}

func envWithSleeps(t *testing.T) (*testenv.Env, *sleeps) {
	s := &sleeps{}
	e := testenv.New(t, testenv.Options{ClientConfig: func(c *atlassian.Config) { c.Sleep = s.sleep }})
	return e, s
}

func TestRetriesRateLimitsAfterRetryAfter(t *testing.T) {
	e, s := envWithSleeps(t)
	e.Sandbox.InjectFault(sandbox.Fault{PathContains: "/myself", Status: 429, RetryAfter: 3})
	me, err := e.Client.Myself(context.Background())
	if err != nil {
		t.Fatalf("Myself after one 429: %v", err)
	}
	if me.Get("accountId").String() != sandbox.UserID {
		t.Errorf("Myself = %s", me.Raw)
	}
	if len(s.waits) != 1 || s.waits[0] != 3*time.Second {
		t.Errorf("waited %v, want [3s] from Retry-After", s.waits)
	}
	calls := e.Calls.All()
	if len(calls) != 2 || calls[0].Status != 429 || calls[1].Status != 200 || calls[0].Action != "jira.myself.get" {
		t.Errorf("calls = %+v", calls)
	}
}

func TestGivesUpOnLongRetryAfter(t *testing.T) {
	e, s := envWithSleeps(t)
	e.Sandbox.InjectFault(sandbox.Fault{PathContains: "/myself", Status: 429, RetryAfter: 3600})
	_, err := e.Client.Myself(context.Background())
	var ae *atlassian.Error
	if !errors.As(err, &ae) || ae.Status != 429 || !strings.Contains(err.Error(), "retry after 1h0m0s") {
		t.Fatalf("err = %v, want a 429 that says when to retry", err)
	}
	if len(s.waits) != 0 {
		t.Errorf("waited %v for an hour-long Retry-After", s.waits)
	}
}

func TestRetriesIdempotentCallsOnly(t *testing.T) {
	e, _ := envWithSleeps(t)
	e.Sandbox.InjectFault(sandbox.Fault{PathContains: "/issue/ENG-1", Status: 502})
	if _, err := e.Client.GetIssue(context.Background(), "ENG-1", []string{"summary"}, ""); err != nil {
		t.Fatalf("GET after one 502: %v", err)
	}
	before := e.Sandbox.Requests()
	e.Sandbox.InjectFault(sandbox.Fault{Method: "POST", PathContains: "/rest/api/3/issue", Status: 502})
	_, err := e.Client.CreateIssue(context.Background(), map[string]any{"project": map[string]any{"key": "ENG"},
		"issuetype": map[string]any{"name": "Task"}, "summary": "once only"})
	if atlassian.StatusOf(err) != 502 {
		t.Fatalf("create on 502: %v", err)
	}
	if n := e.Sandbox.Requests() - before; n != 1 {
		t.Errorf("a failed create was sent %d times; a create must never be repeated blindly", n)
	}
}

func TestLostResponseIsNotRepeatedForWrites(t *testing.T) {
	e, _ := envWithSleeps(t)
	e.Sandbox.InjectFault(sandbox.Fault{Method: "POST", PathContains: "/rest/api/3/issue", LoseResponse: true})
	_, err := e.Client.CreateIssue(context.Background(), map[string]any{"project": map[string]any{"key": "ENG"},
		"issuetype": map[string]any{"name": "Task"}, "summary": "lost answer"})
	var ne *atlassian.NetworkError
	if !errors.As(err, &ne) {
		t.Fatalf("create with a lost answer: %v, want a network error", err)
	}
	page, err := e.Client.SearchJQL(context.Background(), atlassian.SearchRequest{JQL: `summary ~ "lost answer"`, Fields: []string{"summary"}})
	if err != nil {
		t.Fatal(err)
	}
	if len(page.Issues) != 1 {
		t.Errorf("the write was applied %d times, want exactly once", len(page.Issues))
	}
}

func TestResetConnectionRetriesReads(t *testing.T) {
	e, _ := envWithSleeps(t)
	e.Sandbox.InjectFault(sandbox.Fault{PathContains: "/field", Reset: true})
	fs, err := e.Client.Fields(context.Background())
	if err != nil || len(fs) == 0 {
		t.Fatalf("Fields after a reset: %v (%d fields)", err, len(fs))
	}
}

func TestFieldErrorsAreTyped(t *testing.T) {
	e := testenv.New(t, testenv.Options{})
	_, err := e.Client.CreateIssue(context.Background(), map[string]any{"project": map[string]any{"key": "ENG"},
		"issuetype": map[string]any{"name": "Task"}, "summary": "x", "priority": map[string]any{"name": "Urgent"}})
	var ae *atlassian.Error
	if !errors.As(err, &ae) || ae.Status != 400 || ae.Fields["priority"] == "" || !strings.Contains(err.Error(), "priority: ") {
		t.Fatalf("err = %#v", err)
	}
}

func TestScopeErrorsExplainThemselves(t *testing.T) {
	e := testenv.New(t, testenv.Options{Scopes: []string{"read:jira-user"}})
	_, err := e.Client.GetIssue(context.Background(), "ENG-1", nil, "")
	if atlassian.StatusOf(err) != 401 || !strings.Contains(err.Error(), "scope does not match") {
		t.Fatalf("err = %v", err)
	}
}

func TestMetadataIsCached(t *testing.T) {
	now := time.Now()
	e := testenv.New(t, testenv.Options{ClientConfig: func(c *atlassian.Config) {
		c.Now = func() time.Time { return now }
		c.MetadataTTL = time.Minute
	}})
	for i := 0; i < 3; i++ {
		if _, err := e.Client.Fields(context.Background()); err != nil {
			t.Fatal(err)
		}
	}
	if n := e.Calls.Count(); n != 1 {
		t.Errorf("3 reads of warm metadata cost %d calls, want 1", n)
	}
	now = now.Add(2 * time.Minute)
	if _, err := e.Client.Fields(context.Background()); err != nil {
		t.Fatal(err)
	}
	if n := e.Calls.Count(); n != 2 {
		t.Errorf("after the TTL, %d calls, want 2", n)
	}
}
