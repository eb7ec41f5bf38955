// Package transport serves an MCP server over stdio, SSE and streamable
// HTTP, with the hardening mcp-go leaves to its users: a request-body
// limit, an Origin check, bounded sessions, SSE keep-alive, caller
// authentication and graceful shutdown.
package transport

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/mark3labs/mcp-go/server"
)

// HTTPOptions configure the HTTP transports.
type HTTPOptions struct {
	// Addr is the listen address, e.g. 127.0.0.1:8080.
	Addr string
	// MaxBodyBytes limits a request body; larger bodies get 413 (default 1 MiB).
	MaxBodyBytes int64
	// AllowedOrigins lists the browser origins allowed besides localhost
	// ones. A request with any other Origin gets 403.
	AllowedOrigins []string
	// SessionIdleTTL reclaims streamable HTTP sessions idle this long
	// (default 10 minutes), so clients that never send DELETE leak nothing.
	SessionIdleTTL time.Duration
	// KeepAlive is the SSE keep-alive interval (default 25 s).
	KeepAlive time.Duration
	// Middleware wraps the MCP handler.
	Middleware func(http.Handler) http.Handler
	// Gate, if set, decides whether a request may proceed, before its body
	// is read: an unauthenticated caller is answered at once rather than
	// after it has trickled in a megabyte. It writes the refusal itself and
	// returns false, or returns the request to serve (for example with the
	// caller in its context) and true.
	Gate func(w http.ResponseWriter, r *http.Request) (*http.Request, bool)
	// ContextFunc adds values derived from the request (the caller, a
	// delegated token) to each MCP request's context.
	ContextFunc func(ctx context.Context, r *http.Request) context.Context
	// Logger logs transport events.
	Logger *slog.Logger
	// Ready, if set, is called with the bound address once listening.
	Ready func(addr net.Addr)
	// NewSessionID, if set, makes the id of each session a request opens,
	// over streamable HTTP and SSE alike (for example, to bind it to the
	// caller). The transports then accept any id of the same shape, so the
	// handler in front of them must check the ids requests carry.
	NewSessionID func(r *http.Request) string
}

func (o *HTTPOptions) defaults() {
	if o.MaxBodyBytes <= 0 {
		o.MaxBodyBytes = 1 << 20
	}
	if o.SessionIdleTTL <= 0 {
		o.SessionIdleTTL = 10 * time.Minute
	}
	if o.KeepAlive <= 0 {
		o.KeepAlive = 25 * time.Second
	}
	if o.Logger == nil {
		o.Logger = slog.Default()
	}
}

// StreamableHandler returns the hardened streamable HTTP handler for srv,
// serving MCP at /mcp.
func StreamableHandler(srv *server.MCPServer, o HTTPOptions) http.Handler {
	o.defaults()
	mux := http.NewServeMux()
	mux.Handle("/mcp", Streamable(srv, o))
	return Harden(mux, o)
}

// Streamable returns srv's streamable HTTP handler, without hardening, for
// a router that hardens and dispatches itself. It serves whatever path it
// is given.
func Streamable(srv *server.MCPServer, o HTTPOptions) http.Handler {
	o.defaults()
	opts := []server.StreamableHTTPOption{
		server.WithEndpointPath("/mcp"),
		server.WithSessionIdleTTL(o.SessionIdleTTL),
		server.WithEventStore(server.NewInMemoryEventStore()),
		server.WithHeartbeatInterval(o.KeepAlive),
		server.WithStreamableHTTPLogger(o.Logger),
	}
	if o.ContextFunc != nil {
		opts = append(opts, server.WithHTTPContextFunc(server.HTTPContextFunc(o.ContextFunc)))
	}
	if o.NewSessionID != nil {
		opts = append(opts, server.WithSessionIdManagerResolver(sessionIDs(o.NewSessionID)))
	}
	return server.NewStreamableHTTPServer(srv, opts...)
}

