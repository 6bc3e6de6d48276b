package slackfake

import (
	"fmt"
	"time"
)

// ConnStat is what one Socket Mode connection has seen, for tests of several replicas.
type ConnStat struct {
	ID      int  // order of acceptance, from 1
	Open    bool // the websocket is still open
	Live    bool // open and still given envelopes (not told to go away, not dropped)
	Opened  time.Time
	Closed  time.Time // zero while open
	Sent    int       // envelopes written to it
	Retries int       // of which redeliveries (retry_attempt > 0)
	Acks    int       // acks of known envelopes received on it
	Pongs   int
}

// ConnStats returns every connection accepted since New, by id.
func (s *Server) ConnStats() []ConnStat {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]ConnStat, len(s.accepted))
	for i, c := range s.accepted {
		out[i] = ConnStat{ID: c.id, Open: s.conns[c], Live: s.conns[c] && !c.retired, Opened: c.opened,
			Closed: c.closed, Sent: c.sent, Retries: c.retries, Acks: c.acks, Pongs: c.pongs}
	}
	return out
}

// LiveConnections returns the ids of the connections envelopes go to now, in order.
func (s *Server) LiveConnections() []int {
	s.mu.Lock()
	defer s.mu.Unlock()
	var ids []int
	for _, c := range s.liveLocked() {
		ids = append(ids, c.id)
	}
	return ids
}

// WaitLiveConnections waits until at least n connections are live at once (each said hello,
// none told to go away) and returns their ids.
func (s *Server) WaitLiveConnections(n int, timeout time.Duration) ([]int, error) {
	var ids []int
	ok := s.waitFor(timeout, func() bool {
		ids = ids[:0]
		for _, c := range s.liveLocked() {
			ids = append(ids, c.id)
		}
		return len(ids) >= n
	})
	if !ok {
		return ids, fmt.Errorf("slackfake: wait for %d live Socket Mode connections: got %d in %v", n, len(ids), timeout)
	}
	return ids, nil
}

// Refused is how many websockets the fake turned away with too_many_websockets because
// WithMaxConnections (Slack: 10) were open already.
func (s *Server) Refused() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.refused
}

// WaitConnClosed waits until the fake has seen connection id close (a replica killed, a
// client gone away).
func (s *Server) WaitConnClosed(id int, timeout time.Duration) error {
	ok := s.waitFor(timeout, func() bool {
		for _, c := range s.accepted {
			if c.id == id {
				return !c.closed.IsZero()
			}
		}
		return false
	})
	if !ok {
		return fmt.Errorf("slackfake: wait for Socket Mode connection %d to close: still open after %v", id, timeout)
	}
	return nil
}
