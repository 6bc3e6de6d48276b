package bot

import (
	"context"
	"errors"
	"log/slog"
	"testing"
	"time"
)

// TestStoreProbeBacksOff: a store found down is tried once per probe, 2 s
// after, then after longer and longer waits up to 10 s, and at every call
// again once it answers.
func TestStoreProbeBacksOff(t *testing.T) {
	now := time.Date(2026, 1, 5, 9, 0, 0, 0, time.UTC)
	h := &storeHealth{log: slog.New(slog.DiscardHandler), now: func() time.Time { return now }}
	ctx := context.Background()
	down := errors.New("connection refused")
	h.result(ctx, down)
	const step = 50 * time.Millisecond
	last := now
	for i := 1; i <= 6; i++ {
		for !h.usable() {
			now = now.Add(step)
		}
		gap := now.Sub(last)
		want := min(2*time.Second<<(i-1), 10*time.Second)
		if gap < want/2 || gap > want+step {
			t.Errorf("probe %d came %v after the last; want in [%v, %v]", i, gap, want/2, want)
		}
		if h.usable() {
			t.Fatalf("probe %d: a second call let through at once", i)
		}
		last = now
		h.result(ctx, down)
	}
	for !h.usable() {
		now = now.Add(step)
	}
	h.result(ctx, nil)
	for range 3 {
		if !h.usable() {
			t.Fatal("store back, yet a call was refused")
		}
	}
}
