package auth

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/clawbridge/atlassian-mcp/internal/testkit"
)

// countingSource hands out numbered tokens that expire after ttl, waiting
// on gate (when set) before each.
type countingSource struct {
	calls atomic.Int32
	now   func() time.Time
	ttl   time.Duration
	gate  chan struct{}
	err   error
	// ctxErr records the context error seen by the last call, after the
	// gate opened.
	ctxErr atomic.Value
}

func (c *countingSource) Token(ctx context.Context) (*Token, error) {
	n := c.calls.Add(1)
	if c.gate != nil {
		<-c.gate
	}
	c.ctxErr.Store(fmt.Sprint(ctx.Err()))
	if c.err != nil {
		return nil, c.err
	}
	return &Token{AccessToken: fmt.Sprintf("tok-%d", n), Expiry: c.now().Add(c.ttl)}, nil
}

func TestReuse(t *testing.T) {
	clock := testkit.NewClock(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
	src := &countingSource{now: clock.Now, ttl: time.Hour}
	ts := Reuse(src, time.Minute, clock.Now)
	ctx := context.Background()
	steps := []struct {
		advance time.Duration
		want    string
	}{
		{0, "tok-1"},
		{58 * time.Minute, "tok-1"},
		{59 * time.Second, "tok-1"}, // 1s before the skew window
		{time.Second, "tok-2"},      // inside it
		{time.Minute, "tok-2"},
		{2 * time.Hour, "tok-3"},
	}
	for i, s := range steps {
		clock.Advance(s.advance)
		tok, err := ts.Token(ctx)
		if err != nil || tok.AccessToken != s.want {
			t.Fatalf("step %d: %v %v, want %s", i, tok, err, s.want)
		}
	}
}

func TestReuseSingleFlight(t *testing.T) {
	clock := testkit.NewClock(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
	src := &countingSource{now: clock.Now, ttl: time.Hour, gate: make(chan struct{})}
	ts := Reuse(src, time.Minute, clock.Now)
	const n = 100
	var wg sync.WaitGroup
	toks := make([]string, n)
	errs := make([]error, n)
	// One impatient caller gives up while the flight is under way.
	impatient, cancel := context.WithCancel(context.Background())
	impErr := make(chan error, 1)
	go func() {
		_, err := ts.Token(impatient)
		impErr <- err
	}()
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			tok, err := ts.Token(context.Background())
			errs[i] = err
			if tok != nil {
				toks[i] = tok.AccessToken
			}
		}()
	}
	// Let every caller reach the flight, cancel the impatient one, then let
	// the flight finish.
	for src.calls.Load() == 0 {
		time.Sleep(time.Millisecond)
	}
	cancel()
	if err := <-impErr; !errors.Is(err, context.Canceled) {
		t.Fatalf("impatient caller: %v, want context.Canceled", err)
	}
	close(src.gate)
	wg.Wait()
	for i := range n {
		if errs[i] != nil || toks[i] != "tok-1" {
			t.Fatalf("caller %d: %q %v, want tok-1", i, toks[i], errs[i])
		}
	}
	if got := src.calls.Load(); got != 1 {
		t.Fatalf("source called %d times, want 1", got)
	}
	if got := src.ctxErr.Load(); got != "<nil>" {
		t.Fatalf("the flight's context was %v after a caller gave up; want it alive", got)
	}
}

func TestReuseErrorsAreNotCached(t *testing.T) {
	clock := testkit.NewClock(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
	boom := errors.New("token endpoint unreachable")
	src := &countingSource{now: clock.Now, ttl: time.Hour, err: boom}
	ts := Reuse(src, time.Minute, clock.Now)
	if _, err := ts.Token(context.Background()); !errors.Is(err, boom) {
		t.Fatalf("err %v, want the source's error", err)
	}
	src.err = nil
	tok, err := ts.Token(context.Background())
	if err != nil || tok.AccessToken != "tok-2" {
		t.Fatalf("after the source recovered: %v %v", tok, err)
	}
}

func TestTokenNeverPrintsItself(t *testing.T) {
	tok := &Token{AccessToken: "secret-access-token-value", Expiry: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}
	var logs bytes.Buffer
	slog.New(slog.NewTextHandler(&logs, nil)).Info("token", "t", tok)
	out := fmt.Sprintf("%v %+v %s %#v", tok, tok, tok, tok) + logs.String()
	if strings.Contains(out, tok.AccessToken) {
		t.Fatalf("token printed: %s", out)
	}
	if !strings.Contains(out, "2026-01-01") {
		t.Fatalf("expiry not shown: %s", out)
	}
}
