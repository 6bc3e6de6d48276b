package pgstate

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// TestFirstSeen checks that a key is new once across two replicas while
// its record lasts, and new again after it expired.
func TestFirstSeen(t *testing.T) {
	ctx := context.Background()
	c := newClock()
	a, b := twoStores(t, c)
	const ttl = 15 * time.Minute
	for _, step := range []struct {
		name    string
		advance time.Duration
		store   *Store
		key     string
		want    bool
	}{
		{"first delivery", 0, a, "Ev01", true},
		{"redelivery to the same replica", 0, a, "Ev01", false},
		{"redelivery to the other replica", time.Minute, b, "Ev01", false},
		{"another event", 0, b, "Ev02", true},
		{"the empty key is never a duplicate", 0, a, "", true},
		{"again the empty key", 0, b, "", true},
		{"just before expiry", ttl - time.Minute - time.Second, b, "Ev01", false},
		{"at expiry", time.Second, b, "Ev01", true},
		{"after it came again", 0, a, "Ev01", false},
	} {
		c.Advance(step.advance)
		got, err := step.store.FirstSeen(ctx, step.key, ttl)
		if err != nil || got != step.want {
			t.Fatalf("%s: %s.FirstSeen(%q) = %v, %v; want %v", step.name, step.store.Owner(), step.key, got, err, step.want)
		}
	}
}

// TestFirstSeenRace races two replicas for the same events, each through
// several connections: exactly one call wins each key.
func TestFirstSeenRace(t *testing.T) {
	ctx := context.Background()
	a, b := twoStores(t, nil)
	const keys, callers = 50, 4 // callers per replica and key
	for k := range keys {
		key := fmt.Sprintf("Ev%03d", k)
		var wins atomic.Int32
		var wg sync.WaitGroup
		for i := range 2 * callers {
			s := []*Store{a, b}[i%2]
			wg.Go(func() {
				first, err := s.FirstSeen(ctx, key, time.Minute)
				if err != nil {
					t.Errorf("FirstSeen(%s): %v", key, err)
				}
				if first {
					wins.Add(1)
				}
			})
		}
		wg.Wait()
		if n := wins.Load(); n != 1 {
			t.Fatalf("FirstSeen(%s) from %d callers at once was true %d times; want once", key, 2*callers, n)
		}
	}
}
