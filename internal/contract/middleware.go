package contract

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"testing"
)

// Handler returns server-side middleware for a sandbox under test: it
// validates every request and response that passes through and reports each
// violation with t.Errorf, naming the method, the path, the operation and
// kin-openapi's reason. Requests outside every API layout (OAuth endpoints,
// /mcp) pass through untouched and are only logged and recorded (see
// Unspecified). A handler that hijacks the connection, as fault injection
// does, skips response validation.
func (v *Validator) Handler(t testing.TB, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		method, path := methodOf(r), r.URL.EscapedPath()
		if v.outside(method, path) {
			t.Logf("contract: %s %s is outside every API layout; not validated", method, path)
			next.ServeHTTP(w, r)
			return
		}
		var body []byte
		if r.Body != nil {
			var err error
			if body, err = io.ReadAll(r.Body); err != nil {
				t.Errorf("contract: reading the body of %s %s: %v", method, path, err)
			}
			r.Body = io.NopCloser(bytes.NewReader(body))
		}
		if err := v.ValidateRequest(r, body); err != nil {
			t.Errorf("contract: request does not match the spec: %v", err)
		}
		rec := &recorder{w: w}
		next.ServeHTTP(rec, r)
		if rec.hijacked {
			return
		}
		rec.snapshot(http.StatusOK)
		if err := v.ValidateResponse(r, rec.status, rec.header, rec.body.Bytes()); err != nil {
			t.Errorf("contract: response does not match the spec: %v", err)
		}
	})
}

// outside reports whether a path lies outside every API layout, recording it
// if so.
func (v *Validator) outside(method, path string) bool {
	_, _, err := v.locate(path)
	if errors.Is(err, ErrUnspecified) {
		v.noteUnspecified(method, path, err)
		return true
	}
	return false
}

// A recorder passes a response through to the client while keeping a copy
// of its status, headers and body for validation.
type recorder struct {
	w        http.ResponseWriter
	status   int
	header   http.Header
	body     bytes.Buffer
	hijacked bool
}

// Header returns the underlying writer's header map.
func (rec *recorder) Header() http.Header { return rec.w.Header() }

// WriteHeader records the status and the headers as sent, then sends them.
func (rec *recorder) WriteHeader(status int) {
	rec.snapshot(status)
	rec.w.WriteHeader(status)
}

// Write keeps a copy of b and passes it on.
func (rec *recorder) Write(b []byte) (int, error) {
	rec.snapshot(http.StatusOK)
	rec.body.Write(b)
	return rec.w.Write(b)
}

// snapshot fixes the status and headers the first time it is called: at
// WriteHeader, at the first Write, or after the handler returns.
func (rec *recorder) snapshot(status int) {
	if rec.status == 0 {
		rec.status = status
		rec.header = rec.w.Header().Clone()
	}
}

// Flush passes a flush on when the underlying writer supports it.
func (rec *recorder) Flush() {
	if f, ok := rec.w.(http.Flusher); ok {
		rec.snapshot(http.StatusOK)
		f.Flush()
	}
}

// Hijack hands over the connection when the underlying writer supports it;
// the response is then not validated.
func (rec *recorder) Hijack() (net.Conn, *bufio.ReadWriter, error) {
	h, ok := rec.w.(http.Hijacker)
	if !ok {
		return nil, nil, fmt.Errorf("contract: the underlying ResponseWriter cannot hijack: %w", http.ErrNotSupported)
	}
	rec.hijacked = true
	return h.Hijack()
}

// Unwrap returns the underlying writer, for http.ResponseController.
func (rec *recorder) Unwrap() http.ResponseWriter { return rec.w }

// Transport returns client-side middleware for an Atlassian client under
// test: it validates each request the client sends and each response it
// gets, reporting violations with t.Errorf, and hands both on unchanged.
// Requests outside every API layout pass through and are only logged and
// recorded. A nil base means http.DefaultTransport.
func (v *Validator) Transport(t testing.TB, base http.RoundTripper) http.RoundTripper {
	if base == nil {
		base = http.DefaultTransport
	}
	return &transport{v: v, t: t, base: base}
}

// A transport validates the exchanges of an http.Client.
type transport struct {
	v    *Validator
	t    testing.TB
	base http.RoundTripper
}

// RoundTrip validates req, sends it with the base transport, and validates
// the response. The caller's request is not modified.
func (tr *transport) RoundTrip(req *http.Request) (*http.Response, error) {
	method, path := methodOf(req), req.URL.EscapedPath()
	if tr.v.outside(method, path) {
		tr.t.Logf("contract: %s %s is outside every API layout; not validated", method, path)
		return tr.base.RoundTrip(req)
	}
	var body []byte
	if req.Body != nil && req.Body != http.NoBody {
		var err error
		body, err = io.ReadAll(req.Body)
		req.Body.Close()
		if err != nil {
			return nil, fmt.Errorf("contract: reading the body of %s %s: %w", method, path, err)
		}
		req = req.Clone(req.Context())
		req.Body = io.NopCloser(bytes.NewReader(body))
		req.GetBody = func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(body)), nil }
	}
	if err := tr.v.ValidateRequest(req, body); err != nil {
		tr.t.Errorf("contract: request does not match the spec: %v", err)
	}
	resp, err := tr.base.RoundTrip(req)
	if err != nil {
		return resp, err
	}
	got, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil {
		// Hand the failure on as the body's, as it would have come, and
		// leave the truncated response unvalidated.
		tr.t.Logf("contract: reading the response to %s %s failed, not validated: %v", method, path, err)
		resp.Body = io.NopCloser(io.MultiReader(bytes.NewReader(got), errReader{err}))
		return resp, nil
	}
	resp.Body = io.NopCloser(bytes.NewReader(got))
	if err := tr.v.ValidateResponse(req, resp.StatusCode, resp.Header, got); err != nil {
		tr.t.Errorf("contract: response does not match the spec: %v", err)
	}
	return resp, nil
}

// An errReader fails every read with its error.
type errReader struct{ err error }

// Read returns the error.
func (e errReader) Read([]byte) (int, error) { return 0, e.err }
