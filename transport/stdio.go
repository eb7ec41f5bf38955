package transport

import (
	"context"
	"io"
	"log"
	"log/slog"

	"github.com/mark3labs/mcp-go/server"
)

// ServeStdio serves srv over stdin and stdout until stdin ends (EOF) or ctx
// is cancelled. Only JSON-RPC is ever written to out; logs go to logger.
func ServeStdio(ctx context.Context, srv *server.MCPServer, in io.Reader, out io.Writer, logger *slog.Logger, contextFunc func(context.Context) context.Context) error {
	s := server.NewStdioServer(srv)
	s.SetErrorLogger(log.New(slogWriter{logger}, "", 0))
	if contextFunc != nil {
		server.WithStdioContextFunc(server.StdioContextFunc(contextFunc))(s)
	}
	return s.Listen(ctx, in, out)
}

// slogWriter adapts a *slog.Logger to the io.Writer a *log.Logger needs.
type slogWriter struct{ l *slog.Logger }

// Write logs p as one warning.
func (w slogWriter) Write(p []byte) (int, error) {
	w.l.Warn(string(trimNewline(p)), "transport", "stdio")
	return len(p), nil
}

func trimNewline(p []byte) []byte {
	for len(p) > 0 && (p[len(p)-1] == '\n' || p[len(p)-1] == '\r') {
		p = p[:len(p)-1]
	}
	return p
}
