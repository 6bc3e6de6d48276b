package bot

import (
	"context"
	"errors"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	bolt "go.etcd.io/bbolt"
)

func testStore(t *testing.T, path string) *Store {
	t.Helper()
	return NewStore(path, StoreOptions{LockTimeout: time.Second})
}

func TestClaimProtocol(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx := context.Background()
		path := filepath.Join(t.TempDir(), "state", StateFile)
		a, b := testStore(t, path), testStore(t, path) // two processes
		slot := time.Now()
		const id = "2000-01-01T00:00 UTC"

		rec, err := a.Claim(ctx, "C1", id, slot)
		if err != nil {
			t.Fatalf("first Claim: %v", err)
		}
		if got, err := b.Claim(ctx, "C1", id, slot); !errors.Is(err, ErrClaimed) || got.Owner != rec.Owner {
			t.Fatalf("second Claim while the first is fresh = %+v, %v; want ErrClaimed with the first's owner", got, err)
		}
		if _, err := b.Claim(ctx, "C2", id, slot); err != nil {
			t.Fatalf("Claim of the same slot in another channel: %v", err)
		}
		until := time.Now()
		if err := a.MarkPosted(ctx, rec, "1.0001", until); err != nil {
			t.Fatalf("MarkPosted: %v", err)
		}
		got, err := b.Claim(ctx, "C1", id, slot)
		if !errors.Is(err, ErrPosted) || got.TS != "1.0001" {
			t.Fatalf("Claim after the post = %+v, %v; want ErrPosted with ts 1.0001", got, err)
		}
		last, ok, err := b.LastPosted(ctx, "C1")
		if err != nil || !ok || last.Slot != id || !last.Until.Equal(until) {
			t.Errorf("LastPosted(C1) = %+v, %v, %v; want slot %s until %s", last, ok, err, id, until)
		}
		if _, ok, _ := b.LastPosted(ctx, "C2"); ok {
			t.Errorf("LastPosted(C2) found a digest; C2 was only claimed")
		}
	})
}

func TestStaleClaimIsTakenOver(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx := context.Background()
		path := filepath.Join(t.TempDir(), StateFile)
		dead, live := testStore(t, path), testStore(t, path)
		if _, err := dead.Claim(ctx, "C1", "s", time.Now()); err != nil {
			t.Fatal(err)
		}
		time.Sleep(DefaultStaleClaim - time.Second)
		if _, err := live.Claim(ctx, "C1", "s", time.Now()); !errors.Is(err, ErrClaimed) {
			t.Fatalf("Claim of a young claim: %v; want ErrClaimed", err)
		}
		time.Sleep(2 * time.Second)
		rec, err := live.Claim(ctx, "C1", "s", time.Now())
		if err != nil {
			t.Fatalf("Claim of a stale claim: %v; want it taken over", err)
		}
		if rec.Owner == "" || rec.Owner == dead.owner {
			t.Errorf("taken-over claim's owner = %q; want %q", rec.Owner, live.owner)
		}
	})
}

func TestReleaseLetsAnotherClaim(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), StateFile)
	a, b := testStore(t, path), testStore(t, path)
	rec, err := a.Claim(ctx, "C1", "s", time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if err := a.Release(ctx, rec); err != nil {
		t.Fatalf("Release: %v", err)
	}
	brec, err := b.Claim(ctx, "C1", "s", time.Now())
	if err != nil {
		t.Fatalf("Claim after Release: %v", err)
	}
	// A's late release must not drop B's claim.
	if err := a.Release(ctx, rec); err != nil {
		t.Fatal(err)
	}
	if _, err := a.Claim(ctx, "C1", "s", time.Now()); !errors.Is(err, ErrClaimed) {
		t.Errorf("Claim after a stale Release: %v; want ErrClaimed (B's claim kept)", err)
	}
	if err := b.MarkEmpty(ctx, brec); err != nil {
		t.Fatal(err)
	}
	if got, err := a.Claim(ctx, "C1", "s", time.Now()); !errors.Is(err, ErrPosted) || !got.Empty {
		t.Errorf("Claim after MarkEmpty = %+v, %v; want ErrPosted, empty", got, err)
	}
	if _, ok, _ := a.LastPosted(ctx, "C1"); ok {
		t.Errorf("an empty slot became the channel's last digest")
	}
}

// TestLockTimeout: a process that holds the file longer than the lock
// timeout makes the operation fail with a sentence that says so.
func TestLockTimeout(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		path := filepath.Join(t.TempDir(), StateFile)
		holder, err := bolt.Open(path, 0o600, nil)
		if err != nil {
			t.Fatal(err)
		}
		defer holder.Close()
		s := NewStore(path, StoreOptions{LockTimeout: 200 * time.Millisecond})
		start := time.Now()
		_, err = s.Claim(context.Background(), "C1", "s", time.Now())
		if err == nil || !strings.Contains(err.Error(), "held by another trustwatch process") {
			t.Fatalf("Claim while the file is held = %v; want a lock timeout", err)
		}
		if waited := time.Since(start); waited > time.Second {
			t.Errorf("waited %s; want about the lock timeout", waited)
		}
	})
}

func TestSubscriptions(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), StateFile)
	s := testStore(t, path)
	if subs, err := s.Subscriptions(ctx); err != nil || len(subs) != 0 {
		t.Fatalf("Subscriptions of a new store = %v, %v; want none", subs, err)
	}
	if _, err := s.Subscribe(ctx, "C2", []string{"globex"}, "U1"); err != nil {
		t.Fatal(err)
	}
	got, err := s.Subscribe(ctx, "C2", []string{"acme", "globex"}, "U1")
	if err != nil || !slices.Equal(got.Vendors, []string{"acme", "globex"}) {
		t.Fatalf("Subscribe adding acme = %+v, %v; want acme, globex", got, err)
	}
	if _, err := s.Subscribe(ctx, "C1", nil, "U2"); err != nil {
		t.Fatal(err)
	}
	// Another process sees them.
	subs, err := testStore(t, path).Subscriptions(ctx)
	if err != nil || len(subs) != 2 || subs[0].Channel != "C1" || len(subs[0].Vendors) != 0 || subs[1].Channel != "C2" {
		t.Fatalf("Subscriptions = %+v, %v; want C1 (all) and C2 (acme, globex)", subs, err)
	}
	rest, was, err := s.Unsubscribe(ctx, "C2", []string{"globex"})
	if err != nil || !was || !slices.Equal(rest.Vendors, []string{"acme"}) {
		t.Errorf("Unsubscribe(C2, globex) = %+v, %v, %v; want acme left", rest, was, err)
	}
	rest, was, err = s.Unsubscribe(ctx, "C2", []string{"acme"})
	if err != nil || !was || rest.Channel != "" {
		t.Errorf("Unsubscribe(C2, acme) = %+v, %v, %v; want no subscription left", rest, was, err)
	}
	if _, was, _ := s.Unsubscribe(ctx, "C9", nil); was {
		t.Errorf("Unsubscribe(C9) says it was subscribed")
	}
	// Subscribing with no vendor widens to every vendor.
	if _, err := s.Subscribe(ctx, "C3", []string{"acme"}, ""); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.Subscribe(ctx, "C3", nil, ""); len(got.Vendors) != 0 {
		t.Errorf("Subscribe(C3) with no vendor = %v; want every vendor", got.Vendors)
	}
}
