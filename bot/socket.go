package bot

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/socketmode"
)

// ackTimeout bounds the wait for room in slack-go's response queue: the
// event loop must never stall, or pongs stop and Slack drops us.
const ackTimeout = 2 * time.Second

// runSocket runs the Socket Mode connection and its event loop until ctx
// ends (then it returns nil) or a token is rejected.
//
// slack-go's RunContext reconnects by itself after a disconnect message
// or a dropped connection, backing off (up to 5 min) while
// apps.connections.open or the dial fail; it returns only on a rejected
// token or a 404. This loop restarts it with a capped, jittered backoff
// for anything but a rejected token.
func (b *Bot) runSocket(ctx context.Context, p *pool, busy *busyReplier) error {
	client := socketmode.New(b.api,
		socketmode.OptionLog(slogLogger(b.log)),
	)
	runErr := make(chan error, 1)
	var wg sync.WaitGroup
	defer wg.Wait()
	wg.Go(func() {
		attempt := 0
		for {
			err := client.RunContext(ctx)
			if ctx.Err() != nil {
				runErr <- nil
				return
			}
			if code, ok := rejection(err); ok {
				runErr <- &RejectedError{Token: "app", Code: code}
				return
			}
			attempt++
			wait := backoff(attempt, b.pacer.base, b.pacer.max)
			b.log.Warn("socket mode stopped, restarting", "err", err, "attempt", attempt, "backoff_ms", wait.Milliseconds())
			if sleep(ctx, wait) != nil {
				runErr <- nil
				return
			}
		}
	})

	for {
		select {
		case <-ctx.Done():
			return <-runErr
		case err := <-runErr:
			return err
		case evt := <-client.Events:
			b.handle(ctx, client, evt, p, busy)
		}
	}
}

// handle is the event loop's body: acknowledge, then hand off. It never
// blocks on anything slower than the ack queue.
func (b *Bot) handle(ctx context.Context, client *socketmode.Client, evt socketmode.Event, p *pool, busy *busyReplier) {
	switch evt.Type {
	case socketmode.EventTypeConnecting:
		if e, ok := evt.Data.(*slack.ConnectingEvent); ok {
			b.log.Debug("connecting", "attempt", e.Attempt, "connection", e.ConnectionCount)
		}
		return
	case socketmode.EventTypeConnected:
		n := 0
		if e, ok := evt.Data.(*socketmode.ConnectedEvent); ok {
			n = e.ConnectionCount
		}
		b.log.Info("connected", "connection", n)
		b.cfg.Hooks.connected()
		return
	case socketmode.EventTypeConnectionError:
		if e, ok := evt.Data.(*slack.ConnectionErrorEvent); ok {
			b.log.Warn("connection failed", "err", e.ErrorObj, "attempt", e.Attempt, "backoff_ms", e.Backoff.Milliseconds())
		}
		return
	case socketmode.EventTypeInvalidAuth:
		b.log.Error("app-level token rejected")
		return
	case socketmode.EventTypeHello:
		b.log.Debug("hello")
		return
	case socketmode.EventTypeIncomingError, socketmode.EventTypeErrorWriteFailed:
		b.log.Warn("socket error", "type", string(evt.Type), "err", eventErr(evt))
		return
	case socketmode.EventTypeErrorBadMessage:
		// Unknown envelope types and payloads slack-go cannot parse land
		// here: acknowledge them anyway, or Slack redelivers them.
		e, _ := evt.Data.(*socketmode.ErrorBadMessage)
		if e == nil {
			return
		}
		var head struct {
			EnvelopeID string `json:"envelope_id"`
			Type       string `json:"type"`
		}
		if json.Unmarshal(e.Message, &head) == nil && head.EnvelopeID != "" {
			b.ack(ctx, client, head.EnvelopeID)
		}
		b.log.Warn("unreadable envelope", "envelope_id", head.EnvelopeID, "type", head.Type, "err", e.Cause)
		return
	}
	if evt.Request == nil || evt.Request.EnvelopeID == "" {
		b.log.Debug("ignored socket event", "type", string(evt.Type))
		return
	}
	env := evt.Request
	b.ack(ctx, client, env.EnvelopeID)

	req, ok := b.request(evt)
	if !ok {
		return
	}
	if !b.seen.first(req.dedupKey) {
		b.log.Info("redelivery ignored", "envelope_id", env.EnvelopeID, "retry_attempt", env.RetryAttempt, "retry_reason", env.RetryReason)
		return
	}
	received := time.Now()
	if !p.submit(func(ctx context.Context) { b.serve(ctx, req, received) }) {
		b.log.Warn("busy", "envelope_id", req.envelopeID, "channel", req.channel)
		busy.submit(req)
	}
}

