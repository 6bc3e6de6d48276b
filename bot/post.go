package bot

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strconv"
	"time"

	"github.com/slack-go/slack"

	"github.com/trustwatch/trustwatch/corpus/backoff"
)

// postAttempts bounds the tries of one Slack call that keeps being rate
// limited; maxRetryAfter bounds one wait, whatever Slack says.
const (
	postAttempts  = 5
	maxRetryAfter = time.Minute
	// defaultRetryAfter is the wait on a 429 without a Retry-After header.
	defaultRetryAfter = time.Second
)

// poster makes the bot's Slack calls that put something in front of users,
// retrying each after Retry-After while Slack answers 429, so no answer is
// dropped for a rate limit. The digest posts through it too.
type poster struct {
	api      *slack.Client
	http     *http.Client
	log      *slog.Logger
	attempts int
	// sleep is time's, or a test's.
	sleep func(context.Context, time.Duration) error
}

// postBackoff is the least wait before a call rate limited again: none
// after the first limit (Slack's Retry-After says how long), then 1 s,
// 2 s… up to maxRetryAfter.
var postBackoff = backoff.Policy{Base: time.Second, Max: maxRetryAfter}

// retry calls f until it succeeds, fails with anything but a rate limit,
// runs out of attempts, or ctx ends.
func (p *poster) retry(ctx context.Context, op string, f func() error) error {
	attempts := max(p.attempts, 1)
	wait := p.sleep
	if wait == nil {
		wait = sleep
	}
	var err error
	for i := 1; ; i++ {
		err = f()
		d, limited := rateLimitWait(err)
		if !limited {
			return err
		}
		if i >= attempts {
			return fmt.Errorf("%s: still rate limited after %d attempts: %w", op, attempts, err)
		}
		// Slack's Retry-After first; then at least a growing wait, so
		// that a limit that holds is not hammered.
		d = max(d, postBackoff.Wait(i-1))
		p.log.Warn("rate limited", "method", op, "retry_after_ms", d.Milliseconds(), "attempt", i)
		if werr := wait(ctx, d); werr != nil {
			return fmt.Errorf("%s: waiting out a rate limit: %w", op, errors.Join(err, werr))
		}
	}
}

// rateLimitWait reports whether err is a rate limit, and how long to wait.
func rateLimitWait(err error) (time.Duration, bool) {
	if err == nil {
		return 0, false
	}
	var rl *slack.RateLimitedError
	if errors.As(err, &rl) {
		return min(max(rl.RetryAfter, 0), maxRetryAfter), true
	}
	var sc slack.StatusCodeError
	if errors.As(err, &sc) && sc.Code == http.StatusTooManyRequests {
		return defaultRetryAfter, true
	}
	var se slack.SlackErrorResponse
	if errors.As(err, &se) && se.Err == "ratelimited" {
		return defaultRetryAfter, true
	}
	return 0, false
}

// msgOptions turns a Message into chat.postMessage's options. The
// renderer has escaped the text already; links to sources are not
// unfurled, which would bury the answer.
func msgOptions(m Message) []slack.MsgOption {
	opts := []slack.MsgOption{
		slack.MsgOptionText(m.Text, false),
		slack.MsgOptionDisableLinkUnfurl(),
		slack.MsgOptionDisableMediaUnfurl(),
	}
	if len(m.Blocks) > 0 {
		opts = append(opts, slack.MsgOptionBlocks(m.Blocks...))
	}
	if m.Metadata != nil {
		opts = append(opts, slack.MsgOptionMetadata(slack.SlackMetadata{
			EventType: m.Metadata.EventType, EventPayload: m.Metadata.Payload,
		}))
	}
	return opts
}

// message posts m in channel, in the thread threadTS when it is set, and
// returns the new message's ts.
func (p *poster) message(ctx context.Context, channel, threadTS string, m Message) (string, error) {
	opts := msgOptions(m)
	if threadTS != "" {
		opts = append(opts, slack.MsgOptionTS(threadTS))
	}
	var ts string
	err := p.retry(ctx, "chat.postMessage", func() error {
		var err error
		_, ts, err = p.api.PostMessageContext(ctx, channel, opts...)
		return err
	})
	if err != nil {
		return "", fmt.Errorf("post message in %s: %w", channel, err)
	}
	return ts, nil
}

