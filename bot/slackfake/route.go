package slackfake

import (
	"slices"
	"time"
)

// Slack's limits, which the fake applies unless told otherwise.
const (
	// MaxConnections is how many Socket Mode connections one app may hold open at once.
	MaxConnections = 10
	// DefaultAckTimeout is how long Slack waits for an envelope's ack before redelivering it.
	DefaultAckTimeout = 3 * time.Second
	// MaxRetries is how many times Slack redelivers an envelope that is never acknowledged.
	MaxRetries = 3
)

// liveLocked returns the connections envelopes may go to (said hello, not retired), by id.
// s.mu must be held.
func (s *Server) liveLocked() []*conn {
	var live []*conn
	for c := range s.conns {
		if c.id > 0 && !c.retired {
			live = append(live, c)
		}
	}
	slices.SortFunc(live, func(a, b *conn) int { return a.id - b.id })
	return live
}

// dispatchLocked routes the outbox to the live connections, in order: a pinned envelope to its
// connection, the others round robin, as Slack spreads an app's envelopes over its
// connections. What cannot go anywhere yet stays in the outbox. s.mu must be held.
func (s *Server) dispatchLocked() {
	live := s.liveLocked()
	if len(live) == 0 || len(s.outbox) == 0 {
		return
	}
	var kept []*envelope
	for _, env := range s.outbox {
		c := s.pickLocked(live, env)
		if c == nil {
			kept = append(kept, env)
			continue
		}
		c.queue = append(c.queue, env)
		c.poke()
	}
	s.outbox = kept
}

// pickLocked chooses env's connection among live (not empty), or nil to keep it waiting.
func (s *Server) pickLocked(live []*conn, env *envelope) *conn {
	if env.pin != 0 {
		for _, c := range live {
			if c.id == env.pin {
				return c
			}
		}
		if !s.goneLocked(env.pin) {
			return nil // not open yet: wait for it
		}
		// The pinned connection is gone: go where Slack would.
	}
	candidates := live
	if env.avoid != 0 && len(live) > 1 {
		candidates = nil
		for _, c := range live {
			if c.id != env.avoid {
				candidates = append(candidates, c)
			}
		}
	}
	c := candidates[s.rr%len(candidates)]
	s.rr++
	return c
}

// sentLocked records that env is being written to c, and arms its ack timeout when Slack
// would redeliver it. s.mu must be held.
func (s *Server) sentLocked(env *envelope, c *conn) {
	env.sentAt, env.connID = time.Now(), c.id
	c.sent++
	if env.retry > 0 {
		c.retries++
	}
	if env.id != "" && !env.acked && !env.superseded && s.retried[env.typ] && env.retry < MaxRetries {
		s.inflight[env.id] = env
	}
	s.changedLocked()
}

// unsentLocked undoes sentLocked after a failed write. s.mu must be held.
func (s *Server) unsentLocked(env *envelope, c *conn) {
	env.sentAt, env.connID = time.Time{}, 0
	c.sent--
	if env.retry > 0 {
		c.retries--
	}
	delete(s.inflight, env.id)
}

// goneLocked reports whether connection id was open and is no longer live. s.mu must be held.
func (s *Server) goneLocked(id int) bool {
	for _, c := range s.accepted {
		if c.id == id {
			return c.retired || !c.closed.IsZero()
		}
	}
	return false
}