// ack acknowledges an envelope. It is the first thing done with one.
func (b *Bot) ack(ctx context.Context, client *socketmode.Client, envelopeID string) {
	ctx, cancel := context.WithTimeout(ctx, ackTimeout)
	defer cancel()
	if err := client.AckCtx(ctx, envelopeID, nil); err != nil {
		b.log.Error("ack failed", "envelope_id", envelopeID, "err", err)
	}
}

func eventErr(evt socketmode.Event) error {
	switch e := evt.Data.(type) {
	case *slack.IncomingEventError:
		return e.ErrorObj
	case *socketmode.ErrorWriteFailed:
		return e.Cause
	case error:
		return e
	}
	return nil
}

// pacer spaces out reconnections when connections keep dying young: a
// link_disabled or refresh loop would otherwise make slack-go reconnect
// in a tight loop, since it reconnects at once after a disconnect
// message. A connection that lived past stable resets it.
type pacer struct {
	base, max, stable time.Duration
	now               func() time.Time
	sleep             func(context.Context, time.Duration) error

	mu        sync.Mutex
	connAt    time.Time // when the last connection opened; zero once accounted for
	shortRuns int       // consecutive connections that died before stable
}

func newPacer() *pacer {
	return &pacer{base: time.Second, max: 2 * time.Minute, stable: time.Minute, now: time.Now, sleep: sleep}
}

// connected records that a connection opened.
func (p *pacer) connected() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.connAt = p.now()
}

// delay is how long to wait before opening the next connection. The first
// reconnection after a short-lived connection is immediate (Slack rotates
// connections); the following ones back off exponentially with jitter.
func (p *pacer) delay() time.Duration {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.connAt.IsZero() {
		return 0 // first connection, or slack-go retrying a failed one with its own backoff
	}
	lived := p.now().Sub(p.connAt)
	p.connAt = time.Time{}
	if lived >= p.stable {
		p.shortRuns = 0
		return 0
	}
	p.shortRuns++
	if p.shortRuns < 2 {
		return 0
	}
	return backoff(p.shortRuns-1, p.base, p.max)
}

// backoff is base·2^(attempt-1), capped at max, with "equal jitter": half
// fixed, half random, so that many bots do not reconnect in step.
func backoff(attempt int, base, max time.Duration) time.Duration {
	d := base
	for i := 1; i < attempt && d < max; i++ {
		d *= 2
	}
	d = min(d, max)
	half := d / 2
	if half <= 0 {
		return d
	}
	return half + rand.N(half+1)
}

// sleep waits for d or until ctx ends.
func sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// pacedClient is the Web API's HTTP client: it waits as the pacer says
// before each apps.connections.open, and marks a connection's start when
// one succeeds. Both happen here, in the order slack-go opens
// connections, rather than when the event loop gets to the "connected"
// event, which under load can come after the next open.
type pacedClient struct {
	c *http.Client
	p *pacer
}

func (pc *pacedClient) Do(r *http.Request) (*http.Response, error) {
	if !strings.HasSuffix(r.URL.Path, "/apps.connections.open") {
		return pc.c.Do(r)
	}
	if d := pc.p.delay(); d > 0 {
		if err := pc.p.sleep(r.Context(), d); err != nil {
			return nil, err
		}
	}
	resp, err := pc.c.Do(r)
	if err != nil || resp.StatusCode != http.StatusOK {
		return resp, err
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	resp.Body.Close()
	if err != nil {
		return nil, fmt.Errorf("read apps.connections.open: %w", err)
	}
	resp.Body = io.NopCloser(bytes.NewReader(body))
	var ok struct {
		OK bool `json:"ok"`
	}
	if json.Unmarshal(body, &ok) == nil && ok.OK {
		pc.p.connected()
	}
	return resp, nil
}

// slogLogger is slack-go's logger: its debug lines go to the bot's logger
// at Debug (slack-go redacts tokens in them).
func slogLogger(l *slog.Logger) *log.Logger {
	return slog.NewLogLogger(l.Handler(), slog.LevelDebug)
}
