package pgstate

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
)

// firstSeenSQL inserts the key, or revives an expired row of it; a row
// comes back only to the one caller that did either.
const firstSeenSQL = `INSERT INTO seen_events AS e (key, expires_at)
VALUES ($2, ` + nowSQL + ` + $3::interval)
ON CONFLICT (key) DO UPDATE SET expires_at = EXCLUDED.expires_at
	WHERE e.expires_at <= ` + nowSQL + `
RETURNING true`

// FirstSeen records key, an envelope or event id, for ttl and reports
// whether it is new: across all replicas sharing the database it is true
// once per key while the record lasts. The empty key is always new.
func (s *Store) FirstSeen(ctx context.Context, key string, ttl time.Duration) (bool, error) {
	if key == "" {
		return true, nil
	}
	s.maybePrune()
	var first bool
	err := s.pool.QueryRow(ctx, firstSeenSQL, s.now(), key, ttl).Scan(&first)
	switch {
	case errors.Is(err, pgx.ErrNoRows):
		return false, nil
	case err != nil:
		return false, fmt.Errorf("record event %s as handled: %w", key, err)
	}
	return true, nil
}
