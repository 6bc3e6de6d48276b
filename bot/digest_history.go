package bot

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/slack-go/slack"

	"github.com/trustwatch/trustwatch/bot/digest"
)

// Metadata is Slack message metadata (api.slack.com/metadata): an event
// type of the app's choosing and a payload of plain JSON values.
type Metadata struct {
	EventType string
	Payload   map[string]any
}

// DigestEventType is the metadata event type of every digest post. Its
// payload says which slot of which channel the post is, and up to when
// it covered quotations: {"slot": …, "channel": …, "until": RFC 3339}.
const DigestEventType = "trustwatch_digest"

// digestMetadata marks the post of slot in channel covering up to until.
func digestMetadata(channel, slot string, until time.Time) *Metadata {
	return &Metadata{EventType: DigestEventType, Payload: map[string]any{
		"slot": slot, "channel": channel, "until": until.UTC().Format(time.RFC3339Nano),
	}}
}

// historyPages bounds the pages of conversations.history read for one
// look-up: a digest is found among the channel's messages since its slot,
// and a channel with more than historyPages×historyLimit messages in a day
// is not one the bot will find it in (it then says it could not tell).
const (
	historyPages = 10
	historyLimit = 200
)

// errHistoryTooLong is a look-up that ran out of pages.
var errHistoryTooLong = fmt.Errorf("more than %d messages since the slot", historyPages*historyLimit)

// findDigest reads conversations.history with metadata, newest first,
// until it finds slot's post or runs out of messages since oldest.
func (p *poster) findDigest(ctx context.Context, channel, slot string, oldest time.Time) (digest.PostedDigest, bool, error) {
	params := &slack.GetConversationHistoryParameters{
		ChannelID:          channel,
		Oldest:             slackTS(oldest),
		Limit:              historyLimit,
		IncludeAllMetadata: true,
	}
	for range historyPages {
		var res *slack.GetConversationHistoryResponse
		err := p.retry(ctx, "conversations.history", func() error {
			var err error
			res, err = p.api.GetConversationHistoryContext(ctx, params)
			return err
		})
		if err != nil {
			return digest.PostedDigest{}, false, fmt.Errorf("read the history of %s: %w", channel, err)
		}
		for _, m := range res.Messages {
			if d, ok := digestPost(m, channel, slot); ok {
				return d, true, nil
			}
		}
		if !res.HasMore || res.ResponseMetaData.NextCursor == "" {
			return digest.PostedDigest{}, false, nil
		}
		params.Cursor = res.ResponseMetaData.NextCursor
	}
	return digest.PostedDigest{}, false, fmt.Errorf("read the history of %s: %w", channel, errHistoryTooLong)
}

// digestPost reports whether m is the digest post of slot in channel.
func digestPost(m slack.Message, channel, slot string) (digest.PostedDigest, bool) {
	md := m.Metadata
	if md.EventType != DigestEventType {
		return digest.PostedDigest{}, false
	}
	if s, _ := md.EventPayload["slot"].(string); s != slot {
		return digest.PostedDigest{}, false
	}
	if c, ok := md.EventPayload["channel"].(string); ok && c != channel {
		return digest.PostedDigest{}, false
	}
	d := digest.PostedDigest{TS: m.Timestamp}
	if u, ok := md.EventPayload["until"].(string); ok {
		d.Until, _ = time.Parse(time.RFC3339Nano, u)
	}
	return d, true
}

// slackTS is t as a Slack timestamp ("1700000000.000000").
func slackTS(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return strconv.FormatInt(t.Unix(), 10) + fmt.Sprintf(".%06d", t.Nanosecond()/1000)
}
