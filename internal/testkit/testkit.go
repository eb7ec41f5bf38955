// Package testkit holds the small test doubles that tests across the
// module share: a clock a test moves by hand, a buffer that a process or
// logger writes while the test reads it, and a disk that refuses to rotate
// a log.
//
// It imports only the standard library, so that any package's tests can
// use it, including those of packages that internal/testenv itself
// imports (auth, the sandbox's OAuth server).
package testkit

import (
	"bytes"
	"sync"
	"time"
)

// Clock is a clock a test moves by hand; pass its Now where code asks for
// a func() time.Time. The zero Clock stands at the zero time. It is safe for
// concurrent use.
type Clock struct {
	mu sync.Mutex
	t  time.Time
}

// NewClock returns a clock standing at t.
func NewClock(t time.Time) *Clock { return &Clock{t: t} }

// Now returns the clock's time.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

// Advance moves the clock forward by d (back, when d is negative).
func (c *Clock) Advance(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// Buffer is a bytes.Buffer that writers and a reader may use at the same
// time, such as a command's output read while the command runs. The zero
// Buffer is empty and ready to use.
type Buffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

// Write appends p to the buffer.
func (b *Buffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.Write(p)
}

// String returns everything written so far.
func (b *Buffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.String()
}
