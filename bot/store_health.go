package bot

import (
	"context"
	"errors"
	"log/slog"
	"sync"
	"time"
)

// storeProbe is how often a store found down is tried again. Between
// tries the bot does without it (dedup in memory, no work recorded), so
// that an unreachable database costs no ack a timeout.
const storeProbe = 2 * time.Second

// storeHealth tells whether the state store answers, so that losing it
// is said once (a warning), and its return once (an info line), not once
// per message.
type storeHealth struct {
	log *slog.Logger
	now func() time.Time // nil is time.Now
	// hook is Hooks.Store: called with each change, down or back.
	hook func(up bool)

	mu      sync.Mutex
	down    bool
	retryAt time.Time
	backAt  time.Time // when it last came back
}

func (h *storeHealth) clock() time.Time {
	if h.now != nil {
		return h.now()
	}
	return time.Now()
}

// usable reports whether to call the store now: always while it answers;
// once per storeProbe while it does not.
func (h *storeHealth) usable() bool {
	h.mu.Lock()
	defer h.mu.Unlock()
	if !h.down {
		return true
	}
	now := h.clock()
	if now.Before(h.retryAt) {
		return false
	}
	h.retryAt = now.Add(storeProbe)
	return true
}

// result records how a call went; ctx is the caller's, not the call's
// own timeout: the caller's cancellation says nothing of the store, a
// call that timed out does.
func (h *storeHealth) result(ctx context.Context, err error) {
	if err != nil && ctx.Err() != nil && errors.Is(err, ctx.Err()) {
		return
	}
	h.mu.Lock()
	changed := false
	switch {
	case err != nil && !h.down:
		h.down, h.retryAt, changed = true, h.clock().Add(storeProbe), true
		h.log.Warn("state store unreachable: deduplicating in memory, not recording work, digest waiting", "err", err)
	case err == nil && h.down:
		h.down, h.backAt, changed = false, h.clock(), true
		h.log.Info("state store back")
	}
	up := !h.down
	h.mu.Unlock()
	if changed && h.hook != nil {
		h.hook(up)
	}
}

// backFor is how long the store has answered since it came back; a long
// time if it never went away.
func (h *storeHealth) backFor() time.Duration {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.backAt.IsZero() {
		return time.Duration(1<<63 - 1)
	}
	return h.clock().Sub(h.backAt)
}

// isDown reports whether the last call failed.
func (h *storeHealth) isDown() bool {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.down
}
