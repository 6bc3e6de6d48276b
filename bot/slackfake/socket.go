package slackfake

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"sync"
	"time"

	"github.com/gorilla/websocket"
)

// disconnectGrace is how long the fake waits, after a disconnect message, for the client to
// close the socket before closing it itself, as Slack does.
const disconnectGrace = 2 * time.Second

// errNoConnection is returned by what needs a live Socket Mode connection when there is none.
var errNoConnection = errors.New("no open Socket Mode connection")

// conn is one Socket Mode websocket.
type conn struct {
	id      int // order of acceptance, from 1; set with s.mu held once hello is sent
	ws      *websocket.Conn
	wmu     sync.Mutex    // one writer of data frames at a time, as gorilla requires
	wake    chan struct{} // buffered: the outbox may have envelopes for this conn
	done    chan struct{} // closed when the reader returns
	retired bool          // told to go away (disconnect, drop); guarded by s.mu
}

// writeLocked writes one text frame; c.wmu must be held.
func (c *conn) writeLocked(msg []byte) error {
	if err := c.ws.SetWriteDeadline(time.Now().Add(writeWait)); err != nil {
		return err
	}
	return c.ws.WriteMessage(websocket.TextMessage, msg)
}

func (c *conn) poke() {
	select {
	case c.wake <- struct{}{}:
	default:
	}
}

// spawn runs f on a goroutine Close waits for, unless the fake is closed.
func (s *Server) spawn(f func()) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return
	}
	s.wg.Go(f)
}

// openConnection answers apps.connections.open with a one-time websocket URL on the fake.
func (s *Server) openConnection() answer {
	ticket := randomHex(8)
	s.mu.Lock()
	s.tickets[ticket] = true
	s.mu.Unlock()
	a := answer(s.fixtures.object(fixtureConnectionOpen))
	a["url"] = "ws://" + s.srv.Listener.Addr().String() + "/link/?ticket=" + ticket + "&app_id=" + AppID
	return a
}

// serveSocket accepts a Socket Mode websocket: it checks the ticket, sends hello, then reads
// acks until the socket closes, while serveOutbound writes envelopes and pings.
func (s *Server) serveSocket(w http.ResponseWriter, r *http.Request) {
	ticket := r.URL.Query().Get("ticket")
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		http.Error(w, "slackfake is closed", http.StatusServiceUnavailable)
		return
	}
	if !s.tickets[ticket] {
		s.mu.Unlock()
		http.Error(w, "unknown or used ticket: call apps.connections.open first", http.StatusUnauthorized)
		return
	}
	delete(s.tickets, ticket)
	s.wg.Add(1) // hijacked connections are not waited for by httptest; Close waits here
	s.mu.Unlock()
	defer s.wg.Done()

	up := websocket.Upgrader{CheckOrigin: func(*http.Request) bool { return true }} // slack-go sends Origin: https://api.slack.com
	ws, err := up.Upgrade(w, r, nil)
	if err != nil {
		return // Upgrade has answered the client
	}
	c := &conn{ws: ws, wake: make(chan struct{}, 1), done: make(chan struct{})}
	defer s.forget(c)

	// Hold the write lock from activation until hello is out: nothing (an envelope, a
	// disconnect) may reach the client before hello, and nothing need wait for it to arrive.
	c.wmu.Lock()
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		c.wmu.Unlock()
		return
	}
	s.conns[c] = true
	s.connections++
	c.id = s.connections
	s.active = c
	hello := s.helloLocked()
	s.changedLocked()
	s.wg.Go(func() { s.serveOutbound(c) }) // s.wg is above zero: this handler holds it
	s.mu.Unlock()
	err = c.writeLocked(hello)
	c.wmu.Unlock()
	if err != nil {
		return
	}
	c.poke()

	c.ws.SetPongHandler(func(string) error {
		s.mu.Lock()
		s.pongs++
		s.changedLocked()
		s.mu.Unlock()
		return nil
	})
	for {
		_, msg, err := c.ws.ReadMessage()
		if err != nil {
			return
		}
		s.recordAck(msg)
	}
}

// helloLocked builds the hello message from the slack-go fixture. s.mu must be held.
func (s *Server) helloLocked() []byte {
	h := s.fixtures.object(fixtureHello)
	h["num_connections"] = len(s.conns)
	child(h, "connection_info")["app_id"] = AppID
	child(h, "debug_info")["host"] = "slackfake-" + s.srv.Listener.Addr().String()
	b, _ := json.Marshal(h)
	return b
}

// forget closes c and stops routing envelopes to it; the newest other live connection, if
// any, takes over.
func (s *Server) forget(c *conn) {
	close(c.done)
	_ = c.ws.Close()
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.conns, c)
	c.retired = true
	if s.active == c {
		s.active = nil
		for o := range s.conns {
			if !o.retired && o.id > 0 && (s.active == nil || o.id > s.active.id) {
				s.active = o
			}
		}
		if s.active != nil {
			s.active.poke()
		}
	}
	s.changedLocked()
}

