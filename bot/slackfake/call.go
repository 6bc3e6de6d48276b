package slackfake

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// ResponseURLMethod is the Method of a Call made to a response_url rather than to the Web API.
const ResponseURLMethod = "response_url"

// Call is one request the fake received, Web API or response_url, with what it answered.
type Call struct {
	Method      string     // "chat.postMessage", or ResponseURLMethod
	Path        string     // the request path, e.g. /api/chat.postMessage or /response/…
	ContentType string     // media type of the body, e.g. application/x-www-form-urlencoded
	Token       string     // the token presented, from Authorization: Bearer or the token field
	Params      url.Values // form and query fields; for a JSON body, its top-level scalars
	Body        []byte     // the raw request body

	// Fields most tests look at, taken from Params or the JSON body.
	Channel         string
	Text            string
	TS              string // the message a chat.update or chat.delete changes
	ThreadTS        string
	User            string // the user of chat.postEphemeral or users.info
	ResponseType    string // "ephemeral" or "in_channel", for response_url posts
	ReplaceOriginal bool
	DeleteOriginal  bool
	Blocks          json.RawMessage // the blocks as sent (a JSON array), nil when none
	Metadata        json.RawMessage // the message metadata as sent (a JSON object), nil when none

	Status int    // HTTP status the fake answered; 0 for a hung call
	Hung   bool   // the fake never answered (Hang, AcceptThenHang)
	OK     bool   // the fake answered {"ok":true}
	Error  string // the error the fake answered, e.g. "ratelimited" or "invalid_auth"
	Time   time.Time
}

// readCall reads the request into a Call.
func readCall(r *http.Request, method string) (Call, error) {
	c := Call{Method: method, Path: r.URL.Path, Params: url.Values{}, Time: time.Now()}
	body, err := io.ReadAll(io.LimitReader(r.Body, 10<<20))
	if err != nil {
		return c, fmt.Errorf("read %s request body: %w", method, err)
	}
	c.Body = body
	for k, vs := range r.URL.Query() {
		c.Params[k] = append(c.Params[k], vs...)
	}
	c.ContentType, _, _ = mime.ParseMediaType(r.Header.Get("Content-Type"))

	var obj map[string]json.RawMessage
	switch c.ContentType {
	case "application/json":
		if len(bytes.TrimSpace(body)) > 0 {
			if err := json.Unmarshal(body, &obj); err != nil {
				return c, fmt.Errorf("decode %s JSON body: %w", method, err)
			}
		}
		for k, v := range obj {
			var s string
			switch {
			case len(v) > 0 && (v[0] == '"' || v[0] == 'n'): // a string or null ("") only: not tried on the blocks
				if json.Unmarshal(v, &s) != nil {
					continue
				}
			case len(v) > 0 && v[0] != '{' && v[0] != '[': // number, bool, null
				s = string(v)
			default:
				continue
			}
			c.Params.Set(k, s)
		}
	case "multipart/form-data":
		if err := r.ParseMultipartForm(10 << 20); err == nil {
			for k, vs := range r.MultipartForm.Value {
				c.Params[k] = append(c.Params[k], vs...)
			}
		}
	default: // slack-go sends most methods as application/x-www-form-urlencoded
		form, err := url.ParseQuery(string(body))
		if err != nil {
			return c, fmt.Errorf("decode %s form body: %w", method, err)
		}
		for k, vs := range form {
			c.Params[k] = append(c.Params[k], vs...)
		}
	}

	c.Token = c.Params.Get("token")
	if auth, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer "); ok {
		c.Token = auth
	}
	c.Params.Del("token")
	c.Channel = c.Params.Get("channel")
	c.Text = c.Params.Get("text")
	c.TS = c.Params.Get("ts")
	c.ThreadTS = c.Params.Get("thread_ts")
	c.User = c.Params.Get("user")
	c.ResponseType = c.Params.Get("response_type")
	c.ReplaceOriginal = c.Params.Get("replace_original") == "true"
	c.DeleteOriginal = c.Params.Get("delete_original") == "true"
	switch {
	case obj["metadata"] != nil && string(obj["metadata"]) != "null":
		c.Metadata = obj["metadata"]
	case c.Params.Get("metadata") != "":
		c.Metadata = json.RawMessage(c.Params.Get("metadata"))
	}
	switch {
	case obj["blocks"] != nil && string(obj["blocks"]) != "null":
		c.Blocks = obj["blocks"]
	case c.Params.Get("blocks") != "":
		c.Blocks = json.RawMessage(c.Params.Get("blocks"))
	}
	return c, nil
}

// isPost reports whether the call puts a message in front of users.
func (c Call) isPost() bool {
	switch c.Method {
	case "chat.postMessage", "chat.postEphemeral":
		return c.OK
	case ResponseURLMethod:
		return c.OK && !c.DeleteOriginal
	}
	return false
}

func (s *Server) record(c Call) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.calls = append(s.calls, c)
	s.changedLocked()
}

// Calls returns every call received so far, in order.
func (s *Server) Calls() []Call {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Call(nil), s.calls...)
}

// CallsTo returns the calls of one method (e.g. "chat.postMessage", or ResponseURLMethod),
// every attempt included, rate-limited or failed ones too.
func (s *Server) CallsTo(method string) []Call {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.callsToLocked(method)
}

func (s *Server) callsToLocked(method string) []Call {
	var out []Call
	for _, c := range s.calls {
		if c.Method == method {
			out = append(out, c)
		}
	}
	return out
}

// WaitCalls waits until the method has been called at least n times and returns its calls.
// While it waits, it counts the calls at each change rather than copying them: a test waiting
// for a burst's answers must not take the CPU (and make the garbage) the answers need.
func (s *Server) WaitCalls(method string, n int, timeout time.Duration) ([]Call, error) {
	ok := s.waitFor(timeout, func() bool {
		seen := 0
		for i := range s.calls {
			if s.calls[i].Method == method {
				seen++
			}
		}
		return seen >= n
	})
	got := s.CallsTo(method)
	if !ok {
		return got, fmt.Errorf("slackfake: wait for %d %s calls: got %d in %v", n, method, len(got), timeout)
	}
	return got, nil
}

// Posts returns the messages the fake accepted: chat.postMessage, chat.postEphemeral and
// response_url posts answered ok, in order. Rate-limited and rejected attempts are left out.
func (s *Server) Posts() []Call {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.postsLocked()
}

func (s *Server) postsLocked() []Call {
	var out []Call
	for _, c := range s.calls {
		if c.isPost() {
			out = append(out, c)
		}
	}
	return out
}

// WaitPosts waits until the fake has accepted at least n posts (see Posts) and returns them.
func (s *Server) WaitPosts(n int, timeout time.Duration) ([]Call, error) {
	var got []Call
	ok := s.waitFor(timeout, func() bool {
		got = s.postsLocked()
		return len(got) >= n
	})
	if !ok {
		return got, fmt.Errorf("slackfake: wait for %d posts: got %d in %v", n, len(got), timeout)
	}
	return got, nil
}
