package main

import (
	"bytes"
	"context"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/trustwatch/trustwatch/bot/digest"
	"github.com/trustwatch/trustwatch/bot/slackfake"
	"github.com/trustwatch/trustwatch/corpus/feed"
	"github.com/trustwatch/trustwatch/index"
)

// serveWait bounds every wait on the fake Slack.
const serveWait = 20 * time.Second

// lockedBuffer is a stream safe for the concurrent writes of a logger.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// burstRate is a rate limit that no test's burst reaches.
const burstRate = "100000/1m"

// slackEnv is the environment of `trustwatch serve` against fake, with
// the built-in sample corpus and an index in a temporary folder; extra
// overrides it (an empty value unsets a variable).
func slackEnv(t testing.TB, fake *slackfake.Server, extra map[string]string) func(string) string {
	env := map[string]string{
		"SLACK_BOT_TOKEN":  fake.BotToken(),
		"SLACK_APP_TOKEN":  fake.AppToken(),
		"SLACK_API_URL":    fake.URL(),
		"TRUSTWATCH_INDEX": t.TempDir(),
		// Bursts of mentions from the fake's one user are what these tests
		// send; the rate limits have tests of their own (bot).
		"TRUSTWATCH_RATE_USER":    burstRate,
		"TRUSTWATCH_RATE_CHANNEL": burstRate,
	}
	for k, v := range extra {
		env[k] = v
	}
	return func(k string) string { return env[k] }
}

// events records what serve reports through its hooks, for a test to
// wait on: the signal itself, never the log line that says it.
type events struct {
	mu      sync.Mutex
	ready   bool
	synced  []index.SyncReport
	digests []digest.Outcome
	polls   []feed.Report
	store   []bool        // the state store's changes: false down, true back
	changed chan struct{} // closed and replaced at each event
}

func (e *events) hooks() hooks {
	return hooks{
		ready:       func() { e.record(func() { e.ready = true }) },
		indexSynced: func(r index.SyncReport) { e.record(func() { e.synced = append(e.synced, r) }) },
		digest:      func(o digest.Outcome) { e.record(func() { e.digests = append(e.digests, o) }) },
		feedsPolled: func(r feed.Report) { e.record(func() { e.polls = append(e.polls, r) }) },
		store:       func(up bool) { e.record(func() { e.store = append(e.store, up) }) },
	}
}

// record applies an event and wakes the waiters; it never blocks serve.
func (e *events) record(apply func()) {
	e.mu.Lock()
	defer e.mu.Unlock()
	apply()
	if e.changed != nil {
		close(e.changed)
		e.changed = nil
	}
}

// within waits until cond (called with e locked) holds, for at most d;
// it reports whether it did.
func (e *events) within(d time.Duration, cond func() bool) bool {
	timer := time.NewTimer(d)
	defer timer.Stop()
	for {
		e.mu.Lock()
		if cond() {
			e.mu.Unlock()
			return true
		}
		if e.changed == nil {
			e.changed = make(chan struct{})
		}
		ch := e.changed
		e.mu.Unlock()
		select {
		case <-ch:
		case <-timer.C:
			return false
		}
	}
}

// syncs is how many Syncs the watcher has reported.
func (e *events) syncs() int {
	e.mu.Lock()
	defer e.mu.Unlock()
	return len(e.synced)
}

// syncedAfter waits, for at most d, for a Sync after the first n whose
// report satisfies ok.
func (e *events) syncedAfter(n int, d time.Duration, ok func(index.SyncReport) bool) bool {
	return e.within(d, func() bool { return slices.ContainsFunc(e.synced[n:], ok) })
}

// digestTo waits for the digest's first outcome for channel.
func (e *events) digestTo(t *testing.T, channel string) digest.Outcome {
	t.Helper()
	var got digest.Outcome
	if !e.within(serveWait, func() bool {
		i := slices.IndexFunc(e.digests, func(o digest.Outcome) bool { return o.Channel == channel })
		if i >= 0 {
			got = e.digests[i]
		}
		return i >= 0
	}) {
		t.Fatalf("no digest outcome for %s within %v", channel, serveWait)
	}
	return got
}

