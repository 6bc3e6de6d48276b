// Package slackfake is a Slack stand-in on loopback for tests: a Web API over HTTP and a Socket
// Mode websocket that speak Slack's own payloads, so a test can drive the real bot, built on
// slack-go's socketmode client, without the network.
//
// It owns the fake's HTTP server, its recorded Web API calls and acknowledgements, the messages
// posted to each channel (conversations.history and conversations.replies return them, with
// their message metadata when asked), the envelopes it pushes (built from the Slack fixtures in
// bot/testdata) and the faults it injects on demand: rate limits, failed calls, calls never
// answered, disconnect messages and dropped connections. It opens modals (views.open, within
// Block Kit's limits and only for a fresh trigger_id it handed out), sends the block_actions of
// overflow menus and the view_submission of modals, and answers usergroups.users.list (views.go).
//
// Like Slack, it holds several Socket Mode connections of one app at once (up to
// MaxConnections; one more is turned away with too_many_websockets), each with its own hello,
// and spreads envelopes over them round robin; a test may pin an envelope to one connection.
// An events_api envelope not acknowledged within the ack timeout (3 s, WithAckTimeout) is
// redelivered with retry_attempt one more and retry_reason "timeout", on another connection
// when there is one, at most MaxRetries times. So two replicas of the bot can be run against one
// fake, and Answers tells whether each command or mention was answered exactly once.
//
// It imports nothing of ours, and no Slack client library: only gorilla/websocket and the
// standard library, so it cannot agree with the bot by sharing its code.
//
// A typical test:
//
//	fake := slackfake.New(t)
//	api := slack.New(fake.BotToken(), slack.OptionAPIURL(fake.URL()), slack.OptionAppLevelToken(fake.AppToken()))
//	client := socketmode.New(api)
//	go client.RunContext(ctx)
//	fake.WaitConnections(1, 5*time.Second)
//	id := fake.SendSlashCommand(slackfake.SlashCommand{Text: "help"})
//	ack, err := fake.WaitAck(id, 5*time.Second)
//
// With two replicas, wait for both connections with WaitLiveConnections(2, …), send a burst,
// then check AnswerCounts(ids...) and ConnStats.
package slackfake

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"
)

// The fake workspace's identity. Envelopes carry these ids unless a test sets its own.
const (
	TeamID     = "T0FAKE"
	TeamDomain = "slackfake"
	AppID      = "A0FAKE"
	BotID      = "B0FAKE"
	BotUserID  = "U0FAKEBOT"
	BotName    = "trustwatch"

	// DefaultBotToken and DefaultAppToken are the tokens the fake accepts unless told otherwise.
	DefaultBotToken = "xoxb-slackfake-bot-token"
	DefaultAppToken = "xapp-slackfake-app-token"

	// DefaultUserID, DefaultUserName, DefaultChannelID and DefaultDMChannelID fill envelopes
	// whose test left them empty.
	DefaultUserID      = "U0FAKEUSER"
	DefaultUserName    = "tester"
	DefaultChannelID   = "C0FAKECHAN"
	DefaultChannelName = "general"
	DefaultDMChannelID = "D0FAKEDM"
)

// writeWait bounds every websocket write, so a client that stopped reading cannot hang the fake.
const writeWait = 5 * time.Second

