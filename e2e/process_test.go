package e2e

import (
	"bufio"
	"io"
	"os"
	"os/exec"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/clawbridge/atlassian-mcp/internal/testkit"
)

// TestServeStopsGracefullyOnSignals runs the HTTP server and stops it with
// SIGINT and with SIGTERM: it must log that it is shutting down and exit 0.
func TestServeStopsGracefullyOnSignals(t *testing.T) {
	for _, sig := range []os.Signal{os.Interrupt, syscall.SIGTERM} {
		t.Run(sig.String(), func(t *testing.T) {
			base, _ := isolated(t)
			cmd := exec.Command(binary, "serve", "--transport", "http", "--addr", "127.0.0.1:0", "--sandbox")
			cmd.Env = append(os.Environ(), base...)
			pr, pw := io.Pipe()
			cmd.Stderr = pw
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			buf := &testkit.Buffer{}
			waitForURL(t, pr, buf)
			if err := cmd.Process.Signal(sig); err != nil {
				t.Fatal(err)
			}
			done := make(chan error, 1)
			go func() { done <- cmd.Wait() }()
			select {
			case err := <-done:
				if err != nil {
					t.Errorf("exit after %v: %v\nstderr:\n%s", sig, err, buf)
				}
			case <-time.After(10 * time.Second):
				_ = cmd.Process.Kill()
				t.Fatalf("still running 10 s after %v", sig)
			}
			_ = pw.Close()
			if !strings.Contains(buf.String(), "shutting down") {
				t.Errorf("no shutdown line after %v:\n%s", sig, buf)
			}
		})
	}
}

var siteURLRE = regexp.MustCompile(`site URL:\s+(http://\S+)`)

// TestStandaloneSandbox runs `atlassian-mcp sandbox` on an ephemeral port
// and serves MCP against it with an API token, as its banner suggests.
func TestStandaloneSandbox(t *testing.T) {
	base, _ := isolated(t)
	cmd := exec.Command(binary, "sandbox", "--addr", "127.0.0.1:0")
	cmd.Env = append(os.Environ(), base...)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { stopServer(cmd, io.NopCloser(nil)) })
	site := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			if m := siteURLRE.FindStringSubmatch(sc.Text()); m != nil {
				site <- m[1]
			}
		}
	}()
	var url string
	select {
	case url = <-site:
	case <-time.After(20 * time.Second):
		t.Fatal("the sandbox did not print its site URL")
	}
	s := start(t, "stdio", []string{"ATLASSIAN_SITE_URL=" + url, "ATLASSIAN_EMAIL=ana.lima@acme.example", "ATLASSIAN_API_TOKEN=sandbox-api-token-ana"})
	txt, _ := s.ok("jira_get_issue", map[string]any{"key": "ENG-1"})
	mustContain(t, txt, "Checkout v2")
}
