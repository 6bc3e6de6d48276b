package bot

import (
	"context"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/trustwatch/trustwatch/index"
)

// The questions of a burst share the index's work: an answer the index
// worked out after a request arrived is as fresh as one worked out for
// it, so a request is given the answer of the same question asked after
// it arrived, if there is one (being worked out, or done), instead of
// asking again. A hundred people asking the same thing at once cost one
// search; nothing is ever answered from before it was asked, so there is
// nothing to invalidate when the index changes.
const (
	// shareKeep is how long an answer stays shareable: only requests that
	// arrived before it was worked out and still wait can use it.
	shareKeep = time.Minute
	// shareMax bounds the answers kept; past it, the old ones go.
	shareMax = 256
)

// askShare holds the latest answer to each question.
type askShare struct {
	mu    sync.Mutex
	calls map[string]*askCall
}

// askCall is one question put to the index.
type askCall struct {
	started time.Time     // when it was put to the index
	done    chan struct{} // closed once a and err are set
	a       index.Answer
	err     error
}

func newAskShare() *askShare { return &askShare{calls: map[string]*askCall{}} }

func shareKey(q index.Query) string {
	return strconv.Itoa(q.Limit) + "\x00" + q.Question + "\x00" + strings.Join(q.Vendors, "\x00")
}

// ask is ix.Ask(ctx, q) for a request that arrived at arrived, or the
// answer of the same question put to the index since. A zero arrived
// always asks. The answer may be another request's too: its slices must
// not be written to (the renderers and Fixes.Apply make new ones).
func (s *askShare) ask(ctx context.Context, ix Index, q index.Query, arrived time.Time) (index.Answer, error) {
	if arrived.IsZero() {
		return ix.Ask(ctx, q)
	}
	key := shareKey(q)
	s.mu.Lock()
	if c := s.calls[key]; c != nil && !c.started.Before(arrived) {
		s.mu.Unlock()
		select {
		case <-c.done:
			if c.err == nil {
				return c.a, nil
			}
			// Its error may be its own request's (a timeout): ask anew.
		case <-ctx.Done():
			return index.Answer{}, ctx.Err()
		}
		return ix.Ask(ctx, q)
	}
	now := time.Now()
	c := &askCall{started: now, done: make(chan struct{})}
	if len(s.calls) >= shareMax {
		for k, old := range s.calls {
			if now.Sub(old.started) > shareKeep {
				delete(s.calls, k)
			}
		}
		if len(s.calls) >= shareMax {
			clear(s.calls) // only sharing is lost
		}
	}
	s.calls[key] = c
	s.mu.Unlock()
	c.a, c.err = ix.Ask(ctx, q)
	close(c.done)
	return c.a, c.err
}

type arrivedKey struct{}

// withArrival carries when the request being answered arrived to replay.
func withArrival(ctx context.Context, t time.Time) context.Context {
	return context.WithValue(ctx, arrivedKey{}, t)
}

func arrivalOf(ctx context.Context) time.Time {
	t, _ := ctx.Value(arrivedKey{}).(time.Time)
	return t
}
