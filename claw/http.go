package claw

import (
	"context"
	"crypto/subtle"
	"fmt"
	"net/http"
	"strings"

	"github.com/mark3labs/mcp-go/server"

	"github.com/clawbridge/atlassian-mcp/auth"
	"github.com/clawbridge/atlassian-mcp/config"
	"github.com/clawbridge/atlassian-mcp/transport"
)

// DelegatedTokenHeader carries an end user's own Atlassian access token
// for one request. (X-Atlassian-Token is Atlassian's XSRF header, so it is
// not used.)
const DelegatedTokenHeader = "X-Atlassian-Access-Token"

// Access decides which Claw a caller key may use.
type Access struct {
	Claws []*Claw
	// Org lists the hashes of the organisation's keys; an org-wide Claw
	// accepts them and any member key of any Claw.
	Org []string
}

// allowed reports whether the key's hash h may use c.
func (a *Access) allowed(c *Claw, h string) bool {
	switch c.Profile.Visibility {
	case config.Private:
		return len(c.Profile.Members) > 0 && hashIn(c.Profile.Members[:1], h)
	case config.Team:
		return hashIn(c.Profile.Members, h)
	case config.OrgWide:
		if hashIn(a.Org, h) {
			return true
		}
		for _, other := range a.Claws {
			if hashIn(other.Profile.Members, h) {
				return true
			}
		}
	}
	return false
}

// hashIn reports whether h is among hashes, comparing in constant time.
func hashIn(hashes []string, h string) bool {
	found := 0
	for _, x := range hashes {
		found |= subtle.ConstantTimeCompare([]byte(x), []byte(h))
	}
	return found == 1
}

// An accessError is a refused caller, with the HTTP status to answer.
type accessError struct {
	status int
	msg    string
}

func (e *accessError) Error() string { return e.msg }

// Resolve returns the Claw the key may use: the one named by want, or its
// only one. It never tells a caller which Claws exist beyond those its key
// may use.
func (a *Access) Resolve(key, want string) (*Claw, error) {
	if key == "" {
		return nil, &accessError{http.StatusUnauthorized, "a caller key is required: send Authorization: Bearer <key> (create one with `atlassian-mcp claw key NAME`)"}
	}
	h := config.HashKey(key)
	var mine []*Claw
	for _, c := range a.Claws {
		if a.allowed(c, h) {
			mine = append(mine, c)
		}
	}
	if len(mine) == 0 {
		return nil, &accessError{http.StatusUnauthorized, "this caller key is not valid for any Claw"}
	}
	if want != "" {
		if c, ok := Find(mine, want); ok {
			return c, nil
		}
		return nil, &accessError{http.StatusForbidden, fmt.Sprintf("this caller key may not use Claw %q; it may use: %s", want, names(mine))}
	}
	if len(mine) == 1 {
		return mine[0], nil
	}
	return nil, &accessError{http.StatusBadRequest, fmt.Sprintf("this caller key may use several Claws (%s); connect to /claws/NAME/mcp (or /claws/NAME/sse) to choose one", names(mine))}
}

func names(cs []*Claw) string {
	out := make([]string, len(cs))
	for i, c := range cs {
		out[i] = c.Profile.Name
	}
	return strings.Join(out, ", ")
}

// CallerID is how a key appears in logs and the audit trail: a prefix of
// its hash, never the key.
func CallerID(key string) string {
	return "key:" + strings.TrimPrefix(config.HashKey(key), "sha256:")[:12]
}

type requestKey struct{}

type requestInfo struct {
	caller, keyHash, delegated string
}

// contextFunc moves the caller and the delegated token from the HTTP
// request into the MCP request's context.
func contextFunc(ctx context.Context, r *http.Request) context.Context {
	info, _ := r.Context().Value(requestKey{}).(requestInfo)
	if info.caller != "" {
		ctx = WithCaller(ctx, info.caller)
	}
	if info.delegated != "" {
		ctx = auth.WithDelegatedToken(ctx, info.delegated)
	}
	return ctx
}

type routeKey struct{}

// Handler serves the Claws over HTTP. kind is "http" (streamable HTTP at
// /mcp) or "sse" (/sse and /message). Every request needs a caller key,
// checked before its body is read; /claws/NAME/… picks a Claw explicitly.
// A session may be used only with the key that opened it (sessionBinder).
func Handler(a *Access, servers map[string]*server.MCPServer, kind string, o transport.HTTPOptions) http.Handler {
	o.ContextFunc = contextFunc
	sessions := newSessionBinder()
	o.NewSessionID = sessions.newID
	handlers := map[string]http.Handler{}
	for name, srv := range servers {
		if kind == "sse" {
			handlers[name] = transport.SSE(srv, o, "/claws/"+name)
		} else {
			handlers[name] = transport.Streamable(srv, o)
		}
	}
	type routed struct {
		claw *Claw
		rest string
	}
	o.Gate = func(w http.ResponseWriter, r *http.Request) (*http.Request, bool) {
		want, rest := "", r.URL.Path
		if after, ok := strings.CutPrefix(r.URL.Path, "/claws/"); ok {
			want, rest, _ = strings.Cut(after, "/")
			rest = "/" + rest
		}
		if !validEndpoint(kind, rest) {
			http.NotFound(w, r)
			return nil, false
		}
		key, _ := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
		key = strings.TrimSpace(key)
		c, err := a.Resolve(key, want)
		if err != nil {
			ae := err.(*accessError)
			if ae.status == http.StatusUnauthorized {
				w.Header().Set("WWW-Authenticate", `Bearer realm="atlassian-mcp", error="invalid_token", error_description="`+ae.msg+`"`)
			}
			http.Error(w, ae.msg, ae.status)
			return nil, false
		}
		info := requestInfo{caller: CallerID(key), keyHash: config.HashKey(key), delegated: strings.TrimSpace(r.Header.Get(DelegatedTokenHeader))}
		ctx := context.WithValue(r.Context(), requestKey{}, info)
		return r.WithContext(context.WithValue(ctx, routeKey{}, routed{c, rest})), true
	}
	route := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rt := r.Context().Value(routeKey{}).(routed)
		if !sessions.checkSession(w, r, kind) {
			return
		}
		if kind == "sse" {
			r.URL.Path = "/claws/" + rt.claw.Profile.Name + rt.rest
		}
		handlers[rt.claw.Profile.Name].ServeHTTP(w, r)
	})
	return transport.Harden(route, o)
}

func validEndpoint(kind, path string) bool {
	if kind == "sse" {
		return path == "/sse" || path == "/message"
	}
	return path == "/mcp"
}
