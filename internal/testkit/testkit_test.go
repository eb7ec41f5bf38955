package testkit

import (
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"
)

func TestClock(t *testing.T) {
	start := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	c := NewClock(start)
	if got := c.Now(); !got.Equal(start) {
		t.Fatalf("Now() = %v, want %v", got, start)
	}
	c.Advance(90 * time.Minute)
	c.Advance(-30 * time.Minute)
	if got, want := c.Now(), start.Add(time.Hour); !got.Equal(want) {
		t.Errorf("after +90m and -30m, Now() = %v, want %v", got, want)
	}
	var zero Clock
	if !zero.Now().IsZero() {
		t.Errorf("the zero Clock stands at %v, want the zero time", zero.Now())
	}
}

// TestConcurrentUse is meant for -race: writers, readers and a clock used
// from several goroutines at once.
func TestConcurrentUse(t *testing.T) {
	var b Buffer
	c := NewClock(time.Time{})
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			fmt.Fprintf(&b, "line %d\n", i)
			c.Advance(time.Second)
			_ = b.String()
			_ = c.Now()
		}()
	}
	wg.Wait()
	if got := strings.Count(b.String(), "\n"); got != 8 {
		t.Errorf("buffer holds %d lines, want 8:\n%s", got, b.String())
	}
	if got := c.Now().Sub(time.Time{}); got != 8*time.Second {
		t.Errorf("clock advanced %v, want 8s", got)
	}
}
