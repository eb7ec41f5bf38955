package sandbox

import (
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"time"
)

// A Fault makes matching requests misbehave, so tests can prove that the
// client copes with what real networks and real Atlassian do.
type Fault struct {
	// Method and PathContains select requests; empty matches all.
	Method       string
	PathContains string
	// Status, if set, answers with this status instead of serving the
	// request. 429 adds Retry-After and X-RateLimit-* headers.
	Status int
	// RetryAfter is the Retry-After value for 429 and 503, in seconds.
	RetryAfter int
	// Delay holds the request before anything else happens.
	Delay time.Duration
	// Reset closes the connection without an answer.
	Reset bool
	// LoseResponse serves the request (a write is applied) and then closes
	// the connection instead of answering.
	LoseResponse bool
	// Times is how many requests the fault affects; 0 means one.
	Times int
}

type faults struct {
	mu    sync.Mutex
	rules []*Fault
	next  http.Handler
}

// InjectFault adds a fault. Faults are consumed in the order added.
func (sb *Sandbox) InjectFault(f Fault) {
	if f.Times <= 0 {
		f.Times = 1
	}
	sb.faults.mu.Lock()
	defer sb.faults.mu.Unlock()
	sb.faults.rules = append(sb.faults.rules, &f)
}

// ClearFaults removes every pending fault.
func (sb *Sandbox) ClearFaults() {
	sb.faults.mu.Lock()
	defer sb.faults.mu.Unlock()
	sb.faults.rules = nil
}

// take returns the first fault matching r and consumes one use of it.
func (fs *faults) take(r *http.Request) *Fault {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	for i, f := range fs.rules {
		if (f.Method == "" || f.Method == r.Method) && strings.Contains(r.URL.Path, f.PathContains) {
			f.Times--
			if f.Times == 0 {
				fs.rules = append(fs.rules[:i:i], fs.rules[i+1:]...)
			}
			return f
		}
	}
	return nil
}

// apply handles r if a fault matches it, and reports whether it did.
func (fs *faults) apply(w http.ResponseWriter, r *http.Request) bool {
	f := fs.take(r)
	if f == nil {
		return false
	}
	if f.Delay > 0 {
		select {
		case <-time.After(f.Delay):
		case <-r.Context().Done():
			return true
		}
	}
	switch {
	case f.Reset:
		hijackClose(w)
	case f.LoseResponse:
		fs.next.ServeHTTP(httptest.NewRecorder(), r)
		hijackClose(w)
	case f.Status != 0:
		if f.RetryAfter > 0 {
			w.Header().Set("Retry-After", strconv.Itoa(f.RetryAfter))
		}
		if f.Status == http.StatusTooManyRequests {
			w.Header().Set("X-RateLimit-Limit", "100")
			w.Header().Set("X-RateLimit-Remaining", "0")
			w.Header().Set("X-RateLimit-Reset", time.Now().Add(time.Duration(f.RetryAfter)*time.Second).UTC().Format(time.RFC3339))
			w.Header().Set("RateLimit-Reason", "jira-quota-global-based")
		}
		writeJSON(w, f.Status, map[string]any{"errorMessages": []string{http.StatusText(f.Status)}, "errors": map[string]string{}})
	default:
		return false
	}
	return true
}

func hijackClose(w http.ResponseWriter) {
	if hj, ok := w.(http.Hijacker); ok {
		if conn, _, err := hj.Hijack(); err == nil {
			_ = conn.Close()
			return
		}
	}
	panic(http.ErrAbortHandler)
}
