package pgstate

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/trustwatch/trustwatch/bot"
)

// defaultStaleClaim is the bbolt store's, so both behave alike.
const defaultStaleClaim = bot.DefaultStaleClaim

// slotColumns are read into a bot.SlotRecord by scanSlot.
const slotColumns = `channel, slot, slot_time, owner, claimed_at, done_at, ts, empty, until`

// claimSQL inserts the claim, or takes over a record that is neither done
// nor within its lease; the row comes back only to the winner.
// With it comes the claim taken over, if any (the statement's snapshot
// of the row), as the record's Prior.
const claimSQL = `WITH old AS (SELECT owner, claimed_at, slot_time FROM digest_slots WHERE channel = $2 AND slot = $3)
INSERT INTO digest_slots AS d (channel, slot, slot_time, owner, claimed_at, lease_until)
VALUES ($2, $3, $4, $5, ` + nowSQL + `, ` + nowSQL + ` + $6::interval)
ON CONFLICT (channel, slot) DO UPDATE SET slot_time = EXCLUDED.slot_time, owner = EXCLUDED.owner,
	claimed_at = EXCLUDED.claimed_at, lease_until = EXCLUDED.lease_until
	WHERE d.done_at IS NULL AND d.lease_until <= EXCLUDED.claimed_at
RETURNING ` + slotColumns + `, (SELECT owner FROM old), (SELECT claimed_at FROM old), (SELECT slot_time FROM old)`

// Claim reserves slot for channel, so that this Store's caller alone, of
// all replicas, posts it. It fails with bot.ErrPosted when the slot is
// done, and with bot.ErrClaimed when another claim is younger than
// StaleClaim; either way the existing record comes back with the error.
// A stale claim is taken over.
func (s *Store) Claim(ctx context.Context, channel, slot string, slotTime time.Time) (bot.SlotRecord, error) {
	s.maybePrune()
	// The record that refused the claim may be released before it is
	// read: then the claim is tried again.
	for range 3 {
		rec, err := scanClaim(s.pool.QueryRow(ctx, claimSQL, s.now(), channel, slot, slotTime, s.owner, s.opts.StaleClaim))
		if err == nil {
			return rec, nil
		}
		if !errors.Is(err, pgx.ErrNoRows) {
			return bot.SlotRecord{}, fmt.Errorf("claim slot %s for %s: %w", slot, channel, err)
		}
		old, found, err := s.Slot(ctx, channel, slot)
		switch {
		case err != nil:
			return bot.SlotRecord{}, fmt.Errorf("claim slot %s for %s: %w", slot, channel, err)
		case !found:
			continue
		case old.Done():
			return old, bot.ErrPosted
		default:
			return old, bot.ErrClaimed
		}
	}
	return bot.SlotRecord{}, fmt.Errorf("claim slot %s for %s: the record kept changing", slot, channel)
}

// markDoneSQL records a slot done, whoever holds its claim now: the post
// was made, so it must be known.
const markDoneSQL = `INSERT INTO digest_slots AS d (channel, slot, slot_time, owner, claimed_at, lease_until, done_at, ts, empty, until)
VALUES ($2, $3, $4, $5, $6, $6, ` + nowSQL + `, $7, $8, $9)
ON CONFLICT (channel, slot) DO UPDATE SET slot_time = EXCLUDED.slot_time, owner = EXCLUDED.owner,
	claimed_at = EXCLUDED.claimed_at, done_at = EXCLUDED.done_at, ts = EXCLUDED.ts,
	empty = EXCLUDED.empty, until = EXCLUDED.until
RETURNING ` + slotColumns

// lastSQL makes rec the channel's last digest unless a later one is.
const lastSQL = `INSERT INTO digest_last AS l (channel, slot, slot_time, owner, claimed_at, done_at, ts, until)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
ON CONFLICT (channel) DO UPDATE SET slot = EXCLUDED.slot, slot_time = EXCLUDED.slot_time,
	owner = EXCLUDED.owner, claimed_at = EXCLUDED.claimed_at, done_at = EXCLUDED.done_at,
	ts = EXCLUDED.ts, until = EXCLUDED.until
	WHERE l.until <= EXCLUDED.until`

// MarkPosted records that the claimed slot rec was posted as the message
// ts, covering quotations up to until; the channel's next digest starts
// there.
func (s *Store) MarkPosted(ctx context.Context, rec bot.SlotRecord, ts string, until time.Time) error {
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		done, err := scanSlot(tx.QueryRow(ctx, markDoneSQL, s.now(), rec.Channel, rec.Slot, rec.SlotTime,
			rec.Owner, rec.ClaimedAt, ts, false, until))
		if err != nil {
			return err
		}
		_, err = tx.Exec(ctx, lastSQL, done.Channel, done.Slot, done.SlotTime, done.Owner,
			done.ClaimedAt, done.DoneAt, done.TS, done.Until)
		return err
	})
	if err != nil {
		return fmt.Errorf("record digest %s posted to %s: %w", rec.Slot, rec.Channel, err)
	}
	return nil
}

