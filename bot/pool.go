package bot

import (
	"context"
	"sync"
)

// pool runs answers on a fixed number of workers, with a bounded queue in
// front of them, so that the Socket Mode reader only ever hands work off:
// it never waits for an answer, and a flood of requests cannot grow
// memory without bound.
type pool struct {
	workers int
	jobs    chan func(context.Context)
	wg      sync.WaitGroup

	mu     sync.Mutex
	closed bool
}

func newPool(workers, queue int) *pool {
	return &pool{workers: workers, jobs: make(chan func(context.Context), queue)}
}

// start starts the workers. Jobs get ctx, which ends only when shutdown
// gives up on answers in flight; each job sets its own timeouts.
func (p *pool) start(ctx context.Context) {
	for range p.workers {
		p.wg.Go(func() {
			for job := range p.jobs {
				job(ctx)
			}
		})
	}
}

// submit queues job without blocking. It reports false when the queue is
// full or the pool closed: the caller must then say so to the asker.
func (p *pool) submit(job func(context.Context)) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.closed {
		return false
	}
	select {
	case p.jobs <- job:
		return true
	default:
		return false
	}
}

// close takes no more jobs; the workers finish the queued ones and stop.
func (p *pool) close() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if !p.closed {
		p.closed = true
		close(p.jobs)
	}
}

// wait waits for the workers to stop, after close.
func (p *pool) wait() { p.wg.Wait() }

// busyQueue bounds the requests waiting to be told the bot is busy.
const busyQueue = 64

// busyReplier tells the askers the pool had no room for that the bot is
// busy, on a goroutine of its own so that the reader never waits for
// Slack. Only when even its queue is full is a request dropped, and then
// it is logged as an error.
type busyReplier struct {
	b    *Bot
	reqs chan request
	wg   sync.WaitGroup

	mu     sync.Mutex
	closed bool
}

func newBusyReplier(b *Bot, queue int) *busyReplier {
	return &busyReplier{b: b, reqs: make(chan request, queue)}
}

func (r *busyReplier) start(ctx context.Context) {
	r.wg.Go(func() {
		for req := range r.reqs {
			pctx, cancel := context.WithTimeout(ctx, deliverTimeout)
			msg := RenderBusy()
			if err := r.b.notify(pctx, req, msg); err != nil {
				r.b.log.Error("busy notice not delivered", "envelope_id", req.envelopeID, "channel", req.channel, "err", err)
			}
			r.b.doneWork(pctx, req)
			cancel()
		}
	})
}

func (r *busyReplier) submit(req request) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if !r.closed {
		select {
		case r.reqs <- req:
			return
		default:
		}
	}
	r.b.log.Error("request dropped: overloaded", "envelope_id", req.envelopeID, "channel", req.channel)
}

func (r *busyReplier) close() {
	r.mu.Lock()
	defer r.mu.Unlock()
	if !r.closed {
		r.closed = true
		close(r.reqs)
	}
}

func (r *busyReplier) wait() { r.wg.Wait() }
