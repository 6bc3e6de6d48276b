package bot

import "github.com/trustwatch/trustwatch/bot/digest"

// The digest's claim protocol values live in bot/digest, beside the
// Digester that reads them; the stores that keep them (the bbolt file
// here, bot/pgstate) name them through these aliases.
type (
	SlotRecord   = digest.SlotRecord
	Subscription = digest.Subscription
	Process      = digest.Process
)

// Errors of a Claim; see digest.ErrPosted and digest.ErrClaimed.
var (
	ErrPosted  = digest.ErrPosted
	ErrClaimed = digest.ErrClaimed
)

// DefaultStaleClaim is StoreOptions.StaleClaim's default.
const DefaultStaleClaim = digest.DefaultStaleClaim
