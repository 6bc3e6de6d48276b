package bot

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync/atomic"
	"time"

	bolt "go.etcd.io/bbolt"
	bolterrors "go.etcd.io/bbolt/errors"

	"github.com/trustwatch/trustwatch/bot/digest"
)

// StateFile is the name of the bot's state file in its state folder.
const StateFile = "trustwatch-state.db"

// Defaults of StoreOptions.
const (
	DefaultLockTimeout = 5 * time.Second
	// keepSlots is how long a slot's record is kept: long enough to
	// know that today's slot was posted, whatever the time zone.
	keepSlots = 8 * 24 * time.Hour
)

var (
	slotsBucket = []byte("digest_slots")
	lastBucket  = []byte("digest_last")
	subsBucket  = []byte("subscriptions")
)

// Store is the bot's durable state in a bbolt file: which digest slot was
// posted to which channel, and which channels subscribed to the digest.
//
// bbolt lets one process at a time hold the file, so the Store opens it
// for each operation and closes it straight after, waiting at most
// LockTimeout for another process. That way a running bot and
// `trustwatch digest --post` (or two bots) share it, and the claim
// protocol on top (Claim, then MarkPosted or Release) makes each slot one
// post per channel. A Store is safe for concurrent use.
type Store struct {
	path    string
	opts    StoreOptions
	owner   string
	process Process
	seenState
	corrections correctionCache // correction_store.go
}

// StoreOptions tune a Store. The zero value is usable.
type StoreOptions struct {
	// LockTimeout bounds the wait for the file while another process
	// holds it; default DefaultLockTimeout.
	LockTimeout time.Duration
	// StaleClaim is how old a claim without a post may be before another
	// process takes the slot over (its claimer is taken to have died);
	// default DefaultStaleClaim.
	StaleClaim time.Duration
	// Now is the clock; nil is time.Now.
	Now func() time.Time
}

// storeSeq tells apart the Stores of one process, each a claimer.
var storeSeq atomic.Int64

