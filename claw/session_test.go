package claw

import (
	"context"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/mark3labs/mcp-go/client"
	mcptransport "github.com/mark3labs/mcp-go/client/transport"
	"github.com/mark3labs/mcp-go/mcp"
	"github.com/mark3labs/mcp-go/server"
)

// rawCall sends one JSON-RPC request as key, with the session id in a
// header (streamable HTTP) or already in the URL (SSE).
func rawCall(t *testing.T, method, url, key, session string) (int, string) {
	t.Helper()
	req, err := http.NewRequest(method, url, strings.NewReader(`{"jsonrpc":"2.0","id":7,"method":"tools/list"}`))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/json, text/event-stream")
	req.Header.Set("MCP-Protocol-Version", "2025-06-18")
	req.Header.Set("Authorization", "Bearer "+key)
	if session != "" {
		req.Header.Set(server.HeaderKeySessionID, session)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(io.LimitReader(res.Body, 64<<10))
	return res.StatusCode, string(body)
}

func initialize(t *testing.T, c *client.Client) {
	t.Helper()
	ctx := context.Background()
	if err := c.Start(ctx); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	req := mcp.InitializeRequest{}
	req.Params.ProtocolVersion = "2025-06-18"
	req.Params.ClientInfo = mcp.Implementation{Name: "t", Version: "1"}
	if _, err := c.Initialize(ctx, req); err != nil {
		t.Fatal(err)
	}
}

func stillWorks(t *testing.T, c *client.Client) {
	t.Helper()
	if _, err := c.ListTools(context.Background(), mcp.ListToolsRequest{}); err != nil {
		t.Fatalf("the owner's session stopped working: %v", err)
	}
}

// TestStreamableSessionsAreBoundToTheirKey opens a session on a team Claw
// with Ana's key and checks that Ben, a member of the same Claw, can
// neither use nor end it with his own key, while Ana still can.
func TestStreamableSessionsAreBoundToTheirKey(t *testing.T) {
	ts := clawHTTP(t, "http")
	url := ts.URL + "/claws/eng-team/mcp"
	ana, err := client.NewStreamableHttpClient(url, mcptransport.WithHTTPHeaders(map[string]string{"Authorization": "Bearer " + keyAna}))
	if err != nil {
		t.Fatal(err)
	}
	initialize(t, ana)
	sid := ana.GetSessionId()
	if sid == "" {
		t.Fatal("initialize gave no session id")
	}
	if code, body := rawCall(t, "POST", url, keyBen, sid); code != http.StatusNotFound || !strings.Contains(body, "Invalid session ID") {
		t.Errorf("Ben using Ana's session: %d %.200q, want 404 Invalid session ID", code, body)
	}
	if code, body := rawCall(t, "GET", url, keyBen, sid); code != http.StatusNotFound {
		t.Errorf("Ben opening a stream on Ana's session: %d %.200q, want 404", code, body)
	}
	if code, body := rawCall(t, "DELETE", url, keyBen, sid); code != http.StatusNotFound {
		t.Errorf("Ben ending Ana's session: %d %q, want 404", code, body)
	}
	forged := sid[:strings.IndexByte(sid, '.')+1] + strings.Repeat("0", 32)
	if code, _ := rawCall(t, "POST", url, keyAna, forged); code != http.StatusNotFound {
		t.Errorf("a forged MAC: %d, want 404", code)
	}
	if code, body := rawCall(t, "POST", url, keyAna, sid); code != http.StatusOK || !strings.Contains(body, "jira_get_issue") {
		t.Errorf("Ana on her own session: %d %.200q", code, body)
	}
	stillWorks(t, ana)
}

// TestSSESessionsAreBoundToTheirKey does the same over SSE, where messages
// name their session in the URL: Ben's message is refused as one for an
// unknown session, and Ana's stream goes on.
func TestSSESessionsAreBoundToTheirKey(t *testing.T) {
	ts := clawHTTP(t, "sse")
	ana, err := client.NewSSEMCPClient(ts.URL+"/claws/eng-team/sse", client.WithHeaders(map[string]string{"Authorization": "Bearer " + keyAna}))
	if err != nil {
		t.Fatal(err)
	}
	initialize(t, ana)
	endpoint := ana.GetTransport().(*mcptransport.SSE).GetEndpoint()
	if endpoint == nil || endpoint.Query().Get("sessionId") == "" {
		t.Fatalf("no message endpoint with a session: %v", endpoint)
	}
	code, body := rawCall(t, "POST", endpoint.String(), keyBen, "")
	if code != http.StatusBadRequest || !strings.Contains(body, "Invalid session ID") {
		t.Errorf("Ben posting to Ana's session: %d %q, want 400 Invalid session ID", code, body)
	}
	if code, _ := rawCall(t, "POST", endpoint.String(), keyAna, ""); code != http.StatusAccepted {
		t.Errorf("Ana posting to her own session: %d, want 202", code)
	}
	stillWorks(t, ana)
}
