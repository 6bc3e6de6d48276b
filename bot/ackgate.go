package bot

import (
	"context"
	"sync"
	"time"
)

const (
	// maxYield bounds how long an answer waits for acks to go first, so
	// that a steady stream of envelopes delays answers, never starves
	// them.
	maxYield = 100 * time.Millisecond
	// burstQuiet is the gap that ends a burst: envelopes read closer
	// together than this are one burst, and answers wait until it has
	// been quiet this long (maxYield after its first envelope at most).
	// Envelopes of a burst come off the socket tens of microseconds
	// apart; a person's next command comes far later than this.
	burstQuiet = 2 * time.Millisecond
)

// ackGate lets answers wait while envelopes are being acknowledged. The
// Go scheduler has no priorities, and a goroutine woken by the network
// waits while every CPU has a goroutine ready to run: with answers
// searching on both CPUs, the reads and acks of a burst's envelopes
// (several goroutines each, slack-go's and the state store's) each
// wait, and Slack's 3 s is for the ack. So answers wait while an
// envelope is between its arrival and its ack (enter, leave), and while
// a burst is still being read off the socket (arrive): a burst is then
// acknowledged as fast as it can be read, and its answers, which wait a
// few milliseconds, take no longer in all, their CPU being the same.
type ackGate struct {
	mu   sync.Mutex
	n    int           // envelopes between their arrival and their ack
	idle chan struct{} // closed while n is 0
	// last is when the last envelope was read; first, when the first of
	// the burst it belongs to was, or zero when it came alone; acked,
	// when the last ack was handed to slack-go's writer with no other
	// envelope on its way.
	last, first, acked time.Time
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
		g.acked = time.Now()
	}
}

// arrive records that an envelope was read off the socket.
func (g *ackGate) arrive() {
	now := time.Now()
	g.mu.Lock()
	defer g.mu.Unlock()
	switch {
	case g.last.IsZero() || now.Sub(g.last) >= burstQuiet:
		g.first = time.Time{} // alone, so far
	case g.first.IsZero():
		g.first = g.last
	}
	g.last = now
}

// readingLocked is how long until the burst being read is over: burstQuiet
// after its last envelope and after its last ack (which slack-go's writer
// has yet to write, and Slack to read), maxYield after its first envelope
// at most; zero or less when none is being read. g.mu must be held.
func (g *ackGate) readingLocked(now time.Time) time.Duration {
	if g.first.IsZero() {
		return 0
	}
	last := g.last
	if g.acked.After(last) {
		last = g.acked
	}
	return min(last.Add(burstQuiet).Sub(now), g.first.Add(maxYield).Sub(now))
}

// yield waits until no envelope is on its way to its ack and no burst is
// being read, for at most maxYield, or until ctx ends.
func (g *ackGate) yield(ctx context.Context) {
	var deadline time.Time
	for {
		now := time.Now()
		g.mu.Lock()
		idle, acking, reading := g.idle, g.n > 0, g.readingLocked(now)
		g.mu.Unlock()
		if !acking && reading <= 0 {
			return
		}
		if deadline.IsZero() {
			deadline = now.Add(maxYield)
		}
		wait := deadline.Sub(now)
		if wait <= 0 {
			return
		}
		var acked <-chan struct{}
		if acking {
			acked = idle
		}
		if reading > 0 {
			wait = min(wait, reading)
		}
		t := time.NewTimer(wait)
		select {
		case <-acked:
		case <-t.C:
		case <-ctx.Done():
			t.Stop()
			return
		}
		t.Stop()
	}
}