// MarkEmpty records that the claimed slot rec had nothing new to post.
// The channel's next digest still starts where the last posted one ended.
func (s *Store) MarkEmpty(ctx context.Context, rec bot.SlotRecord) error {
	_, err := scanSlot(s.pool.QueryRow(ctx, markDoneSQL, s.now(), rec.Channel, rec.Slot, rec.SlotTime,
		rec.Owner, rec.ClaimedAt, rec.TS, true, nullTime(rec.Until)))
	if err != nil {
		return fmt.Errorf("record digest %s empty for %s: %w", rec.Slot, rec.Channel, err)
	}
	return nil
}

// Release gives up a claim, after a failed post, so that another attempt
// can take the slot at once. A claim another Store took over is left.
func (s *Store) Release(ctx context.Context, rec bot.SlotRecord) error {
	_, err := s.pool.Exec(ctx, `DELETE FROM digest_slots
		WHERE channel = $1 AND slot = $2 AND done_at IS NULL AND owner = $3 AND claimed_at = $4`,
		rec.Channel, rec.Slot, rec.Owner, rec.ClaimedAt)
	if err != nil {
		return fmt.Errorf("release slot %s for %s: %w", rec.Slot, rec.Channel, err)
	}
	return nil
}

// Slot returns the record of slot in channel, if any.
func (s *Store) Slot(ctx context.Context, channel, slot string) (bot.SlotRecord, bool, error) {
	rec, err := scanSlot(s.pool.QueryRow(ctx, `SELECT `+slotColumns+` FROM digest_slots
		WHERE channel = $1 AND slot = $2`, channel, slot))
	switch {
	case errors.Is(err, pgx.ErrNoRows):
		return bot.SlotRecord{}, false, nil
	case err != nil:
		return bot.SlotRecord{}, false, fmt.Errorf("read slot %s for %s: %w", slot, channel, err)
	}
	return rec, true, nil
}

// LastPosted returns the record of the last digest posted to channel.
func (s *Store) LastPosted(ctx context.Context, channel string) (bot.SlotRecord, bool, error) {
	rec, err := scanSlot(s.pool.QueryRow(ctx, `SELECT channel, slot, slot_time, owner, claimed_at,
		done_at, ts, false, until FROM digest_last WHERE channel = $1`, channel))
	switch {
	case errors.Is(err, pgx.ErrNoRows):
		return bot.SlotRecord{}, false, nil
	case err != nil:
		return bot.SlotRecord{}, false, fmt.Errorf("read last digest of %s: %w", channel, err)
	}
	return rec, true, nil
}

// scanSlot reads the slotColumns of row.
func scanSlot(row pgx.Row) (bot.SlotRecord, error) {
	var r bot.SlotRecord
	var done, until *time.Time
	if err := row.Scan(&r.Channel, &r.Slot, &r.SlotTime, &r.Owner, &r.ClaimedAt, &done, &r.TS, &r.Empty, &until); err != nil {
		return bot.SlotRecord{}, err
	}
	r.SlotTime, r.ClaimedAt = r.SlotTime.UTC(), r.ClaimedAt.UTC()
	if done != nil {
		r.DoneAt = done.UTC()
	}
	if until != nil {
		r.Until = until.UTC()
	}
	return r, nil
}

// scanClaim reads claimSQL's row: the slot's record, and the claim it
// took over as its Prior.
func scanClaim(row pgx.Row) (bot.SlotRecord, error) {
	var r bot.SlotRecord
	var done, until, priorAt, priorSlot *time.Time
	var priorOwner *string
	if err := row.Scan(&r.Channel, &r.Slot, &r.SlotTime, &r.Owner, &r.ClaimedAt, &done, &r.TS, &r.Empty, &until,
		&priorOwner, &priorAt, &priorSlot); err != nil {
		return bot.SlotRecord{}, err
	}
	r.SlotTime, r.ClaimedAt = r.SlotTime.UTC(), r.ClaimedAt.UTC()
	if done != nil {
		r.DoneAt = done.UTC()
	}
	if until != nil {
		r.Until = until.UTC()
	}
	if priorOwner != nil && priorAt != nil && priorSlot != nil {
		r.Prior = &bot.SlotRecord{Channel: r.Channel, Slot: r.Slot, SlotTime: priorSlot.UTC(), Owner: *priorOwner, ClaimedAt: priorAt.UTC()}
	}
	return r, nil
}

// nullTime is t, or NULL when t is zero.
func nullTime(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	return &t
}

// StaleClaimAfter is how old another's claim must be to be taken over;
// the Digester waits that long before trying a claimed slot again.
func (s *Store) StaleClaimAfter() time.Duration { return s.opts.StaleClaim }
