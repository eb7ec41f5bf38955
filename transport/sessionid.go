package transport

import (
	"errors"
	"net/http"

	"github.com/mark3labs/mcp-go/server"
)

// sessionIDs is mcp-go's session id manager for HTTPOptions.NewSessionID:
// it makes ids with the function, for the request that opens the session.
type sessionIDs func(r *http.Request) string

// ResolveSessionIdManager implements server.SessionIdManagerResolver. r is
// nil when mcp-go closes sessions on its own.
func (f sessionIDs) ResolveSessionIdManager(r *http.Request) server.SessionIdManager {
	return sessionIDManager{newID: f, r: r}
}

type sessionIDManager struct {
	newID func(r *http.Request) string
	r     *http.Request
}

var errSessionID = errors.New("invalid session id")

// Generate implements server.SessionIdManager.
func (m sessionIDManager) Generate() string { return m.newID(m.r) }

// Validate implements server.SessionIdManager: it accepts any id of
// visible ASCII, as the MCP specification allows; which ids a caller may
// use is checked before the transport.
func (m sessionIDManager) Validate(id string) (isTerminated bool, err error) {
	if !visibleASCII(id) {
		return false, errSessionID
	}
	return false, nil
}

// Terminate implements server.SessionIdManager; ids are not tracked.
func (m sessionIDManager) Terminate(id string) (isNotAllowed bool, err error) {
	return false, nil
}

func visibleASCII(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < 0x21 || s[i] > 0x7e {
			return false
		}
	}
	return true
}
