package bot

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Rate is how many requests one user, or one channel, may make of the
// bot in a window: 10 per minute is Rate{N: 10, Per: time.Minute}. The
// zero Rate takes the default.
type Rate struct {
	N   int
	Per time.Duration
}

// Default rates: a person asks a few questions a minute at most, and a
// busy channel where a dozen people ask at once stays well under the
// channel's limit; a loop of messages (a misbehaving integration, a
// copy-paste storm) does not.
var (
	DefaultUserRate    = Rate{N: 10, Per: time.Minute}
	DefaultChannelRate = Rate{N: 60, Per: time.Minute}
)

func (r Rate) String() string { return strconv.Itoa(r.N) + "/" + shortDuration(r.Per) }

// words is r for a sentence: "10 questions a minute".
func (r Rate) words() string {
	q := "questions"
	if r.N == 1 {
		q = "question"
	}
	switch r.Per {
	case time.Minute:
		return fmt.Sprintf("%d %s a minute", r.N, q)
	case time.Hour:
		return fmt.Sprintf("%d %s an hour", r.N, q)
	}
	return fmt.Sprintf("%d %s every %s", r.N, q, shortDuration(r.Per))
}

func shortDuration(d time.Duration) string {
	s := d.String() // "1m0s", "1h0m0s", "30s"
	if strings.HasSuffix(s, "m0s") {
		s = strings.TrimSuffix(s, "0s")
	}
	if strings.HasSuffix(s, "h0m") {
		s = strings.TrimSuffix(s, "0m")
	}
	return s
}

// ParseRate reads a rate written N/DURATION, such as "10/1m", "60/1m" or
// "100/1h" (a duration of Go's time.ParseDuration, or a bare unit: "10/m").
func ParseRate(s string) (Rate, error) {
	n, per, ok := strings.Cut(strings.TrimSpace(s), "/")
	if !ok {
		return Rate{}, fmt.Errorf("read rate %q: want N/DURATION, such as 10/1m", s)
	}
	count, err := strconv.Atoi(strings.TrimSpace(n))
	if err != nil || count <= 0 {
		return Rate{}, fmt.Errorf("read rate %q: %q is not a count of 1 or more", s, n)
	}
	per = strings.TrimSpace(per)
	if per != "" && strings.Trim(per, "hms") == "" && len(per) == 1 {
		per = "1" + per
	}
	d, err := time.ParseDuration(per)
	if err != nil || d < time.Second || d > 24*time.Hour {
		return Rate{}, fmt.Errorf("read rate %q: %q is not a duration from 1s to 24h, such as 1m", s, per)
	}
	return Rate{N: count, Per: d}, nil
}

// limiter counts requests per key (a user, a channel) in fixed windows,
// and says once per window when a key goes over.
type limiter struct {
	rate Rate
	now  func() time.Time

	mu      sync.Mutex
	windows map[string]*window
}

type window struct {
	start  time.Time
	count  int
	warned bool
}

// limiterMax bounds the keys a limiter remembers; beyond it, windows
// that have ended are forgotten.
const limiterMax = 10_000

func newLimiter(r Rate, now func() time.Time) *limiter {
	return &limiter{rate: r, now: now, windows: map[string]*window{}}
}

// verdict is what a limiter says of one request.
type verdict int

const (
	allowed verdict = iota
	// limitedFirst is the first request over the limit in its window:
	// the asker is told, once.
	limitedFirst
	// limitedAgain is any later one: ignored.
	limitedAgain
)

// take counts one request of key.
func (l *limiter) take(key string) verdict {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	w := l.windows[key]
	if w == nil || now.Sub(w.start) >= l.rate.Per {
		if w == nil && len(l.windows) >= limiterMax {
			l.forgetLocked(now)
		}
		w = &window{start: now}
		l.windows[key] = w
	}
	w.count++
	switch {
	case w.count <= l.rate.N:
		return allowed
	case !w.warned:
		w.warned = true
		return limitedFirst
	}
	return limitedAgain
}

// forgetLocked drops ended windows, or all of them if none has ended
// (a flood of distinct keys: forgetting only lets some through).
func (l *limiter) forgetLocked(now time.Time) {
	for k, w := range l.windows {
		if now.Sub(w.start) >= l.rate.Per {
			delete(l.windows, k)
		}
	}
	if len(l.windows) >= limiterMax {
		clear(l.windows)
	}
}

// rateLimited applies the per-user and per-channel limits to req, a
// mention, a direct message or a thread reply (the slash command answers
// privately and Share only reposts). When one is over, the asker is told
// privately once per window, and the request is not answered.
func (b *Bot) rateLimited(ctx context.Context, req request) bool {
	switch req.source {
	case fromMention, fromDM, fromThread:
	default:
		return false
	}
	uv := b.userLimit.take(req.user)
	cv := allowed
	if uv == allowed {
		cv = b.channelLimit.take(req.channel)
	}
	if uv == allowed && cv == allowed {
		return false
	}
	if uv != limitedFirst && cv != limitedFirst {
		b.log.Debug("rate limited", "envelope_id", req.envelopeID, "channel", req.channel)
		return true
	}
	b.log.Warn("rate limited", "envelope_id", req.envelopeID, "channel", req.channel,
		"per_user", uv != allowed, "per_channel", cv != allowed)
	text := fmt.Sprintf("You are asking faster than I can answer here: I take %s from each person. I will answer you again in a moment; until then I am not reading your messages.", b.cfg.UserRate.words())
	if uv == allowed {
		text = fmt.Sprintf("This channel is asking me a lot right now: I take %s from a channel. I will answer again in a moment; until then I am not reading its messages.", b.cfg.ChannelRate.words())
	}
	pctx, cancel := context.WithTimeout(ctx, deliverTimeout)
	defer cancel()
	if err := b.post.ephemeral(pctx, req.channel, req.user, notice(text)); err != nil && !errors.Is(err, context.Canceled) {
		b.log.Error("rate limit notice not delivered", "envelope_id", req.envelopeID, "channel", req.channel, "err", err)
	}
	return true
}

// notice is a short message of the bot's own words.
func notice(text string) Message {
	var b blockList
	b.section(Escape(text))
	return Message{Text: plainFallback(text), Blocks: b.list}
}
