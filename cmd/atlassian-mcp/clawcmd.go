package main

import (
	"context"
	"errors"
	"flag"
	"fmt"

	"github.com/clawbridge/atlassian-mcp/config"
)

// runClaw handles `atlassian-mcp claw key NAME`: it creates a caller key
// for the Claw, stores only its hash in the configuration, and prints the
// key once.
func runClaw(_ context.Context, args []string, env *environment) int {
	if len(args) == 0 || args[0] != "key" {
		fmt.Fprintln(env.stderr, "usage: atlassian-mcp claw key NAME [--config FILE]")
		return 2
	}
	fs := flag.NewFlagSet("claw key", flag.ContinueOnError)
	fs.SetOutput(env.stderr)
	path := fs.String("config", "", "configuration file (default $ATLASSIAN_MCP_CONFIG or ~/.config/atlassian-mcp/config.yaml)")
	rest := args[1:]
	var name string
	if len(rest) > 0 && rest[0] != "" && rest[0][0] != '-' {
		name, rest = rest[0], rest[1:]
	}
	if err := fs.Parse(rest); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if name == "" && fs.NArg() > 0 {
		name = fs.Arg(0)
	}
	if name == "" {
		fmt.Fprintln(env.stderr, "atlassian-mcp claw key: name the Claw: atlassian-mcp claw key NAME")
		return 2
	}
	if *path == "" {
		*path = config.DefaultPath(env.getenv)
	}
	cfg, err := config.Load(*path, true)
	if err != nil {
		fmt.Fprintln(env.stderr, "atlassian-mcp claw key:", err)
		return 1
	}
	key, err := config.NewKey()
	if err != nil {
		fmt.Fprintln(env.stderr, "atlassian-mcp claw key:", err)
		return 1
	}
	if err := cfg.AddMember(name, config.HashKey(key)); err != nil {
		fmt.Fprintln(env.stderr, "atlassian-mcp claw key:", err)
		return 1
	}
	fmt.Fprintf(env.stdout, "%s\n", key)
	fmt.Fprintf(env.stderr, "Caller key for Claw %q created; it is shown only this once and %s keeps only its hash.\n", name, *path)
	fmt.Fprintf(env.stderr, "Agents send it as: Authorization: Bearer <key>\n")
	return 0
}
