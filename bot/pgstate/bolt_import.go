package pgstate

import (
	"context"
	"fmt"
	"slices"

	"github.com/trustwatch/trustwatch/bot"
)

// Imported counts what ImportBolt copied.
type Imported struct {
	// Subscriptions is the number of channel subscriptions copied.
	Subscriptions int
	// Posted is the number of channels whose last posted digest was
	// copied or moved later.
	Posted int
}

// ImportBolt copies into dst what the single-process state file src holds
// that replicas need: every channel subscription, and the last digest
// posted to each subscribed channel and each of channels (such as the
// configured digest channel), so that the next digest starts where that
// one ended and its slot is not posted again. It can be run again: what
// dst holds already is kept, a subscription made through a replica since
// included.
func ImportBolt(ctx context.Context, dst *Store, src *bot.Store, channels ...string) (Imported, error) {
	var n Imported
	subs, err := src.Subscriptions(ctx)
	if err != nil {
		return n, fmt.Errorf("import %s: %w", src.Path(), err)
	}
	for _, sub := range subs {
		vendors := sub.Vendors
		if vendors == nil {
			vendors = []string{}
		}
		tag, err := dst.pool.Exec(ctx, `INSERT INTO subscriptions (channel, vendors, by_user, since)
			VALUES ($1, $2, $3, $4) ON CONFLICT (channel) DO NOTHING`, sub.Channel, vendors, sub.By, sub.Since)
		if err != nil {
			return n, fmt.Errorf("import the subscription of %s from %s: %w", sub.Channel, src.Path(), err)
		}
		n.Subscriptions += int(tag.RowsAffected())
		channels = append(channels, sub.Channel)
	}
	slices.Sort(channels)
	for _, ch := range slices.Compact(channels) {
		moved, err := importLast(ctx, dst, src, ch)
		if err != nil {
			return n, fmt.Errorf("import the last digest of %s from %s: %w", ch, src.Path(), err)
		}
		if moved {
			n.Posted++
		}
	}
	return n, nil
}

// importLast copies the last digest posted to channel, and its slot as
// done, unless dst knows a later one.
func importLast(ctx context.Context, dst *Store, src *bot.Store, channel string) (bool, error) {
	rec, found, err := src.LastPosted(ctx, channel)
	if err != nil || !found {
		return false, err
	}
	_, err = dst.pool.Exec(ctx, `INSERT INTO digest_slots (channel, slot, slot_time, owner, claimed_at, lease_until, done_at, ts, until)
		VALUES ($1, $2, $3, $4, $5, $5, $6, $7, $8) ON CONFLICT (channel, slot) DO NOTHING`,
		rec.Channel, rec.Slot, rec.SlotTime, rec.Owner, rec.ClaimedAt, rec.DoneAt, rec.TS, rec.Until)
	if err != nil {
		return false, err
	}
	tag, err := dst.pool.Exec(ctx, lastSQL+` AND l.until < EXCLUDED.until`,
		rec.Channel, rec.Slot, rec.SlotTime, rec.Owner, rec.ClaimedAt, rec.DoneAt, rec.TS, rec.Until)
	if err != nil {
		return false, err
	}
	return tag.RowsAffected() == 1, nil
}
