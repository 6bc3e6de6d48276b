package bot

import (
	"context"
	"errors"
	"path/filepath"
	"sync"
	"testing"
	"testing/synctest"
	"time"
)

// unreachable is a DigestStore whose claims fail while down is above
// zero, each failure counting one down, as a database that is away.
type unreachable struct {
	DigestStore
	mu   sync.Mutex
	down int
}

func (u *unreachable) Claim(ctx context.Context, channel, slot string, at time.Time) (SlotRecord, error) {
	u.mu.Lock()
	if u.down > 0 {
		u.down--
		u.mu.Unlock()
		return SlotRecord{}, errors.New("connect to PostgreSQL at db:5432: connection refused")
	}
	u.mu.Unlock()
	return u.DigestStore.Claim(ctx, channel, slot, at)
}

// TestRunWaitsForItsStore: a slot whose claim cannot be made is not
// posted, and tried again every minute for as long as it takes that day
// (not three times only), then posted once the store answers.
func TestRunWaitsForItsStore(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		rec := &recorder{}
		sleepUntil(t, "2000-01-03T08:00:00Z")
		d := newDigester(t, filepath.Join(t.TempDir(), StateFile), "0 9 * * *", time.UTC, &fakeSource{}, rec)
		d.Store = &unreachable{DigestStore: d.Store, down: 10}
		runFor(d, 2*time.Hour)
		checkTimes(t, postTimes(rec.list()), []string{"2000-01-03T09:10:00Z"})
	})
}
