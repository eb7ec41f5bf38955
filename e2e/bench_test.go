package e2e

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"os/exec"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

// startupExchange is what a client sends right after spawning the server.
const startupExchange = `{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"bench","version":"1"}}}
{"jsonrpc":"2.0","method":"notifications/initialized"}
{"jsonrpc":"2.0","id":2,"method":"tools/list"}
`

// spawnToToolsList starts the binary, sends initialize and tools/list over
// stdio, and returns the time until the tools/list answer arrives, with the
// process's resident memory at that moment (KiB).
func spawnToToolsList(b *testing.B, env []string, args ...string) (time.Duration, int) {
	cmd := exec.Command(binary, args...)
	cmd.Env = append(os.Environ(), env...)
	stdin, _ := cmd.StdinPipe()
	stdout, _ := cmd.StdoutPipe()
	cmd.Stderr = io.Discard
	start := time.Now()
	if err := cmd.Start(); err != nil {
		b.Fatal(err)
	}
	if _, err := io.WriteString(stdin, startupExchange); err != nil {
		b.Fatal(err)
	}
	sc := bufio.NewScanner(stdout)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	var elapsed time.Duration
	for sc.Scan() {
		if strings.Contains(sc.Text(), `"id":2`) {
			elapsed = time.Since(start)
			break
		}
	}
	if elapsed == 0 {
		b.Fatal("no tools/list answer")
	}
	rss := rssKiB(cmd.Process.Pid)
	stdin.Close()
	_ = cmd.Wait()
	return elapsed, rss
}

// rssKiB reads a process's resident set size from /proc, or -1.
func rssKiB(pid int) int {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return -1
	}
	for _, line := range strings.Split(string(data), "\n") {
		if strings.HasPrefix(line, "VmRSS:") {
			n, _ := strconv.Atoi(strings.Fields(line)[1])
			return n
		}
	}
	return -1
}

func benchStartup(b *testing.B, env []string, args ...string) {
	var times []time.Duration
	var rss []int
	for i := 0; i < b.N; i++ {
		d, r := spawnToToolsList(b, env, args...)
		times = append(times, d)
		rss = append(rss, r)
	}
	slices.Sort(times)
	slices.Sort(rss)
	b.ReportMetric(float64(times[len(times)/2].Microseconds())/1000, "ms-median")
	b.ReportMetric(float64(rss[len(rss)/2])/1024, "MB-RSS")
}

// BenchmarkStartupStdio measures spawn-to-tools/list over stdio for a
// server configured with an API token (no network call at start-up).
func BenchmarkStartupStdio(b *testing.B) {
	benchStartup(b, []string{"ATLASSIAN_SITE_URL=http://127.0.0.1:1", "ATLASSIAN_EMAIL=a@b.c", "ATLASSIAN_API_TOKEN=x"}, "serve")
}

// BenchmarkStartupStdioSandbox is the same with the embedded sandbox, which
// seeds its data and completes an OAuth round trip before serving.
func BenchmarkStartupStdioSandbox(b *testing.B) {
	benchStartup(b, nil, "serve", "--sandbox")
}
