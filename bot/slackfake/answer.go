package slackfake

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"
)

// target is where an answer to an envelope lands: its response_url (slash command, block
// action), else the thread of its mention, else its direct-message channel.
type target struct {
	responseURL string // path of the response_url on the fake, e.g. /response/T0FAKE/…
	channel     string
	threadTS    string // the thread a mention is answered in
	dm          bool   // a direct message: answered at the top of the channel
}

// targetOf reads an envelope's target from its payload.
func targetOf(raw []byte) target {
	var m struct {
		Payload struct {
			ResponseURL string `json:"response_url"`
			Event       struct {
				Type        string `json:"type"`
				Channel     string `json:"channel"`
				ChannelType string `json:"channel_type"`
				TS          string `json:"ts"`
				ThreadTS    string `json:"thread_ts"`
			} `json:"event"`
		} `json:"payload"`
	}
	if json.Unmarshal(raw, &m) != nil {
		return target{}
	}
	p := m.Payload
	if p.ResponseURL != "" {
		path := p.ResponseURL
		if i := strings.Index(path, "/response/"); i >= 0 {
			path = path[i:]
		}
		return target{responseURL: path}
	}
	e := p.Event
	switch {
	case e.Type == "app_mention":
		return target{channel: e.Channel, threadTS: or(e.ThreadTS, e.TS)}
	case e.Type == "message" && e.ChannelType == "im":
		return target{channel: e.Channel, dm: true}
	}
	return target{}
}

// answers reports whether c answers what t points at: an accepted post to its response_url
// (not a deletion), a chat.postMessage in its thread, or at the top of its DM channel.
func (t target) answers(c Call) bool {
	if !c.isPost() {
		return false
	}
	switch {
	case t.responseURL != "":
		return c.Method == ResponseURLMethod && c.Path == t.responseURL
	case t.channel == "" || c.Method != "chat.postMessage" || c.Channel != t.channel:
		return false
	case t.dm:
		return c.ThreadTS == ""
	}
	return c.ThreadTS == t.threadTS
}

// Answers returns the answers to the envelope envelopeID (any delivery of its payload: a
// redelivery shares its response_url or event with the first), in order: for a slash command
// or a block action, the posts to its response_url the fake accepted (deletions left out); for
// a mention, the chat.postMessage calls accepted in its thread; for a direct message, those at
// the top of its DM channel since it was first queued (so keep one DM in flight per channel).
// A test asserts "answered exactly once" with len(Answers(id)) == 1.
func (s *Server) Answers(envelopeID string) []Call {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.answersLocked(envelopeID)
}

func (s *Server) answersLocked(envelopeID string) []Call {
	env, ok := s.envelopes[envelopeID]
	if !ok {
		return nil
	}
	t := env.target
	if t == (target{}) {
		return nil
	}
	var since time.Time
	if first := s.chains[env.origin]; len(first) > 0 {
		since = first[0].queued
	}
	var out []Call
	for _, c := range s.calls {
		if t.answers(c) && (!t.dm || !c.Time.Before(since)) {
			out = append(out, c)
		}
	}
	return out
}

// WaitAnswers waits until envelopeID has at least n answers (see Answers) and returns them.
func (s *Server) WaitAnswers(envelopeID string, n int, timeout time.Duration) ([]Call, error) {
	var got []Call
	ok := s.waitFor(timeout, func() bool {
		got = s.answersLocked(envelopeID)
		return len(got) >= n
	})
	if !ok {
		return got, fmt.Errorf("slackfake: wait for %d answers to envelope %s: got %d in %v", n, envelopeID, len(got), timeout)
	}
	return got, nil
}

// AnswerCounts counts the answers to each of envelopeIDs, by envelope id: a burst test checks
// that every count is 1.
func (s *Server) AnswerCounts(envelopeIDs ...string) map[string]int {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make(map[string]int, len(envelopeIDs))
	for _, id := range envelopeIDs {
		out[id] = len(s.answersLocked(id))
	}
	return out
}
