package bot

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/trustwatch/trustwatch/bot/slackfake"
	"github.com/trustwatch/trustwatch/corpus"
	"github.com/trustwatch/trustwatch/index"
)

// wait bounds every wait on the fake; the 3 s ack limit is checked on
// the latencies the fake records, not with this.
const wait = 15 * time.Second

// seedQuestion is the seed article's question; its answer quotes Adam
// Selipsky.
const seedQuestion = "does AWS compete with its customers?"

var (
	sampleOnce sync.Once
	sampleIx   *index.Index
	sampleErr  error
)

// sampleIndex is the built-in sample corpus indexed in memory, once per
// test binary; tests only read it.
func sampleIndex(t testing.TB) *index.Index {
	t.Helper()
	sampleOnce.Do(func() {
		sampleIx, sampleErr = index.Open("", index.Options{})
		if sampleErr == nil {
			_, sampleErr = sampleIx.Sync(context.Background(), corpus.Sample(), nil)
		}
	})
	if sampleErr != nil {
		t.Fatalf("index the sample corpus: %v", sampleErr)
	}
	return sampleIx
}

// fakeIndex is an Index whose answers a test decides, for error paths and
// timing; methods left nil answer nothing.
type fakeIndex struct {
	ask func(ctx context.Context, q index.Query) (index.Answer, error)
}

var _ Index = (*fakeIndex)(nil)

func (f *fakeIndex) Ask(ctx context.Context, q index.Query) (index.Answer, error) {
	if f.ask == nil {
		return index.Answer{Question: q.Question, Hint: "nothing about " + q.Question}, nil
	}
	return f.ask(ctx, q)
}

func (f *fakeIndex) Vendor(ctx context.Context, id string, limit int) (index.Answer, error) {
	return index.Answer{}, index.ErrUnknownVendor
}

func (f *fakeIndex) Compare(ctx context.Context, a, b string, limit int) ([]index.Answer, error) {
	return nil, index.ErrUnknownVendor
}

func (f *fakeIndex) Stats(ctx context.Context) (index.Stats, error) { return index.Stats{}, nil }

// blockingIndex answers only when released, and says when each Ask starts.
func blockingIndex() (ix *fakeIndex, started chan string, release chan struct{}) {
	started, release = make(chan string, 100), make(chan struct{})
	ix = &fakeIndex{ask: func(ctx context.Context, q index.Query) (index.Answer, error) {
		started <- q.Question
		select {
		case <-release:
			return index.Answer{Question: q.Question, Hint: "released: " + q.Question}, nil
		case <-ctx.Done():
			return index.Answer{}, ctx.Err()
		}
	}}
	return ix, started, release
}

// syncBuffer is a log destination safe for concurrent writes.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// harness is a Bot running against a fake Slack.
type harness struct {
	t      testing.TB
	fake   *slackfake.Server
	bot    *Bot
	logs   *syncBuffer
	cancel context.CancelFunc
	done   chan error
}

// start runs a bot on ix against a new fake Slack, and stops it when the
// test ends, checking that Run returned nil and logged no token.
func start(t testing.TB, ix Index, tune ...func(*Config)) *harness {
	t.Helper()
	return startBot(t, ix, nil, tune...)
}

// startBot is start with before run on the Bot before it runs.
func startBot(t testing.TB, ix Index, before func(*Bot), tune ...func(*Config)) *harness {
	t.Helper()
	fake := slackfake.New(t)
	logs := &syncBuffer{}
	cfg := Config{
		BotToken: fake.BotToken(),
		AppToken: fake.AppToken(),
		APIURL:   strings.TrimSuffix(fake.URL(), "/"), // New adds the "/"
		Index:    ix,
		Logger:   slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug})),
	}
	for _, f := range tune {
		f(&cfg)
	}
	b, err := New(cfg)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	if before != nil {
		before(b)
	}
	ctx, cancel := context.WithCancel(context.Background())
	h := &harness{t: t, fake: fake, bot: b, logs: logs, cancel: cancel, done: make(chan error, 1)}
	go func() { h.done <- b.Run(ctx) }()
	t.Cleanup(func() {
		if err := h.stop(); err != nil {
			t.Errorf("Run = %v; want nil", err)
		}
		for _, tok := range []string{fake.BotToken(), fake.AppToken()} {
			if strings.Contains(logs.String(), tok) {
				t.Errorf("the log shows a token:\n%s", logs.String())
			}
		}
		if t.Failed() {
			t.Logf("bot log:\n%s", logs.String())
		}
	})
	if err := fake.WaitConnections(1, wait); err != nil {
		t.Fatal(err)
	}
	return h
}

