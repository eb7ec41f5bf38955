package auth

import (
	"context"
	"errors"
	"fmt"
	"sync"
)

// Persisted returns a TokenSource for the named OAuth connection in store.
// Each call reads the connection under the store's lock. A token still
// fresh there (refreshed, perhaps, by another process) is returned as is;
// otherwise the refresh token is traded for a new pair, and the rotated
// refresh token is saved before the new access token is returned, so that a
// token Atlassian has rotated is never lost. If Atlassian refuses the
// refresh token, the connection is marked as needing a new login (and
// saved so), and a *LoginRequiredError is returned.
//
// cfg.ClientID and cfg.ClientSecret, when set, must name the app the
// connection was authorised for; when empty, the stored ones are used.
// Wrap the result in Reuse to avoid reading the store on every request.
func Persisted(store *Store, name string, cfg OAuthConfig) TokenSource {
	return &persisted{store: store, name: name, cfg: cfg}
}

type persisted struct {
	store *Store
	name  string
	cfg   OAuthConfig

	mu sync.Mutex
	// pending holds a pair the server issued but the store failed to save.
	// The next call saves it instead of refreshing again.
	pending *rotation
}

// A rotation is a new pair and the refresh token it replaced.
type rotation struct {
	from string
	pair
}

// Token implements TokenSource.
func (p *persisted) Token(ctx context.Context) (*Token, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	var (
		out       *Token
		candidate *rotation
		fnErr     error
	)
	err := p.store.Update(ctx, p.name, func(c *Connection) (bool, error) {
		write, err := p.next(ctx, c, &out, &candidate)
		fnErr = err
		return write, err
	})
	if err != nil {
		if fnErr == nil && candidate != nil {
			// The server rotated the token but the store did not take it:
			// keep the pair for the next call. The old refresh token stays
			// usable for Atlassian's reuse leeway as a further fallback.
			p.pending = candidate
			p.cfg.logger().Error("could not save a rotated Atlassian token; will retry on next use",
				"connection", p.name, "error", err)
		}
		return nil, err
	}
	return out, nil
}

// next decides, under the store lock, what token to hand out, refreshing if
// need be. It reports whether c changed.
func (p *persisted) next(ctx context.Context, c *Connection, out **Token, candidate **rotation) (bool, error) {
	if c.Kind != KindOAuth {
		return false, fmt.Errorf("connection %q holds %s credentials, not an OAuth grant; it has no tokens to refresh", p.name, c.Kind)
	}
	if c.NeedsLogin {
		return false, &LoginRequiredError{Connection: p.name}
	}
	clientID, secret, err := p.app(c)
	if err != nil {
		return false, err
	}
	now, skew := p.cfg.now(), p.cfg.skew()
	dirty := false
	if pend := p.pending; pend != nil {
		p.pending = nil
		// Apply a pair left unsaved, unless another writer moved on since.
		if c.RefreshToken == pend.from {
			c.AccessToken, c.RefreshToken, c.Expiry = pend.access, pend.refresh, pend.expiry
			dirty = true
		}
	}
	if t := (&Token{AccessToken: c.AccessToken, Expiry: c.Expiry}); t.fresh(now, skew) {
		*out = t
		if dirty {
			*candidate = &rotation{from: c.RefreshToken, pair: pair{access: c.AccessToken, refresh: c.RefreshToken, expiry: c.Expiry}}
		}
		return dirty, nil
	}
	np, err := refreshPair(ctx, p.cfg, clientID, secret, c.RefreshToken)
	if errors.Is(err, errInvalidGrant) {
		c.NeedsLogin = true
		c.AccessToken, c.RefreshToken = "", ""
		p.cfg.logger().Warn("Atlassian refused the refresh token; the connection needs a new login",
			"connection", p.name, "error", err)
		return true, &LoginRequiredError{Connection: p.name}
	}
	if err != nil {
		return dirty, fmt.Errorf("connection %q: %w", p.name, err)
	}
	*candidate = &rotation{from: c.RefreshToken, pair: np}
	c.AccessToken, c.RefreshToken, c.Expiry = np.access, np.refresh, np.expiry
	*out = &Token{AccessToken: np.access, Expiry: np.expiry}
	p.cfg.logger().Info("refreshed the Atlassian access token", "connection", p.name, "expiry", np.expiry)
	return true, nil
}

// app returns the client credentials to refresh c with.
func (p *persisted) app(c *Connection) (string, string, error) {
	if p.cfg.ClientID == "" {
		if c.ClientSecret == "" {
			return "", "", fmt.Errorf("connection %q has no client secret stored and none is configured: set the OAuth app's client id and secret", p.name)
		}
		return c.ClientID, c.ClientSecret, nil
	}
	if p.cfg.ClientID != c.ClientID {
		return "", "", fmt.Errorf("connection %q was authorised for OAuth app %s, but the configured app is %s: run `atlassian-mcp auth login --connection %s` with the configured app",
			p.name, c.ClientID, p.cfg.ClientID, p.name)
	}
	secret := p.cfg.ClientSecret
	if secret == "" {
		secret = c.ClientSecret
	}
	if secret == "" {
		return "", "", fmt.Errorf("no client secret for OAuth app %s: configure the app's client secret", c.ClientID)
	}
	return c.ClientID, secret, nil
}

// OAuthSource returns the Source for a stored OAuth connection: tokens are
// reused until shortly before expiry, refreshed once however many callers
// wait, and every rotation is saved before use.
func OAuthSource(store *Store, name string, cfg OAuthConfig) Source {
	return BearerSource(Reuse(Persisted(store, name, cfg), cfg.skew(), cfg.Now))
}

// SourceFor returns the Source for the named connection, whatever its kind.
func SourceFor(store *Store, name string, cfg OAuthConfig) (Source, error) {
	c, err := store.Get(name)
	if err != nil {
		return nil, err
	}
	switch c.Kind {
	case KindOAuth:
		if c.NeedsLogin {
			return nil, &LoginRequiredError{Connection: name}
		}
		return OAuthSource(store, name, cfg), nil
	case KindBasic:
		return Basic(c.Email, c.APIToken), nil
	case KindPAT:
		return Bearer(c.Token), nil
	}
	return nil, fmt.Errorf("connection %q has unknown kind %q: delete it and add it again", name, c.Kind)
}
