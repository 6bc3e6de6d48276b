package pgstate

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/trustwatch/trustwatch/bot"
)

// The bot's interface to its state, implemented here for replicas.
var _ bot.State = (*Store)(nil)
var _ bot.WorkBatcher = (*Store)(nil)

// RecordWork records w unless work with its ID is recorded already, and
// reports whether it was new. A zero LeaseUntil is read as now: the work
// is due at once for ClaimExpiredWork.
func (s *Store) RecordWork(ctx context.Context, w bot.Work) (bool, error) {
	s.maybePrune()
	tag, err := s.pool.Exec(ctx, recordWorkSQL, s.now(), w.ID, w.Kind, w.Payload, w.Owner, nullTime(w.LeaseUntil))
	if err != nil {
		return false, fmt.Errorf("record %s work %s: %w", w.Kind, w.ID, err)
	}
	return tag.RowsAffected() == 1, nil
}

// asyncCommit, joined into a statement, makes its own transaction commit
// without waiting for the WAL to reach the disk (synchronous_commit off,
// for that transaction only), in the same round trip.
//
// The trade-off, for work records on the ack path only: the row is in
// PostgreSQL's memory and visible to every replica as soon as the
// statement returns, so a replica that dies loses nothing; only a crash
// of PostgreSQL itself (or its host) within wal_writer_delay, 200 ms by
// default, can lose the last records, and then only a replica that died
// too leaves that work unanswered. The database is never corrupted by
// it. Marks of work done, digest claims and everything else still wait
// for the disk: losing a done mark could answer twice.
const asyncCommit = `(SELECT set_config('synchronous_commit', 'off', true)) AS async`

// recordWorkSQL records one piece of work.
const recordWorkSQL = `INSERT INTO work (id, kind, payload, owner, lease_until, created_at)
SELECT $2, $3, $4, $5, coalesce($6, ` + nowSQL + `), ` + nowSQL + ` FROM ` + asyncCommit + `
ON CONFLICT (id) DO NOTHING`

// claimWorkSQL gives at most $4 pieces of due work (not done, lease
// expired) a new owner and lease. Rows another replica is taking over at
// the same time are locked, and skipped.
const claimWorkSQL = `WITH due AS (
	SELECT id FROM work WHERE done_at IS NULL AND lease_until <= ` + nowSQL + `
	ORDER BY lease_until LIMIT $4 FOR UPDATE SKIP LOCKED)
UPDATE work w SET owner = $2, lease_until = ` + nowSQL + ` + $3::interval, attempts = w.attempts + 1
FROM due WHERE w.id = due.id
RETURNING w.id, w.kind, w.payload, w.owner, w.lease_until, w.attempts`

// ClaimExpiredWork takes over, for owner and until ttl from now, at most
// max pieces of work whose lease expired before they were done, oldest
// lease first. Each comes back to one caller only, across replicas.
func (s *Store) ClaimExpiredWork(ctx context.Context, owner string, ttl time.Duration, max int) ([]bot.Work, error) {
	rows, err := s.pool.Query(ctx, claimWorkSQL, s.now(), owner, ttl, max)
	if err != nil {
		return nil, fmt.Errorf("take over expired work: %w", err)
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (bot.Work, error) {
		var w bot.Work
		err := r.Scan(&w.ID, &w.Kind, &w.Payload, &w.Owner, &w.LeaseUntil, &w.Attempts)
		w.LeaseUntil = w.LeaseUntil.UTC()
		return w, err
	})
	if err != nil {
		return nil, fmt.Errorf("take over expired work: %w", err)
	}
	return out, nil
}

// DoneWork marks the work with id answered: no one takes it over again.
func (s *Store) DoneWork(ctx context.Context, id string) error {
	_, err := s.pool.Exec(ctx, `UPDATE work SET done_at = `+nowSQL+` WHERE id = $2 AND done_at IS NULL`, s.now(), id)
	if err != nil {
		return fmt.Errorf("mark work %s done: %w", id, err)
	}
	return nil
}

// DoneWorks is DoneWork for several pieces of work in one round trip,
// as answers finishing together want.
func (s *Store) DoneWorks(ctx context.Context, ids []string) error {
	_, err := s.pool.Exec(ctx, `UPDATE work SET done_at = `+nowSQL+` WHERE id = ANY($2) AND done_at IS NULL`, s.now(), ids)
	if err != nil {
		return fmt.Errorf("mark %d pieces of work done: %w", len(ids), err)
	}
	return nil
}

// ExtendWork renews owner's lease on the work with id until ttl from now,
// before a long answer or just before posting it. False means owner must
// not answer: the work is done, or another replica took it over after
// the lease expired.
func (s *Store) ExtendWork(ctx context.Context, id, owner string, ttl time.Duration) (bool, error) {
	tag, err := s.pool.Exec(ctx, `UPDATE work SET lease_until = `+nowSQL+` + $4::interval
		WHERE id = $2 AND owner = $3 AND done_at IS NULL`, s.now(), id, owner, ttl)
	if err != nil {
		return false, fmt.Errorf("extend the lease on work %s: %w", id, err)
	}
	return tag.RowsAffected() == 1, nil
}

// recordWorksSQL records a batch in one statement, committed as
// asyncCommit says; the ids that come back are the new ones.
const recordWorksSQL = `INSERT INTO work (id, kind, payload, owner, lease_until, created_at)
SELECT t.id, t.kind, t.payload, t.owner, coalesce(t.lease_until, ` + nowSQL + `), ` + nowSQL + `
FROM unnest($2::text[], $3::text[], $4::bytea[], $5::text[], $6::timestamptz[]) AS t(id, kind, payload, owner, lease_until), ` + asyncCommit + `
ON CONFLICT (id) DO NOTHING
RETURNING id`

// RecordWorks is RecordWork for several pieces of work in one round
// trip, as a burst of envelopes wants: new[i] reports whether ws[i] was
// new (of two with one ID, the first).
func (s *Store) RecordWorks(ctx context.Context, ws []bot.Work) ([]bool, error) {
	s.maybePrune()
	n := len(ws)
	ids, kinds, owners := make([]string, n), make([]string, n), make([]string, n)
	payloads, leases := make([][]byte, n), make([]*time.Time, n)
	for i, w := range ws {
		ids[i], kinds[i], payloads[i], owners[i], leases[i] = w.ID, w.Kind, w.Payload, w.Owner, nullTime(w.LeaseUntil)
	}
	rows, err := s.pool.Query(ctx, recordWorksSQL, s.now(), ids, kinds, payloads, owners, leases)
	if err != nil {
		return nil, fmt.Errorf("record %d pieces of work: %w", n, err)
	}
	added, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return nil, fmt.Errorf("record %d pieces of work: %w", n, err)
	}
	fresh := make(map[string]bool, len(added))
	for _, id := range added {
		fresh[id] = true
	}
	out := make([]bool, n)
	for i, id := range ids {
		out[i] = fresh[id]
		delete(fresh, id) // a second of the same id is not new
	}
	return out, nil
}