// stop cancels Run's context and waits for Run; it may be called twice.
func (h *harness) stop() error {
	h.cancel()
	select {
	case err, ok := <-h.done:
		if ok {
			close(h.done)
		}
		return err
	case <-time.After(wait):
		return errors.New("Run did not return after its context ended")
	}
}

// waitPost waits for the first accepted post that satisfies ok.
func (h *harness) waitPost(what string, ok func(slackfake.Call) bool) slackfake.Call {
	h.t.Helper()
	for n := 1; ; n++ {
		posts, err := h.fake.WaitPosts(n, wait)
		if err != nil {
			h.t.Fatalf("wait for %s: %v; posts: %s", what, err, describe(posts))
		}
		if c := posts[n-1]; ok(c) {
			return c
		}
	}
}

// shown is everything a post puts in front of users: its text and its
// blocks, as JSON without the \u003c escapes of Go's encoder.
func shown(c slackfake.Call) string {
	return c.Text + "\n" + blocksJSON(c)
}

func blocksJSON(c slackfake.Call) string {
	var v any
	if len(c.Blocks) == 0 || json.Unmarshal(c.Blocks, &v) != nil {
		return string(c.Blocks)
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(v)
	return b.String()
}

func describe(calls []slackfake.Call) string {
	var b strings.Builder
	for _, c := range calls {
		b.WriteString("\n  " + c.Method + " channel=" + c.Channel + " thread=" + c.ThreadTS + " type=" + c.ResponseType + " text=" + c.Text)
	}
	return b.String()
}

// buttonValue finds the value of the button with actionID in a post.
func buttonValue(t *testing.T, c slackfake.Call, actionID string) string {
	t.Helper()
	var blocks []struct {
		Type     string `json:"type"`
		Elements []struct {
			ActionID string `json:"action_id"`
			Value    string `json:"value"`
		} `json:"elements"`
	}
	if err := json.Unmarshal(c.Blocks, &blocks); err != nil {
		t.Fatalf("read blocks: %v", err)
	}
	for _, b := range blocks {
		for _, e := range b.Elements {
			if e.ActionID == actionID {
				return e.Value
			}
		}
	}
	t.Fatalf("no button %q in %s", actionID, c.Blocks)
	return ""
}

func TestSlashCommandAnswersPrivatelyAndShares(t *testing.T) {
	h := start(t, sampleIndex(t))
	id := h.fake.SendSlashCommand(slackfake.SlashCommand{Text: seedQuestion})
	ack, err := h.fake.WaitAck(id, wait)
	if err != nil {
		t.Fatal(err)
	}
	if ack.Latency > 3*time.Second || ack.Payload != nil {
		t.Errorf("ack = %+v; want a plain ack within 3s", ack)
	}
	private := h.waitPost("the private answer", func(c slackfake.Call) bool { return c.Method == slackfake.ResponseURLMethod })
	if private.ResponseType != "ephemeral" {
		t.Errorf("response_type = %q; want ephemeral", private.ResponseType)
	}
	if !strings.Contains(shown(private), "Adam Selipsky") {
		t.Errorf("private answer does not quote Adam Selipsky:%s", shown(private))
	}
	if strings.Contains(shown(private), "<@") {
		t.Errorf("private answer mentions someone:%s", shown(private))
	}
	value := buttonValue(t, private, ShareActionID)
	if len(value) > 2000 {
		t.Errorf("share value has %d bytes; Slack allows 2000", len(value))
	}

	share := h.fake.SendInteractive(slackfake.BlockActions{
		Ephemeral: true,
		Actions:   []slackfake.Action{{ActionID: ShareActionID, Value: value, Text: "Share in channel"}},
	})
	if _, err := h.fake.WaitAck(share, wait); err != nil {
		t.Fatal(err)
	}
	shared := h.waitPost("the shared answer", func(c slackfake.Call) bool { return c.Method == "chat.postMessage" })
	if shared.Channel != slackfake.DefaultChannelID || shared.ThreadTS != "" {
		t.Errorf("shared in channel %q thread %q; want %q, no thread", shared.Channel, shared.ThreadTS, slackfake.DefaultChannelID)
	}
	if !strings.Contains(shown(shared), "Adam Selipsky") {
		t.Errorf("shared answer does not quote Adam Selipsky:%s", shown(shared))
	}
	if got := strings.Count(blocksJSON(shared), "<@"); got != 1 || !strings.Contains(blocksJSON(shared), "<@"+slackfake.DefaultUserID+">") {
		t.Errorf("shared answer has %d mentions; want only <@%s>:%s", got, slackfake.DefaultUserID, shared.Blocks)
	}
	calls, err := h.fake.WaitCalls(slackfake.ResponseURLMethod, 2, wait)
	if err != nil {
		t.Fatal(err)
	}
	if !calls[1].DeleteOriginal {
		t.Errorf("after sharing, response_url got %+v; want delete_original", calls[1])
	}
}

func TestMentionAnsweredInThread(t *testing.T) {
	h := start(t, sampleIndex(t))
	ts := "1700000000.000100"
	h.fake.SendEvent(slackfake.Event{Text: "<@" + slackfake.BotUserID + "> " + seedQuestion, TS: ts})
	c := h.waitPost("the answer", func(slackfake.Call) bool { return true })
	if c.Method != "chat.postMessage" || c.Channel != slackfake.DefaultChannelID || c.ThreadTS != ts {
		t.Errorf("answer went to %s channel %q thread %q; want chat.postMessage in %q thread %q",
			c.Method, c.Channel, c.ThreadTS, slackfake.DefaultChannelID, ts)
	}
	if !strings.Contains(shown(c), "Adam Selipsky") {
		t.Errorf("answer does not quote Adam Selipsky:%s", shown(c))
	}
}

func TestBareMentionInThreadAnswersItsFirstMessage(t *testing.T) {
	h := start(t, sampleIndex(t))
	parent := "1700000000.000200"
	h.fake.SetReplies(slackfake.DefaultChannelID, parent, slackfake.Message{User: slackfake.DefaultUserID, Text: seedQuestion})
	h.fake.SendEvent(slackfake.Event{Text: "<@" + slackfake.BotUserID + ">", ThreadTS: parent})
	c := h.waitPost("the answer", func(slackfake.Call) bool { return true })
	if c.ThreadTS != parent || !strings.Contains(shown(c), "Adam Selipsky") {
		t.Errorf("got thread %q:%s; want the seed answer in thread %q", c.ThreadTS, shown(c), parent)
	}
}

func TestBareMentionOutsideThreadIsHelp(t *testing.T) {
	h := start(t, &fakeIndex{})
	h.fake.SendEvent(slackfake.Event{Text: "<@" + slackfake.BotUserID + ">", TS: "1700000000.000300"})
	c := h.waitPost("help", func(slackfake.Call) bool { return true })
	if c.ThreadTS != "1700000000.000300" || !strings.Contains(shown(c), "How to ask") {
		t.Errorf("got thread %q:%s; want help in the mention's thread", c.ThreadTS, shown(c))
	}
}

func TestDirectMessageAnsweredInDM(t *testing.T) {
	h := start(t, sampleIndex(t))
	h.fake.SendEvent(slackfake.Event{Type: "message", Text: seedQuestion})
	c := h.waitPost("the answer", func(slackfake.Call) bool { return true })
	if c.Method != "chat.postMessage" || c.Channel != slackfake.DefaultDMChannelID || c.ThreadTS != "" {
		t.Errorf("answer went to %s channel %q thread %q; want the DM %q, no thread", c.Method, c.Channel, c.ThreadTS, slackfake.DefaultDMChannelID)
	}
	if !strings.Contains(shown(c), "Adam Selipsky") {
		t.Errorf("answer does not quote Adam Selipsky:%s", shown(c))
	}
}

func TestIgnoredMessages(t *testing.T) {
	h := start(t, &fakeIndex{}, func(c *Config) { c.Workers = 1 })
	for _, ev := range []slackfake.Event{
		{Type: "message", Text: "from a bot", BotID: "B0OTHER"},
		{Type: "message", Text: "from myself", UserID: slackfake.BotUserID},
		{Type: "message", Text: "a bot message", SubType: "bot_message"},
		{Type: "message", Text: "an edit", SubType: "message_changed"},
		{Type: "message", Text: "a deletion", SubType: "message_deleted"},
		{Type: "message", Text: "joined", SubType: "channel_join"},
		{Type: "message", Text: "in a channel", ChannelType: "channel", ChannelID: slackfake.DefaultChannelID},
		{Type: "app_mention", Text: "<@" + slackfake.BotUserID + "> from a bot", BotID: "B0OTHER"},
		{Type: "reaction_added"},
	} {
		id := h.fake.SendEvent(ev)
		if _, err := h.fake.WaitAck(id, wait); err != nil {
			t.Fatalf("%+v: %v", ev, err)
		}
	}
	h.fake.SendEvent(slackfake.Event{Type: "message", Text: "last"})
	c := h.waitPost("the answer to the last message", func(slackfake.Call) bool { return true })
	if posts := h.fake.Posts(); len(posts) != 1 || !strings.Contains(shown(c), "last") {
		t.Errorf("posts:%s; want one, answering %q", describe(posts), "last")
	}
}

func TestRedeliveryAnsweredOnce(t *testing.T) {
	h := start(t, &fakeIndex{}, func(c *Config) { c.Workers = 1 })
	first := h.fake.SendEvent(slackfake.Event{Text: "<@" + slackfake.BotUserID + "> first"})
	again, err := h.fake.Redeliver(first, "timeout")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := h.fake.WaitAck(again, wait); err != nil {
		t.Fatalf("redelivery not acknowledged: %v", err)
	}
	// One worker answers in order: once "second" is answered, a second
	// answer to "first" would have been posted.
	h.fake.SendEvent(slackfake.Event{Text: "<@" + slackfake.BotUserID + "> second"})
	h.waitPost("the second answer", func(c slackfake.Call) bool { return strings.Contains(shown(c), "second") })
	n := 0
	for _, c := range h.fake.Posts() {
		if strings.Contains(shown(c), "first") {
			n++
		}
	}
	if n != 1 {
		t.Errorf("%q answered %d times; want once:%s", "first", n, describe(h.fake.Posts()))
	}
}

func TestRateLimitedPostIsRetried(t *testing.T) {
	h := start(t, &fakeIndex{})
	h.fake.RateLimit("chat.postMessage", 2, 0)
	h.fake.SendEvent(slackfake.Event{Text: "<@" + slackfake.BotUserID + "> hello"})
	h.waitPost("the answer", func(slackfake.Call) bool { return true })
	calls := h.fake.CallsTo("chat.postMessage")
	if len(calls) != 3 || calls[0].Status != 429 || calls[1].Status != 429 || !calls[2].OK {
		t.Errorf("chat.postMessage calls:%s; want two 429s then ok", describe(calls))
	}
}

func TestRateLimitedResponseURLFallsBackToEphemeral(t *testing.T) {
	h := start(t, &fakeIndex{})
	h.fake.RateLimit(slackfake.ResponseURLMethod, postAttempts, 0)
	h.fake.SendSlashCommand(slackfake.SlashCommand{Text: "hello"})
	c := h.waitPost("the answer", func(slackfake.Call) bool { return true })
	if c.Method != "chat.postEphemeral" || c.User != slackfake.DefaultUserID || c.Channel != slackfake.DefaultChannelID {
		t.Errorf("answer: %s to %q in %q; want chat.postEphemeral to %q in %q", c.Method, c.User, c.Channel, slackfake.DefaultUserID, slackfake.DefaultChannelID)
	}
}

func TestReconnectAfterRefreshRequested(t *testing.T) {
	h := start(t, &fakeIndex{})
	if err := h.fake.Disconnect("refresh_requested"); err != nil {
		t.Fatal(err)
	}
	if err := h.fake.WaitConnections(2, wait); err != nil {
		t.Fatal(err)
	}
	id := h.fake.SendSlashCommand(slackfake.SlashCommand{Text: "help"})
	if _, err := h.fake.WaitAck(id, wait); err != nil {
		t.Fatal(err)
	}
	c := h.waitPost("help", func(slackfake.Call) bool { return true })
	if !strings.Contains(shown(c), "How to ask") {
		t.Errorf("got:%s; want help", shown(c))
	}
}

func TestReconnectAfterDroppedConnection(t *testing.T) {
	h := start(t, &fakeIndex{})
	if err := h.fake.DropConnection(); err != nil {
		t.Fatal(err)
	}
	// Sent while the bot is between connections: delivered on the next.
	id := h.fake.SendSlashCommand(slackfake.SlashCommand{Text: "help"})
	if err := h.fake.WaitConnections(2, wait); err != nil {
		t.Fatal(err)
	}
	if _, err := h.fake.WaitAck(id, wait); err != nil {
		t.Fatal(err)
	}
	h.waitPost("help", func(slackfake.Call) bool { return true })
}

func TestInputNeverReachesSlackLive(t *testing.T) {
	h := start(t, sampleIndex(t))
	evil := "<!channel> <!here|here> <@U0OTHER|bob> <https://evil.example/x|click here> @here @channel &lt;!everyone&gt; "
	h.fake.SendSlashCommand(slackfake.SlashCommand{Text: evil + seedQuestion})
	private := h.waitPost("the private answer", func(c slackfake.Call) bool { return c.Method == slackfake.ResponseURLMethod })
	h.fake.SendEvent(slackfake.Event{Text: "<@" + slackfake.BotUserID + "> " + evil + seedQuestion})
	h.waitPost("the mention's answer", func(c slackfake.Call) bool { return c.Method == "chat.postMessage" })
	h.fake.SendInteractive(slackfake.BlockActions{Ephemeral: true,
		Actions: []slackfake.Action{{ActionID: ShareActionID, Value: buttonValue(t, private, ShareActionID)}}})
	h.waitPost("the shared answer", func(c slackfake.Call) bool {
		return c.Method == "chat.postMessage" && c.ThreadTS == "" && strings.Contains(blocksJSON(c), "<@")
	})

	for _, c := range h.fake.Posts() {
		s := shown(c)
		for _, bad := range []string{"<!", "<https://evil", "<http://evil", "evil.example/x|"} {
			if strings.Contains(s, bad) {
				t.Errorf("%s posted %q:%s", c.Method, bad, s)
			}
		}
		mentions := strings.Count(s, "<@")
		if want := strings.Count(s, "<@"+slackfake.DefaultUserID+">"); mentions != want || want > 1 {
			t.Errorf("%s posted mentions other than the sharer's:%s", c.Method, s)
		}
		checkVerbatim(t, c)
	}
}

// checkVerbatim checks that every mrkdwn text object that shows a bare
// @here, @channel or @everyone is verbatim, so Slack does not make it a
// live broadcast.
func checkVerbatim(t *testing.T, c slackfake.Call) {
	t.Helper()
	var walk func(v any)
	walk = func(v any) {
		switch v := v.(type) {
		case map[string]any:
			if v["type"] == "mrkdwn" {
				text, _ := v["text"].(string)
				if verbatim, _ := v["verbatim"].(bool); !verbatim &&
					(strings.Contains(text, "@here") || strings.Contains(text, "@channel") || strings.Contains(text, "@everyone")) {
					t.Errorf("%s: a non-verbatim mrkdwn text shows a broadcast: %q", c.Method, text)
				}
			}
			for _, x := range v {
				walk(x)
			}
		case []any:
			for _, x := range v {
				walk(x)
			}
		}
	}
	var blocks any
	if len(c.Blocks) > 0 && json.Unmarshal(c.Blocks, &blocks) == nil {
		walk(blocks)
	}
}

func TestHundredCommandsAtOnce(t *testing.T) {
	h := start(t, sampleIndex(t))
	const n = 100
	ids := make([]string, n)
	for i := range ids {
		ids[i] = h.fake.SendSlashCommand(slackfake.SlashCommand{Text: seedQuestion})
	}
	for _, id := range ids {
		ack, err := h.fake.WaitAck(id, wait)
		if err != nil {
			t.Fatal(err)
		}
		if ack.Latency > 3*time.Second {
			t.Errorf("envelope %s acknowledged after %v; Slack wants 3s", id, ack.Latency)
		}
	}
	calls, err := h.fake.WaitCalls(slackfake.ResponseURLMethod, n, 2*wait)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range calls {
		if !c.OK || !strings.Contains(shown(c), "Adam Selipsky") {
			t.Fatalf("answer %s: ok=%v:%s", c.Path, c.OK, shown(c))
		}
	}
}

func TestBusyWhenQueueFull(t *testing.T) {
	ix, started, release := blockingIndex()
	h := start(t, ix, func(c *Config) { c.Workers, c.Queue = 1, 1 })
	h.fake.SendSlashCommand(slackfake.SlashCommand{Text: "one"})
	<-started
	queued := h.fake.SendSlashCommand(slackfake.SlashCommand{Text: "two"})
	if _, err := h.fake.WaitAck(queued, wait); err != nil {
		t.Fatal(err)
	}
	h.fake.SendSlashCommand(slackfake.SlashCommand{Text: "three"})
	busy := h.waitPost("the busy notice", func(slackfake.Call) bool { return true })
	if !strings.Contains(busy.Text, "many questions") || busy.ResponseType != "ephemeral" {
		t.Errorf("first post:%s; want the busy notice, privately", describe([]slackfake.Call{busy}))
	}
	close(release)
	if _, err := h.fake.WaitPosts(3, wait); err != nil {
		t.Fatal(err)
	}
}

func TestFailureIsNeverSilent(t *testing.T) {
	for _, tc := range []struct {
		name string
		ask  func(ctx context.Context, q index.Query) (index.Answer, error)
		want string
	}{
		{"index error", func(context.Context, index.Query) (index.Answer, error) {
			return index.Answer{}, errors.New("disk on fire")
		}, "something went wrong"},
		{"timeout", func(ctx context.Context, _ index.Query) (index.Answer, error) {
			<-ctx.Done()
			return index.Answer{}, ctx.Err()
		}, "took too long"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := start(t, &fakeIndex{ask: tc.ask}, func(c *Config) { c.RequestTimeout = 50 * time.Millisecond })
			h.fake.SendSlashCommand(slackfake.SlashCommand{Text: "anything"})
			c := h.waitPost("the apology", func(slackfake.Call) bool { return true })
			if !strings.Contains(shown(c), "Sorry, I could not answer that") || !strings.Contains(shown(c), tc.want) ||
				c.ResponseType != "ephemeral" {
				t.Errorf("got %s (%s):%s; want a private apology saying %q", c.Method, c.ResponseType, shown(c), tc.want)
			}
			if strings.Contains(shown(c), "disk on fire") {
				t.Errorf("the apology shows the internal error:%s", shown(c))
			}
			h.fake.SendEvent(slackfake.Event{Text: "<@" + slackfake.BotUserID + "> anything", TS: "1700000000.000400"})
			c = h.waitPost("the apology in the thread", func(c slackfake.Call) bool { return c.Method == "chat.postMessage" })
			if c.ThreadTS != "1700000000.000400" || !strings.Contains(shown(c), tc.want) {
				t.Errorf("got thread %q:%s; want the apology in the mention's thread", c.ThreadTS, shown(c))
			}
		})
	}
}