// Server is a running Slack stand-in. Its methods are safe for concurrent use.
type Server struct {
	t            testing.TB
	srv          *httptest.Server
	botToken     string
	appToken     string
	pingInterval time.Duration
	fixtures     fixtures
	tsBase       int64
	wg           sync.WaitGroup // every goroutine the fake starts, and every websocket handler
	quit         chan struct{}  // closed by Close

	mu          sync.Mutex
	change      chan struct{} // closed and replaced whenever recorded state changes
	closed      bool
	seq         int // for timestamps and ids that must be unique and ordered
	calls       []Call
	faults      map[string][]fault
	threads     map[string][]Message // by channel + "/" + thread ts
	history     map[string][]Message // a channel's messages outside threads, oldest first
	tickets     map[string]bool      // issued by apps.connections.open, not yet used
	conns       map[*conn]bool       // open websockets
	accepted    []*conn              // every connection said hello on, by id (accepted[0] has id 1)
	connections int                  // websockets accepted since New (counted as the upgrade starts)
	opening     int                  // of which not said hello on yet
	refused     int                  // websockets turned away with too_many_websockets
	rr          int                  // round-robin cursor over the live connections
	pingsOff    bool
	pongs       int
	outbox      []*envelope          // envelopes waiting for a connection
	envelopes   map[string]*envelope // every envelope sent, by envelope id
	chains      map[string][]*envelope
	inflight    map[string]*envelope // written, unacknowledged, to be redelivered on timeout
	acks        []Ack
	uploads     map[string]*Upload // by file id (upload.go)
	uploadOrder []string
	home        homeState // App Home tabs (home.go)
	views       viewState // modals and user groups (views.go)

	maxConns   int             // open connections allowed at once (Slack: 10)
	ackTimeout time.Duration   // how long an envelope may wait for its ack before a redelivery
	retried    map[string]bool // envelope types redelivered when their ack is late
	keepID     bool            // redeliveries keep the envelope id
}

// Option configures a Server.
type Option func(*Server)

// WithTokens sets the bot token (xoxb-…) the Web API accepts and the app-level token (xapp-…)
// apps.connections.open accepts.
func WithTokens(bot, app string) Option {
	return func(s *Server) { s.botToken, s.appToken = bot, app }
}

// WithPingInterval sets how often the fake pings each websocket (default 1s). slack-go drops a
// connection that saw no ping for its OptionPingInterval (30s by default), so keep this shorter.
func WithPingInterval(d time.Duration) Option {
	return func(s *Server) { s.pingInterval = d }
}

// WithFixtureDir sets the folder the Slack fixtures are read from. By default it is bot/testdata,
// found next to this package's source or from the working directory.
func WithFixtureDir(dir string) Option {
	return func(s *Server) { s.fixtures.dir = dir }
}

// WithMaxConnections sets how many Socket Mode connections may be open at once (default
// MaxConnections, Slack's limit); one more is turned away with a too_many_websockets disconnect.
func WithMaxConnections(n int) Option {
	return func(s *Server) { s.maxConns = n }
}

// WithAckTimeout sets how long an envelope waits for its ack before the fake redelivers it
// (default DefaultAckTimeout, Slack's 3 seconds). Keep it short in tests that watch redeliveries,
// long in tests whose clients are slow on purpose.
func WithAckTimeout(d time.Duration) Option {
	return func(s *Server) { s.ackTimeout = d }
}

// WithRedelivery sets which envelope types the fake redelivers when their ack is late. By
// default only "events_api", as Slack does: a slash command or a block action that is not
// acknowledged in time fails for the user (operation_timeout) and is never sent again. Pass
// "slash_commands" or "interactive" too for a stricter test; pass nothing to turn automatic
// redelivery off.
func WithRedelivery(types ...string) Option {
	return func(s *Server) {
		s.retried = make(map[string]bool, len(types))
		for _, t := range types {
			s.retried[t] = true
		}
	}
}

// WithRedeliveryKeepingEnvelopeID makes redeliveries (on ack timeout, and by Redeliver) keep
// the envelope id of the delivery they repeat instead of taking a new one: a bot must answer
// once whether a redelivery repeats the envelope id or only the event_id.
func WithRedeliveryKeepingEnvelopeID() Option {
	return func(s *Server) { s.keepID = true }
}

