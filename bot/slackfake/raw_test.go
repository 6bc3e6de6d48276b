package slackfake_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"github.com/trustwatch/trustwatch/bot/slackfake"
)

// rawConn is one Socket Mode connection opened by hand, as an SDK would: apps.connections.open
// with the app token, then the websocket. A reader goroutine (stopped with the test) hands
// every message over on msgs and answers pings.
type rawConn struct {
	ws    *websocket.Conn
	hello map[string]any // the first message: hello, or a disconnect for a refused connection
	msgs  chan rawMsg
	done  chan struct{} // closed when the reader returns (the socket closed)
}

// rawMsg is one message a raw connection received, with the fields the tests look at.
type rawMsg struct {
	Type         string `json:"type"`
	Reason       string `json:"reason"`
	EnvelopeID   string `json:"envelope_id"`
	RetryAttempt int    `json:"retry_attempt"`
	RetryReason  string `json:"retry_reason"`
	Payload      struct {
		EventID     string `json:"event_id"`
		ResponseURL string `json:"response_url"`
		Text        string `json:"text"`
	} `json:"payload"`
}

// dial opens a raw Socket Mode connection to fake and reads its first message.
func dial(t *testing.T, fake *slackfake.Server) *rawConn {
	t.Helper()
	return dialThen(t, fake, func() {})
}

// dialThen is dial, calling opened as soon as the websocket is open, before reading anything.
func dialThen(t *testing.T, fake *slackfake.Server, opened func()) *rawConn {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, fake.URL()+"apps.connections.open", strings.NewReader(""))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+fake.AppToken())
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("apps.connections.open: %v", err)
	}
	defer resp.Body.Close()
	var open struct {
		OK    bool   `json:"ok"`
		URL   string `json:"url"`
		Error string `json:"error"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&open); err != nil || !open.OK {
		t.Fatalf("apps.connections.open = %+v, %v; want ok with a url", open, err)
	}
	ws, _, err := websocket.DefaultDialer.Dial(open.URL, nil)
	if err != nil {
		t.Fatalf("dial %s: %v", open.URL, err)
	}
	opened()
	c := &rawConn{ws: ws, msgs: make(chan rawMsg, 1000), done: make(chan struct{})}
	t.Cleanup(func() {
		_ = ws.Close()
		<-c.done
	})
	if err := ws.SetReadDeadline(time.Now().Add(wait)); err != nil {
		t.Fatal(err)
	}
	_, first, err := ws.ReadMessage()
	if err != nil {
		t.Fatalf("read hello: %v", err)
	}
	if err := json.Unmarshal(first, &c.hello); err != nil {
		t.Fatalf("hello %s: %v", first, err)
	}
	_ = ws.SetReadDeadline(time.Time{})
	go func() {
		defer close(c.done)
		for {
			_, b, err := ws.ReadMessage()
			if err != nil {
				return
			}
			var m rawMsg
			_ = json.Unmarshal(b, &m)
			select {
			case c.msgs <- m:
			default: // a test that leaves 1000 messages unread sees them missing
			}
		}
	}()
	return c
}

// next returns the next message c received.
func (c *rawConn) next(t *testing.T) rawMsg {
	t.Helper()
	select {
	case m := <-c.msgs:
		return m
	case <-c.done:
		t.Fatal("connection closed while waiting for a message")
	case <-time.After(wait):
		t.Fatalf("no message in %v", wait)
	}
	return rawMsg{}
}

// ack acknowledges envelopeID on c, as a client does.
func (c *rawConn) ack(t *testing.T, envelopeID string) {
	t.Helper()
	if err := c.ws.WriteJSON(map[string]string{"envelope_id": envelopeID}); err != nil {
		t.Fatalf("ack %s: %v", envelopeID, err)
	}
}

// dialN opens n raw connections and waits until the fake routes to all of them.
func dialN(t *testing.T, fake *slackfake.Server, n int) []*rawConn {
	t.Helper()
	conns := make([]*rawConn, n)
	for i := range conns {
		conns[i] = dial(t, fake)
	}
	if _, err := fake.WaitLiveConnections(n, wait); err != nil {
		t.Fatal(err)
	}
	return conns
}

// post sends a JSON body to a response_url, as the bot answers a slash command.
func post(t *testing.T, responseURL string, body map[string]any) {
	t.Helper()
	b, _ := json.Marshal(body)
	resp, err := http.Post(responseURL, "application/json", strings.NewReader(string(b)))
	if err != nil {
		t.Fatalf("post to %s: %v", responseURL, err)
	}
	resp.Body.Close()
}

// postMessage calls chat.postMessage with the bot token.
func postMessage(t *testing.T, fake *slackfake.Server, channel, threadTS, text string) {
	t.Helper()
	form := url.Values{"channel": {channel}, "text": {text}}
	if threadTS != "" {
		form.Set("thread_ts", threadTS)
	}
	req, _ := http.NewRequest(http.MethodPost, fake.URL()+"chat.postMessage", strings.NewReader(form.Encode()))
	req.Header.Set("Authorization", "Bearer "+fake.BotToken())
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("chat.postMessage: %v", err)
	}
	resp.Body.Close()
}
