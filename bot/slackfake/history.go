package slackfake

import (
	"strconv"
	"strings"
)

// fixtureHistory is the docs' conversations.history response, whose
// envelope the fake answers with.
const fixtureHistory = "conversations_history_response_docs.json"

// History returns the messages posted to channel outside threads, oldest
// first, as conversations.history with include_all_metadata sees them.
func (s *Server) History(channel string) []Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Message(nil), s.history[channel]...)
}

// channelHistory answers conversations.history as Slack documents it: the
// channel's messages between oldest and latest (exclusive unless
// inclusive), newest first, at most limit (default 100, at most 999) per
// page with a cursor to the next, and each message's metadata only when
// include_all_metadata is true.
func (s *Server) channelHistory(c Call) answer {
	if c.Channel == "" {
		return fail("channel_not_found")
	}
	limit := 100
	if n, err := strconv.Atoi(c.Params.Get("limit")); err == nil && n > 0 {
		limit = min(n, 999)
	}
	oldest, latest := tsValue(c.Params.Get("oldest")), tsValue(c.Params.Get("latest"))
	inclusive := truthy(c.Params.Get("inclusive"))
	start := 0
	if cur := c.Params.Get("cursor"); cur != "" {
		n, err := strconv.Atoi(strings.TrimPrefix(cur, "page_"))
		if err != nil || n < 0 {
			return fail("invalid_cursor")
		}
		start = n
	}

	s.mu.Lock()
	all := s.history[c.Channel]
	var in []Message
	for i := len(all) - 1; i >= 0; i-- { // newest first
		ts := tsValue(all[i].TS)
		if ts < oldest || (ts == oldest && !inclusive && oldest > 0) {
			continue
		}
		if latest > 0 && (ts > latest || (ts == latest && !inclusive)) {
			continue
		}
		in = append(in, all[i])
	}
	s.mu.Unlock()

	a := answer(s.fixtures.object(fixtureHistory))
	page := []Message{}
	if start < len(in) {
		page = in[start:min(start+limit, len(in))]
	}
	if !truthy(c.Params.Get("include_all_metadata")) {
		page = withoutMetadata(page)
	}
	a["messages"] = page
	next := ""
	if start+limit < len(in) {
		next = "page_" + strconv.Itoa(start+limit)
	}
	a["has_more"] = next != ""
	child(a, "response_metadata")["next_cursor"] = next
	if c.Params.Get("oldest") != "" {
		a["oldest"] = c.Params.Get("oldest")
	}
	if c.Params.Get("latest") != "" {
		a["latest"] = c.Params.Get("latest")
	}
	return a
}

// withoutMetadata returns msgs with their metadata dropped.
func withoutMetadata(msgs []Message) []Message {
	out := make([]Message, len(msgs))
	for i, m := range msgs {
		m.Metadata = nil
		out[i] = m
	}
	return out
}

// tsValue reads a Slack timestamp ("1700000000.000042") as microseconds;
// "" and garbage are 0.
func tsValue(ts string) int64 {
	sec, frac, _ := strings.Cut(ts, ".")
	s, err := strconv.ParseInt(sec, 10, 64)
	if err != nil {
		return 0
	}
	frac = (frac + "000000")[:6]
	f, _ := strconv.ParseInt(frac, 10, 64)
	return s*1_000_000 + f
}

// truthy reads a Slack boolean argument: "true" or "1".
func truthy(v string) bool { return v == "true" || v == "1" }
