package slackfake

import (
	"fmt"
	"slices"
	"time"
)

// redeliverLoop redelivers, as Slack does, every envelope whose ack is later than the ack
// timeout: a new envelope id, retry_attempt one more, retry_reason "timeout", on another live
// connection when there is one, at most MaxRetries times. It runs from New until Close.
func (s *Server) redeliverLoop() {
	timer := time.NewTimer(time.Hour)
	defer timer.Stop()
	for {
		s.mu.Lock()
		now := time.Now()
		var due []*envelope
		var next time.Time
		for _, env := range s.inflight {
			deadline := env.sentAt.Add(s.ackTimeout)
			switch {
			case !now.Before(deadline):
				due = append(due, env)
			case next.IsZero() || deadline.Before(next):
				next = deadline
			}
		}
		slices.SortFunc(due, func(a, b *envelope) int { return a.sentAt.Compare(b.sentAt) })
		for _, env := range due {
			_, _ = s.redeliverLocked(env, "timeout", 0, s.keepID) // env.raw was marshalled by the fake or parsed as JSON
		}
		ch := s.change
		s.mu.Unlock()

		wait := time.Hour
		if !next.IsZero() {
			wait = time.Until(next)
		}
		timer.Reset(wait)
		select {
		case <-ch:
		case <-timer.C:
		case <-s.quit:
			return
		}
	}
}

// Delivery is one delivery of an envelope's payload: the first, or a redelivery.
type Delivery struct {
	EnvelopeID   string
	RetryAttempt int
	RetryReason  string
	Conn         int       // the connection it went out on; 0 while waiting for one
	Sent         time.Time // zero while waiting
	Acked        bool
	AckConn      int           // the connection its ack came back on
	AckLatency   time.Duration // from writing it to its ack
}

// Deliveries returns every delivery of the payload of envelopeID (any delivery's id will do),
// first delivery first, redeliveries in the order they were queued.
func (s *Server) Deliveries(envelopeID string) []Delivery {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.deliveriesLocked(envelopeID)
}

func (s *Server) deliveriesLocked(envelopeID string) []Delivery {
	env, ok := s.envelopes[envelopeID]
	if !ok {
		return nil
	}
	var out []Delivery
	for _, e := range s.chains[env.origin] {
		out = append(out, Delivery{EnvelopeID: e.id, RetryAttempt: e.retry, RetryReason: e.reason,
			Conn: e.connID, Sent: e.sentAt, Acked: e.acked, AckConn: e.ackConn, AckLatency: e.ackLatency})
	}
	return out
}

// WaitDeliveries waits until the payload of envelopeID has gone out at least n times (first
// delivery included) and returns the deliveries.
func (s *Server) WaitDeliveries(envelopeID string, n int, timeout time.Duration) ([]Delivery, error) {
	var got []Delivery
	sent := 0
	ok := s.waitFor(timeout, func() bool {
		got = s.deliveriesLocked(envelopeID)
		sent = 0
		for _, d := range got {
			if !d.Sent.IsZero() {
				sent++
			}
		}
		return sent >= n
	})
	if !ok {
		return got, fmt.Errorf("slackfake: wait for %d deliveries of envelope %s: got %d in %v", n, envelopeID, sent, timeout)
	}
	return got, nil
}
