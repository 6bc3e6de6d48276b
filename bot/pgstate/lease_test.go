package pgstate

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// TestLease walks the feed polling lease through two replicas: one holds
// it at a time, renews it, and the other takes it over once it expires or
// is released.
func TestLease(t *testing.T) {
	ctx := context.Background()
	c := newClock()
	a, b := twoStores(t, c)
	const ttl = 30 * time.Second
	type op func() (bool, error)
	acquire := func(s *Store) op { return func() (bool, error) { return s.AcquireLease(ctx, "feeds", s.Owner(), ttl) } }
	renew := func(s *Store) op { return func() (bool, error) { return s.RenewLease(ctx, "feeds", s.Owner(), ttl) } }
	release := func(s *Store) op {
		return func() (bool, error) { return true, s.ReleaseLease(ctx, "feeds", s.Owner()) }
	}
	for _, step := range []struct {
		name    string
		advance time.Duration
		op      op
		want    bool
	}{
		{"A acquires the free lease", 0, acquire(a), true},
		{"B cannot while A holds it", 0, acquire(b), false},
		{"B cannot renew what it does not hold", 0, renew(b), false},
		{"A acquires again: a renewal", 10 * time.Second, acquire(a), true},
		{"A renews", 10 * time.Second, renew(a), true},
		{"B still cannot, A renewed", 29 * time.Second, acquire(b), false},
		{"B takes it over once it expired", time.Second, acquire(b), true},
		{"A lost it: renewal refused", 0, renew(a), false},
		{"A cannot take it back", 0, acquire(a), false},
		{"A's release leaves B's lease", 0, release(a), true},
		{"so A still cannot", 0, acquire(a), false},
		{"B releases it", 0, release(b), true},
		{"A takes it at once", 0, acquire(a), true},
	} {
		c.Advance(step.advance)
		if got, err := step.op(); err != nil || got != step.want {
			t.Fatalf("%s: got %v, %v; want %v", step.name, got, err, step.want)
		}
	}
}

// TestLeaseRace: of many owners acquiring an expired lease at once, one
// gets it.
func TestLeaseRace(t *testing.T) {
	ctx := context.Background()
	c := newClock()
	a, b := twoStores(t, c)
	for round := range 20 {
		c.Advance(time.Minute) // the last holder's lease expired
		var wins atomic.Int32
		var wg sync.WaitGroup
		for i := range 8 {
			s := []*Store{a, b}[i%2]
			wg.Go(func() {
				held, err := s.AcquireLease(ctx, "feeds", s.Owner()+string(rune('a'+i)), 30*time.Second)
				if err != nil {
					t.Errorf("AcquireLease: %v", err)
				}
				if held {
					wins.Add(1)
				}
			})
		}
		wg.Wait()
		if n := wins.Load(); n != 1 {
			t.Fatalf("round %d: %d owners got the lease at once; want one", round, n)
		}
	}
}
