package slackfake

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"slices"
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
	wake    chan struct{} // buffered: the conn may have envelopes queued
	done    chan struct{} // closed when the reader returns
	retired bool          // told to go away (disconnect, drop); guarded by s.mu

	// Guarded by s.mu.
	queue          []*envelope // routed to this conn, not yet written
	opened, closed time.Time
	sent, retries  int // envelopes written; of which redeliveries
	acks, pongs    int
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
	// Count the connection before the client can see it open (slack-go says "connected" on
	// the upgrade, before hello), so Connections never lags behind the client.
	refuse := s.openLocked()+s.opening >= s.maxConns
	id := 0
	if !refuse {
		s.connections++
		id = s.connections
		s.opening++
	}
	s.wg.Add(1) // hijacked connections are not waited for by httptest; Close waits here
	s.mu.Unlock()
	defer s.wg.Done()

	up := websocket.Upgrader{CheckOrigin: func(*http.Request) bool { return true }} // slack-go sends Origin: https://api.slack.com
	ws, err := up.Upgrade(w, r, nil)
	if err != nil {
		if !refuse {
			s.mu.Lock()
			s.opening--
			s.mu.Unlock()
		}
		return // Upgrade has answered the client
	}
	c := &conn{ws: ws, wake: make(chan struct{}, 1), done: make(chan struct{})}
	defer s.forget(c)

	// Hold the write lock from activation until hello is out: nothing (an envelope, a
	// disconnect) may reach the client before hello, and nothing need wait for it to arrive.
	c.wmu.Lock()
	s.mu.Lock()
	if !refuse {
		s.opening--
	}
	if s.closed {
		s.mu.Unlock()
		c.wmu.Unlock()
		return
	}
	if refuse {
		// Slack accepts the websocket, then says too_many_websockets instead of hello and
		// closes it (see bot/testdata/SOURCES.md).
		s.refused++
		msg := s.disconnectMessageLocked("too_many_websockets", s.openLocked())
		s.changedLocked()
		s.mu.Unlock()
		_ = c.writeLocked(msg)
		c.wmu.Unlock()
		return
	}
	s.conns[c] = true
	c.id = id
	c.opened = time.Now()
	s.accepted = append(s.accepted, c)
	slices.SortFunc(s.accepted, func(a, b *conn) int { return a.id - b.id }) // upgrades may finish out of order
	hello := s.helloLocked(c)
	s.changedLocked()
	s.wg.Go(func() { s.serveOutbound(c) }) // s.wg is above zero: this handler holds it
	s.mu.Unlock()
	err = c.writeLocked(hello)
	c.wmu.Unlock()
	if err != nil {
		return
	}
	s.mu.Lock()
	s.dispatchLocked() // envelopes waiting for a connection may go out on this one now
	s.mu.Unlock()

	c.ws.SetPongHandler(func(string) error {
		s.mu.Lock()
		s.pongs++
		c.pongs++
		s.changedLocked()
		s.mu.Unlock()
		return nil
	})
	for {
		_, msg, err := c.ws.ReadMessage()
		if err != nil {
			return
		}
		s.recordAck(c, msg)
	}
}

// helloLocked builds c's hello from the slack-go fixture: num_connections counts the open
// connections, c included, as Slack's does. s.mu must be held.
func (s *Server) helloLocked(c *conn) []byte {
	h := s.fixtures.object(fixtureHello)
	h["num_connections"] = s.openLocked()
	child(h, "connection_info")["app_id"] = AppID
	child(h, "debug_info")["host"] = s.hostLocked(c.id)
	b, _ := json.Marshal(h)
	return b
}

// hostLocked names connection id's Slack host in debug_info, one per connection.
func (s *Server) hostLocked(id int) string {
	return fmt.Sprintf("slackfake-%s-%d", s.srv.Listener.Addr().String(), id)
}

// openLocked counts the open connections that were said hello, retired ones included (Slack
// counts a connection until it closes). s.mu must be held.
func (s *Server) openLocked() int {
	n := 0
	for c := range s.conns {
		if c.id > 0 {
			n++
		}
	}
	return n
}

// forget closes c and routes what was queued for it to the other live connections.
func (s *Server) forget(c *conn) {
	close(c.done)
	_ = c.ws.Close()
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.conns, c)
	if c.id > 0 {
		c.closed = time.Now()
	}
	s.retireLocked(c)
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

