// Package bot is trustwatch in Slack: the Socket Mode loop, dispatch of
// slash commands, mentions and direct messages, Block Kit rendering and
// escaping, the bot's state, and the digest's Slack side (its subcommands,
// drawing and posting); the digest itself, its schedule and claims, is
// package bot/digest.
//
// It and the packages under it are the only ones that import slack-go,
// and no Slack type leaves them. It imports corpus and index.
package bot

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"time"

	"github.com/slack-go/slack"

	"github.com/trustwatch/trustwatch/bot/digest"
	"github.com/trustwatch/trustwatch/index"
)

// Index is what the bot asks of the search index; *index.Index has these
// methods. The digest's own needs (what is new since a time) are declared
// beside the digest.
type Index interface {
	Ask(ctx context.Context, q index.Query) (index.Answer, error)
	Vendor(ctx context.Context, id string, limit int) (index.Answer, error)
	Compare(ctx context.Context, a, b string, limit int) ([]index.Answer, error)
	Stats(ctx context.Context) (index.Stats, error)
}

// Defaults for the zero values of Config's tuning fields.
const (
	DefaultWorkers        = 8
	DefaultQueue          = 256
	DefaultRequestTimeout = 20 * time.Second
	DefaultShutdownGrace  = 10 * time.Second
	DefaultCommand        = "/trust"
	// answerLimit is how many quotations an answer shows.
	answerLimit = 5
)

// Config is what New needs. BotToken, AppToken and Index are required.
type Config struct {
	BotToken string // xoxb-…
	AppToken string // xapp-…, with connections:write
	// APIURL is the Web API base URL; "" is Slack's own. A missing
	// trailing "/" is added.
	APIURL string
	// Command is the slash command's name, "/trust" by default.
	Command string
	Logger  *slog.Logger
	Index   Index

	// Location is the time zone the Home tab's month is read in.
	Location *time.Location
	// Digest posts the digest on its schedule (Run starts it) and is
	// what the digest's subcommands and the Home tab read; nil is no
	// digest. cmd/trustwatch builds it, with State as its Store.
	Digest *digest.Digester
	// StateDir is the folder of the bot's own state; "" is none (see
	// State).
	StateDir string
	// State is where the bot keeps what replicas share: events seen,
	// work in flight, digest slots, subscriptions, leases. Nil is the
	// bbolt file in StateDir, or no state at all without StateDir.
	State State

	// Workers answer requests; at most Queue more wait for one. Requests
	// beyond that are told the bot is busy.
	Workers int
	Queue   int
	// Parallel is how many answers are worked out at once. Searching is
	// CPU-bound: more searches than CPUs only delay the acks, which go
	// through several of slack-go's goroutines. The default is one per
	// CPU, runtime.GOMAXPROCS(0); measured on 2 CPUs with 100 commands at
	// once, it answers faster than one less and keeps acks far under
	// Slack's 3 s (README § Measured). Workers can outnumber it, since
	// they also wait on Slack (posting, rate limits).
	Parallel int
	// RequestTimeout bounds the work on one answer (posting it may take
	// longer when Slack rate-limits).
	RequestTimeout time.Duration
	// ShutdownGrace bounds the wait for answers in flight when Run's
	// context ends.
	ShutdownGrace time.Duration
	// HTTPClient makes the Web API and response_url requests; nil is a
	// client with a 30 s timeout.
	HTTPClient *http.Client
	// Hooks are called at points tests wait on; see Hooks.
	Hooks Hooks

	// UserRate and ChannelRate bound the mentions, direct messages and
	// thread replies answered per user and per channel; zero is
	// DefaultUserRate and DefaultChannelRate.
	UserRate    Rate
	ChannelRate Rate
	// Threads keeps the context of the bot's threads; nil keeps it in
	// memory for a day (and recovers it from the answers' metadata).
	Threads ThreadStore
	// Correctors are the Slack user (U…, W…) and user-group (S…) ids
	// allowed to correct quotations (ParseCorrectors); empty is every
	// member.
	Correctors []string
}

