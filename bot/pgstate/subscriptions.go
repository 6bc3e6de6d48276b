package pgstate

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/trustwatch/trustwatch/bot"
)

// subscribeSQL adds vendors to the channel's subscription; an empty list,
// given or held, means every vendor. Vendors stay sorted bytewise, as the
// bbolt store keeps them.
const subscribeSQL = `INSERT INTO subscriptions AS s (channel, vendors, by_user, since)
VALUES ($2, $3, $4, ` + nowSQL + `)
ON CONFLICT (channel) DO UPDATE SET vendors = CASE
	WHEN cardinality(EXCLUDED.vendors) = 0 OR cardinality(s.vendors) = 0 THEN '{}'
	ELSE ARRAY(SELECT DISTINCT v COLLATE "C" FROM unnest(s.vendors || EXCLUDED.vendors) v ORDER BY 1)
	END
RETURNING channel, vendors, by_user, since`

// Subscribe makes channel receive the digest. Vendors named are added to
// those it follows; none makes it follow every vendor.
func (s *Store) Subscribe(ctx context.Context, channel string, vendors []string, by string) (bot.Subscription, error) {
	vendors = slices.Compact(slices.Sorted(slices.Values(vendors)))
	if vendors == nil {
		vendors = []string{}
	}
	sub, err := scanSubscription(s.pool.QueryRow(ctx, subscribeSQL, s.now(), channel, vendors, by))
	if err != nil {
		return bot.Subscription{}, fmt.Errorf("subscribe %s: %w", channel, err)
	}
	return sub, nil
}

// Unsubscribe stops the digest in channel: for the vendors named, or
// altogether when none is. It returns what remains, and whether channel
// was subscribed at all.
func (s *Store) Unsubscribe(ctx context.Context, channel string, vendors []string) (rest bot.Subscription, was bool, err error) {
	err = pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		// The row stays locked until the change is made.
		cur, err := scanSubscription(tx.QueryRow(ctx, `SELECT channel, vendors, by_user, since
			FROM subscriptions WHERE channel = $1 FOR UPDATE`, channel))
		if errors.Is(err, pgx.ErrNoRows) {
			return nil
		}
		if err != nil {
			return err
		}
		was = true
		switch {
		case len(vendors) > 0 && len(cur.Vendors) > 0:
			cur.Vendors = slices.DeleteFunc(cur.Vendors, func(v string) bool { return slices.Contains(vendors, v) })
			if len(cur.Vendors) > 0 {
				rest = cur
				_, err := tx.Exec(ctx, `UPDATE subscriptions SET vendors = $2 WHERE channel = $1`, channel, cur.Vendors)
				return err
			}
		case len(vendors) > 0:
			rest = cur // following every vendor: naming some changes nothing
			return nil
		}
		_, err = tx.Exec(ctx, `DELETE FROM subscriptions WHERE channel = $1`, channel)
		return err
	})
	if err != nil {
		return bot.Subscription{}, false, fmt.Errorf("unsubscribe %s: %w", channel, err)
	}
	return rest, was, nil
}

// Subscriptions lists the subscribed channels, by channel id.
func (s *Store) Subscriptions(ctx context.Context) ([]bot.Subscription, error) {
	rows, err := s.pool.Query(ctx, `SELECT channel, vendors, by_user, since FROM subscriptions ORDER BY channel COLLATE "C"`)
	if err != nil {
		return nil, fmt.Errorf("list subscriptions: %w", err)
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (bot.Subscription, error) { return scanSubscription(r) })
	if err != nil {
		return nil, fmt.Errorf("list subscriptions: %w", err)
	}
	return out, nil
}

// scanSubscription reads channel, vendors, by_user and since from row.
func scanSubscription(row pgx.Row) (bot.Subscription, error) {
	var sub bot.Subscription
	var since time.Time
	if err := row.Scan(&sub.Channel, &sub.Vendors, &sub.By, &since); err != nil {
		return bot.Subscription{}, err
	}
	sub.Since = since.UTC()
	if len(sub.Vendors) == 0 {
		sub.Vendors = nil
	}
	return sub, nil
}
