package bot

import (
	"sync"
	"time"
)

// Slack redelivers an envelope it thinks was not acknowledged in time,
// with the same event_id (retry_attempt > 0). Ids are remembered for
// dedupTTL, longer than Slack's retry schedule (about 5 minutes), and at
// most dedupMax of them, oldest forgotten first, so memory stays bounded.
const (
	dedupTTL = 15 * time.Minute
	dedupMax = 50_000
)

// dedup remembers the requests already taken, by key, for a while.
type dedup struct {
	ttl time.Duration
	max int
	now func() time.Time

	mu    sync.Mutex
	seen  map[string]time.Time
	order []string // keys in the order seen; order[head:] are live
	head  int
}

func newDedup(ttl time.Duration, max int) *dedup {
	return &dedup{ttl: ttl, max: max, now: time.Now, seen: make(map[string]time.Time)}
}

// first records key and reports whether it was not seen within the TTL.
// The empty key is never a duplicate.
func (d *dedup) first(key string) bool {
	if key == "" {
		return true
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	now := d.now()
	d.expire(now)
	if _, ok := d.seen[key]; ok {
		return false
	}
	d.seen[key] = now
	d.order = append(d.order, key)
	return true
}

// expire forgets keys older than the TTL, and the oldest beyond max.
func (d *dedup) expire(now time.Time) {
	for d.head < len(d.order) {
		k := d.order[d.head]
		if len(d.seen) < d.max && now.Sub(d.seen[k]) < d.ttl {
			break
		}
		delete(d.seen, k)
		d.order[d.head] = ""
		d.head++
	}
	// Compact once the dead prefix is half the slice, keeping appends
	// amortised O(1).
	if d.head > 0 && d.head >= len(d.order)/2 {
		d.order = append(d.order[:0], d.order[d.head:]...)
		d.head = 0
	}
}

// len is how many keys are remembered.
func (d *dedup) len() int {
	d.mu.Lock()
	defer d.mu.Unlock()
	return len(d.seen)
}
