// Package e2e drives the built atlassian-mcp binary through mcp-go's client
// over stdio, streamable HTTP and SSE, against the Atlassian sandbox.
package e2e

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/mark3labs/mcp-go/client"
	"github.com/mark3labs/mcp-go/client/transport"
	"github.com/mark3labs/mcp-go/mcp"

	"github.com/clawbridge/atlassian-mcp/internal/testkit"
)

// binary is the path of the atlassian-mcp binary built for this test run.
var binary string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "atlassian-mcp-e2e")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	binary = filepath.Join(dir, "atlassian-mcp")
	// Built as the README tells users to install it: statically, which
	// spares every start-up the dynamic loader (about 3 ms).
	build := exec.Command("go", "build", "-o", binary, "../cmd/atlassian-mcp")
	build.Env = append(os.Environ(), "CGO_ENABLED=0")
	build.Stdout, build.Stderr = os.Stderr, os.Stderr
	if err := build.Run(); err != nil {
		fmt.Fprintln(os.Stderr, "e2e: building the binary failed:", err)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// A session is one running server and an initialised MCP client.
type session struct {
	t      *testing.T
	c      *client.Client
	stderr *testkit.Buffer
	// stdout collects what the server wrote to stdout (HTTP transports
	// only; over stdio, stdout is the protocol).
	stdout *testkit.Buffer
	// dir holds the server's configuration, token store and audit log.
	dir string
}

// transports are the ways a session can be started.
var transports = []string{"stdio", "http", "sse"}

// sandboxKey is the caller key the implicit sandbox Claw accepts over HTTP.
const sandboxKey = "sandbox"

// start runs `atlassian-mcp serve` with args over the named transport and
// returns an initialised client. The server stops when the test ends. Over
// HTTP it presents the sandbox's caller key.
func start(t *testing.T, kind string, env []string, args ...string) *session {
	t.Helper()
	return startKey(t, kind, sandboxKey, env, args...)
}

// isolated returns environment settings that keep a server's files (its
// configuration, token store and audit log) inside the test's own
// directory, and that directory.
func isolated(t *testing.T) ([]string, string) {
	dir := t.TempDir()
	return []string{"XDG_CONFIG_HOME=" + dir, "XDG_STATE_HOME=" + dir, "ATLASSIAN_MCP_AUDIT_LOG=" + filepath.Join(dir, "audit.jsonl"),
		"ATLASSIAN_MCP_CONFIG=" + filepath.Join(dir, "config.yaml")}, dir
}

// startKey is start with an explicit caller key for the HTTP transports.
func startKey(t *testing.T, kind, key string, env []string, args ...string) *session {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	s := &session{t: t, stderr: &testkit.Buffer{}, stdout: &testkit.Buffer{}}
	base, dir := isolated(t)
	s.dir = dir
	env = append(append(os.Environ(), base...), env...)
	switch kind {
	case "stdio":
		c, err := client.NewStdioMCPClientWithOptions(binary, env, append([]string{"serve"}, args...),
			transport.WithCommandStderrWriter(s.stderr))
		if err != nil {
			t.Fatalf("start stdio server: %v", err)
		}
		s.c = c
	case "http", "sse":
		cmd := exec.Command(binary, append([]string{"serve", "--transport", kind, "--addr", "127.0.0.1:0"}, args...)...)
		cmd.Env = env
		cmd.Stdout = s.stdout
		pr, pw := io.Pipe()
		cmd.Stderr = pw
		if err := cmd.Start(); err != nil {
			t.Fatalf("start %s server: %v", kind, err)
		}
		t.Cleanup(func() { stopServer(cmd, pw) })
		url := waitForURL(t, pr, s.stderr)
		var c *client.Client
		var err error
		headers := map[string]string{}
		if key != "" {
			headers["Authorization"] = "Bearer " + key
		}
		if kind == "http" {
			c, err = client.NewStreamableHttpClient(url, transport.WithHTTPHeaders(headers))
		} else {
			c, err = client.NewSSEMCPClient(url, transport.WithHeaders(headers))
		}
		if err != nil {
			t.Fatalf("new %s client: %v", kind, err)
		}
		// The SSE stream lives as long as the client, so it must not use
		// this function's timeout context.
		if err := c.Start(context.Background()); err != nil {
			t.Fatalf("start %s client: %v\nserver stderr:\n%s", kind, err, s.stderr)
		}
		s.c = c
	default:
		t.Fatalf("unknown transport %q", kind)
	}
	t.Cleanup(func() { _ = s.c.Close() })
	init := mcp.InitializeRequest{}
	init.Params.ProtocolVersion = mcp.LATEST_PROTOCOL_VERSION
	init.Params.ClientInfo = mcp.Implementation{Name: "e2e", Version: "1"}
	if _, err := s.c.Initialize(ctx, init); err != nil {
		t.Fatalf("initialize over %s: %v\nserver stderr:\n%s", kind, err, s.stderr)
	}
	return s
}

var urlRE = regexp.MustCompile(`url=(http://\S+)`)

// stopServer interrupts a server process, kills it if it has not exited
// within ten seconds, and closes the pipe its stderr was written to.
func stopServer(cmd *exec.Cmd, stderr io.Closer) {
	_ = cmd.Process.Signal(os.Interrupt)
	done := make(chan struct{})
	go func() { _ = cmd.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		_ = cmd.Process.Kill()
	}
	_ = stderr.Close()
}

// waitForURL reads the server's stderr until it logs the URL it serves at,
// copying everything into buf.
func waitForURL(t *testing.T, r io.Reader, buf *testkit.Buffer) string {
	t.Helper()
	found := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(r)
		sent := false
		for sc.Scan() {
			line := sc.Text()
			fmt.Fprintln(buf, line)
			if m := urlRE.FindStringSubmatch(line); m != nil && !sent && strings.Contains(line, "serving MCP") {
				found <- m[1]
				sent = true
			}
		}
	}()
	select {
	case u := <-found:
		return u
	case <-time.After(20 * time.Second):
		t.Fatalf("the server did not report its URL; stderr:\n%s", buf)
		return ""
	}
}

