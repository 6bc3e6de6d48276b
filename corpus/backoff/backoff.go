// Package backoff says how long to wait before trying again something
// that keeps failing: a Socket Mode reconnection, a rate-limited Web API
// call, a feed, the state store. One policy for all of them, exponential
// from a base to a cap with optional jitter, computed by
// github.com/cenkalti/backoff/v5, which lives here and nowhere else.
//
// It never sleeps: each caller waits on its own timer, with its own
// context (and tests on synctest's clock), since each also waits for
// other things meanwhile (a hello, a feed's next round, a Retry-After).
// It imports nothing of ours, so every package may use it; it sits under
// corpus, the root of the project's import graph, because the top level
// of the repository is fixed and corpus/feed needs it too.
package backoff

import (
	"time"

	"github.com/cenkalti/backoff/v5"
)

// Policy is a wait of Base after the first failure in a row, doubling
// after each further one, never more than Max (at least Base). With
// Jitter, each wait is drawn at random between half of that and all of
// it ("equal jitter"), so that many processes failing together do not
// try again in step.
type Policy struct {
	Base, Max time.Duration
	Jitter    bool
}

// Wait is the wait after the n-th failure in a row: 0 for n < 1.
func (p Policy) Wait(n int) time.Duration {
	if n < 1 || p.Base <= 0 {
		return 0
	}
	b := &backoff.ExponentialBackOff{InitialInterval: p.Base, Multiplier: 2, MaxInterval: max(p.Max, p.Base)}
	b.Reset()
	var d time.Duration
	for range min(n, 64) { // 64 doublings reach any cap
		d = b.NextBackOff()
	}
	if !p.Jitter {
		return d
	}
	// cenkalti draws within ±RandomizationFactor of its interval: ±1/3
	// of 3d/4 is [d/2, d]. Rounding may stray by a nanosecond.
	j := &backoff.ExponentialBackOff{InitialInterval: d * 3 / 4, RandomizationFactor: 1.0 / 3, Multiplier: 1, MaxInterval: d * 3 / 4}
	j.Reset()
	return min(max(j.NextBackOff(), d/2), d)
}