// Bot is trustwatch's Slack bot. Make one with New, then Run it.
type Bot struct {
	cfg   Config
	log   *slog.Logger
	pacer *pacer
	api   *slack.Client
	post  *poster
	seen  *dedup
	// state is Config.State, or the file in StateDir; nil without.
	state State
	store *storeHealth
	// undone is work answered while the store was down, to mark done
	// once it is back.
	doneMu sync.Mutex
	undone []string
	// admitting are the envelopes being recorded in the store before
	// their ack, at most cap(admitSlots) at once.
	admitting  sync.WaitGroup
	admitSlots chan struct{}
	// acking counts the envelopes on their way to their ack and sees
	// bursts being read; answers yield to them (ackgate.go).
	acking *ackGate
	// batch records the work of envelopes arriving together in one
	// round trip, when the store can (WorkBatcher); nil otherwise.
	batch *batcher
	// dones marks work done in batches, when the store can; nil: one
	// by one.
	dones *doneBatcher
	// slots holds a token per answer being worked out (Config.Parallel).
	slots  chan struct{}
	mu     sync.Mutex
	self   identity // from auth.test
	authed bool

	// threads and others are the bot's threads and threads known not to
	// be its own; the limiters count per user and per channel.
	threads      ThreadStore
	others       *notOurs
	userLimit    *limiter
	channelLimit *limiter
	// correctors decides who may correct quotations.
	correctors *correctors
	// asks lets the questions of a burst share the index's work.
	asks *askShare
	// stamp records the stages of each request (stamp.go); nil but in
	// the burst benchmark.
	stamp stamper
}

// identity is who the bot is in its workspace, from auth.test.
type identity struct {
	UserID string
	BotID  string
	Team   string
}

// RejectedError is Slack refusing a token, at start (auth.test) or when
// opening the Socket Mode connection: a configuration mistake, not a
// failure to retry.
type RejectedError struct {
	// Token is "bot" or "app".
	Token string
	// Code is Slack's error code: invalid_auth, not_authed,
	// account_inactive, token_revoked, not_allowed_token_type.
	Code string
}

func (e *RejectedError) Error() string {
	return fmt.Sprintf("%s token rejected by Slack (%s)", e.Token, e.Code)
}

