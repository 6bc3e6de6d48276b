package digest

import (
	"context"
	"time"
)

// PostedDigest is a digest post found in a channel's history.
type PostedDigest struct {
	TS string
	// Until is the end of what the post covered; zero when its metadata
	// does not say.
	Until time.Time
}

// History looks in channel's messages since oldest for the digest post of
// slot, by its metadata (bot.DigestEventType). found is false when there is
// none; an error means the history could not be read, and then nobody
// knows whether the slot was posted.
type History func(ctx context.Context, channel, slot string, oldest time.Time) (p PostedDigest, found bool, err error)
