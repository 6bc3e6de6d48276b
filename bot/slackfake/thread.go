package slackfake

import (
	"encoding/json"
	"strconv"
)

// Message is a message in a channel, as conversations.history and conversations.replies return it.
type Message struct {
	Type     string          `json:"type"` // "message"; filled in when empty
	User     string          `json:"user,omitempty"`
	BotID    string          `json:"bot_id,omitempty"`
	Text     string          `json:"text"`
	TS       string          `json:"ts"`
	ThreadTS string          `json:"thread_ts,omitempty"`
	Blocks   json.RawMessage `json:"blocks,omitempty"`
	// Metadata is the message metadata it was posted with
	// ({"event_type": …, "event_payload": …}), nil when none. Slack returns
	// it only to a conversations.history or conversations.replies call
	// with include_all_metadata.
	Metadata json.RawMessage `json:"metadata,omitempty"`
}

// SetReplies sets the messages of the thread whose parent is threadTS in channel, parent first,
// as conversations.replies returns them: a bare @mention in a thread can then fetch the
// message that started it. Empty Type, TS and ThreadTS are filled in. Messages the bot posts
// with that thread_ts are appended.
func (s *Server) SetReplies(channel, threadTS string, msgs ...Message) {
	s.mu.Lock()
	defer s.mu.Unlock()
	thread := make([]Message, len(msgs))
	for i, m := range msgs {
		if m.Type == "" {
			m.Type = "message"
		}
		if m.TS == "" {
			if i == 0 {
				m.TS = threadTS
			} else {
				m.TS = s.nextTSLocked()
			}
		}
		if m.ThreadTS == "" {
			m.ThreadTS = threadTS
		}
		thread[i] = m
	}
	s.threads[channel+"/"+threadTS] = thread
}

// addMessage keeps a message the bot posted: a reply joins its thread, anything else may start one.
func (s *Server) addMessage(channel string, m Message) {
	s.mu.Lock()
	defer s.mu.Unlock()
	m.Type = "message"
	parent := m.ThreadTS
	if parent == "" {
		parent = m.TS
	}
	key := channel + "/" + parent
	s.threads[key] = append(s.threads[key], m)
	if m.ThreadTS == "" || m.ThreadTS == m.TS {
		s.history[channel] = append(s.history[channel], m)
	}
}

// replies answers conversations.replies from the threads set or posted so far.
func (s *Server) replies(c Call) answer {
	s.mu.Lock()
	thread, ok := s.threads[c.Channel+"/"+c.TS]
	thread = append([]Message(nil), thread...)
	s.mu.Unlock()
	if !ok {
		return fail("thread_not_found")
	}
	if n, err := strconv.Atoi(c.Params.Get("limit")); err == nil && n > 0 && n < len(thread) {
		thread = thread[:n]
	}
	if !truthy(c.Params.Get("include_all_metadata")) {
		thread = withoutMetadata(thread)
	}
	return answer{"ok": true, "messages": thread, "has_more": false,
		"response_metadata": answer{"next_cursor": ""}}
}
