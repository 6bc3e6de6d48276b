package feed

import (
	"context"
	"slices"
	"time"

	"github.com/trustwatch/trustwatch/corpus/backoff"
)

// retryBase is the first wait before a failed feed is tried again; each
// further failure doubles it, up to the polling interval.
const retryBase = time.Minute

// Run polls the feeds until ctx is done: each at once, then every
// interval (DefaultInterval when zero or less). A feed that fails is tried
// again sooner, after 1, 2, 4… minutes, never later than the interval, while
// the others keep their schedule. report, when not nil, is called after
// each round with what it did; the files it added are already in the
// corpus. Run's schedule follows the real clock (time.Now and timers), not
// Options.Now.
func (p *Poller) Run(ctx context.Context, urls []string, interval time.Duration, report func(Report)) {
	if interval <= 0 {
		interval = DefaultInterval
	}
	next := make(map[string]time.Time, len(urls))
	fails := map[string]int{}
	start := time.Now()
	for _, u := range urls {
		next[u] = start
	}
	timer := time.NewTimer(0)
	defer timer.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-timer.C:
		}
		now := time.Now()
		var due []string
		for _, u := range urls {
			if !next[u].After(now) {
				due = append(due, u)
			}
		}
		if len(due) > 0 {
			r := p.Poll(ctx, due)
			if ctx.Err() != nil {
				return
			}
			done := time.Now()
			for _, u := range due {
				if slices.Contains(r.Failed, u) {
					fails[u]++
					next[u] = done.Add(retryWait(fails[u], interval))
				} else {
					fails[u] = 0
					next[u] = done.Add(interval)
				}
			}
			if report != nil {
				report(r)
			}
		}
		if len(urls) == 0 {
			<-ctx.Done()
			return
		}
		earliest := next[urls[0]]
		for _, u := range urls[1:] {
			if next[u].Before(earliest) {
				earliest = next[u]
			}
		}
		timer.Reset(time.Until(earliest))
	}
}

// retryWait is the wait after a feed's n-th failure in a row: retryBase,
// doubling, never more than the polling interval.
func retryWait(n int, interval time.Duration) time.Duration {
	return backoff.Policy{Base: min(retryBase, interval), Max: interval}.Wait(n)
}
