package pgstate

import (
	"context"
	"errors"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/trustwatch/trustwatch/bot"
	"github.com/trustwatch/trustwatch/bot/pgstate/pgtest"
)

// TestImportBolt moves a single-process state file into PostgreSQL, twice:
// the subscriptions and last digests arrive once, the posted slot is not
// claimed again, and what a replica changed in between is kept.
func TestImportBolt(t *testing.T) {
	ctx := context.Background()
	c := newClock()
	src := bot.NewStore(filepath.Join(t.TempDir(), bot.StateFile), bot.StoreOptions{Now: c.Now})
	mustSub := func(channel string, vendors ...string) {
		if _, err := src.Subscribe(ctx, channel, vendors, "U1"); err != nil {
			t.Fatal(err)
		}
	}
	mustSub("C1", "acme", "nimbus")
	mustSub("C2")
	rec, err := src.Claim(ctx, "C9", "monday", c.Now()) // the configured digest channel, not subscribed
	if err != nil {
		t.Fatal(err)
	}
	until := c.Now().Add(-time.Minute)
	if err := src.MarkPosted(ctx, rec, "1.0009", until); err != nil {
		t.Fatal(err)
	}
	dst := openStore(t, pgtest.URL(t), Options{Now: c.Now})

	got, err := ImportBolt(ctx, dst, src, "C9", "C8")
	if want := (Imported{Subscriptions: 2, Posted: 1}); err != nil || got != want {
		t.Fatalf("ImportBolt = %+v, %v; want %+v", got, err, want)
	}
	subs, err := dst.Subscriptions(ctx)
	want, _ := src.Subscriptions(ctx)
	if err != nil || !slices.EqualFunc(subs, want, sameSubscription) {
		t.Fatalf("Subscriptions after import = %+v, %v; want %+v", subs, err, want)
	}
	last, ok, err := dst.LastPosted(ctx, "C9")
	if err != nil || !ok || last.Slot != "monday" || last.TS != "1.0009" || !last.Until.Equal(until) {
		t.Errorf("LastPosted(C9) after import = %+v, %v, %v; want monday's, ts 1.0009", last, ok, err)
	}
	if _, err := dst.Claim(ctx, "C9", "monday", rec.SlotTime); !errors.Is(err, bot.ErrPosted) {
		t.Errorf("Claim of the imported posted slot: %v; want ErrPosted", err)
	}

	// A replica changes a subscription, then the import runs again.
	if _, _, err := dst.Unsubscribe(ctx, "C1", []string{"acme"}); err != nil {
		t.Fatal(err)
	}
	got, err = ImportBolt(ctx, dst, src, "C9")
	if err != nil || got != (Imported{}) {
		t.Fatalf("ImportBolt again = %+v, %v; want nothing new", got, err)
	}
	subs, _ = dst.Subscriptions(ctx)
	if len(subs) != 2 || !slices.Equal(subs[0].Vendors, []string{"nimbus"}) {
		t.Errorf("Subscriptions after a second import = %+v; want C1 (nimbus), as the replica left it, and C2", subs)
	}
}

func sameSubscription(a, b bot.Subscription) bool {
	return a.Channel == b.Channel && slices.Equal(a.Vendors, b.Vendors) && a.By == b.By && a.Since.Equal(b.Since)
}
