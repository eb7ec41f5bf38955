package tools

import (
	"context"
	"fmt"
	"log/slog"
	"runtime/debug"
	"time"

	"github.com/mark3labs/mcp-go/mcp"
	"github.com/mark3labs/mcp-go/server"
)

// ServerOptions configure NewServer.
type ServerOptions struct {
	Name, Version string
	// Instructions are sent to the client at initialisation.
	Instructions string
	// CallTimeout bounds one tool call (default 60 s).
	CallTimeout time.Duration
	// Middleware wraps every tool handler, outermost first, inside the
	// panic recovery and the timeout.
	Middleware []server.ToolHandlerMiddleware
	// ProtocolLogger receives mcp-go's own logs (one line per request at
	// info level); nil means the handler logger.
	ProtocolLogger *slog.Logger
	// ServerOptions are passed to mcp-go as they are.
	ServerOptions []server.ServerOption
}

// NewServer returns an MCP server offering ts, each handler built from d.
func NewServer(ts []Tool, d *Deps, o ServerOptions) *server.MCPServer {
	if o.CallTimeout <= 0 {
		o.CallTimeout = 60 * time.Second
	}
	if d.Logger == nil {
		d.Logger = slog.Default()
	}
	if d.Now == nil {
		d.Now = time.Now
	}
	if o.ProtocolLogger == nil {
		o.ProtocolLogger = d.Logger
	}
	opts := []server.ServerOption{
		server.WithToolCapabilities(false),
		server.WithLogger(o.ProtocolLogger),
		server.WithToolHandlerMiddleware(recoverPanics(d.Logger)),
		server.WithToolHandlerMiddleware(timeout(o.CallTimeout)),
	}
	for _, m := range o.Middleware {
		opts = append(opts, server.WithToolHandlerMiddleware(m))
	}
	if o.Instructions != "" {
		opts = append(opts, server.WithInstructions(o.Instructions))
	}
	opts = append(opts, o.ServerOptions...)
	s := server.NewMCPServer(o.Name, o.Version, opts...)
	st := make([]server.ServerTool, 0, len(ts))
	for _, t := range ts {
		st = append(st, server.ServerTool{Tool: t.Def, Handler: t.New(d)})
	}
	s.AddTools(st...)
	return s
}

// recoverPanics turns a panicking handler into an error result, so one bad
// call never takes the server down.
func recoverPanics(log *slog.Logger) server.ToolHandlerMiddleware {
	return func(next server.ToolHandlerFunc) server.ToolHandlerFunc {
		return func(ctx context.Context, req mcp.CallToolRequest) (res *mcp.CallToolResult, err error) {
			defer func() {
				if r := recover(); r != nil {
					log.Error("tool panicked", "tool", req.Params.Name, "panic", fmt.Sprint(r), "stack", string(debug.Stack()))
					res, err = mcp.NewToolResultError("internal error in "+req.Params.Name+"; the server logged the details"), nil
				}
			}()
			return next(ctx, req)
		}
	}
}

// timeout bounds each call.
func timeout(d time.Duration) server.ToolHandlerMiddleware {
	return func(next server.ToolHandlerFunc) server.ToolHandlerFunc {
		return func(ctx context.Context, req mcp.CallToolRequest) (*mcp.CallToolResult, error) {
			ctx, cancel := context.WithTimeout(ctx, d)
			defer cancel()
			return next(ctx, req)
		}
	}
}