// New checks cfg and makes a Bot. It does no I/O.
func New(cfg Config) (*Bot, error) {
	var errs []error
	if cfg.BotToken == "" {
		errs = append(errs, errors.New("bot: no bot token"))
	}
	if cfg.AppToken == "" {
		errs = append(errs, errors.New("bot: no app-level token"))
	}
	if cfg.Index == nil {
		errs = append(errs, errors.New("bot: no index"))
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	if cfg.Command == "" {
		cfg.Command = DefaultCommand
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	if cfg.Location == nil {
		cfg.Location = time.UTC
	}
	if cfg.Workers <= 0 {
		cfg.Workers = DefaultWorkers
	}
	if cfg.Queue <= 0 {
		cfg.Queue = DefaultQueue
	}
	if cfg.Parallel <= 0 {
		cfg.Parallel = runtime.GOMAXPROCS(0)
	}
	if cfg.RequestTimeout <= 0 {
		cfg.RequestTimeout = DefaultRequestTimeout
	}
	if cfg.ShutdownGrace <= 0 {
		cfg.ShutdownGrace = DefaultShutdownGrace
	}
	if cfg.UserRate.N <= 0 || cfg.UserRate.Per <= 0 {
		cfg.UserRate = DefaultUserRate
	}
	if cfg.ChannelRate.N <= 0 || cfg.ChannelRate.Per <= 0 {
		cfg.ChannelRate = DefaultChannelRate
	}
	if cfg.Threads == nil {
		cfg.Threads = newMemThreads(time.Now)
	}
	if cfg.HTTPClient == nil {
		// Every post goes to one or two hosts (slack.com, hooks.slack.com):
		// keep a connection per worker rather than net/http's 2 per host.
		tr := http.DefaultTransport.(*http.Transport).Clone()
		tr.MaxIdleConnsPerHost = cfg.Workers + 4
		cfg.HTTPClient = &http.Client{Timeout: 30 * time.Second, Transport: tr}
	}
	b := &Bot{cfg: cfg, log: cfg.Logger, pacer: newPacer(cfg.Logger), seen: newDedup(dedupTTL, dedupMax),
		slots: make(chan struct{}, cfg.Parallel), threads: cfg.Threads, others: &notOurs{now: time.Now},
		userLimit: newLimiter(cfg.UserRate, time.Now), channelLimit: newLimiter(cfg.ChannelRate, time.Now)}
	opts := []slack.Option{
		slack.OptionAppLevelToken(cfg.AppToken),
		// The pacer delays apps.connections.open after failed attempts
		// and link_disabled (see runSocket).
		slack.OptionHTTPClient(&pacedClient{c: cfg.HTTPClient, p: b.pacer}),
		slack.OptionLog(slogLogger(cfg.Logger)),
	}
	if u := cfg.APIURL; u != "" {
		if !strings.HasSuffix(u, "/") {
			u += "/"
		}
		opts = append(opts, slack.OptionAPIURL(u))
	}
	b.state = cfg.State
	if b.state == nil && cfg.StateDir != "" {
		b.state = NewStore(filepath.Join(cfg.StateDir, StateFile), StoreOptions{})
	}
	b.store = &storeHealth{log: cfg.Logger, hook: cfg.Hooks.Store}
	b.admitSlots = make(chan struct{}, maxAdmitting)
	b.acking = newAckGate()
	b.asks = newAskShare()
	b.api = slack.New(cfg.BotToken, opts...)
	b.post = &poster{api: b.api, http: cfg.HTTPClient, log: cfg.Logger, attempts: postAttempts}
	b.correctors = newCorrectors(cfg.Correctors, b.groupMembers)
	return b, nil
}

// Auth asks Slack who the bot is (auth.test), which also checks the bot
// token: a rejected token is a *RejectedError. Run calls it if it was not
// called before.
func (b *Bot) Auth(ctx context.Context) error {
	var res *slack.AuthTestResponse
	err := b.post.retry(ctx, "auth.test", func() error {
		var err error
		res, err = b.api.AuthTestContext(ctx)
		return err
	})
	if err != nil {
		if code, ok := rejection(err); ok {
			return &RejectedError{Token: "bot", Code: code}
		}
		return fmt.Errorf("check bot token with auth.test: %w", err)
	}
	b.mu.Lock()
	b.self = identity{UserID: res.UserID, BotID: res.BotID, Team: res.TeamID}
	b.authed = true
	b.mu.Unlock()
	b.log.Info("authenticated", "bot_user", res.UserID, "team", res.TeamID)
	return nil
}

// identity returns who the bot is; empty before Auth.
func (b *Bot) identity() identity {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.self
}

// rejection reports whether err is Slack refusing a token, and its code.
func rejection(err error) (string, bool) {
	var code string
	var se slack.SlackErrorResponse
	if errors.As(err, &se) {
		code = se.Err
	} else {
		code = err.Error() // socketmode returns the bare code from apps.connections.open
	}
	switch code {
	case "invalid_auth", "not_authed", "account_inactive", "token_revoked", "not_allowed_token_type":
		return code, true
	}
	return "", false
}

// Run connects to Slack over Socket Mode and answers until ctx ends. Then
// it takes no new work, finishes the answers in flight (for
// Config.ShutdownGrace at most) and returns nil. It returns an error when
// it cannot go on: a token rejected (*RejectedError).
func (b *Bot) Run(ctx context.Context) error {
	b.mu.Lock()
	authed := b.authed
	b.mu.Unlock()
	if !authed {
		if err := b.Auth(ctx); err != nil {
			return err
		}
	}

	// Answers in flight outlive ctx by the grace period: workCtx ends
	// only when shutdown says so.
	workCtx, stopWork := context.WithCancel(context.WithoutCancel(ctx))
	defer stopWork()
	if wb, ok := b.state.(WorkBatcher); ok {
		// Until the last answer is done: the deferred stop runs after
		// the pool's wait below.
		b.dones = newDoneBatcher(wb, func(ids []string, err error) {
			b.store.result(context.Background(), err)
			if err != nil { // marked once the store is back (flushDone)
				b.doneMu.Lock()
				b.undone = append(b.undone, ids...)
				b.doneMu.Unlock()
			}
		})
		b.dones.start()
		defer b.dones.stop()
	}
	p := newPool(b.cfg.Workers, b.cfg.Queue)
	p.start(workCtx)
	busy := newBusyReplier(b, busyQueue)
	busy.start(workCtx)

	sockCtx, stopSock := context.WithCancel(ctx)
	defer stopSock()
	var wg sync.WaitGroup
	wg.Go(func() { b.runDigest(sockCtx) })
	wg.Go(func() { b.runTakeover(sockCtx, p) })
	err := b.runSocket(sockCtx, p, busy)
	stopSock()
	wg.Wait()

	// No new work; finish what was acknowledged.
	p.close()
	busy.close()
	done := make(chan struct{})
	go func() { p.wait(); busy.wait(); close(done) }()
	timer := time.NewTimer(b.cfg.ShutdownGrace)
	defer timer.Stop()
	select {
	case <-done:
	case <-timer.C:
		b.log.Warn("shutdown grace over, cancelling answers in flight", "grace_ms", b.cfg.ShutdownGrace.Milliseconds())
		stopWork()
		<-done
	}
	b.log.Info("stopped")
	return err
}
