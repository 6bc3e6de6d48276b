package bot

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"

	bolt "go.etcd.io/bbolt"
)

// Subscribe makes channel receive the digest. Vendors named are added to
// those it follows; none makes it follow every vendor.
func (s *Store) Subscribe(ctx context.Context, channel string, vendors []string, by string) (Subscription, error) {
	var sub Subscription
	err := s.update(ctx, func(tx *bolt.Tx) error {
		found, err := getJSON(tx.Bucket(subsBucket), []byte(channel), &sub)
		if err != nil {
			return err
		}
		switch {
		case !found:
			sub = Subscription{Channel: channel, Vendors: vendors, By: by, Since: s.opts.Now()}
		case len(vendors) == 0 || len(sub.Vendors) == 0:
			sub.Vendors = nil
		default:
			sub.Vendors = append(sub.Vendors, vendors...)
		}
		slices.Sort(sub.Vendors)
		sub.Vendors = slices.Compact(sub.Vendors)
		return putJSON(tx, subsBucket, []byte(channel), sub)
	})
	if err != nil {
		return Subscription{}, fmt.Errorf("subscribe %s: %w", channel, err)
	}
	return sub, nil
}

// Unsubscribe stops the digest in channel: for the vendors named, or
// altogether when none is. It returns what remains, and whether channel
// was subscribed at all.
func (s *Store) Unsubscribe(ctx context.Context, channel string, vendors []string) (rest Subscription, was bool, err error) {
	err = s.update(ctx, func(tx *bolt.Tx) error {
		b := tx.Bucket(subsBucket)
		found, err := getJSON(b, []byte(channel), &rest)
		if err != nil || !found {
			return err
		}
		was = true
		if len(vendors) > 0 && len(rest.Vendors) > 0 {
			rest.Vendors = slices.DeleteFunc(rest.Vendors, func(v string) bool { return slices.Contains(vendors, v) })
			if len(rest.Vendors) > 0 {
				return putJSON(tx, subsBucket, []byte(channel), rest)
			}
		} else if len(vendors) > 0 {
			return nil // following every vendor: naming some changes nothing
		}
		rest = Subscription{}
		return b.Delete([]byte(channel))
	})
	if err != nil {
		return Subscription{}, false, fmt.Errorf("unsubscribe %s: %w", channel, err)
	}
	return rest, was, nil
}

// Subscriptions lists the subscribed channels, by channel id.
func (s *Store) Subscriptions(ctx context.Context) ([]Subscription, error) {
	var out []Subscription
	err := s.view(ctx, func(tx *bolt.Tx) error {
		b := tx.Bucket(subsBucket)
		if b == nil {
			return nil
		}
		return b.ForEach(func(k, v []byte) error {
			var sub Subscription
			if err := json.Unmarshal(v, &sub); err != nil {
				return fmt.Errorf("read subscription %q: %w", k, err)
			}
			out = append(out, sub)
			return nil
		})
	})
	if err != nil {
		return nil, fmt.Errorf("list subscriptions: %w", err)
	}
	return out, nil
}
