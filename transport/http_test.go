package transport

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/mark3labs/mcp-go/mcp"
	"github.com/mark3labs/mcp-go/server"
)

const initBody = `{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"t","version":"1"}}}`

func quietLogger() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

func testServer(hooks *server.Hooks) *server.MCPServer {
	opts := []server.ServerOption{server.WithToolCapabilities(false), server.WithLogger(quietLogger())}
	if hooks != nil {
		opts = append(opts, server.WithHooks(hooks))
	}
	s := server.NewMCPServer("t", "0", opts...)
	s.AddTool(mcp.NewTool("echo", mcp.WithString("s")), func(_ context.Context, r mcp.CallToolRequest) (*mcp.CallToolResult, error) {
		return mcp.NewToolResultText(r.GetString("s", "")), nil
	})
	return s
}

func post(t *testing.T, url, body string, header map[string]string) *http.Response {
	t.Helper()
	req, _ := http.NewRequest("POST", url, strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/json, text/event-stream")
	for k, v := range header {
		req.Header.Set(k, v)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { res.Body.Close() })
	return res
}

func TestStreamableHTTPHardening(t *testing.T) {
	h := StreamableHandler(testServer(nil), HTTPOptions{MaxBodyBytes: 2048, AllowedOrigins: []string{"https://agents.example.com"}, Logger: quietLogger()})
	ts := httptest.NewServer(h)
	defer ts.Close()
	url := ts.URL + "/mcp"
	cases := []struct {
		name   string
		body   string
		header map[string]string
		want   int
	}{
		{"plain initialize", initBody, nil, 200},
		{"localhost origin", initBody, map[string]string{"Origin": "http://localhost:3000"}, 200},
		{"loopback IP origin", initBody, map[string]string{"Origin": "http://127.0.0.1:5173"}, 200},
		{"configured origin", initBody, map[string]string{"Origin": "https://agents.example.com"}, 200},
		{"foreign origin", initBody, map[string]string{"Origin": "https://evil.example"}, 403},
		{"look-alike origin", initBody, map[string]string{"Origin": "http://localhost.evil.example"}, 403},
		{"body over the limit", `{"jsonrpc":"2.0","id":1,"method":"ping","params":{"pad":"` + strings.Repeat("x", 4096) + `"}}`, nil, 413},
	}
	for _, c := range cases {
		res := post(t, url, c.body, c.header)
		if res.StatusCode != c.want {
			b, _ := io.ReadAll(res.Body)
			t.Errorf("%s: status %d, want %d (%s)", c.name, res.StatusCode, c.want, b)
		}
	}
}

// TestChunkedBodyOverLimit sends a body without Content-Length, so only the
// reading limit can catch it.
func TestChunkedBodyOverLimit(t *testing.T) {
	ts := httptest.NewServer(StreamableHandler(testServer(nil), HTTPOptions{MaxBodyBytes: 1024, Logger: quietLogger()}))
	defer ts.Close()
	pr, pw := io.Pipe()
	go func() {
		fmt.Fprint(pw, `{"jsonrpc":"2.0","id":1,"method":"ping","params":{"pad":"`+strings.Repeat("y", 5000)+`"}}`)
		pw.Close()
	}()
	req, _ := http.NewRequest("POST", ts.URL+"/mcp", pr)
	req.ContentLength = -1 // unknown: the client sends it chunked
	req.Header.Set("Content-Type", "application/json")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	if res.StatusCode != http.StatusRequestEntityTooLarge {
		t.Errorf("chunked oversized body: status %d, want 413", res.StatusCode)
	}
}

// TestIdleSessionsAreReclaimed initialises many sessions that never say
// goodbye and checks that the idle sweep unregisters every one of them and
// gives their memory back.
func TestIdleSessionsAreReclaimed(t *testing.T) {
	if testing.Short() {
		t.Skip("waits for the session sweeper (about 3 s); skipped in -short mode")
	}
	var registered, unregistered atomic.Int64
	hooks := &server.Hooks{}
	hooks.AddOnRegisterSession(func(context.Context, server.ClientSession) { registered.Add(1) })
	hooks.AddOnUnregisterSession(func(context.Context, server.ClientSession) { unregistered.Add(1) })
	ts := httptest.NewServer(StreamableHandler(testServer(hooks), HTTPOptions{SessionIdleTTL: time.Second, Logger: quietLogger()}))
	defer ts.Close()
	const n = 1000
	heap := func() uint64 {
		runtime.GC()
		var m runtime.MemStats
		runtime.ReadMemStats(&m)
		return m.HeapAlloc
	}
	before := heap()
	for i := 0; i < n; i++ {
		req, _ := http.NewRequest("POST", ts.URL+"/mcp", strings.NewReader(initBody))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Accept", "application/json, text/event-stream")
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		_, _ = io.Copy(io.Discard, res.Body)
		res.Body.Close()
		if res.StatusCode != 200 {
			t.Fatalf("initialize %d: status %d", i, res.StatusCode)
		}
	}
	peak := heap()
	deadline := time.Now().Add(10 * time.Second)
	for unregistered.Load() < registered.Load() && time.Now().Before(deadline) {
		time.Sleep(200 * time.Millisecond)
	}
	after := heap()
	t.Logf("%d sessions: registered %d, reclaimed %d; heap %d KiB before, %d KiB at peak, %d KiB after the sweep",
		n, registered.Load(), unregistered.Load(), before>>10, peak>>10, after>>10)
	if registered.Load() < n || unregistered.Load() != registered.Load() {
		t.Errorf("registered %d sessions, reclaimed %d", registered.Load(), unregistered.Load())
	}
	if after > before && after-before > n*1024 {
		t.Errorf("heap grew by %d KiB for %d abandoned sessions; more than 1 KiB each stays behind", (after-before)>>10, n)
	}
}

func TestSSEKeepAlive(t *testing.T) {
	ts := httptest.NewServer(SSEHandler(testServer(nil), HTTPOptions{KeepAlive: 100 * time.Millisecond, Logger: quietLogger()}))
	defer ts.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, "GET", ts.URL+"/sse", nil)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	sc := bufio.NewScanner(res.Body)
	var sawEndpoint, sawPing bool
	for sc.Scan() && !(sawEndpoint && sawPing) {
		line := sc.Text()
		sawEndpoint = sawEndpoint || strings.HasPrefix(line, "event: endpoint")
		sawPing = sawPing || (strings.HasPrefix(line, "data:") && strings.Contains(line, `"method":"ping"`))
	}
	if !sawEndpoint || !sawPing {
		t.Errorf("SSE stream: endpoint event %v, keep-alive ping %v", sawEndpoint, sawPing)
	}
}