func TestShutdownFinishesAnswersInFlight(t *testing.T) {
	ix, started, release := blockingIndex()
	h := start(t, ix)
	h.fake.SendSlashCommand(slackfake.SlashCommand{Text: "slow one"})
	<-started
	stopped := make(chan error, 1)
	go func() { stopped <- h.stop() }()
	close(release)
	if err := <-stopped; err != nil {
		t.Fatalf("Run = %v; want nil", err)
	}
	posts := h.fake.Posts()
	if len(posts) != 1 || !strings.Contains(shown(posts[0]), "slow one") {
		t.Errorf("posts after shutdown:%s; want the answer in flight", describe(posts))
	}
}

func TestShutdownGivesUpAfterGrace(t *testing.T) {
	ix, started, _ := blockingIndex()
	h := start(t, ix, func(c *Config) { c.ShutdownGrace = 50 * time.Millisecond })
	h.fake.SendSlashCommand(slackfake.SlashCommand{Text: "never answered"})
	<-started
	if err := h.stop(); err != nil {
		t.Fatalf("Run = %v; want nil", err)
	}
}

func TestUnknownEnvelopeAcknowledged(t *testing.T) {
	h := start(t, &fakeIndex{})
	id := h.fake.SendRaw([]byte(`{"envelope_id":"0b4c2a6e-unknown","type":"something_new","payload":{"x":1},"accepts_response_payload":false}`))
	if _, err := h.fake.WaitAck(id, wait); err != nil {
		t.Fatal(err)
	}
}

func TestSubcommands(t *testing.T) {
	h := start(t, sampleIndex(t))
	for _, tc := range []struct{ text, want string }{
		{"", "How to ask"},
		{"help", "How to ask"},
		{"vendr", "How to ask"},
		{"vendor", "How to ask"},
		{"compare aws", "How to ask"},
		{"vendor nosuchvendorxyz", "nosuchvendorxyz"},
		{"sources", "article"},
	} {
		url := h.fake.NewResponseURL()
		h.fake.SendSlashCommand(slackfake.SlashCommand{Text: tc.text, ResponseURL: url})
		c := h.waitPost(tc.text, func(c slackfake.Call) bool { return strings.HasSuffix(url, c.Path) })
		if !strings.Contains(shown(c), tc.want) {
			t.Errorf("/trust %s:%s; want %q", tc.text, shown(c), tc.want)
		}
	}
}
