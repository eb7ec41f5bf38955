package claw

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/mark3labs/mcp-go/mcp"
	"github.com/mark3labs/mcp-go/server"

	"github.com/clawbridge/atlassian-mcp/atlassian"
	"github.com/clawbridge/atlassian-mcp/audit"
	"github.com/clawbridge/atlassian-mcp/auth"
	"github.com/clawbridge/atlassian-mcp/scope"
	"github.com/clawbridge/atlassian-mcp/tools"
)

// ServerOptions configure a Claw's MCP server.
type ServerOptions struct {
	Name, Version, Instructions string
	CallTimeout                 time.Duration
	Logger, ProtocolLogger      *slog.Logger
	Audit                       *audit.Log
}

type callerKey struct{}

// WithCaller returns a context that names the caller (a short form of its
// key's hash, or "local" over stdio), for the audit log.
func WithCaller(ctx context.Context, caller string) context.Context {
	return context.WithValue(ctx, callerKey{}, caller)
}

func callerFrom(ctx context.Context) string {
	if c, ok := ctx.Value(callerKey{}).(string); ok {
		return c
	}
	return "local"
}

// Server returns the Claw's MCP server offering all the tools. Tools the
// Claw may not use are left out of tools/list, and calling one anyway is
// refused with the reason (the missing scopes, read-only mode, the toolset
// filter) and audited as denied.
func (c *Claw) Server(all []tools.Tool, o ServerOptions) *server.MCPServer {
	hidden := map[string]string{}
	for _, t := range all {
		info := scope.ToolInfo{Name: t.Def.Name, Toolset: t.Toolset, ReadOnly: t.ReadOnly(), Classic: t.Classic, Granular: t.Granular}
		if ok, why := c.Policy.Visible(info, c.Granted); !ok {
			hidden[t.Def.Name] = why
		}
	}
	hooks := &server.Hooks{}
	hooks.AddAfterListTools(func(_ context.Context, _ any, _ *mcp.ListToolsRequest, res *mcp.ListToolsResult) {
		kept := make([]mcp.Tool, 0, len(res.Tools))
		for _, t := range res.Tools {
			if _, h := hidden[t.Name]; !h {
				kept = append(kept, t)
			}
		}
		res.Tools = kept
	})
	deps := &tools.Deps{
		Atlassian: func(context.Context) (*atlassian.Client, error) { return c.Client, nil },
		Logger:    o.Logger,
	}
	return tools.NewServer(all, deps, tools.ServerOptions{
		Name: o.Name, Version: o.Version, Instructions: o.Instructions, CallTimeout: o.CallTimeout,
		ProtocolLogger: o.ProtocolLogger,
		Middleware:     []server.ToolHandlerMiddleware{c.who(), c.refuseHidden(hidden, o.Audit), c.approve(o.Audit)},
		// Elicitation is a client capability: the server asks only when a
		// profile lists approvals, and never claims it in its own.
		ServerOptions: []server.ServerOption{server.WithHooks(hooks)},
	})
}

// who puts the calling Claw, caller, tool and site into the context, for
// the audit records of the calls the tool makes.
func (c *Claw) who() server.ToolHandlerMiddleware {
	return func(next server.ToolHandlerFunc) server.ToolHandlerFunc {
		return func(ctx context.Context, req mcp.CallToolRequest) (*mcp.CallToolResult, error) {
			delegate, _ := auth.DelegatedIdentity(ctx)
			ctx = audit.WithWho(ctx, audit.Who{Claw: c.Profile.Name, Caller: callerFrom(ctx), Delegate: delegate, Tool: req.Params.Name, Site: c.Conn.SiteName})
			return next(ctx, req)
		}
	}
}

// refuseHidden refuses calls to tools the Claw may not use.
func (c *Claw) refuseHidden(hidden map[string]string, log *audit.Log) server.ToolHandlerMiddleware {
	return func(next server.ToolHandlerFunc) server.ToolHandlerFunc {
		return func(ctx context.Context, req mcp.CallToolRequest) (*mcp.CallToolResult, error) {
			if why, h := hidden[req.Params.Name]; h {
				if log != nil {
					_ = log.Deny(ctx, "tool.call", req.Params.Name, why)
				}
				return mcp.NewToolResultError(why), nil
			}
			return next(ctx, req)
		}
	}
}

// approve asks a human, through MCP elicitation, to approve each call to a
// tool the profile lists under approvals.
func (c *Claw) approve(log *audit.Log) server.ToolHandlerMiddleware {
	return func(next server.ToolHandlerFunc) server.ToolHandlerFunc {
		return func(ctx context.Context, req mcp.CallToolRequest) (*mcp.CallToolResult, error) {
			if !c.Policy.NeedsApproval(req.Params.Name) {
				return next(ctx, req)
			}
			srv := server.ServerFromContext(ctx)
			deny := func(why string) (*mcp.CallToolResult, error) {
				if log != nil {
					_ = log.Deny(ctx, "tool.approval", req.Params.Name, why)
				}
				return mcp.NewToolResultError(why), nil
			}
			if srv == nil {
				return deny(req.Params.Name + " needs a person's approval, and this connection cannot ask for it")
			}
			res, err := srv.RequestElicitation(ctx, mcp.ElicitationRequest{Params: mcp.ElicitationParams{
				Message:         fmt.Sprintf("Claw %s wants to call %s with %v. Approve?", c.Profile.Name, req.Params.Name, summarize(req.GetArguments())),
				RequestedSchema: map[string]any{"type": "object", "properties": map[string]any{}},
			}})
			if err != nil {
				return deny(fmt.Sprintf("%s needs a person's approval, but the client could not ask for it (%v); use a client that supports MCP elicitation", req.Params.Name, err))
			}
			if res.Action != mcp.ElicitationResponseActionAccept {
				return deny(fmt.Sprintf("a person did not approve this call to %s (%s)", req.Params.Name, res.Action))
			}
			return next(ctx, req)
		}
	}
}

// summarize shortens arguments for an approval prompt.
func summarize(args map[string]any) map[string]any {
	out := make(map[string]any, len(args))
	for k, v := range args {
		if s, ok := v.(string); ok && len(s) > 80 {
			v = s[:80] + "…"
		}
		out[k] = v
	}
	return out
}
