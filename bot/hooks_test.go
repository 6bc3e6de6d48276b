package bot

import (
	"context"
	"errors"
	"github.com/trustwatch/trustwatch/bot/digest"
	"path/filepath"
	"testing"
	"testing/synctest"
	"time"

	"github.com/trustwatch/trustwatch/corpus"
)

// TestHookConnected: the Connected hook is called when Socket Mode
// connects, so that a test can wait for it rather than for the log line.
func TestHookConnected(t *testing.T) {
	got := make(chan struct{}, 4)
	start(t, &fakeIndex{}, func(c *Config) {
		c.Hooks.Connected = func() {
			select {
			case got <- struct{}{}:
			default: // a hook never blocks the bot
			}
		}
	})
	select {
	case <-got:
	case <-time.After(wait):
		t.Fatalf("Connected not called within %v", wait)
	}
}

// TestHookDigestOutcome: the digester's Outcome hook sees each channel's
// outcome once it is final: a posted slot is already recorded as posted
// when the hook is called, and the second try is "already posted".
func TestHookDigestOutcome(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx := context.Background()
		sleepUntil(t, "2000-01-03T08:00:00Z")
		src := &fakeSource{}
		src.add(quote("acme", "Ada Quill", "trust first", corpus.TrustPriority))
		sleepUntil(t, "2000-01-03T09:30:00Z")
		d := newDigester(t, filepath.Join(t.TempDir(), StateFile), "0 9 * * *", time.UTC, src, &recorder{})
		slot := d.Schedule.Prev(time.Now())
		var got []digest.Status
		d.Outcome = func(o digest.Outcome) {
			got = append(got, o.Status)
			if o.Channel != "C1" || o.Slot != d.Schedule.SlotID(slot) {
				t.Errorf("Outcome for %s slot %s; want C1 slot %s", o.Channel, o.Slot, d.Schedule.SlotID(slot))
			}
			if o.Status != digest.StatusPosted {
				return
			}
			if _, err := d.Store.Claim(ctx, o.Channel, o.Slot, slot); !errors.Is(err, ErrPosted) {
				t.Errorf("when the hook sees %s, Claim = %v; want ErrPosted (the post recorded first)", o.Status, err)
			}
		}
		for range 2 {
			if _, err := d.PostSlot(ctx, slot, time.Time{}); err != nil {
				t.Fatal(err)
			}
		}
		if want := []digest.Status{digest.StatusPosted, digest.StatusDone}; len(got) != 2 || got[0] != want[0] || got[1] != want[1] {
			t.Errorf("Outcome hook saw %v; want %v", got, want)
		}
	})
}
