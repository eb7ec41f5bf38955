package atlassian

import (
	"context"
	"sync"
	"time"

	"golang.org/x/sync/singleflight"
)

// metaCache caches site metadata (fields, create metadata) for a TTL.
// Concurrent misses for one key share a single upstream request.
type metaCache struct {
	ttl   time.Duration
	now   func() time.Time
	mu    sync.Mutex
	items map[string]cacheItem
	group singleflight.Group
}

type cacheItem struct {
	val     any
	expires time.Time
}

func newMetaCache(ttl time.Duration, now func() time.Time) *metaCache {
	return &metaCache{ttl: ttl, now: now, items: map[string]cacheItem{}}
}

// get returns the cached value for key, or loads it with load. A request
// that carries an end user's delegated token has a cache of its own (keyed
// by a hash of the token): what Atlassian answers depends on who asks, so
// one user's answers must never serve another.
func (m *metaCache) get(ctx context.Context, key string, load func(context.Context) (any, error)) (any, error) {
	if who, ok := delegatedIdentity(ctx); ok {
		key = "user:" + who + "|" + key
	}
	m.mu.Lock()
	it, ok := m.items[key]
	m.mu.Unlock()
	if ok && m.now().Before(it.expires) {
		return it.val, nil
	}
	v, err, _ := m.group.Do(key, func() (any, error) {
		v, err := load(ctx)
		if err != nil {
			return nil, err
		}
		m.mu.Lock()
		m.items[key] = cacheItem{val: v, expires: m.now().Add(m.ttl)}
		m.mu.Unlock()
		return v, nil
	})
	return v, err
}

// set stores a value for key (per delegated user, as get does), replacing
// what was there.
func (m *metaCache) set(ctx context.Context, key string, v any) {
	if who, ok := delegatedIdentity(ctx); ok {
		key = "user:" + who + "|" + key
	}
	m.mu.Lock()
	m.items[key] = cacheItem{val: v, expires: m.now().Add(m.ttl)}
	m.mu.Unlock()
}

// Invalidate drops every cached item, so the next read goes upstream.
func (c *Client) Invalidate() {
	c.cache.mu.Lock()
	c.cache.items = map[string]cacheItem{}
	c.cache.mu.Unlock()
}
