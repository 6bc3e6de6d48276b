package bot

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/slack-go/slack"

	"github.com/trustwatch/trustwatch/bot/digest"
	"github.com/trustwatch/trustwatch/corpus"
)

// The bot's two hooks into the digest: dispatch calls digestCommand for
// "/trust digest|subscribe|unsubscribe|subscriptions" (and the same words
// after a mention or in a DM), on a worker after the ack; Run starts
// runDigest on a goroutine it waits for.

// digester builds the bot's Digester from its Config. It does no I/O,
// so it is built per use: the state lives in the file, not in the Bot.
// Without Config.StateDir there is no store: previews work, subscriptions
// and scheduled posts do not.
func (b *Bot) digester() (*digestView, error) {
	src, ok := b.cfg.Index.(digest.DigestSource)
	if !ok {
		return nil, errors.New("the index cannot tell what is new (no Since/VendorLabels)")
	}
	reg := corpus.Builtin()
	if r, ok := b.cfg.Index.(interface{ Registry() *corpus.Registry }); ok && r.Registry() != nil {
		reg = r.Registry()
	}
	sched, err := digest.ParseSchedule(b.cfg.Schedule, b.cfg.Location)
	if b.cfg.Schedule == "" {
		sched, err = digest.ParseSchedule(DefaultSchedule, b.cfg.Location)
	}
	if err != nil {
		return nil, fmt.Errorf("digest schedule: %w", err)
	}
	d := &digest.Digester{
		Source:    src,
		Registry:  reg,
		Schedule:  sched,
		Channel:   b.cfg.DigestChannel,
		PostEmpty: b.cfg.DigestEmpty,
		Log:       b.log,
		Outcome:   b.cfg.Hooks.Digest,
		Post: func(ctx context.Context, p digest.Post) (string, error) {
			return b.post.digest(ctx, p, b.cfg.Command)
		},
		History: b.post.findDigest,
	}
	if b.state != nil {
		d.Store = b.state
	}
	return &digestView{Digester: d, command: b.cfg.Command}, nil
}

// DefaultSchedule is the digest's schedule when none is configured:
// weekdays at nine.
const DefaultSchedule = "0 9 * * 1-5"

// digestCommand answers the digest's subcommands; see Digester.Respond.
func (b *Bot) digestCommand(ctx context.Context, req request) (Message, error) {
	d, err := b.digester()
	if err != nil {
		return Message{}, err
	}
	return d.Respond(ctx, req.sub, req.args, req.channel, req.user)
}

// runDigest posts the digest on its schedule until ctx ends: to the
// digest channel and the subscribed channels, once per slot, catching up
// a slot missed earlier the same day.
func (b *Bot) runDigest(ctx context.Context) {
	d, err := b.digester()
	if err != nil {
		b.log.Error("digest disabled", "err", err)
		return
	}
	if d.Store == nil {
		b.log.Warn("digest disabled", "reason", "no state folder")
		return
	}
	b.log.Info("digest scheduled", "schedule", d.Schedule.String(), "timezone", d.Schedule.Location().String(),
		"channel", d.Channel, "next", d.Next())
	d.Run(ctx)
}

// SlackPoster is a digest.Poster for `trustwatch digest --post`: chat.postMessage
// with the bot token, at apiURL ("" is Slack's own; a missing trailing
// "/" is added), waiting out rate limits as the bot does.
func SlackPoster(token, apiURL, command string, log *slog.Logger) digest.Poster {
	p := slackPoster(token, apiURL, log)
	return func(ctx context.Context, d digest.Post) (string, error) {
		return p.digest(ctx, d, command)
	}
}

// digest posts d as RenderDigest draws it, marked with its slot.
func (p *poster) digest(ctx context.Context, d digest.Post, command string) (string, error) {
	m := RenderDigest(d.Digest, command)
	m.Metadata = digestMetadata(d.Channel, d.Slot, d.Until)
	return p.message(ctx, d.Channel, "", m)
}

// SlackHistory is the History of `trustwatch digest --post`:
// conversations.history with metadata, as SlackPoster posts.
func SlackHistory(token, apiURL string, log *slog.Logger) digest.History {
	return slackPoster(token, apiURL, log).findDigest
}

func slackPoster(token, apiURL string, log *slog.Logger) *poster {
	if log == nil {
		log = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	hc := &http.Client{Timeout: 30 * time.Second}
	opts := []slack.Option{slack.OptionHTTPClient(hc), slack.OptionLog(slogLogger(log))}
	if apiURL != "" {
		if !strings.HasSuffix(apiURL, "/") {
			apiURL += "/"
		}
		opts = append(opts, slack.OptionAPIURL(apiURL))
	}
	return &poster{api: slack.New(token, opts...), http: hc, log: log, attempts: postAttempts}
}