// firstPoll waits for serve's first poll of the feeds.
func (e *events) firstPoll(t *testing.T) feed.Report {
	t.Helper()
	if !e.within(serveWait, func() bool { return len(e.polls) > 0 }) {
		t.Fatalf("serve did not poll the feeds within %v", serveWait)
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.polls[0]
}

// serving is `trustwatch serve` running in the background.
type serving struct {
	cancel         context.CancelFunc
	done           chan error
	stdout, stderr *lockedBuffer
	events         *events
}

// waitReady waits for serve to say it is ready: index synced, corpus
// watched, connected to Slack.
func (s *serving) waitReady(t testing.TB) {
	t.Helper()
	if !s.events.within(serveWait, func() bool { return s.events.ready }) {
		t.Fatalf("serve not ready within %v", serveWait)
	}
}

func startServe(t testing.TB, getenv func(string) string) *serving {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	s := &serving{cancel: cancel, done: make(chan error, 1), stdout: &lockedBuffer{}, stderr: &lockedBuffer{}, events: &events{}}
	go func() { s.done <- run(ctx, []string{"serve"}, getenv, s.stdout, s.stderr, s.events.hooks()) }()
	t.Cleanup(func() {
		cancel()
		select {
		case <-s.done:
		case <-time.After(serveWait):
			t.Error("serve did not stop")
		}
		if t.Failed() {
			t.Logf("stderr:\n%s", s.stderr.String())
		}
	})
	return s
}

// stop is SIGTERM: run's context ends; serve must exit 0.
func (s *serving) stop(t *testing.T) {
	t.Helper()
	s.cancel()
	select {
	case err := <-s.done:
		s.done <- err // for Cleanup
		if err != nil {
			t.Errorf("serve after SIGTERM = %v (exit %d); want nil (exit 0)", err, exitCode(err))
		}
	case <-time.After(serveWait):
		t.Fatal("serve did not stop after SIGTERM")
	}
}

func TestServeAnswersThroughSlack(t *testing.T) {
	fake := slackfake.New(t)
	s := startServe(t, slackEnv(t, fake, nil))
	s.waitReady(t)
	if n := fake.Connections(); n != 1 {
		t.Errorf("serve ready with %d Socket Mode connections; want 1", n)
	}

	id := fake.SendSlashCommand(slackfake.SlashCommand{Text: "does AWS compete with its customers?"})
	ack, err := fake.WaitAck(id, serveWait)
	if err != nil {
		t.Fatal(err)
	}
	if ack.Latency > 3*time.Second {
		t.Errorf("slash command acknowledged after %v; Slack wants 3s", ack.Latency)
	}
	calls, err := fake.WaitCalls(slackfake.ResponseURLMethod, 1, serveWait)
	if err != nil {
		t.Fatal(err)
	}
	if c := calls[0]; c.ResponseType != "ephemeral" || !strings.Contains(c.Text+string(c.Blocks), "Adam Selipsky") {
		t.Errorf("answer (%s): %s %s; want a private answer quoting Adam Selipsky", c.ResponseType, c.Text, c.Blocks)
	}

	ts := "1700000000.000500"
	fake.SendEvent(slackfake.Event{Text: "<@" + slackfake.BotUserID + "> what has Microsoft said about trust?", TS: ts})
	posts, err := fake.WaitCalls("chat.postMessage", 1, serveWait)
	if err != nil {
		t.Fatal(err)
	}
	if posts[0].ThreadTS != ts || !posts[0].OK {
		t.Errorf("mention answered in thread %q (ok %v); want %q", posts[0].ThreadTS, posts[0].OK, ts)
	}

	s.stop(t)
	logs := s.stderr.String()
	for _, want := range []string{"msg=\"index ready\"", "articles=", "quotes=", "vendors=", "msg=connected", "msg=ready", "msg=stopped"} {
		if !strings.Contains(logs, want) {
			t.Errorf("log lacks %s:\n%s", want, logs)
		}
	}
	for _, tok := range []string{fake.BotToken(), fake.AppToken()} {
		if strings.Contains(logs, tok) {
			t.Errorf("log shows a token:\n%s", logs)
		}
	}
	if strings.Contains(logs, "does AWS compete") {
		t.Errorf("log shows question text at info level:\n%s", logs)
	}
}

func TestServeConfigurationErrors(t *testing.T) {
	fake := slackfake.New(t)
	for _, tc := range []struct {
		name  string
		extra map[string]string
		want  string
	}{
		{"no bot token", map[string]string{"SLACK_BOT_TOKEN": ""}, "SLACK_BOT_TOKEN is not set"},
		{"no app token", map[string]string{"SLACK_APP_TOKEN": ""}, "SLACK_APP_TOKEN is not set"},
		{"not a bot token", map[string]string{"SLACK_BOT_TOKEN": "xapp-oops"}, "SLACK_BOT_TOKEN does not look like a bot token"},
		{"bot token rejected", map[string]string{"SLACK_BOT_TOKEN": "xoxb-revoked"}, "SLACK_BOT_TOKEN was rejected by Slack (invalid_auth): "},
		{"app token rejected", map[string]string{"SLACK_APP_TOKEN": "xapp-revoked"}, "SLACK_APP_TOKEN was rejected by Slack (invalid_auth): "},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var stdout, stderr lockedBuffer
			ctx, cancel := context.WithTimeout(context.Background(), serveWait)
			defer cancel()
			err := run(ctx, []string{"serve"}, slackEnv(t, fake, tc.extra), &stdout, &stderr)
			if code := exitCode(err); code != 2 || err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("serve = %v (exit %d); want exit 2 saying %q", err, code, tc.want)
			}
			for _, tok := range []string{"xoxb-revoked", "xapp-revoked", fake.BotToken(), fake.AppToken()} {
				if strings.Contains(err.Error(), tok) || strings.Contains(stderr.String(), tok) {
					t.Errorf("a token shows in the error or log: %v\n%s", err, stderr.String())
				}
			}
		})
	}
}
