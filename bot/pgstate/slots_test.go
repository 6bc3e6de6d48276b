package pgstate

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/trustwatch/trustwatch/bot"
)

// slotStore is what the digest needs of a store, met by bot.Store and
// Store alike.
type slotStore interface {
	Claim(ctx context.Context, channel, slot string, slotTime time.Time) (bot.SlotRecord, error)
	MarkPosted(ctx context.Context, rec bot.SlotRecord, ts string, until time.Time) error
	MarkEmpty(ctx context.Context, rec bot.SlotRecord) error
	Release(ctx context.Context, rec bot.SlotRecord) error
	Slot(ctx context.Context, channel, slot string) (bot.SlotRecord, bool, error)
	LastPosted(ctx context.Context, channel string) (bot.SlotRecord, bool, error)
}

// bothStores runs test against two processes' views of the bbolt file and
// two replicas on PostgreSQL, so that both stores are seen to behave alike.
func bothStores(t *testing.T, test func(t *testing.T, c *clock, a, b slotStore)) {
	t.Run("bbolt", func(t *testing.T) {
		c := newClock()
		path := filepath.Join(t.TempDir(), bot.StateFile)
		opts := bot.StoreOptions{LockTimeout: time.Second, Now: c.Now}
		test(t, c, bot.NewStore(path, opts), bot.NewStore(path, opts))
	})
	t.Run("postgres", func(t *testing.T) {
		c := newClock()
		a, b := twoStores(t, c)
		test(t, c, a, b)
	})
}

func TestClaimProtocol(t *testing.T) {
	bothStores(t, func(t *testing.T, c *clock, a, b slotStore) {
		ctx := context.Background()
		slot := c.Now()
		const id = "2030-03-04T09:00 UTC"
		rec, err := a.Claim(ctx, "C1", id, slot)
		if err != nil {
			t.Fatalf("first Claim: %v", err)
		}
		if !rec.SlotTime.Equal(slot) || !rec.ClaimedAt.Equal(c.Now()) || rec.Owner == "" || rec.Done() {
			t.Errorf("first Claim = %+v; want slot time %s, claimed now, an owner, not done", rec, slot)
		}
		if got, err := b.Claim(ctx, "C1", id, slot); !errors.Is(err, bot.ErrClaimed) || got.Owner != rec.Owner {
			t.Fatalf("second Claim while the first is fresh = %+v, %v; want ErrClaimed with the first's owner", got, err)
		}
		if _, err := b.Claim(ctx, "C2", id, slot); err != nil {
			t.Fatalf("Claim of the same slot in another channel: %v", err)
		}
		c.Advance(time.Minute)
		until := c.Now()
		if err := a.MarkPosted(ctx, rec, "1.0001", until); err != nil {
			t.Fatalf("MarkPosted: %v", err)
		}
		got, err := b.Claim(ctx, "C1", id, slot)
		if !errors.Is(err, bot.ErrPosted) || got.TS != "1.0001" || !got.DoneAt.Equal(until) {
			t.Fatalf("Claim after the post = %+v, %v; want ErrPosted with ts 1.0001, done at %s", got, err, until)
		}
		c.Advance(time.Hour) // posted slots are never taken over
		if _, err := b.Claim(ctx, "C1", id, slot); !errors.Is(err, bot.ErrPosted) {
			t.Fatalf("Claim of a posted slot an hour on: %v; want ErrPosted", err)
		}
		last, ok, err := b.LastPosted(ctx, "C1")
		if err != nil || !ok || last.Slot != id || !last.Until.Equal(until) || last.TS != "1.0001" {
			t.Errorf("LastPosted(C1) = %+v, %v, %v; want slot %s until %s", last, ok, err, id, until)
		}
		if _, ok, _ := b.LastPosted(ctx, "C2"); ok {
			t.Errorf("LastPosted(C2) found a digest; C2 was only claimed")
		}
		if got, ok, err := a.Slot(ctx, "C2", id); err != nil || !ok || got.Done() {
			t.Errorf("Slot(C2) = %+v, %v, %v; want a claim, not done", got, ok, err)
		}
		if _, ok, err := a.Slot(ctx, "C3", id); err != nil || ok {
			t.Errorf("Slot(C3) = %v, %v; want none", ok, err)
		}
	})
}

