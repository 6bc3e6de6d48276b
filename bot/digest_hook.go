package bot

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/slack-go/slack"

	"github.com/trustwatch/trustwatch/bot/digest"
)

// The bot's hooks into the digest, Config.Digest: dispatch calls
// digestCommand for "/trust digest|subscribe|unsubscribe|subscriptions"
// (and the same words after a mention or in a DM), on a worker after the
// ack; the Home tab reads it; Run starts runDigest on a goroutine it waits
// for.

// errNoDigest is a bot run without Config.Digest.
var errNoDigest = errors.New("this bot runs no digest")

// digester is the bot's view of Config.Digest.
func (b *Bot) digester() (*digestView, error) {
	if b.cfg.Digest == nil {
		return nil, errNoDigest
	}
	return &digestView{Digester: b.cfg.Digest, command: b.cfg.Command}, nil
}

// digestCommand answers the digest's subcommands; see digestView.Respond.
func (b *Bot) digestCommand(ctx context.Context, req request) (Message, error) {
	d, err := b.digester()
	if errors.Is(err, errNoDigest) {
		return note("This bot runs no digest; ask whoever runs it to set one up."), nil
	}
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
		b.log.Info("digest disabled", "reason", err.Error())
		return
	}
	if d.Store == nil || d.Post == nil {
		b.log.Warn("digest disabled", "reason", "no state store or no poster")
		return
	}
	b.log.Info("digest scheduled", "schedule", d.Schedule.String(), "timezone", d.Schedule.Location().String(),
		"channel", d.Channel, "next", d.Next())
	d.Run(ctx)
}

// SlackPoster is the digest.Poster of serve and `trustwatch digest
// --post`: chat.postMessage with the bot token, at apiURL ("" is Slack's
// own; a missing trailing "/" is added), waiting out rate limits as the
// bot does; command is the slash command named in the digest's hints.
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

// SlackHistory is the digest.History of serve and `trustwatch digest
// --post`: conversations.history with metadata, as SlackPoster posts.
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
