package auth

import (
	"context"
	"strconv"
	"testing"
	"time"
)

// BenchmarkOAuthSourceFresh measures the per-request cost of an OAuth
// connection whose token is fresh: the hot path of every API call.
func BenchmarkOAuthSourceFresh(b *testing.B) {
	b.Setenv(KeyEnv, "")
	store, err := OpenStore(b.TempDir())
	if err != nil {
		b.Fatal(err)
	}
	c := sampleConnections()[0]
	now := func() time.Time { return c.Expiry.Add(-time.Hour) }
	if err := store.Put(context.Background(), c); err != nil {
		b.Fatal(err)
	}
	src := OAuthSource(store, c.Name, OAuthConfig{Now: now})
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := src.Authorization(ctx); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkStoreGet measures reading and decrypting a store of ten
// connections.
func BenchmarkStoreGet(b *testing.B) {
	b.Setenv(KeyEnv, "")
	store, err := OpenStore(b.TempDir())
	if err != nil {
		b.Fatal(err)
	}
	for i := range 10 {
		c := sampleConnections()[i%3]
		c.Name = c.Name + string(rune('a'+i))
		if err := store.Put(context.Background(), c); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := store.Get("worka"); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkStoreUpdate measures a locked, encrypted, fsynced
// read-modify-write: the cost added to each token rotation.
func BenchmarkStoreUpdate(b *testing.B) {
	b.Setenv(KeyEnv, "")
	store, err := OpenStore(b.TempDir())
	if err != nil {
		b.Fatal(err)
	}
	if err := store.Put(context.Background(), sampleConnections()[0]); err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	n := 0
	b.ReportAllocs()
	for b.Loop() {
		n++
		err := store.Update(ctx, "work", func(c *Connection) (bool, error) {
			c.AccessToken = "AT-" + strconv.Itoa(n)
			return true, nil
		})
		if err != nil {
			b.Fatal(err)
		}
	}
}
