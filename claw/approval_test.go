package claw

import (
	"context"
	"io"
	"log/slog"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/mark3labs/mcp-go/client"
	"github.com/mark3labs/mcp-go/mcp"
	"github.com/mark3labs/mcp-go/server"

	"github.com/clawbridge/atlassian-mcp/audit"
	"github.com/clawbridge/atlassian-mcp/config"
	"github.com/clawbridge/atlassian-mcp/internal/testenv"
	"github.com/clawbridge/atlassian-mcp/tools/jira"
)

// person answers approval requests as told and remembers what it was asked.
type person struct {
	mu     sync.Mutex
	action mcp.ElicitationResponseAction
	asked  []string
}

func (p *person) Elicit(_ context.Context, req mcp.ElicitationRequest) (*mcp.ElicitationResult, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.asked = append(p.asked, req.Params.Message)
	return &mcp.ElicitationResult{ElicitationResponse: mcp.ElicitationResponse{Action: p.action}}, nil
}

// connect starts an in-process MCP client, with an elicitation handler when
// h is not nil.
func connect(t *testing.T, srv *server.MCPServer, h client.ElicitationHandler) *client.Client {
	t.Helper()
	var opts []client.ClientOption
	if h != nil {
		opts = append(opts, client.WithElicitationHandler(h))
	}
	c, err := client.NewInProcessClientWithOptions(srv, opts...)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if err := c.Start(ctx); err != nil {
		t.Fatal(err)
	}
	init := mcp.InitializeRequest{}
	init.Params.ProtocolVersion = mcp.LATEST_PROTOCOL_VERSION
	if _, err := c.Initialize(ctx, init); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

// TestApprovalsAskAPersonFirst runs a Claw whose profile lists
// jira_create_issue under approvals: a person is asked before each create,
// and a create goes ahead only when they accept. Tools not listed are not
// asked about, and a client that cannot ask gets a refusal that says so.
func TestApprovalsAskAPersonFirst(t *testing.T) {
	e := testenv.New(t, testenv.Options{})
	cfg, err := config.Parse("approvals.yaml", []byte(`
claws:
  - name: careful
    visibility: org
    connection: test
    jira: {projects: [ENG]}
    approvals: [jira_create_issue]
`))
	if err != nil {
		t.Fatal(err)
	}
	conn := testConn(e, e.HTTP)
	path := filepath.Join(t.TempDir(), "audit.jsonl")
	log, err := audit.Open(path, audit.Options{})
	if err != nil {
		t.Fatal(err)
	}
	cs, err := Build(context.Background(), Options{Config: cfg, Conns: map[string]*Conn{"test": conn}, Audit: log})
	if err != nil {
		t.Fatal(err)
	}
	quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
	careful, _ := Find(cs, "careful")
	srv := func() *server.MCPServer {
		return careful.Server(jira.Tools(), ServerOptions{Logger: quiet, ProtocolLogger: quiet, Audit: log})
	}
	create := func(c *client.Client, summary string) (string, bool) {
		txt, res := testenv.Call(t, c, "jira_create_issue", map[string]any{"project": "ENG", "issue_type": "Task", "summary": summary})
		return txt, res.IsError
	}
	created := func(summary string) bool {
		return strings.Contains(testenv.MustCall(t, connect(t, srv(), &person{action: mcp.ElicitationResponseActionAccept}),
			"jira_search", map[string]any{"jql": "project = ENG AND summary ~ \"" + summary + "\""}), summary)
	}

	yes := &person{action: mcp.ElicitationResponseActionAccept}
	txt, failed := create(connect(t, srv(), yes), "Approved change")
	if failed || !strings.Contains(txt, "Created ENG-") {
		t.Fatalf("an approved create: %s", txt)
	}
	if len(yes.asked) != 1 || !strings.Contains(yes.asked[0], "careful") || !strings.Contains(yes.asked[0], "jira_create_issue") ||
		!strings.Contains(yes.asked[0], "Approved change") {
		t.Errorf("the person was asked %q", yes.asked)
	}

	no := &person{action: mcp.ElicitationResponseActionDecline}
	c := connect(t, srv(), no)
	txt, failed = create(c, "Declined change")
	if !failed || !strings.Contains(txt, "a person did not approve this call to jira_create_issue (decline)") {
		t.Errorf("a declined create: %s", txt)
	}
	testenv.MustCall(t, c, "jira_get_issue", map[string]any{"key": "ENG-1"}, "Checkout v2") // not listed: no question
	if len(no.asked) != 1 {
		t.Errorf("the person was asked %d times, want once (reads need no approval)", len(no.asked))
	}

	txt, failed = create(connect(t, srv(), nil), "Unasked change")
	if !failed || !strings.Contains(txt, "needs a person's approval") || !strings.Contains(txt, "elicitation") {
		t.Errorf("a create from a client that cannot ask: %s", txt)
	}

	if created("Declined change") || created("Unasked change") || !created("Approved change") {
		t.Error("only the approved create may reach Jira")
	}
	log.Close()
	denied := 0
	for _, r := range readAudit(t, path) {
		if r.Outcome == audit.Denied && r.Action == "tool.approval" && r.Target == "jira_create_issue" {
			denied++
		}
	}
	if denied != 2 {
		t.Errorf("%d approval refusals audited, want 2", denied)
	}
}