func TestReleaseLetsAnotherClaim(t *testing.T) {
	bothStores(t, func(t *testing.T, c *clock, a, b slotStore) {
		ctx := context.Background()
		rec, err := a.Claim(ctx, "C1", "s", c.Now())
		if err != nil {
			t.Fatal(err)
		}
		if err := a.Release(ctx, rec); err != nil {
			t.Fatalf("Release: %v", err)
		}
		c.Advance(time.Second)
		brec, err := b.Claim(ctx, "C1", "s", c.Now())
		if err != nil {
			t.Fatalf("Claim after Release: %v", err)
		}
		// A's late release must not drop B's claim.
		if err := a.Release(ctx, rec); err != nil {
			t.Fatal(err)
		}
		if _, err := a.Claim(ctx, "C1", "s", c.Now()); !errors.Is(err, bot.ErrClaimed) {
			t.Errorf("Claim after a stale Release: %v; want ErrClaimed (B's claim kept)", err)
		}
		if err := b.MarkEmpty(ctx, brec); err != nil {
			t.Fatal(err)
		}
		if got, err := a.Claim(ctx, "C1", "s", c.Now()); !errors.Is(err, bot.ErrPosted) || !got.Empty {
			t.Errorf("Claim after MarkEmpty = %+v, %v; want ErrPosted, empty", got, err)
		}
		if _, ok, _ := a.LastPosted(ctx, "C1"); ok {
			t.Errorf("an empty slot became the channel's last digest")
		}
	})
}

// TestLastPostedKeepsTheLatest: a digest covering less than the last one
// posted (a late catch-up) does not become the channel's last.
func TestLastPostedKeepsTheLatest(t *testing.T) {
	bothStores(t, func(t *testing.T, c *clock, a, b slotStore) {
		ctx := context.Background()
		later, err := a.Claim(ctx, "C1", "tuesday", c.Now())
		if err != nil {
			t.Fatal(err)
		}
		if err := a.MarkPosted(ctx, later, "2.0", c.Now()); err != nil {
			t.Fatal(err)
		}
		earlier, err := b.Claim(ctx, "C1", "monday", c.Now().Add(-24*time.Hour))
		if err != nil {
			t.Fatal(err)
		}
		if err := b.MarkPosted(ctx, earlier, "1.0", c.Now().Add(-24*time.Hour)); err != nil {
			t.Fatal(err)
		}
		if last, _, err := a.LastPosted(ctx, "C1"); err != nil || last.Slot != "tuesday" {
			t.Errorf("LastPosted(C1) = %+v, %v; want tuesday's", last, err)
		}
	})
}

// TestStaleClaimIsTakenOver: a replica that claimed a slot and died holds
// it for StaleClaim, then another takes it over.
func TestStaleClaimIsTakenOver(t *testing.T) {
	ctx := context.Background()
	c := newClock()
	dead, live := twoStores(t, c)
	if _, err := dead.Claim(ctx, "C1", "s", c.Now()); err != nil {
		t.Fatal(err)
	}
	c.Advance(bot.DefaultStaleClaim - time.Second)
	if _, err := live.Claim(ctx, "C1", "s", c.Now()); !errors.Is(err, bot.ErrClaimed) {
		t.Fatalf("Claim of a young claim: %v; want ErrClaimed", err)
	}
	c.Advance(time.Second)
	rec, err := live.Claim(ctx, "C1", "s", c.Now())
	if err != nil {
		t.Fatalf("Claim of a stale claim: %v; want it taken over", err)
	}
	if rec.Owner != live.Owner() || !rec.ClaimedAt.Equal(c.Now()) {
		t.Errorf("taken-over claim = %+v; want owner %q, claimed now", rec, live.Owner())
	}
	// The claim taken over may have posted: the Digester looks for its
	// post before posting, as with the bbolt store.
	if rec.Prior == nil || rec.Prior.Owner != dead.Owner() || rec.Prior.Done() {
		t.Errorf("taken-over claim's Prior = %+v; want the dead owner's claim", rec.Prior)
	}
	if _, err := dead.Claim(ctx, "C1", "s", c.Now()); !errors.Is(err, bot.ErrClaimed) {
		t.Errorf("Claim by the first owner back from the dead: %v; want ErrClaimed", err)
	}
}

// TestClaimRace races two replicas, several goroutines each, for the
// same slots, fresh and stale: exactly one claim wins each time.
func TestClaimRace(t *testing.T) {
	ctx := context.Background()
	c := newClock()
	a, b := twoStores(t, c)
	const rounds, callers = 30, 4
	for r := range rounds {
		slot := fmt.Sprintf("slot-%d", r/2)
		if r%2 == 1 {
			c.Advance(bot.DefaultStaleClaim) // the slot's claim went stale: race to take it over
		}
		var mu sync.Mutex
		var winners []string
		var wg sync.WaitGroup
		for i := range 2 * callers {
			s := []*Store{a, b}[i%2]
			wg.Go(func() {
				rec, err := s.Claim(ctx, "C1", slot, c.Now())
				switch {
				case err == nil:
					mu.Lock()
					winners = append(winners, rec.Owner)
					mu.Unlock()
				case !errors.Is(err, bot.ErrClaimed):
					t.Errorf("Claim(%s): %v; want success or ErrClaimed", slot, err)
				}
			})
		}
		wg.Wait()
		if len(winners) != 1 {
			t.Fatalf("round %d: %d callers claimed %s at once; %d won (%v); want one", r, 2*callers, slot, len(winners), winners)
		}
	}
}