// NewStore returns the store in the file at path, which is created with
// its folder on first use. It does no I/O.
func NewStore(path string, opts StoreOptions) *Store {
	if opts.LockTimeout <= 0 {
		opts.LockTimeout = DefaultLockTimeout
	}
	if opts.StaleClaim <= 0 {
		opts.StaleClaim = DefaultStaleClaim
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	p := digest.ThisProcess()
	owner := fmt.Sprintf("pid %d on %s #%d", p.PID, p.Host, storeSeq.Add(1))
	return &Store{path: path, opts: opts, owner: owner, process: p}
}

// Path is the store's file.
func (s *Store) Path() string { return s.path }

func slotKey(channel, slot string) []byte { return []byte(channel + "\x00" + slot) }

// update runs fn in a write transaction on the file, opened for it.
func (s *Store) update(ctx context.Context, fn func(tx *bolt.Tx) error) error {
	db, err := s.open(ctx, false)
	if err != nil {
		return err
	}
	err = db.Update(fn)
	if cerr := db.Close(); err == nil && cerr != nil {
		err = fmt.Errorf("close state %s: %w", s.path, cerr)
	}
	return err
}

// view runs fn in a read transaction; a missing file reads as empty.
func (s *Store) view(ctx context.Context, fn func(tx *bolt.Tx) error) error {
	if _, err := os.Stat(s.path); errors.Is(err, os.ErrNotExist) {
		return ctx.Err()
	}
	db, err := s.open(ctx, true)
	if err != nil {
		return err
	}
	err = db.View(fn)
	if cerr := db.Close(); err == nil && cerr != nil {
		err = fmt.Errorf("close state %s: %w", s.path, cerr)
	}
	return err
}

func (s *Store) open(ctx context.Context, readOnly bool) (*bolt.DB, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if !readOnly {
		if err := os.MkdirAll(filepath.Dir(s.path), 0o755); err != nil {
			return nil, fmt.Errorf("create state folder: %w", err)
		}
	}
	db, err := bolt.Open(s.path, 0o600, &bolt.Options{Timeout: s.opts.LockTimeout, ReadOnly: readOnly})
	if err != nil {
		if errors.Is(err, bolterrors.ErrTimeout) {
			return nil, fmt.Errorf("open state %s: held by another trustwatch process for more than %s", s.path, s.opts.LockTimeout)
		}
		return nil, fmt.Errorf("open state %s: %w", s.path, err)
	}
	return db, nil
}

func getJSON(b *bolt.Bucket, key []byte, v any) (bool, error) {
	if b == nil {
		return false, nil
	}
	data := b.Get(key)
	if data == nil {
		return false, nil
	}
	if err := json.Unmarshal(data, v); err != nil {
		return false, fmt.Errorf("read state record %q: %w", key, err)
	}
	return true, nil
}

func putJSON(tx *bolt.Tx, bucket, key []byte, v any) error {
	b, err := tx.CreateBucketIfNotExists(bucket)
	if err != nil {
		return err
	}
	data, err := json.Marshal(v)
	if err != nil {
		return err
	}
	return b.Put(key, data)
}

// Claim reserves slot for channel, so that this Store's caller alone
// posts it. It fails with ErrPosted when the slot is done, and with
// ErrClaimed when another claim is younger than StaleClaim and its
// process may still run; either way the existing record comes back with
// the error. A stale claim, one whose process has ended, and one this
// Store made before are taken over: the returned record's Prior is then
// the claim taken over, which may have been posted.
func (s *Store) Claim(ctx context.Context, channel, slot string, slotTime time.Time) (SlotRecord, error) {
	now := s.opts.Now()
	var rec SlotRecord
	var refused error
	err := s.update(ctx, func(tx *bolt.Tx) error {
		var old SlotRecord
		found, err := getJSON(tx.Bucket(slotsBucket), slotKey(channel, slot), &old)
		if err != nil {
			return err
		}
		if found {
			switch {
			case old.Done():
				rec, refused = old, ErrPosted
				return nil
			case old.Owner != s.owner && now.Sub(old.ClaimedAt) < s.opts.StaleClaim && !old.OwnerGone():
				rec, refused = old, ErrClaimed
				return nil
			}
		}
		p := s.process
		rec = SlotRecord{Channel: channel, Slot: slot, SlotTime: slotTime, Owner: s.owner, Process: &p, ClaimedAt: now}
		if err := putJSON(tx, slotsBucket, slotKey(channel, slot), rec); err != nil {
			return err
		}
		if found {
			rec.Prior = &old
		}
		return prune(tx, now)
	})
	if err != nil {
		return SlotRecord{}, fmt.Errorf("claim slot %s for %s: %w", slot, channel, err)
	}
	return rec, refused
}

// prune drops the records of slots older than keepSlots.
func prune(tx *bolt.Tx, now time.Time) error {
	b := tx.Bucket(slotsBucket)
	if b == nil {
		return nil
	}
	var old [][]byte
	err := b.ForEach(func(k, v []byte) error {
		var r SlotRecord
		if json.Unmarshal(v, &r) != nil || now.Sub(r.SlotTime) > keepSlots {
			old = append(old, bytes.Clone(k))
		}
		return nil
	})
	if err != nil {
		return err
	}
	for _, k := range old {
		if err := b.Delete(k); err != nil {
			return err
		}
	}
	return nil
}

// MarkPosted records that the claimed slot rec was posted as the message
// ts, covering quotations up to until; the channel's next digest starts
// there.
func (s *Store) MarkPosted(ctx context.Context, rec SlotRecord, ts string, until time.Time) error {
	rec.DoneAt, rec.TS, rec.Until = s.opts.Now(), ts, until
	err := s.update(ctx, func(tx *bolt.Tx) error {
		if err := putJSON(tx, slotsBucket, slotKey(rec.Channel, rec.Slot), rec); err != nil {
			return err
		}
		var last SlotRecord
		if _, err := getJSON(tx.Bucket(lastBucket), []byte(rec.Channel), &last); err != nil {
			return err
		}
		if last.Until.After(until) {
			return nil // a later digest was posted already
		}
		return putJSON(tx, lastBucket, []byte(rec.Channel), rec)
	})
	if err != nil {
		return fmt.Errorf("record digest %s posted to %s: %w", rec.Slot, rec.Channel, err)
	}
	return nil
}

// MarkEmpty records that the claimed slot rec had nothing new to post.
// The channel's next digest still starts where the last posted one ended.
func (s *Store) MarkEmpty(ctx context.Context, rec SlotRecord) error {
	rec.DoneAt, rec.Empty = s.opts.Now(), true
	err := s.update(ctx, func(tx *bolt.Tx) error {
		return putJSON(tx, slotsBucket, slotKey(rec.Channel, rec.Slot), rec)
	})
	if err != nil {
		return fmt.Errorf("record digest %s empty for %s: %w", rec.Slot, rec.Channel, err)
	}
	return nil
}

// Release gives up a claim, after a failed post, so that another attempt
// can take the slot at once. A claim another Store took over is left.
func (s *Store) Release(ctx context.Context, rec SlotRecord) error {
	err := s.update(ctx, func(tx *bolt.Tx) error {
		b := tx.Bucket(slotsBucket)
		var cur SlotRecord
		found, err := getJSON(b, slotKey(rec.Channel, rec.Slot), &cur)
		if err != nil || !found || cur.Done() || cur.Owner != rec.Owner || !cur.ClaimedAt.Equal(rec.ClaimedAt) {
			return err
		}
		return b.Delete(slotKey(rec.Channel, rec.Slot))
	})
	if err != nil {
		return fmt.Errorf("release slot %s for %s: %w", rec.Slot, rec.Channel, err)
	}
	return nil
}

// Slot returns the record of slot in channel, if any.
func (s *Store) Slot(ctx context.Context, channel, slot string) (SlotRecord, bool, error) {
	var rec SlotRecord
	var found bool
	err := s.view(ctx, func(tx *bolt.Tx) error {
		var err error
		found, err = getJSON(tx.Bucket(slotsBucket), slotKey(channel, slot), &rec)
		return err
	})
	if err != nil {
		return SlotRecord{}, false, fmt.Errorf("read slot %s for %s: %w", slot, channel, err)
	}
	return rec, found, nil
}

// LastPosted returns the record of the last digest posted to channel.
func (s *Store) LastPosted(ctx context.Context, channel string) (SlotRecord, bool, error) {
	var rec SlotRecord
	var found bool
	err := s.view(ctx, func(tx *bolt.Tx) error {
		var err error
		found, err = getJSON(tx.Bucket(lastBucket), []byte(channel), &rec)
		return err
	})
	if err != nil {
		return SlotRecord{}, false, fmt.Errorf("read last digest of %s: %w", channel, err)
	}
	return rec, found, nil
}
