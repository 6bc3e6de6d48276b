package bot

import (
	"context"
	"errors"
	"log/slog"
	"sync"
	"time"

	"github.com/trustwatch/trustwatch/corpus/backoff"
)

// storeProbe is how long after a store is found down it is tried again:
// 2 s, then longer while it stays down (with jitter, so that replicas do
// not knock in step), never more than 10 s, so that it is found back
// within 10 s. Between tries the bot does without it (dedup in memory, no
// work recorded), so that an unreachable database costs no ack a timeout.
var storeProbe = backoff.Policy{Base: 2 * time.Second, Max: 10 * time.Second, Jitter: true}

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
	fails   int // probes since it went down, the first failure included
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
// once per probe (storeProbe) while it does not.
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
	h.fails++ // a probe: one at a time, each after a longer wait
	h.retryAt = now.Add(storeProbe.Wait(h.fails))
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
		h.down, h.fails, changed = true, 1, true
		h.retryAt = h.clock().Add(storeProbe.Wait(h.fails))
		h.log.Warn("state store unreachable: deduplicating in memory, not recording work, digest waiting", "err", err)
	case err == nil && h.down:
		h.down, h.fails, h.backAt, changed = false, 0, h.clock(), true
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
