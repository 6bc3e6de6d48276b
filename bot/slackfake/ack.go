package slackfake

import (
	"encoding/json"
	"fmt"
	"time"
)

// Ack is a message the client sent back over the websocket: normally the acknowledgement of
// an envelope, {"envelope_id": …} with an optional payload.
type Ack struct {
	EnvelopeID string
	Type       string          // the acknowledged envelope's type; "" if the fake never sent it
	Payload    json.RawMessage // the ack's payload (e.g. blocks answering a slash command), nil when none
	Raw        []byte          // the message as received
	Received   time.Time
	// Latency is the time from writing the envelope to receiving its ack: Slack wants it under
	// 3 seconds. Zero when the envelope is unknown.
	Latency time.Duration
	// Conn is the connection the ack came back on; SentOn the one the envelope went out on
	// (0 when unknown). RetryAttempt is the acknowledged envelope's retry_attempt.
	Conn, SentOn int
	RetryAttempt int
}

// recordAck records a message read from a client on c.
func (s *Server) recordAck(c *conn, msg []byte) {
	now := time.Now()
	var body struct {
		EnvelopeID string          `json:"envelope_id"`
		Payload    json.RawMessage `json:"payload"`
	}
	_ = json.Unmarshal(msg, &body) // a message that is not an ack is recorded with no id
	a := Ack{EnvelopeID: body.EnvelopeID, Payload: body.Payload, Raw: msg, Received: now, Conn: c.id}
	if string(a.Payload) == "null" {
		a.Payload = nil
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if env, ok := s.envelopes[a.EnvelopeID]; ok && a.EnvelopeID != "" {
		a.Type, a.SentOn, a.RetryAttempt = env.typ, env.connID, env.retry
		if !env.sentAt.IsZero() {
			a.Latency = now.Sub(env.sentAt)
		}
		if !env.acked {
			env.acked, env.ackConn, env.ackLatency = true, c.id, a.Latency
			delete(s.inflight, env.id)
		}
		c.acks++
	}
	s.acks = append(s.acks, a)
	s.changedLocked()
}

// Acks returns every message clients sent back, in order of arrival.
func (s *Server) Acks() []Ack {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Ack(nil), s.acks...)
}

// WaitAck waits for the ack of envelopeID and returns the first one.
func (s *Server) WaitAck(envelopeID string, timeout time.Duration) (Ack, error) {
	var got Ack
	ok := s.waitFor(timeout, func() bool {
		for _, a := range s.acks {
			if a.EnvelopeID == envelopeID {
				got = a
				return true
			}
		}
		return false
	})
	if !ok {
		return Ack{}, fmt.Errorf("slackfake: wait for ack of envelope %s: none in %v", envelopeID, timeout)
	}
	return got, nil
}

// AcksOn returns the messages received on connection conn, in order of arrival.
func (s *Server) AcksOn(conn int) []Ack {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Ack
	for _, a := range s.acks {
		if a.Conn == conn {
			out = append(out, a)
		}
	}
	return out
}
