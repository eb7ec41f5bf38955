package auth

import (
	"context"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"golang.org/x/sync/singleflight"
)

// A Token is an OAuth access token and when it expires. Its String and
// LogValue methods never show the token.
type Token struct {
	AccessToken string
	Expiry      time.Time
}

// String describes the token without revealing it.
func (t *Token) String() string {
	return fmt.Sprintf("access token (expires %s)", t.Expiry.UTC().Format(time.RFC3339))
}

// GoString describes the token without revealing it, for %#v.
func (t *Token) GoString() string { return t.String() }

// LogValue lets slog log the token's expiry and nothing more.
func (t *Token) LogValue() slog.Value { return slog.TimeValue(t.Expiry) }

// fresh reports whether t is usable for at least skew more at now.
func (t *Token) fresh(now time.Time, skew time.Duration) bool {
	return t != nil && t.AccessToken != "" && now.Add(skew).Before(t.Expiry)
}

// A TokenSource yields access tokens. Implementations must be safe for
// concurrent use. TokenSources compose by wrapping, as in x/oauth2.
type TokenSource interface {
	// Token returns a token that is valid now.
	Token(ctx context.Context) (*Token, error)
}

// Reuse returns a TokenSource that hands out its last token until skew
// before its expiry, and then asks src for a new one. Concurrent callers
// that find the token stale share one call to src (single flight); that call
// is not cancelled when one caller gives up, and is bounded by a timeout of
// its own. now nil means time.Now.
func Reuse(src TokenSource, skew time.Duration, now func() time.Time) TokenSource {
	if now == nil {
		now = time.Now
	}
	return &reuse{src: src, skew: skew, now: now}
}

type reuse struct {
	src  TokenSource
	skew time.Duration
	now  func() time.Time

	mu     sync.Mutex
	cur    *Token
	flight singleflight.Group
}

// Token implements TokenSource.
func (r *reuse) Token(ctx context.Context) (*Token, error) {
	if t := r.current(); t.fresh(r.now(), r.skew) {
		return t, nil
	}
	ch := r.flight.DoChan("token", func() (any, error) {
		// A flight that ended just before this one began may have left a
		// fresh token.
		if t := r.current(); t.fresh(r.now(), r.skew) {
			return t, nil
		}
		fctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), refreshTimeout)
		defer cancel()
		t, err := r.src.Token(fctx)
		if err != nil {
			return nil, err
		}
		r.mu.Lock()
		r.cur = t
		r.mu.Unlock()
		return t, nil
	})
	select {
	case res := <-ch:
		if res.Err != nil {
			return nil, res.Err
		}
		return res.Val.(*Token), nil
	case <-ctx.Done():
		return nil, context.Cause(ctx)
	}
}

func (r *reuse) current() *Token {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.cur
}

// BearerSource returns a Source that presents tokens from ts as
// "Bearer <token>".
func BearerSource(ts TokenSource) Source {
	return SourceFunc(func(ctx context.Context) (string, error) {
		t, err := ts.Token(ctx)
		if err != nil {
			return "", err
		}
		return "Bearer " + t.AccessToken, nil
	})
}
