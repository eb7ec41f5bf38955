package transport

import (
	"bytes"
	"context"
	"io"
	"log"
	"log/slog"
	"sync"
	"time"

	"github.com/mark3labs/mcp-go/server"
	"github.com/tidwall/gjson"
)

// drainTimeout bounds how long the server waits, once stdin has ended, for
// the answers to requests already read.
const drainTimeout = 2 * time.Minute

// ServeStdio serves srv over stdin and stdout until stdin ends (EOF) or ctx
// is cancelled. Only JSON-RPC is ever written to out; logs go to logger.
// When stdin ends, requests already read are answered before it returns
// (mcp-go would cancel them), so `… | atlassian-mcp serve` loses nothing.
func ServeStdio(ctx context.Context, srv *server.MCPServer, in io.Reader, out io.Writer, logger *slog.Logger, contextFunc func(context.Context) context.Context) error {
	s := server.NewStdioServer(srv)
	s.SetErrorLogger(log.New(slogWriter{logger}, "", 0))
	if contextFunc != nil {
		server.WithStdioContextFunc(server.StdioContextFunc(contextFunc))(s)
	}
	t := newTracker()
	return s.Listen(ctx, &drainReader{r: in, t: t, ctx: ctx}, &countingWriter{w: out, t: t})
}

// tracker counts requests read and responses written.
type tracker struct {
	mu      sync.Mutex
	pending int
	changed chan struct{}
}

func newTracker() *tracker { return &tracker{changed: make(chan struct{})} }

func (t *tracker) add(n int) {
	if n == 0 {
		return
	}
	t.mu.Lock()
	t.pending += n
	close(t.changed)
	t.changed = make(chan struct{})
	t.mu.Unlock()
}

// wait blocks until no request is pending, ctx ends or the timeout passes.
func (t *tracker) wait(ctx context.Context, timeout time.Duration) {
	deadline := time.After(timeout)
	for {
		t.mu.Lock()
		pending, changed := t.pending, t.changed
		t.mu.Unlock()
		if pending <= 0 {
			return
		}
		select {
		case <-changed:
		case <-ctx.Done():
			return
		case <-deadline:
			return
		}
	}
}

// lines splits a stream into complete lines, keeping the partial tail.
type lines struct{ partial []byte }

func (l *lines) feed(p []byte, each func(line []byte)) {
	for len(p) > 0 {
		i := bytes.IndexByte(p, '\n')
		if i < 0 {
			l.partial = append(l.partial, p...)
			return
		}
		line := p[:i]
		if len(l.partial) > 0 {
			line = append(l.partial, line...)
			l.partial = nil
		}
		each(line)
		p = p[i+1:]
	}
}

// drainReader counts the JSON-RPC requests it reads (messages with a method
// and an id) and, at EOF, waits until each has been answered.
type drainReader struct {
	r   io.Reader
	t   *tracker
	ctx context.Context
	l   lines
}

// Read implements io.Reader.
func (d *drainReader) Read(p []byte) (int, error) {
	n, err := d.r.Read(p)
	requests := 0
	d.l.feed(p[:n], func(line []byte) {
		if gjson.GetBytes(line, "method").Exists() && gjson.GetBytes(line, "id").Exists() {
			requests++
		}
	})
	d.t.add(requests)
	if err == io.EOF {
		d.t.wait(d.ctx, drainTimeout)
	}
	return n, err
}

// countingWriter counts the JSON-RPC responses it writes. It serialises
// writes, since mcp-go writes server-to-client requests (elicitation)
// outside the lock it holds for responses.
type countingWriter struct {
	mu sync.Mutex
	w  io.Writer
	t  *tracker
	l  lines
}

// Write implements io.Writer.
func (c *countingWriter) Write(p []byte) (int, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	n, err := c.w.Write(p)
	responses := 0
	c.l.feed(p[:n], func(line []byte) {
		if !gjson.GetBytes(line, "method").Exists() && gjson.GetBytes(line, "id").Exists() {
			responses++
		}
	})
	c.t.add(-responses)
	return n, err
}

// slogWriter adapts a *slog.Logger to the io.Writer a *log.Logger needs.
type slogWriter struct{ l *slog.Logger }

// Write logs p as one warning.
func (w slogWriter) Write(p []byte) (int, error) {
	w.l.Warn(string(bytes.TrimRight(p, "\r\n")), "transport", "stdio")
	return len(p), nil
}