// flush writes the envelopes routed to c, in order, until c is retired.
func (s *Server) flush(c *conn) {
	for {
		c.wmu.Lock()
		s.mu.Lock()
		if c.retired || len(c.queue) == 0 {
			s.mu.Unlock()
			c.wmu.Unlock()
			return
		}
		env := c.queue[0]
		c.queue = c.queue[1:]
		s.sentLocked(env, c) // before the write: the ack may come at once
		s.mu.Unlock()
		err := c.writeLocked(env.raw)
		c.wmu.Unlock()
		if err != nil {
			s.mu.Lock()
			s.unsentLocked(env, c)
			c.queue = append([]*envelope{env}, c.queue...)
			s.retireLocked(c)
			s.mu.Unlock()
			return
		}
	}
}

// retireLocked stops routing envelopes to c and routes those it had not written yet to the
// other live connections (or keeps them for the next one). s.mu must be held.
func (s *Server) retireLocked(c *conn) {
	c.retired = true
	if len(c.queue) > 0 {
		s.outbox = append(c.queue, s.outbox...)
		c.queue = nil
	}
	s.dispatchLocked()
}

// retire stops routing envelopes to connection id (0: the newest live one) and returns it,
// with its write lock held so nothing is written after what the caller writes next.
func (s *Server) retire(id int) (*conn, error) {
	// Connections counts a connection from its upgrade: one a test has waited for may not be
	// said hello on yet. Let it finish, so "the newest" is the one the client just opened.
	s.waitFor(writeWait, func() bool { return s.opening == 0 })
	s.mu.Lock()
	c := s.liveConnLocked(id)
	s.mu.Unlock()
	if c == nil {
		if id == 0 {
			return nil, errNoConnection
		}
		return nil, fmt.Errorf("connection %d: %w", id, errNoConnection)
	}
	c.wmu.Lock()
	s.mu.Lock()
	s.retireLocked(c)
	s.changedLocked()
	s.mu.Unlock()
	return c, nil
}

// liveConnLocked is the live connection id, or the newest live one for id 0; nil if none.
func (s *Server) liveConnLocked(id int) *conn {
	live := s.liveLocked()
	if len(live) == 0 {
		return nil
	}
	if id == 0 {
		return live[len(live)-1]
	}
	for _, c := range live {
		if c.id == id {
			return c
		}
	}
	return nil
}

// Disconnect sends a disconnect message for reason ("refresh_requested", "warning",
// "link_disabled", "too_many_websockets"; any other reason takes the warning's shape) on the
// newest live connection, as Slack does before rotating a connection, then closes the socket
// if the client has not after a grace period. Envelopes sent from now on go to the other live
// connections, or wait for the next one. slack-go reconnects on any disconnect and never shows
// it as an event.
func (s *Server) Disconnect(reason string) error {
	return s.disconnect(0, reason)
}

// DisconnectConn is Disconnect on connection id (see ConnStats and LiveConnections).
func (s *Server) DisconnectConn(id int, reason string) error {
	return s.disconnect(id, reason)
}

func (s *Server) disconnect(id int, reason string) error {
	c, err := s.retire(id)
	if err != nil {
		return fmt.Errorf("slackfake: disconnect %s: %w", reason, err)
	}
	s.mu.Lock()
	msg := s.disconnectMessageLocked(reason, s.openLocked())
	s.mu.Unlock()
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

// disconnectMessageLocked is the fixture for reason, verbatim when there is one, except
// too_many_websockets, whose num_connections says how many are open. s.mu must be held.
func (s *Server) disconnectMessageLocked(reason string, open int) []byte {
	name, ok := disconnectFixtures[reason]
	if ok && reason != "too_many_websockets" {
		return s.fixtures.files[name]
	}
	if !ok {
		name = disconnectFixtures["warning"]
	}
	m := s.fixtures.object(name)
	m["reason"] = reason
	if reason == "too_many_websockets" {
		m["num_connections"] = open
		child(m, "debug_info")["host"] = s.hostLocked(0)
		child(m, "connection_info")["app_id"] = AppID
	}
	b, _ := json.Marshal(m)
	return b
}

// DropConnection closes the newest live connection abruptly, without a close frame, as a
// network failure would. slack-go sees an abnormal closure (1006) and reconnects.
func (s *Server) DropConnection() error {
	return s.drop(0)
}

// DropConn is DropConnection on connection id.
func (s *Server) DropConn(id int) error {
	return s.drop(id)
}

func (s *Server) drop(id int) error {
	c, err := s.retire(id)
	if err != nil {
		return fmt.Errorf("slackfake: drop connection: %w", err)
	}
	c.wmu.Unlock()
	return c.ws.Close()
}

// Connections is how many Socket Mode connections the fake has accepted since New: 2 after one
// reconnect. A connection counts from its upgrade, before the client can see it open, so the
// count never lags behind the client; one turned away with too_many_websockets never counts.
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
