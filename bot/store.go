package bot

import (
	"context"
	"time"
)

// The bot's state goes through the small interfaces below, declared here
// where they are used. Two stores implement them all (State): the bbolt
// file of one process (*Store) and PostgreSQL, shared by replicas
// (bot/pgstate). bot never imports the latter; cmd/trustwatch picks one.
// Corrections and votes are declared beside their use (CorrectionStore in
// correction.go, FeedbackStore in correction_store.go).

// SlotStore holds the digest's slots, claimed then posted once per
// channel, and the last digest posted to each channel.
type SlotStore interface {
	Claim(ctx context.Context, channel, slot string, slotTime time.Time) (SlotRecord, error)
	MarkPosted(ctx context.Context, rec SlotRecord, ts string, until time.Time) error
	MarkEmpty(ctx context.Context, rec SlotRecord) error
	Release(ctx context.Context, rec SlotRecord) error
	Slot(ctx context.Context, channel, slot string) (SlotRecord, bool, error)
	LastPosted(ctx context.Context, channel string) (SlotRecord, bool, error)
}

// SubscriptionStore holds the channels subscribed to the digest.
type SubscriptionStore interface {
	Subscribe(ctx context.Context, channel string, vendors []string, by string) (Subscription, error)
	Unsubscribe(ctx context.Context, channel string, vendors []string) (Subscription, bool, error)
	Subscriptions(ctx context.Context) ([]Subscription, error)
}

// DigestStore is what the Digester keeps: its slots and subscriptions.
type DigestStore interface {
	SlotStore
	SubscriptionStore
}

// EventLog remembers the envelopes and events already handled, so that a
// redelivery is answered once.
type EventLog interface {
	// FirstSeen records key for ttl and reports whether it is new.
	FirstSeen(ctx context.Context, key string, ttl time.Duration) (bool, error)
}

// WorkStore holds the work acknowledged and not yet answered, so that
// another replica answers what a dead one left.
type WorkStore interface {
	// RecordWork records w unless work with its ID is recorded already,
	// and reports whether it was new: it doubles as the dedup check.
	RecordWork(ctx context.Context, w Work) (bool, error)
	// ClaimExpiredWork takes over, for owner and ttl, at most max pieces
	// of work whose lease expired before they were done.
	ClaimExpiredWork(ctx context.Context, owner string, ttl time.Duration, max int) ([]Work, error)
	// ExtendWork renews owner's lease on work id; false means owner must
	// not answer it (done, or taken over).
	ExtendWork(ctx context.Context, id, owner string, ttl time.Duration) (bool, error)
	// DoneWork marks work id answered.
	DoneWork(ctx context.Context, id string) error
}

// Leases are named, expiring locks held by one owner at a time, such as
// feed polling.
type Leases interface {
	AcquireLease(ctx context.Context, name, owner string, ttl time.Duration) (bool, error)
	RenewLease(ctx context.Context, name, owner string, ttl time.Duration) (bool, error)
	ReleaseLease(ctx context.Context, name, owner string) error
}

// State is the whole of the bot's state in one store.
type State interface {
	DigestStore
	EventLog
	WorkStore
	Leases
	CorrectionStore
	FeedbackStore
	// Owner names this process in the claims, leases and work it takes.
	Owner() string
}

// Kinds of Work.
const (
	WorkSlash   = "slash"   // a slash command; answered through its response_url
	WorkMention = "mention" // an app mention, answered in its thread
	WorkDM      = "dm"      // a direct message, answered in the DM
)

// Work is a request a replica acknowledged and must answer: recorded
// before the ack, marked done once answered, and taken over by another
// replica when its lease expires first.
type Work struct {
	// ID is the request's dedup key ("envelope:…" or "event:…").
	ID string
	// Kind is WorkSlash, WorkMention or WorkDM.
	Kind string
	// Payload is the request, enough to answer it from anywhere.
	Payload []byte
	// Owner is the replica answering it, until LeaseUntil.
	Owner      string
	LeaseUntil time.Time
	// Attempts counts the owners it had: 1, then one more each takeover.
	Attempts int
}