// SSEHandler returns the hardened SSE handler for srv: the event stream at
// /sse and messages at /message.
func SSEHandler(srv *server.MCPServer, o HTTPOptions) http.Handler {
	return Harden(SSE(srv, o, ""), o)
}

// SSE returns srv's SSE handler, without hardening: the event stream at
// base+"/sse" and messages at base+"/message".
func SSE(srv *server.MCPServer, o HTTPOptions, base string) http.Handler {
	o.defaults()
	opts := []server.SSEOption{
		server.WithKeepAlive(true),
		server.WithKeepAliveInterval(o.KeepAlive),
		server.WithUseFullURLForMessageEndpoint(false),
	}
	if base != "" {
		opts = append(opts, server.WithStaticBasePath(base))
	}
	if o.ContextFunc != nil {
		opts = append(opts, server.WithSSEContextFunc(server.SSEContextFunc(o.ContextFunc)))
	}
	if o.NewSessionID != nil {
		opts = append(opts, server.WithSessionIDGenerator(func(_ context.Context, r *http.Request) (string, error) {
			return o.NewSessionID(r), nil
		}))
	}
	return server.NewSSEServer(srv, opts...)
}

// Harden wraps h with the Origin check, the body limit and the caller
// middleware. Bodies are read up front (MCP messages are small), so an
// oversized body gets a clean 413 whether or not it declared its length.
func Harden(h http.Handler, o HTTPOptions) http.Handler {
	o.defaults()
	if o.Middleware != nil {
		h = o.Middleware(h)
	}
	allowed := map[string]bool{}
	for _, a := range o.AllowedOrigins {
		allowed[strings.TrimRight(strings.ToLower(a), "/")] = true
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if origin := r.Header.Get("Origin"); origin != "" && !originAllowed(origin, allowed) {
			http.Error(w, "Forbidden: origin "+origin+" is not allowed; add it with --allow-origin", http.StatusForbidden)
			return
		}
		if o.Gate != nil {
			var ok bool
			if r, ok = o.Gate(w, r); !ok {
				return
			}
		}
		if r.Body != nil && r.Body != http.NoBody {
			body, err := io.ReadAll(io.LimitReader(r.Body, o.MaxBodyBytes+1))
			_ = r.Body.Close()
			if err != nil {
				http.Error(w, "Bad request: could not read the body", http.StatusBadRequest)
				return
			}
			if int64(len(body)) > o.MaxBodyBytes {
				http.Error(w, fmt.Sprintf("Request body too large: the limit is %d bytes", o.MaxBodyBytes), http.StatusRequestEntityTooLarge)
				return
			}
			r.Body = io.NopCloser(bytes.NewReader(body))
			r.ContentLength = int64(len(body))
		}
		h.ServeHTTP(w, r)
	})
}

// originAllowed accepts localhost origins and configured ones.
func originAllowed(origin string, allowed map[string]bool) bool {
	if allowed[strings.TrimRight(strings.ToLower(origin), "/")] {
		return true
	}
	u, err := url.Parse(origin)
	if err != nil {
		return false
	}
	host := u.Hostname()
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// Serve runs h on o.Addr until ctx ends, then shuts down gracefully,
// giving in-flight requests up to 10 seconds.
func Serve(ctx context.Context, h http.Handler, o HTTPOptions) error {
	o.defaults()
	ln, err := net.Listen("tcp", o.Addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w (choose another address with --addr)", o.Addr, err)
	}
	srv := &http.Server{
		Handler:           h,
		ReadHeaderTimeout: 10 * time.Second,
		// A body must arrive within this time too; responses (SSE streams)
		// have no write deadline.
		ReadTimeout: 30 * time.Second,
		IdleTimeout: 2 * time.Minute,
		ErrorLog:    slog.NewLogLogger(o.Logger.Handler(), slog.LevelWarn),
	}
	if o.Ready != nil {
		o.Ready(ln.Addr())
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	o.Logger.Info("shutting down", "addr", ln.Addr().String())
	sctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil && !errors.Is(err, context.DeadlineExceeded) {
		return err
	}
	return nil
}