// New starts a fake Slack on 127.0.0.1 and closes it when the test ends. It fails the test if
// the fixtures cannot be read.
func New(t testing.TB, opts ...Option) *Server {
	t.Helper()
	s := &Server{
		t:            t,
		botToken:     DefaultBotToken,
		appToken:     DefaultAppToken,
		pingInterval: time.Second,
		tsBase:       time.Now().Unix(),
		quit:         make(chan struct{}),
		change:       make(chan struct{}),
		faults:       make(map[string][]fault),
		threads:      make(map[string][]Message),
		history:      make(map[string][]Message),
		tickets:      make(map[string]bool),
		conns:        make(map[*conn]bool),
		envelopes:    make(map[string]*envelope),
		chains:       make(map[string][]*envelope),
		inflight:     make(map[string]*envelope),
		maxConns:     MaxConnections,
		ackTimeout:   DefaultAckTimeout,
		retried:      map[string]bool{"events_api": true},
	}
	for _, opt := range opts {
		opt(s)
	}
	if err := s.fixtures.load(); err != nil {
		t.Fatalf("slackfake: %v", err)
	}

	mux := http.NewServeMux()
	mux.HandleFunc("/api/", s.serveAPI)
	mux.HandleFunc("/response/", s.serveResponseURL)
	mux.HandleFunc("/link/", s.serveSocket)
	mux.HandleFunc("/upload/v1/", s.serveUpload)
	// Set s.srv before the server runs, so handlers see it without a race.
	s.srv = httptest.NewUnstartedServer(mux) // listens on 127.0.0.1
	s.srv.Start()
	s.wg.Go(s.redeliverLoop)
	t.Cleanup(s.Close)
	return s
}

// URL is the Web API base URL, ending in "/api/", as slack.OptionAPIURL wants it.
func (s *Server) URL() string { return s.srv.URL + "/api/" }

// BotToken is the bot token the Web API accepts.
func (s *Server) BotToken() string { return s.botToken }

// AppToken is the app-level token apps.connections.open accepts.
func (s *Server) AppToken() string { return s.appToken }

// Close stops the fake: it closes every websocket, waits for the fake's goroutines and shuts
// the HTTP server down. Stop the client under test first, or it will be told the fake is gone
// and start backing off. Close is idempotent; New registers it with t.Cleanup.
func (s *Server) Close() {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return
	}
	s.closed = true
	close(s.quit)
	conns := make([]*conn, 0, len(s.conns))
	for c := range s.conns {
		conns = append(conns, c)
	}
	s.changedLocked()
	s.mu.Unlock()

	for _, c := range conns {
		_ = c.ws.Close()
	}
	s.wg.Wait()
	s.srv.Close() // waits for Web API requests in flight
}

// changedLocked wakes everything waiting on recorded state. s.mu must be held.
func (s *Server) changedLocked() {
	close(s.change)
	s.change = make(chan struct{})
}

// waitFor waits until cond, evaluated with s.mu held, is true, or until timeout or Close.
func (s *Server) waitFor(timeout time.Duration, cond func() bool) bool {
	timer := time.NewTimer(timeout)
	defer timer.Stop()
	for {
		s.mu.Lock()
		ok, ch := cond(), s.change
		s.mu.Unlock()
		if ok {
			return true
		}
		select {
		case <-ch:
		case <-timer.C:
			return false
		case <-s.quit:
			s.mu.Lock()
			ok := cond()
			s.mu.Unlock()
			return ok
		}
	}
}

// nextTS returns a message timestamp ("1700000000.000042") later than every one before it.
func (s *Server) nextTS() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.nextTSLocked()
}

func (s *Server) nextTSLocked() string {
	s.seq++
	return fmt.Sprintf("%d.%06d", s.tsBase+int64(s.seq/1000000), s.seq%1000000)
}

// randomHex returns n random bytes, hex-encoded.
func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b) // crypto/rand.Read never fails
	return hex.EncodeToString(b)
}

// newUUID returns a random version 4 UUID, the form of Slack's envelope ids.
func newUUID() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	h := hex.EncodeToString(b)
	return h[0:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:32]
}
