package claw

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"strings"

	"github.com/mark3labs/mcp-go/server"
)

// A sessionBinder binds each MCP session over HTTP to the caller key that
// opened it. The session id is a random nonce and a MAC of the nonce and
// the key's hash, under a secret the process draws at start, so a request
// may use a session only with the key that opened it, and nothing need be
// stored per session. A session id that leaks (into a log, say) is of no
// use to a caller with another key: the session answers it as one that
// does not exist.
type sessionBinder struct {
	secret []byte
}

func newSessionBinder() *sessionBinder {
	return &sessionBinder{secret: randomBytes(32)}
}

// randomBytes returns n bytes from crypto/rand, whose Read never fails
// (it ends the program first).
func randomBytes(n int) []byte {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return b
}

// newID returns the id of a session r opens: 32 hex digits of nonce, a dot
// and 32 of MAC.
func (b *sessionBinder) newID(r *http.Request) string {
	nonce := hex.EncodeToString(randomBytes(16))
	return nonce + "." + b.mac(nonce, keyHashOf(r))
}

// owns reports whether session id was opened with the key whose hash is h.
func (b *sessionBinder) owns(id, h string) bool {
	nonce, mac, ok := strings.Cut(id, ".")
	return ok && hmac.Equal([]byte(mac), []byte(b.mac(nonce, h)))
}

func (b *sessionBinder) mac(nonce, h string) string {
	m := hmac.New(sha256.New, b.secret)
	m.Write([]byte(nonce))
	m.Write([]byte{0})
	m.Write([]byte(h))
	return hex.EncodeToString(m.Sum(nil)[:16])
}

// keyHashOf returns the hash of the caller key of r, which the Gate put in
// its context, or "" (when mcp-go asks without a request).
func keyHashOf(r *http.Request) string {
	if r == nil {
		return ""
	}
	info, _ := r.Context().Value(requestKey{}).(requestInfo)
	return info.keyHash
}

// checkSession refuses a request that carries a session id its caller key
// did not open, whether or not that session exists, so the answer tells
// nothing about other keys' sessions. Over streamable HTTP the id is in the
// Mcp-Session-Id header, and the refusal is a 404, which tells a client to
// start a new session; checkSession writes it and returns false. Over SSE,
// messages carry the id in the sessionId parameter; checkSession swaps it
// for one no session has and returns true, so the SSE server gives its own
// answer for an unknown session.
func (b *sessionBinder) checkSession(w http.ResponseWriter, r *http.Request, kind string) bool {
	h := keyHashOf(r)
	if kind == "sse" {
		id := r.URL.Query().Get("sessionId")
		if id == "" || b.owns(id, h) {
			return true
		}
		// mcp-go's SSE server answers an unknown session with a JSON-RPC
		// error; hand it an id no session can have, so that it does.
		q := r.URL.Query()
		q.Set("sessionId", "unknown")
		r.URL.RawQuery = q.Encode()
		return true
	}
	id := r.Header.Get(server.HeaderKeySessionID)
	if id == "" || b.owns(id, h) {
		return true
	}
	http.Error(w, "Invalid session ID", http.StatusNotFound)
	return false
}