func TestSSERejectsForeignOrigin(t *testing.T) {
	ts := httptest.NewServer(SSEHandler(testServer(nil), HTTPOptions{Logger: quietLogger()}))
	defer ts.Close()
	req, _ := http.NewRequest("GET", ts.URL+"/sse", nil)
	req.Header.Set("Origin", "https://evil.example")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != 403 {
		t.Errorf("foreign origin on /sse: %d, want 403", res.StatusCode)
	}
}

// TestServeShutsDownGracefully checks that a request in flight when the
// context ends still gets its answer, and that Serve then returns.
func TestServeShutsDownGracefully(t *testing.T) {
	release := make(chan struct{})
	started := make(chan struct{})
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		close(started)
		<-release
		fmt.Fprint(w, "done")
	})
	ctx, cancel := context.WithCancel(context.Background())
	addrc := make(chan net.Addr, 1)
	errc := make(chan error, 1)
	go func() {
		errc <- Serve(ctx, h, HTTPOptions{Addr: "127.0.0.1:0", Logger: quietLogger(), Ready: func(a net.Addr) { addrc <- a }})
	}()
	addr := <-addrc
	got := make(chan string, 1)
	go func() {
		res, err := http.Get("http://" + addr.String() + "/")
		if err != nil {
			got <- "error: " + err.Error()
			return
		}
		b, _ := io.ReadAll(res.Body)
		res.Body.Close()
		got <- string(b)
	}()
	<-started
	cancel()
	time.Sleep(50 * time.Millisecond) // let Shutdown begin while the request is in flight
	close(release)
	if body := <-got; body != "done" {
		t.Errorf("in-flight request got %q, want done", body)
	}
	if err := <-errc; err != nil {
		t.Errorf("Serve returned %v", err)
	}
	if _, err := net.DialTimeout("tcp", addr.String(), time.Second); err == nil {
		t.Error("the listener still accepts connections after shutdown")
	}
}

func TestServeNamesTheBusyAddress(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	err = Serve(context.Background(), http.NotFoundHandler(), HTTPOptions{Addr: ln.Addr().String(), Logger: quietLogger()})
	if err == nil || !strings.Contains(err.Error(), ln.Addr().String()) || !strings.Contains(err.Error(), "--addr") {
		t.Errorf("err = %v, want one naming the address and --addr", err)
	}
}
