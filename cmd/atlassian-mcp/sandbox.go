package main

import (
	"context"
	"errors"
	"flag"
	"fmt"

	"github.com/clawbridge/atlassian-mcp/sandbox"
)

// runSandbox runs the Atlassian Cloud simulator until interrupted.
func runSandbox(ctx context.Context, args []string, env *environment) int {
	fs := flag.NewFlagSet("sandbox", flag.ContinueOnError)
	fs.SetOutput(env.stderr)
	addr := fs.String("addr", "127.0.0.1:9090", "listen address")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	err := sandbox.Serve(ctx, *addr, sandbox.Options{}, func(sb *sandbox.Sandbox, url string) {
		fmt.Fprintf(env.stdout, "Atlassian sandbox listening on %s\n", url)
		fmt.Fprintf(env.stdout, "  authorize:  %s/authorize   token: %s/oauth/token\n", url, url)
		fmt.Fprintf(env.stdout, "  client id:  %s   client secret: %s\n", sandbox.ClientID, sandbox.ClientSecret)
		fmt.Fprintf(env.stdout, "  Jira:       %s/ex/jira/%s/rest/api/3/myself\n", url, sandbox.CloudID)
		fmt.Fprintf(env.stdout, "  site URL:   %s (basic auth: ana.lima@acme.example / sandbox-api-token-ana)\n", sb.SiteURL(sandbox.CloudID))
		fmt.Fprintf(env.stdout, "Use it with: atlassian-mcp serve --api-host %s --auth-host %s\n", url, url)
	})
	if err != nil {
		fmt.Fprintln(env.stderr, "atlassian-mcp sandbox:", err)
		return 1
	}
	return 0
}
