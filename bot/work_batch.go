package bot

import (
	"context"
	"sync"
)

// WorkBatcher is a WorkStore that records several pieces of work, or
// marks several done, in one round trip (pgstate.Store): a burst of
// envelopes then costs the database a few statements, not two per
// envelope, and leaves it free for the acks.
type WorkBatcher interface {
	RecordWorks(ctx context.Context, ws []Work) ([]bool, error)
	DoneWorks(ctx context.Context, ids []string) error
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

// doneBatcher marks answered work done in batches, as batcher records
// it: answers finishing together cost one statement, and no answer's
// worker waits for it. It lives as long as the answers do, past the
// socket's end.
type doneBatcher struct {
	store WorkBatcher
	in    chan string
	// result is told how each statement went, with its ids.
	result func(ids []string, err error)
	wg     sync.WaitGroup
}

func newDoneBatcher(store WorkBatcher, result func([]string, error)) *doneBatcher {
	return &doneBatcher{store: store, in: make(chan string, maxBatch), result: result}
}

// start marks work done until stop.
func (r *doneBatcher) start() {
	r.wg.Go(func() {
		for id := range r.in {
			ids := []string{id}
		gather:
			for len(ids) < maxBatch {
				select {
				case id, ok := <-r.in:
					if !ok {
						break gather
					}
					ids = append(ids, id)
				default:
					break gather
				}
			}
			ctx, cancel := context.WithTimeout(context.Background(), storeTimeout)
			err := r.store.DoneWorks(ctx, ids)
			cancel()
			r.result(ids, err)
		}
	})
}

// stop marks what is left and stops; no mark may come after it.
func (r *doneBatcher) stop() { close(r.in); r.wg.Wait() }

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

// mark queues work id to be marked done with the others answered now.
func (r *doneBatcher) mark(id string) { r.in <- id }
