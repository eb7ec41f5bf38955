package claw

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/clawbridge/atlassian-mcp/audit"
	"github.com/clawbridge/atlassian-mcp/internal/testenv"
	"github.com/clawbridge/atlassian-mcp/internal/testkit"
	"github.com/clawbridge/atlassian-mcp/tools/jira"
)

// countingTransport counts the requests that leave for Atlassian.
type countingTransport struct {
	next http.RoundTripper
	n    atomic.Int64
}

func (c *countingTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	c.n.Add(1)
	return c.next.RoundTrip(r)
}

// TestAuditFailsClosed runs a Claw whose audit log stops being writable
// (its rotation is made to fail, as on a disk that refuses renames) and
// checks through an MCP client that no call reaches Atlassian meanwhile,
// that the agent is told why without the log's path, and that once the log
// can be written again calls resume after a record of the gap.
func TestAuditFailsClosed(t *testing.T) {
	path := filepath.Join(t.TempDir(), "audit.jsonl")
	const keep = 20
	log, err := audit.Open(path, audit.Options{MaxSize: 1, MaxFiles: keep}) // every record rotates
	if err != nil {
		t.Fatal(err)
	}
	defer log.Close()
	e := testenv.New(t, testenv.Options{})
	sent := &countingTransport{next: e.HTTP.Transport}
	conn := testConn(e, &http.Client{Transport: sent})
	cs, err := Build(context.Background(), Options{Config: testConfig(t), Conns: map[string]*Conn{"test": conn}, Audit: log})
	if err != nil {
		t.Fatal(err)
	}
	ana, _ := Find(cs, "ana-private")
	quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
	c := connect(t, ana.Server(jira.Tools(), ServerOptions{Logger: quiet, ProtocolLogger: quiet, Audit: log}), nil)
	call := func(name string, args map[string]any) (string, bool) {
		txt, res := testenv.Call(t, c, name, args)
		return txt, res.IsError
	}

	if txt, failed := call("jira_get_issue", map[string]any{"key": "ENG-1"}); failed {
		t.Fatalf("a read with a healthy log: %s", txt)
	}
	// A create with a healthy log caches the create metadata, so that the
	// create below reaches the write itself.
	if txt, failed := call("jira_create_issue", map[string]any{"project": "ENG", "issue_type": "Task", "summary": "Recorded change"}); failed {
		t.Fatalf("a create with a healthy log: %s", txt)
	}
	mend := testkit.BlockRotation(t, path, keep)
	txt, failed := call("jira_get_issue", map[string]any{"key": "ENG-1"})
	if !failed || !strings.Contains(txt, "audit log") || strings.Contains(txt, path) {
		t.Errorf("the read whose record is lost: %s", txt)
	}
	before := sent.n.Load()
	txt, failed = call("jira_get_issue", map[string]any{"key": "ENG-2"})
	if !failed || !strings.HasPrefix(txt, "not sent") {
		t.Errorf("a read while the log cannot be written: %s", txt)
	}
	txt, failed = call("jira_create_issue", map[string]any{"project": "ENG", "issue_type": "Task", "summary": "Unrecorded change"})
	if !failed || !strings.HasPrefix(txt, "not sent: jira.issue.create") || strings.Contains(txt, path) {
		t.Errorf("a create while the log cannot be written: %s", txt)
	}
	if n := sent.n.Load() - before; n != 0 {
		t.Errorf("%d requests left for Atlassian while the audit log could not be written, want 0", n)
	}

	mend()
	txt, failed = call("jira_search", map[string]any{"jql": `project = ENG AND summary ~ "Unrecorded change"`})
	if failed || strings.Contains(txt, "Unrecorded change") {
		t.Errorf("after the log mends, a search: failed=%v %s", failed, txt)
	}
	var resumed bool
	for i := 0; i <= keep; i++ {
		name := path
		if i > 0 {
			name += "." + strconv.Itoa(i)
		}
		if _, err := os.Stat(name); err != nil {
			continue
		}
		for _, r := range readAudit(t, name) {
			resumed = resumed || r.Action == "audit.resumed"
		}
	}
	if !resumed {
		t.Error("no audit.resumed record marks the gap")
	}
}
