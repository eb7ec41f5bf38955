package claw

import (
	"io"
	"log/slog"

	"github.com/clawbridge/atlassian-mcp/transport"
)

func transportOpts() transport.HTTPOptions {
	return transport.HTTPOptions{Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}
}
