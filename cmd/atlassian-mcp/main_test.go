package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"strings"
	"testing"
	"time"
)

// TestStdioWritesOnlyJSONRPCAndEndsAtEOF runs `serve --sandbox` in-process
// over stdio: every line on stdout must be a JSON-RPC message, and EOF on
// stdin must end the command.
func TestStdioWritesOnlyJSONRPCAndEndsAtEOF(t *testing.T) {
	in := strings.Join([]string{
		`{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"t","version":"1"}}}`,
		`{"jsonrpc":"2.0","method":"notifications/initialized"}`,
		`{"jsonrpc":"2.0","id":2,"method":"tools/list"}`,
		`{"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"jira_get_issue","arguments":{"key":"ENG-1"}}}`,
		`{"jsonrpc":"2.0","id":4,"method":"tools/call","params":{"name":"jira_search","arguments":{"jql":"project = ENG AND"}}}`,
	}, "\n") + "\n"
	var stdout, stderr bytes.Buffer
	done := make(chan int, 1)
	go func() {
		done <- run(context.Background(), []string{"serve", "--sandbox"}, strings.NewReader(in), &stdout, &stderr)
	}()
	select {
	case code := <-done:
		if code != 0 {
			t.Fatalf("exit code %d; stderr:\n%s", code, stderr.String())
		}
	case <-time.After(30 * time.Second):
		t.Fatal("serve did not end after EOF on stdin")
	}
	ids := map[float64]bool{}
	for _, line := range strings.Split(strings.TrimSpace(stdout.String()), "\n") {
		var msg struct {
			JSONRPC string  `json:"jsonrpc"`
			ID      float64 `json:"id"`
		}
		if err := json.Unmarshal([]byte(line), &msg); err != nil || msg.JSONRPC != "2.0" {
			t.Errorf("stdout carries a line that is not JSON-RPC: %q", line)
			continue
		}
		ids[msg.ID] = true
	}
	for _, id := range []float64{1, 2, 3, 4} {
		if !ids[id] {
			t.Errorf("no response to request %v; stdout:\n%s", id, stdout.String())
		}
	}
	if !strings.Contains(stderr.String(), "connected to the sandbox") {
		t.Errorf("logs did not reach stderr: %q", stderr.String())
	}
}

func TestToolsCommandPrintsTheCatalogue(t *testing.T) {
	var out bytes.Buffer
	if code := run(context.Background(), []string{"tools"}, nil, &out, io.Discard); code != 0 {
		t.Fatalf("exit %d", code)
	}
	for _, want := range []string{"TOOL", "jira_search", "jira", "read-only", "read:jira-work", "read:issue-details:jira"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("catalogue lacks %q:\n%s", want, out.String())
		}
	}
	out.Reset()
	if code := run(context.Background(), []string{"tools", "--json"}, nil, &out, io.Discard); code != 0 {
		t.Fatalf("exit %d", code)
	}
	var rows []struct {
		Name     string   `json:"name"`
		ReadOnly bool     `json:"read_only"`
		Classic  []string `json:"classic_scopes"`
		Granular []string `json:"granular_scopes"`
	}
	if err := json.Unmarshal(out.Bytes(), &rows); err != nil || len(rows) == 0 {
		t.Fatalf("tools --json: %v\n%s", err, out.String())
	}
	for _, r := range rows {
		// Jira Software documents granular scopes only, so a tool may lack
		// a classic set, but never both.
		if len(r.Classic) == 0 && len(r.Granular) == 0 {
			t.Errorf("%s lists no scopes", r.Name)
		}
	}
}

func TestUsageErrors(t *testing.T) {
	var errOut bytes.Buffer
	if code := run(context.Background(), []string{"frobnicate"}, nil, io.Discard, &errOut); code != 2 || !strings.Contains(errOut.String(), `unknown command "frobnicate"`) {
		t.Errorf("unknown command: exit %d, %q", code, errOut.String())
	}
	errOut.Reset()
	if code := run(context.Background(), []string{"serve", "--transport", "carrier-pigeon"}, nil, io.Discard, &errOut); code != 2 || !strings.Contains(errOut.String(), "stdio, sse or http") {
		t.Errorf("bad transport: exit %d, %q", code, errOut.String())
	}
	errOut.Reset()
	noEnv := func(string) string { return "" }
	if code := runEnv(context.Background(), []string{"serve"}, strings.NewReader(""), io.Discard, &errOut, noEnv); code != 1 || !strings.Contains(errOut.String(), "--sandbox") {
		t.Errorf("no credentials: exit %d, %q", code, errOut.String())
	}
}
