package bot

import (
	"context"
	"sync"
)

// WorkBatcher is a WorkStore that records several pieces of work in one
// round trip (pgstate.Store): a burst of envelopes then costs the
// database a few statements, not one per envelope.
type WorkBatcher interface {
	RecordWorks(ctx context.Context, ws []Work) ([]bool, error)
}

// maxBatch bounds the work recorded in one statement.
const maxBatch = 64

// admission is one envelope's work waiting to be recorded.
type admission struct {
	w    Work
	done chan admitted
}

type admitted struct {
	first bool
	err   error
}

// batcher records the work of envelopes arriving together in batches:
// while one batch is on its way to the store the next gathers.
type batcher struct {
	store WorkBatcher
	in    chan admission
	wg    sync.WaitGroup
}

func newBatcher(store WorkBatcher) *batcher {
	return &batcher{store: store, in: make(chan admission, maxBatch)}
}

// start records batches until ctx ends; wait waits for it.
func (r *batcher) start(ctx context.Context) {
	r.wg.Go(func() {
		for {
			var batch []admission
			select {
			case <-ctx.Done():
				return
			case a := <-r.in:
				batch = append(batch, a)
			}
		gather:
			for len(batch) < maxBatch {
				select {
				case a := <-r.in:
					batch = append(batch, a)
				default:
					break gather
				}
			}
			ws := make([]Work, len(batch))
			for i, a := range batch {
				ws[i] = a.w
			}
			sctx, cancel := context.WithTimeout(ctx, storeAckTimeout)
			firsts, err := r.store.RecordWorks(sctx, ws)
			cancel()
			for i, a := range batch {
				res := admitted{err: err}
				if err == nil {
					res.first = firsts[i]
				}
				a.done <- res
			}
		}
	})
}

func (r *batcher) wait() { r.wg.Wait() }

// record records w with the others arriving now, and reports whether it
// was new.
func (r *batcher) record(ctx context.Context, w Work) (bool, error) {
	a := admission{w: w, done: make(chan admitted, 1)}
	select {
	case r.in <- a:
	case <-ctx.Done():
		return false, ctx.Err()
	}
	select {
	case res := <-a.done:
		return res.first, res.err
	case <-ctx.Done():
		return false, ctx.Err()
	}
}
