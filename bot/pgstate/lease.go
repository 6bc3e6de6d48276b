package pgstate

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
)

// acquireSQL takes the lease when it is free, expired or already owner's.
const acquireSQL = `INSERT INTO leases AS l (name, owner, lease_until)
VALUES ($2, $3, ` + nowSQL + ` + $4::interval)
ON CONFLICT (name) DO UPDATE SET owner = EXCLUDED.owner, lease_until = EXCLUDED.lease_until
	WHERE l.owner = EXCLUDED.owner OR l.lease_until <= ` + nowSQL + `
RETURNING true`

// AcquireLease takes the lease called name, such as feed polling, for
// owner until ttl from now, and reports whether owner holds it. It holds
// for one owner at a time; another takes it over once it expires.
// Acquiring a lease one holds renews it.
func (s *Store) AcquireLease(ctx context.Context, name, owner string, ttl time.Duration) (bool, error) {
	var held bool
	err := s.pool.QueryRow(ctx, acquireSQL, s.now(), name, owner, ttl).Scan(&held)
	switch {
	case errors.Is(err, pgx.ErrNoRows):
		return false, nil
	case err != nil:
		return false, fmt.Errorf("acquire lease %s: %w", name, err)
	}
	return true, nil
}

// RenewLease extends owner's lease called name until ttl from now. It
// reports false, and changes nothing, when owner no longer holds it:
// someone else took it over after it expired.
func (s *Store) RenewLease(ctx context.Context, name, owner string, ttl time.Duration) (bool, error) {
	tag, err := s.pool.Exec(ctx, `UPDATE leases SET lease_until = `+nowSQL+` + $4::interval
		WHERE name = $2 AND owner = $3`, s.now(), name, owner, ttl)
	if err != nil {
		return false, fmt.Errorf("renew lease %s: %w", name, err)
	}
	return tag.RowsAffected() == 1, nil
}

// ReleaseLease gives up owner's lease called name, so that another owner
// may take it at once. A lease someone else holds is left.
func (s *Store) ReleaseLease(ctx context.Context, name, owner string) error {
	if _, err := s.pool.Exec(ctx, `DELETE FROM leases WHERE name = $1 AND owner = $2`, name, owner); err != nil {
		return fmt.Errorf("release lease %s: %w", name, err)
	}
	return nil
}
