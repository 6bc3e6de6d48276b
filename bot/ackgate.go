package bot

import (
	"context"
	"sync"
	"time"
)

// maxYield bounds how long an answer waits for acks to go first, so
// that a steady stream of envelopes delays answers, never starves them.
const maxYield = 100 * time.Millisecond

// ackGate lets answers wait while envelopes are being acknowledged. The
// Go scheduler has no priorities: on a couple of cores, answers that
// start while a burst is still being recorded and acknowledged take the
// CPU its acks (and the database recording them) need, and Slack's 3 s
// is for the ack. An answer that waits a few milliseconds costs nothing.
type ackGate struct {
	mu   sync.Mutex
	n    int           // envelopes between their arrival and their ack
	idle chan struct{} // closed while n is 0
}

func newAckGate() *ackGate {
	idle := make(chan struct{})
	close(idle)
	return &ackGate{idle: idle}
}

// enter counts an envelope on its way to its ack; leave uncounts it.
func (g *ackGate) enter() {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.n == 0 {
		g.idle = make(chan struct{})
	}
	g.n++
}

func (g *ackGate) leave() {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.n--
	if g.n == 0 {
		close(g.idle)
	}
}

// yield waits until no envelope is on its way to its ack, for at most
// maxYield, or until ctx ends.
func (g *ackGate) yield(ctx context.Context) {
	g.mu.Lock()
	idle := g.idle
	g.mu.Unlock()
	select {
	case <-idle:
		return
	default:
	}
	t := time.NewTimer(maxYield)
	defer t.Stop()
	select {
	case <-idle:
	case <-t.C:
	case <-ctx.Done():
	}
}
