// Package audit keeps the append-only audit log: one JSON line per call to
// Atlassian and one per denied attempt, each fsynced before the call's
// result is returned, rotated by size. A record says who (Claw and caller),
// which tool, what action on which target, at which site, the outcome, the
// HTTP status and the duration. It never holds a token or a content body.
package audit

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"time"
)

// Outcomes of an audited event.
const (
	OK     = "ok"
	Failed = "error"
	Denied = "denied"
	// Started is a change about to be sent to Atlassian: it is recorded
	// first, and the change is not sent unless the record is kept. The
	// call's outcome follows in a record of its own.
	Started = "started"
)

// A Record is one line of the audit log.
type Record struct {
	Time   time.Time `json:"time"`
	Claw   string    `json:"claw"`
	Caller string    `json:"caller,omitempty"`
	// Delegate names the end user whose own token a request carried (a
	// hash of the token, never the token).
	Delegate   string  `json:"delegate,omitempty"`
	Tool       string  `json:"tool,omitempty"`
	Action     string  `json:"action"`
	Target     string  `json:"target,omitempty"`
	Site       string  `json:"site,omitempty"`
	Outcome    string  `json:"outcome"`
	Status     int     `json:"status,omitempty"`
	DurationMS float64 `json:"duration_ms"`
	// Reason says why an attempt was denied or failed, in words that never
	// quote content.
	Reason string `json:"reason,omitempty"`
}

// Who identifies the party behind a tool call.
type Who struct {
	Claw, Caller, Delegate, Tool, Site string
}

type whoKey struct{}

// WithWho returns a context that carries who is calling.
func WithWho(ctx context.Context, w Who) context.Context { return context.WithValue(ctx, whoKey{}, w) }

// WhoFrom returns who is calling, as carried by ctx.
func WhoFrom(ctx context.Context) Who {
	w, _ := ctx.Value(whoKey{}).(Who)
	return w
}

// A Log is an append-only JSON Lines file. It is safe for concurrent use.
type Log struct {
	mu       sync.Mutex
	path     string
	f        *os.File
	size     int64
	maxSize  int64
	maxFiles int
	now      func() time.Time
	// broken is why the last write failed, until one succeeds.
	broken error
	closed bool
}

// Options configure Open.
type Options struct {
	// MaxSize rotates the file when the next record would pass it (bytes;
	// default 50 MiB).
	MaxSize int64
	// MaxFiles is how many rotated files are kept (default 5).
	MaxFiles int
	// Now is the clock; nil means time.Now.
	Now func() time.Time
}

// Open opens (or creates, mode 0600) the audit log at path for appending.
func Open(path string, o Options) (*Log, error) {
	if o.MaxSize <= 0 {
		o.MaxSize = 50 << 20
	}
	if o.MaxFiles <= 0 {
		o.MaxFiles = 5
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, fmt.Errorf("audit: create the directory of %s: %w (set audit.path to a writable file)", path, err)
	}
	l := &Log{path: path, maxSize: o.MaxSize, maxFiles: o.MaxFiles, now: o.Now}
	if err := l.open(); err != nil {
		return nil, err
	}
	return l, nil
}

func (l *Log) open() error {
	f, err := os.OpenFile(l.path, os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o600)
	if err != nil {
		return fmt.Errorf("audit: open %s: %w (set audit.path to a writable file)", l.path, err)
	}
	st, err := f.Stat()
	if err != nil {
		f.Close()
		return fmt.Errorf("audit: %w", err)
	}
	l.f, l.size = f, st.Size()
	return nil
}

