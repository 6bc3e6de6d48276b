package pgstate

import (
	"context"
	"fmt"
	"time"
)

// What is kept, and how often a Store prunes the rest.
const (
	pruneEvery = time.Minute
	// keepSlots is how long a digest slot's record is kept, as in the
	// bbolt store: long enough to know today's slot was posted in any
	// time zone.
	keepSlots = 8 * 24 * time.Hour
	// keepWork is how long work is kept once done, or when never done:
	// far longer than a redelivery or a response_url lasts.
	keepWork = 24 * time.Hour
)

// prunes drop expired events, old slots and old work; each query takes
// $2, how long its records are kept.
var prunes = []struct {
	sql  string
	keep time.Duration
}{
	{`DELETE FROM seen_events WHERE expires_at <= ` + nowSQL + ` - $2::interval`, 0},
	{`DELETE FROM digest_slots WHERE slot_time < ` + nowSQL + ` - $2::interval`, keepSlots},
	{`DELETE FROM work WHERE coalesce(done_at, created_at) < ` + nowSQL + ` - $2::interval`, keepWork},
}

// Prune drops the records that have expired: events past their TTL, slot
// records older than eight days, work done (or abandoned) over a day ago.
// Stores do it by themselves in the background about once a minute.
func (s *Store) Prune(ctx context.Context) error {
	now := s.now()
	for _, p := range prunes {
		if _, err := s.pool.Exec(ctx, p.sql, now, p.keep); err != nil {
			return fmt.Errorf("prune old state: %w", err)
		}
	}
	return nil
}

// maybePrune starts a background Prune when the last is over pruneEvery
// old, so that no caller waits for it.
func (s *Store) maybePrune() {
	now := time.Now().UnixNano()
	last := s.lastPrune.Load()
	if now-last < int64(pruneEvery) || !s.lastPrune.CompareAndSwap(last, now) {
		return
	}
	s.pruning.Add(1)
	go func() {
		defer s.pruning.Done()
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		if err := s.Prune(ctx); err != nil {
			s.log().Warn("state not pruned", "err", err)
		}
	}()
}
