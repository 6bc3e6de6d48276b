package digest

import (
	"errors"
	"time"
)

// The values of the digest's claim protocol, which the stores (bot's
// bbolt file, bot/pgstate) keep and the Digester reads.

// DefaultStaleClaim is how long a claim without a post is kept before
// another process takes the slot over (its claimer is taken to have died).
const DefaultStaleClaim = 2 * time.Minute

// Errors of Store.Claim, with the record that explains them.
var (
	// ErrPosted means the slot was already done for the channel: posted,
	// or found to have nothing new.
	ErrPosted = errors.New("already posted for this slot")
	// ErrClaimed means another process (or scheduler) is posting the slot
	// to the channel right now.
	ErrClaimed = errors.New("being posted by another process")
)

// SlotRecord is what the store knows of one slot in one channel.
type SlotRecord struct {
	Channel string `json:"channel"`
	// Slot is the slot's identity (Schedule.SlotID), SlotTime its instant.
	Slot     string    `json:"slot"`
	SlotTime time.Time `json:"slot_time"`
	// Owner says who claimed it: process id, host and store number;
	// Process identifies that process, so that a claim whose process has
	// ended is taken over at once (nil in records of older versions).
	Owner     string    `json:"owner"`
	Process   *Process  `json:"process,omitempty"`
	ClaimedAt time.Time `json:"claimed_at"`
	// DoneAt is set once the slot is done: posted (TS is the message's
	// ts) or found to have nothing new (Empty).
	DoneAt time.Time `json:"done_at,omitzero"`
	TS     string    `json:"ts,omitempty"`
	Empty  bool      `json:"empty,omitempty"`
	// Until is the instant the digest covered quotations up to: the next
	// digest of the channel starts there.
	Until time.Time `json:"until,omitzero"`

	// Prior is, in a record Claim returns, the claim it took over: a
	// process that died, or an attempt whose post failed, which may have
	// posted the digest before it stopped. The claimer must look for that
	// post (Digester.History) before posting. It is not stored.
	Prior *SlotRecord `json:"-"`
}

// Done reports whether the slot needs nothing more.
func (r SlotRecord) Done() bool { return !r.DoneAt.IsZero() }

// OwnerGone reports whether the process that claimed the slot has
// certainly ended (see Process.Gone): its claim can be taken over now.
func (r SlotRecord) OwnerGone() bool { return r.Process.Gone() }

// Subscription is a channel that asked for the digest, for some vendors
// or (Vendors empty) for all.
type Subscription struct {
	Channel string    `json:"channel"`
	Vendors []string  `json:"vendors,omitempty"`
	By      string    `json:"by,omitempty"` // the Slack user who subscribed it
	Since   time.Time `json:"since"`
}