// ephemeral shows m to user only, in channel.
func (p *poster) ephemeral(ctx context.Context, channel, user string, m Message) error {
	opts := msgOptions(m)
	err := p.retry(ctx, "chat.postEphemeral", func() error {
		_, err := p.api.PostEphemeralContext(ctx, channel, user, opts...)
		return err
	})
	if err != nil {
		return fmt.Errorf("post ephemeral message in %s: %w", channel, err)
	}
	return nil
}

// response is what goes to a response_url.
type response struct {
	Message
	// Ephemeral shows it to the asker only; else to the channel.
	Ephemeral       bool
	ReplaceOriginal bool
	DeleteOriginal  bool
}

// respond posts r to a response_url, retrying 429s. A response_url
// accepts 5 posts within 30 minutes of the request.
func (p *poster) respond(ctx context.Context, url string, r response) error {
	msg := slack.WebhookMessage{
		Text:            r.Text,
		ReplaceOriginal: r.ReplaceOriginal,
		DeleteOriginal:  r.DeleteOriginal,
		ResponseType:    slack.ResponseTypeInChannel,
	}
	if r.Ephemeral {
		msg.ResponseType = slack.ResponseTypeEphemeral
	}
	if len(r.Blocks) > 0 {
		msg.Blocks = &slack.Blocks{BlockSet: r.Blocks}
	}
	body, err := json.Marshal(msg)
	if err != nil {
		return fmt.Errorf("encode response: %w", err)
	}
	err = p.retry(ctx, "response_url", func() error { return p.postJSON(ctx, url, body) })
	if err != nil {
		return fmt.Errorf("post to response_url: %w", err)
	}
	return nil
}

// postJSON posts body to a response_url and reads Slack's verdict: a
// status, and an {"ok":false,"error":…} body. The URL is not in the
// error: it is a bearer credential for 30 minutes.
func (p *poster) postJSON(ctx context.Context, url string, body []byte) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(body))
	if err != nil {
		return errors.New("bad response_url")
	}
	req.Header.Set("Content-Type", "application/json; charset=utf-8")
	res, err := p.http.Do(req)
	if err != nil {
		var ue interface{ Unwrap() error }
		if errors.As(err, &ue) {
			err = ue.Unwrap() // drop the URL the *url.Error carries
		}
		return err
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(io.LimitReader(res.Body, 64<<10))
	if res.StatusCode == http.StatusTooManyRequests {
		s, _ := strconv.Atoi(res.Header.Get("Retry-After"))
		if res.Header.Get("Retry-After") == "" {
			return slack.StatusCodeError{Code: res.StatusCode, Status: res.Status}
		}
		return &slack.RateLimitedError{RetryAfter: time.Duration(s) * time.Second}
	}
	var verdict struct {
		OK    *bool  `json:"ok"`
		Error string `json:"error"`
	}
	if json.Unmarshal(b, &verdict) == nil && verdict.OK != nil && !*verdict.OK {
		return slack.SlackErrorResponse{Err: verdict.Error}
	}
	if res.StatusCode != http.StatusOK {
		return slack.StatusCodeError{Code: res.StatusCode, Status: res.Status}
	}
	return nil
}

// threadStart returns the text of the message that started the thread
// threadTS in channel.
func (p *poster) threadStart(ctx context.Context, channel, threadTS string) (string, error) {
	var msgs []slack.Message
	err := p.retry(ctx, "conversations.replies", func() error {
		var err error
		msgs, _, _, err = p.api.GetConversationRepliesContext(ctx, &slack.GetConversationRepliesParameters{
			ChannelID: channel, Timestamp: threadTS, Limit: 1,
		})
		return err
	})
	if err != nil {
		return "", fmt.Errorf("read thread %s in %s: %w", threadTS, channel, err)
	}
	for _, m := range msgs {
		if m.Timestamp == threadTS {
			return m.Text, nil
		}
	}
	if len(msgs) > 0 {
		return msgs[0].Text, nil
	}
	return "", fmt.Errorf("read thread %s in %s: no messages", threadTS, channel)
}