// Write appends r as one JSON line and fsyncs it. A zero Time is set to now.
func (l *Log) Write(r Record) error {
	line, err := l.encode(r)
	if err != nil {
		return err
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.closed {
		return errors.New("audit: the log is closed")
	}
	if err := l.append(line); err != nil {
		l.broken = err
		return err
	}
	l.broken = nil
	return nil
}

// encode returns r as one JSON line, its time in UTC; a zero Time is set to
// now.
func (l *Log) encode(r Record) ([]byte, error) {
	if r.Time.IsZero() {
		r.Time = l.now()
	}
	r.Time = r.Time.UTC()
	line, err := json.Marshal(r)
	if err != nil {
		return nil, fmt.Errorf("audit: encode: %w", err)
	}
	return append(line, '\n'), nil
}

// append writes line, rotating first when it would pass the size limit,
// and fsyncs it. The caller holds l.mu.
func (l *Log) append(line []byte) error {
	if l.f == nil {
		if err := l.open(); err != nil {
			return err
		}
	}
	if l.size > 0 && l.size+int64(len(line)) > l.maxSize {
		if err := l.rotate(); err != nil {
			return err
		}
	}
	n, err := l.f.Write(line)
	l.size += int64(n)
	if err != nil {
		return fmt.Errorf("audit: write %s: %w", l.path, err)
	}
	if err := l.f.Sync(); err != nil {
		return fmt.Errorf("audit: fsync %s: %w", l.path, err)
	}
	return nil
}

// Ready returns nil when records can be kept: the last write succeeded, or
// after a failed one the log could be reopened and a record that it
// resumed written. Otherwise it returns why not, and the caller must not
// make a call the log would have to record.
func (l *Log) Ready() error {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.closed {
		return errors.New("audit: the log is closed")
	}
	if l.broken == nil {
		return nil
	}
	if l.f != nil {
		_ = l.f.Close()
		l.f = nil
	}
	line, err := l.encode(Record{Action: "audit.resumed", Outcome: OK,
		Reason: "records could not be written before this one: " + l.broken.Error()})
	if err == nil {
		err = l.append(line)
	}
	if err != nil {
		return fmt.Errorf("%w (the audit log cannot be written, so no calls are made; check audit.path and the disk)", err)
	}
	l.broken = nil
	return nil
}

// rotate renames the log to .1 (shifting older files up and dropping the
// oldest) and starts a new one.
func (l *Log) rotate() error {
	if err := l.f.Close(); err != nil {
		return fmt.Errorf("audit: rotate: %w", err)
	}
	l.f = nil
	_ = os.Remove(l.path + "." + strconv.Itoa(l.maxFiles))
	for i := l.maxFiles - 1; i >= 1; i-- {
		_ = os.Rename(l.path+"."+strconv.Itoa(i), l.path+"."+strconv.Itoa(i+1))
	}
	if err := os.Rename(l.path, l.path+".1"); err != nil {
		return fmt.Errorf("audit: rotate: %w", err)
	}
	return l.open()
}

// Close closes the log.
func (l *Log) Close() error {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.closed = true
	if l.f == nil {
		return nil
	}
	err := l.f.Close()
	l.f = nil
	return err
}

// Call records one finished call to Atlassian made on behalf of the caller
// in ctx.
func (l *Log) Call(ctx context.Context, action, target string, status int, d time.Duration, err error) error {
	w := WhoFrom(ctx)
	r := Record{Claw: w.Claw, Caller: w.Caller, Delegate: w.Delegate, Tool: w.Tool, Site: w.Site, Action: action, Target: target,
		Status: status, DurationMS: float64(d.Microseconds()) / 1000, Outcome: OK}
	if err != nil || status >= 400 {
		r.Outcome = Failed
		if status == 0 && err != nil {
			r.Reason = "no answer from Atlassian"
		}
	}
	return l.Write(r)
}

// Start records a change about to be sent to Atlassian on behalf of the
// caller in ctx. The change must not be sent unless it returns nil.
func (l *Log) Start(ctx context.Context, action, target string) error {
	w := WhoFrom(ctx)
	return l.Write(Record{Claw: w.Claw, Caller: w.Caller, Delegate: w.Delegate, Tool: w.Tool, Site: w.Site, Action: action, Target: target,
		Outcome: Started})
}

// Deny records an attempt the Claw's policy refused.
func (l *Log) Deny(ctx context.Context, action, target, reason string) error {
	w := WhoFrom(ctx)
	return l.Write(Record{Claw: w.Claw, Caller: w.Caller, Delegate: w.Delegate, Tool: w.Tool, Site: w.Site, Action: action, Target: target,
		Outcome: Denied, Reason: reason})
}