// serveOutbound pings c on schedule and writes the envelopes waiting in the outbox while c
// is the active connection.
func (s *Server) serveOutbound(c *conn) {
	ticker := time.NewTicker(s.pingInterval)
	defer ticker.Stop()
	for {
		select {
		case <-c.done:
			return
		case <-s.quit:
			return
		case <-ticker.C:
			s.mu.Lock()
			off := s.pingsOff
			s.mu.Unlock()
			if !off {
				// WriteControl may run concurrently with other writes.
				_ = c.ws.WriteControl(websocket.PingMessage, []byte("slackfake"), time.Now().Add(writeWait))
			}
		case <-c.wake:
			s.flush(c)
		}
	}
}

// flush writes the outbox to c, in order, while c is active.
func (s *Server) flush(c *conn) {
	for {
		c.wmu.Lock()
		s.mu.Lock()
		if s.active != c || len(s.outbox) == 0 {
			s.mu.Unlock()
			c.wmu.Unlock()
			return
		}
		env := s.outbox[0]
		s.outbox = s.outbox[1:]
		env.sentAt, env.connID = time.Now(), c.id // before the write: the ack may come at once
		s.mu.Unlock()
		err := c.writeLocked(env.raw)
		c.wmu.Unlock()
		if err != nil {
			s.mu.Lock()
			env.sentAt, env.connID = time.Time{}, 0
			s.outbox = append([]*envelope{env}, s.outbox...)
			c.retired = true
			if s.active == c {
				s.active = nil
			}
			s.mu.Unlock()
			return
		}
	}
}

// retire stops routing envelopes to the active connection and returns it, with its write
// lock held so nothing is written after what the caller writes next.
func (s *Server) retire() (*conn, error) {
	s.mu.Lock()
	c := s.active
	s.mu.Unlock()
	if c == nil {
		return nil, errNoConnection
	}
	c.wmu.Lock()
	s.mu.Lock()
	c.retired = true
	if s.active == c {
		s.active = nil
	}
	s.changedLocked()
	s.mu.Unlock()
	return c, nil
}

// Disconnect sends a disconnect message for reason ("refresh_requested", "warning",
// "link_disabled", "too_many_websockets"; any other reason takes the warning's shape) on the
// active connection, as Slack does before rotating a connection, then closes the socket if the
// client has not after a grace period. Envelopes sent from now on wait for the next connection.
// slack-go reconnects on any disconnect and never shows it as an event.
func (s *Server) Disconnect(reason string) error {
	msg := s.disconnectMessage(reason)
	c, err := s.retire()
	if err != nil {
		return fmt.Errorf("slackfake: disconnect %s: %w", reason, err)
	}
	err = c.writeLocked(msg)
	c.wmu.Unlock()
	if err != nil {
		_ = c.ws.Close()
		return fmt.Errorf("slackfake: disconnect %s: %w", reason, err)
	}
	s.spawn(func() {
		timer := time.NewTimer(disconnectGrace)
		defer timer.Stop()
		select {
		case <-c.done:
			return
		case <-s.quit:
		case <-timer.C:
		}
		_ = c.ws.WriteControl(websocket.CloseMessage,
			websocket.FormatCloseMessage(websocket.CloseNormalClosure, reason), time.Now().Add(writeWait))
		_ = c.ws.Close()
	})
	return nil
}

// disconnectMessage is the fixture for reason, verbatim when there is one.
func (s *Server) disconnectMessage(reason string) []byte {
	if name, ok := disconnectFixtures[reason]; ok {
		return s.fixtures.files[name]
	}
	m := s.fixtures.object(disconnectFixtures["warning"])
	m["reason"] = reason
	b, _ := json.Marshal(m)
	return b
}

// DropConnection closes the active connection abruptly, without a close frame, as a network
// failure would. slack-go sees an abnormal closure (1006) and reconnects.
func (s *Server) DropConnection() error {
	c, err := s.retire()
	if err != nil {
		return fmt.Errorf("slackfake: drop connection: %w", err)
	}
	c.wmu.Unlock()
	return c.ws.Close()
}

// Connections is how many Socket Mode connections the fake has accepted (and said hello on)
// since New: 2 after one reconnect.
func (s *Server) Connections() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.connections
}

// OpenConnections is how many Socket Mode websockets are open now.
func (s *Server) OpenConnections() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.conns)
}

// WaitConnections waits until the fake has accepted at least n connections since New.
func (s *Server) WaitConnections(n int, timeout time.Duration) error {
	var got int
	if !s.waitFor(timeout, func() bool { got = s.connections; return got >= n }) {
		return fmt.Errorf("slackfake: wait for %d Socket Mode connections: got %d in %v", n, got, timeout)
	}
	return nil
}

// StopPings stops the websocket pings, as a silent Slack would: slack-go then drops the
// connection after its OptionPingInterval and reconnects. StartPings resumes them.
func (s *Server) StopPings() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.pingsOff = true
}

// StartPings resumes the pings StopPings stopped.
func (s *Server) StartPings() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.pingsOff = false
}

// Pongs is how many pongs clients have answered the fake's pings with. slack-go answers pings
// from its read loop, so pongs stop when that loop stalls.
func (s *Server) Pongs() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.pongs
}
