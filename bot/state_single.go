package bot

import (
	"context"
	"sync"
	"time"
)

// The bbolt Store is one process's state, so what replicas share through
// PostgreSQL it keeps in memory: events seen are the in-memory dedup,
// work is only deduplicated (no other replica could take it over, and a
// write to the file on the ack path would cost a sync of the disk), and
// every lease is granted.

var _ State = (*Store)(nil)

// Owner names this Store in its claims.
func (s *Store) Owner() string { return s.owner }

func (s *Store) memory() *dedup {
	s.seenOnce.Do(func() { s.seen = newDedup(dedupTTL, dedupMax) })
	return s.seen
}

// StaleClaimAfter is how old another's claim must be to be taken over.
func (s *Store) StaleClaimAfter() time.Duration { return s.opts.StaleClaim }

// FirstSeen reports whether key is new to this process within ttl (the
// in-memory dedup's, 15 minutes).
func (s *Store) FirstSeen(_ context.Context, key string, _ time.Duration) (bool, error) {
	return s.memory().first(key), nil
}

// RecordWork reports whether w's ID is new to this process; nothing is
// written.
func (s *Store) RecordWork(_ context.Context, w Work) (bool, error) {
	return s.memory().first(w.ID), nil
}

// ClaimExpiredWork finds none: one process has no one to take over from.
func (s *Store) ClaimExpiredWork(context.Context, string, time.Duration, int) ([]Work, error) {
	return nil, nil
}

// ExtendWork always lets the one process answer.
func (s *Store) ExtendWork(context.Context, string, string, time.Duration) (bool, error) {
	return true, nil
}

// DoneWork has nothing to record.
func (s *Store) DoneWork(context.Context, string) error { return nil }

// AcquireLease always grants the lease: there is no other process.
func (s *Store) AcquireLease(context.Context, string, string, time.Duration) (bool, error) {
	return true, nil
}

// RenewLease always renews it.
func (s *Store) RenewLease(context.Context, string, string, time.Duration) (bool, error) {
	return true, nil
}

// ReleaseLease has nothing to release.
func (s *Store) ReleaseLease(context.Context, string, string) error { return nil }

// seenState is the part of Store FirstSeen uses, made on first use.
type seenState struct {
	seenOnce sync.Once
	seen     *dedup
}
