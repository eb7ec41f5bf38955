// Command atlassian-mcp is an MCP server that lets LLM agents work in Jira
// and Confluence, only where they are allowed to.
//
// Usage:
//
//	atlassian-mcp serve [--sandbox] [--transport stdio|sse|http] [--addr ADDR]
//	atlassian-mcp tools
//	atlassian-mcp sandbox [--addr ADDR]
//	atlassian-mcp version
package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"runtime/debug"
	"strings"
	"syscall"
	"time"
)

// version is set at build time with -ldflags "-X main.version=…".
var version = "dev"

func main() {
	relaxStartupGC()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// A command is one subcommand of the binary.
type command struct {
	name, summary string
	run           func(ctx context.Context, args []string, env *environment) int
}

// environment is what every command is given: its streams and logger.
type environment struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	log            *slog.Logger
	protocolLog    *slog.Logger // mcp-go's per-request lines: warnings only unless debugging
	getenv         func(string) string
}

func commands() []command {
	return []command{
		{"serve", "run the MCP server (stdio by default)", runServe},
		{"tools", "print the tool catalogue", runTools},
		{"sandbox", "run the Atlassian Cloud simulator", runSandbox},
		{"claw", "manage Claws: `claw key NAME` creates a caller key", runClaw},
		{"auth", "connect to Atlassian: auth login|token|status|logout", runAuth},
		{"doctor", "check the configuration, credentials and site end to end", runDoctor},
		{"version", "print the version", func(_ context.Context, _ []string, env *environment) int {
			fmt.Fprintln(env.stdout, "atlassian-mcp", version)
			return 0
		}},
	}
}

func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	return runEnv(ctx, args, stdin, stdout, stderr, os.Getenv)
}

// runEnv is run with the environment read through getenv.
func runEnv(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer, getenv func(string) string) int {
	level := getenv("ATLASSIAN_MCP_LOG_LEVEL")
	env := &environment{stdin: stdin, stdout: stdout, stderr: stderr, getenv: getenv,
		log: newLogger(stderr, level), protocolLog: newLogger(stderr, "warn")}
	if strings.EqualFold(level, "debug") {
		env.protocolLog = env.log
	}
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		usage(stderr)
		if len(args) == 0 {
			return 2
		}
		return 0
	}
	for _, c := range commands() {
		if c.name == args[0] {
			return c.run(ctx, args[1:], env)
		}
	}
	fmt.Fprintf(stderr, "atlassian-mcp: unknown command %q\n\n", args[0])
	usage(stderr)
	return 2
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "atlassian-mcp: an MCP server for Jira and Confluence")
	fmt.Fprintln(w, "\nCommands:")
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-9s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(w, "\nRun `atlassian-mcp COMMAND -h` for a command's flags.")
}

// relaxStartupGC keeps the garbage collector from running while the server
// starts: package initialisation (mostly dependencies) leaves a few MB of
// short-lived garbage, and a collection at that moment cost about 4 ms of
// the time an agent runtime waits for tools/list. Normal collection resumes
// after two seconds. An explicit GOGC is left alone.
func relaxStartupGC() {
	if os.Getenv("GOGC") != "" {
		return
	}
	prev := debug.SetGCPercent(800)
	time.AfterFunc(2*time.Second, func() { debug.SetGCPercent(prev) })
}

// newLogger logs text to w (stderr) at the named level (default info).
func newLogger(w io.Writer, level string) *slog.Logger {
	var l slog.Level
	switch strings.ToLower(level) {
	case "debug":
		l = slog.LevelDebug
	case "warn":
		l = slog.LevelWarn
	case "error":
		l = slog.LevelError
	default:
		l = slog.LevelInfo
	}
	return slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{Level: l}))
}
