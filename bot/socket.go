package bot

import (
	"context"
	"encoding/json"
	"errors"
	"log"
	"log/slog"
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
// slack-go's RunContext reconnects by itself, at once, after a
// disconnect message or a dropped connection; a failed attempt (the dial,
// or apps.connections.open) it retries with a backoff of its own that
// grows to 5 minutes. The pacer takes over the waiting: every
// apps.connections.open waits as it says (nothing after a connection
// that said hello, a capped backoff after failures, long after
// link_disabled), and a failed attempt ends RunContext's own retry loop
// (the pacer hears of it through slack-go's debug log), so this loop
// starts it again at once and the pacer's wait applies.
func (b *Bot) runSocket(ctx context.Context, p *pool, busy *busyReplier) error {
	client := socketmode.New(b.api,
		socketmode.OptionDebug(true),
		socketmode.OptionLog(&socketLog{log: b.log, pacer: b.pacer, stamp: b.stamp, arrived: b.acking.arrive}),
	)
	runErr := make(chan error, 1)
	var wg sync.WaitGroup
	defer wg.Wait()
	if wb, ok := b.state.(WorkBatcher); ok {
		b.batch = newBatcher(wb)
		// It outlives ctx until the envelopes being admitted are.
		bctx, stop := context.WithCancel(context.WithoutCancel(ctx))
		b.batch.start(bctx)
		defer b.batch.wait()
		defer stop()
	}
	defer b.admitting.Wait() // envelopes being admitted reach the pool before it closes
	wg.Go(func() {
		for {
			runCtx, cut := context.WithCancel(ctx)
			b.pacer.running(cut)
			err := client.RunContext(runCtx)
			b.pacer.running(nil)
			cut()
			if ctx.Err() != nil {
				runErr <- nil
				return
			}
			if code, ok := rejection(err); ok {
				runErr <- &RejectedError{Token: "app", Code: code}
				return
			}
			if !errors.Is(err, context.Canceled) {
				// Not a failed attempt the pacer cut short (a 404 from
				// apps.connections.open): count it, and start again after
				// the pacer's wait.
				b.pacer.failed(true, 0)
				b.log.Warn("socket mode stopped, restarting", "err", err)
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
			// e.Backoff is slack-go's own, which the pacer replaces.
			b.log.Warn("connection failed", "err", e.ErrorObj, "attempt", e.Attempt)
		}
		return
	case socketmode.EventTypeInvalidAuth:
		b.log.Error("app-level token rejected")
		return
	case socketmode.EventTypeHello:
		// The pacer heard it already, in order, from the debug log; this
		// event can come after the connection's disconnect.
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
	b.mark(env.EnvelopeID, stageLoop)
	if b.viewSubmission(ctx, client, evt, p) {
		return
	}
	req, ok := b.request(evt)
	if !ok {
		b.ack(ctx, client, env.EnvelopeID)
		return
	}
	received := time.Now()
	b.acking.enter()
	if b.state == nil {
		b.accept(ctx, client, env, req, received, p, busy)
		return
	}
	// The store's round trip runs beside the loop, so that a burst waits
	// for the database in parallel, not one envelope after another.
	b.admitting.Go(func() {
		b.admitSlots <- struct{}{}
		defer func() { <-b.admitSlots }()
		b.accept(ctx, client, env, req, received, p, busy)
	})
}

// accept records req (admit) then acknowledges its envelope, and hands
// it to the pool unless it is a redelivery. Recorded before the ack,
// acknowledged work is never lost, even if this replica dies now.
func (b *Bot) accept(ctx context.Context, client *socketmode.Client, env *socketmode.Request, req request, received time.Time, p *pool, busy *busyReplier) {
	first := b.admit(ctx, &req)
	b.ack(ctx, client, env.EnvelopeID)
	b.mark(env.EnvelopeID, stageAckQueued)
	b.acking.leave()
	if !first {
		b.log.Info("redelivery ignored", "envelope_id", env.EnvelopeID, "retry_attempt", env.RetryAttempt, "retry_reason", env.RetryReason)
		return
	}
	b.mark(env.EnvelopeID, stageQueued) // before: a worker may take it at once
	if !p.submit(func(ctx context.Context) { b.serve(ctx, req, received) }) {
		b.log.Warn("busy", "envelope_id", req.envelopeID, "channel", req.channel)
		if req.source == fromThread {
			return // maybe not the bot's thread: never a busy notice there
		}
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

// slogLogger is slack-go's logger: its debug lines go to the bot's logger
// at Debug (slack-go redacts tokens in them).
func slogLogger(l *slog.Logger) *log.Logger {
	return slog.NewLogLogger(l.Handler(), slog.LevelDebug)
}
