package slackfake

import (
	"encoding/json"
	"net/http"
	"strconv"
)

// fault is one answer the fake gives instead of the normal one.
type fault struct {
	status     int    // http.StatusTooManyRequests or http.StatusOK
	retryAfter int    // seconds, for a 429
	errCode    string // Slack's error code in {"ok":false,"error":…}
	hang       hang   // never answer
}

// hang is a call the fake never answers.
type hang int

const (
	hangBeforeWork hang = iota + 1 // lost on its way: nothing done
	hangAfterWork                  // done (posted), its answer lost
)

// Hang makes the next times calls of method never answered and never
// carried out, as a request lost on its way to Slack: the client waits
// until it gives up or goes away. The calls are recorded with Hung set.
func (s *Server) Hang(method string, times int) {
	s.addFault(method, times, fault{hang: hangBeforeWork})
}

// AcceptThenHang makes the next times calls of method carried out (a
// chat.postMessage lands in its channel) but never answered, as when the
// poster dies or its connection drops before the answer comes back.
func (s *Server) AcceptThenHang(method string, times int) {
	s.addFault(method, times, fault{hang: hangAfterWork})
}

// RateLimit makes the next times calls of method (a Web API method, or ResponseURLMethod)
// answer as Slack does when rate limited: HTTP 429, a Retry-After header of retryAfter seconds
// and {"ok":false,"error":"ratelimited"}. slack-go turns that into a *slack.RateLimitedError
// whose RetryAfter is the header; Retry-After 0 lets a test retry at once.
func (s *Server) RateLimit(method string, times, retryAfter int) {
	s.addFault(method, times, fault{status: http.StatusTooManyRequests, retryAfter: retryAfter, errCode: "ratelimited"})
}

// FailNext makes the next times calls of method answer HTTP 200 with
// {"ok":false,"error":errCode}, e.g. FailNext("apps.connections.open", 3, "internal_error")
// to watch the socketmode client back off and retry. Beware that slack-go's socketmode treats
// "invalid_auth", "account_inactive", "not_authed" and "token_revoked" from
// apps.connections.open as fatal: RunContext returns instead of retrying.
func (s *Server) FailNext(method string, times int, errCode string) {
	s.addFault(method, times, fault{status: http.StatusOK, errCode: errCode})
}

func (s *Server) addFault(method string, times int, f fault) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for range times {
		s.faults[method] = append(s.faults[method], f)
	}
}

// takeFault removes and returns the next fault for method, if any.
func (s *Server) takeFault(method string) (fault, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	q := s.faults[method]
	if len(q) == 0 {
		return fault{}, false
	}
	s.faults[method] = q[1:]
	return q[0], true
}

// writeFault answers with f, in the shape of the 429 fixture for rate limits.
func (s *Server) writeFault(w http.ResponseWriter, f fault) {
	if f.status != http.StatusTooManyRequests {
		writeJSON(w, http.StatusOK, map[string]any{"ok": false, "error": f.errCode})
		return
	}
	fx := s.fixtures.object(fixtureRateLimited)
	for k, v := range child(fx, "headers") {
		if v, ok := v.(string); ok {
			w.Header().Set(k, v)
		}
	}
	w.Header().Set("Retry-After", strconv.Itoa(f.retryAfter))
	w.WriteHeader(http.StatusTooManyRequests)
	_ = json.NewEncoder(w).Encode(fx["body"])
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}