// hasTools lists the server's tools and reports each of wants it lacks.
func (s *session) hasTools(wants ...string) {
	s.t.Helper()
	list, err := s.c.ListTools(context.Background(), mcp.ListToolsRequest{})
	if err != nil {
		s.t.Fatalf("tools/list: %v", err)
	}
	var names []string
	for _, tl := range list.Tools {
		names = append(names, tl.Name)
	}
	for _, w := range wants {
		if !slices.Contains(names, w) {
			s.t.Errorf("tools/list lacks %s; has %v", w, names)
		}
	}
}

// call invokes a tool and returns its result.
func (s *session) call(name string, args map[string]any) *mcp.CallToolResult {
	s.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	req := mcp.CallToolRequest{}
	req.Params.Name = name
	req.Params.Arguments = args
	res, err := s.c.CallTool(ctx, req)
	if err != nil {
		s.t.Fatalf("call %s: %v\nserver stderr:\n%s", name, err, s.stderr)
	}
	return res
}

// ok calls a tool, fails the test on an error result, and returns the text.
func (s *session) ok(name string, args map[string]any) (string, *mcp.CallToolResult) {
	s.t.Helper()
	res := s.call(name, args)
	txt := text(res)
	if res.IsError {
		s.t.Fatalf("%s(%v) failed: %s", name, args, txt)
	}
	return txt, res
}

// fails calls a tool and expects an error result; it returns the text.
func (s *session) fails(name string, args map[string]any) string {
	s.t.Helper()
	res := s.call(name, args)
	txt := text(res)
	if !res.IsError {
		s.t.Fatalf("%s(%v) succeeded, want an error; got: %s", name, args, txt)
	}
	return txt
}

func text(res *mcp.CallToolResult) string {
	var b strings.Builder
	for _, c := range res.Content {
		if tc, ok := c.(mcp.TextContent); ok {
			b.WriteString(tc.Text)
		}
	}
	return b.String()
}

func mustContain(t *testing.T, got string, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if !strings.Contains(got, w) {
			t.Errorf("output lacks %q; got:\n%s", w, got)
		}
	}
}

func mustNotContain(t *testing.T, got string, bad ...string) {
	t.Helper()
	for _, b := range bad {
		if strings.Contains(got, b) {
			t.Errorf("output contains %q; got:\n%s", b, got)
		}
	}
}
