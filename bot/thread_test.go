package bot

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
	"time"

	"github.com/trustwatch/trustwatch/bot/slackfake"
	"github.com/trustwatch/trustwatch/corpus"
	"github.com/trustwatch/trustwatch/index"
)

// threadQuestion is asked of the thread corpus: Nimbus Cloud has twelve
// English quotations on it, dated a quarter apart, and two French ones;
// Stratus Data has two.
const threadQuestion = "does Nimbus Cloud compete with its customers?"

var (
	threadOnce sync.Once
	threadIx   *index.Index
	threadErr  error
)

// threadIndex indexes the thread corpus in memory, once per test binary.
func threadIndex(t testing.TB) *index.Index {
	t.Helper()
	threadOnce.Do(func() {
		reg, err := corpus.LoadRegistry([]byte(`
vendors:
  - id: nimbus
    name: Nimbus Cloud
    aliases: [Nimbus, Nimbus Cloud]
    people: [Ada Varga]
  - id: stratus
    name: Stratus Data
    aliases: [Stratus, Stratus Data]
    people: [Boris Quell]
`))
		if err != nil {
			threadErr = err
			return
		}
		fsys := fstest.MapFS{}
		article := func(name, vendor, date, lang, body string) {
			fsys[name] = &fstest.MapFile{Data: fmt.Appendf(nil,
				"---\ntitle: \"%s news %s\"\npublication: The Invented Ledger\nurl: https://ledger.example/%s\ndate: %s\nlang: %s\n---\n\n%s\n",
				vendor, name, strings.TrimSuffix(name, ".md"), date, lang, body)}
		}
		for i := range 12 {
			date := time.Date(2021, time.Month(1+3*i), 10, 0, 0, 0, 0, time.UTC).Format(time.DateOnly)
			// The newer promises match the question better, so the first
			// answer shows them and "older ones?" has some to go back to.
			words := "whatever their market"
			if i >= 7 {
				words = "never compete with customers, our customers' customers"
			}
			article(fmt.Sprintf("nimbus%02d.md", i), "Nimbus Cloud", date, "en", fmt.Sprintf(
				"Nimbus Cloud reported its results.\n\n\"We will never compete with our customers, %s, promise number %d,\" said Ada Varga, chief executive of Nimbus Cloud.\n", words, i+1))
		}
		for i := range 2 {
			article(fmt.Sprintf("nimbusfr%d.md", i), "Nimbus Cloud", fmt.Sprintf("2023-0%d-15", i+2), "fr", fmt.Sprintf(
				"Nimbus Cloud a publié ses résultats.\n\n« Nous ne ferons jamais concurrence à nos clients, quel que soit leur marché, engagement français %d », a déclaré Ada Varga, directrice générale de Nimbus Cloud.\n", i+1))
		}
		for i := range 2 {
			article(fmt.Sprintf("stratus%d.md", i), "Stratus Data", fmt.Sprintf("2022-0%d-20", i+3), "en", fmt.Sprintf(
				"Stratus Data reported its results.\n\n\"We do not compete with our customers, pledge %d of Stratus,\" said Boris Quell, chief executive of Stratus Data.\n", i+1))
		}
		threadIx, threadErr = index.Open("", index.Options{Registry: corpus.Builtin().Merge(reg)})
		if threadErr == nil {
			var rep index.SyncReport
			rep, threadErr = threadIx.Sync(context.Background(), fsys, nil)
			if threadErr == nil && rep.Quotes < 16 {
				threadErr = fmt.Errorf("thread corpus: %d quotations; want 16", rep.Quotes)
			}
		}
	})
	if threadErr != nil {
		t.Fatalf("index the thread corpus: %v", threadErr)
	}
	return threadIx
}

// promises are the numbers of Nimbus Cloud's promises a post quotes.
func promises(c slackfake.Call) []string {
	var out []string
	for _, m := range regexp.MustCompile(`promise number (\d+)`).FindAllStringSubmatch(shown(c), -1) {
		if !slices.Contains(out, m[1]) {
			out = append(out, m[1])
		}
	}
	return out
}

// mention asks threadQuestion with a mention at ts and waits for its answer.
func (h *harness) mention(ts, text string) slackfake.Call {
	h.t.Helper()
	h.fake.SendEvent(slackfake.Event{Text: "<@" + slackfake.BotUserID + "> " + text, TS: ts})
	return h.waitPost("the mention's answer", func(c slackfake.Call) bool { return c.ThreadTS == ts })
}

// nthPost waits for the nth accepted post and returns it.
func (h *harness) nthPost(n int) slackfake.Call {
	h.t.Helper()
	posts, err := h.fake.WaitPosts(n, wait)
	if err != nil {
		h.t.Fatalf("wait for post %d: %v; posts: %s", n, err, describe(posts))
	}
	return posts[n-1]
}

// reply sends a reply without a mention in the thread ts of the default channel.
func (h *harness) reply(ts, text string) string {
	return h.fake.SendEvent(slackfake.Event{Type: "message", ChannelType: "channel", ChannelID: slackfake.DefaultChannelID,
		ThreadTS: ts, Text: text})
}

func TestThreadFollowUps(t *testing.T) {
	for _, tc := range []struct {
		name  string
		reply string
		check func(t *testing.T, first, next slackfake.Call)
	}{
		{"another vendor", "and Stratus Data?", func(t *testing.T, _, next slackfake.Call) {
			if s := shown(next); !strings.Contains(s, "Boris Quell") || strings.Contains(s, "Ada Varga") {
				t.Errorf("follow-up about Stratus Data:%s; want Boris Quell's quotations only", s)
			}
		}},
		{"another vendor, in French", "et Stratus ?", func(t *testing.T, _, next slackfake.Call) {
			if s := shown(next); !strings.Contains(s, "Boris Quell") || strings.Contains(s, "Ada Varga") {
				t.Errorf("follow-up about Stratus:%s; want Boris Quell's quotations only", s)
			}
		}},
		{"more", "more", func(t *testing.T, first, next slackfake.Call) {
			a, b := promises(first), promises(next)
			if len(a) == 0 || len(b) == 0 {
				t.Fatalf("first shows %v, next %v; want quotations in both:%s", a, b, shown(next))
			}
			for _, p := range b {
				if slices.Contains(a, p) {
					t.Errorf("\"more\" shows promise %s again (first %v, next %v)", p, a, b)
				}
			}
			if !strings.Contains(shown(next), "Quotations 6 to") {
				t.Errorf("\"more\" does not say which quotations it shows:%s", shown(next))
			}
		}},
		{"la suite", "la suite", func(t *testing.T, first, next slackfake.Call) {
			if a, b := promises(first), promises(next); len(b) == 0 || slices.Contains(a, b[0]) {
				t.Errorf("first %v, next %v; want the next quotations", a, b)
			}
		}},
		{"older ones", "older ones?", func(t *testing.T, first, next slackfake.Call) {
			oldest := slices.Min(dates(first))
			got := dates(next)
			if len(got) == 0 {
				t.Fatalf("older ones:%s; want quotations", shown(next))
			}
			for _, d := range got {
				if d >= oldest {
					t.Errorf("older ones shows a quotation of %s; the first answer's oldest is %s", d, oldest)
				}
			}
		}},
		{"in French", "et en français ?", func(t *testing.T, _, next slackfake.Call) {
			s := shown(next)
			if !strings.Contains(s, "engagement français") || strings.Contains(s, "promise number") {
				t.Errorf("in French:%s; want the French quotations only", s)
			}
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := start(t, threadIndex(t))
			ts := "1700000100.000100"
			first := h.mention(ts, threadQuestion)
			if len(promises(first)) == 0 {
				t.Fatalf("first answer quotes no promise:%s", shown(first))
			}
			if !strings.Contains(shown(first), "Reply in this thread to go on") {
				t.Errorf("the mention's answer does not say how to go on in its thread:%s", shown(first))
			}
			h.reply(ts, tc.reply)
			next := h.nthPost(2)
			if next.ThreadTS != ts {
				t.Errorf("follow-up answered in thread %q; want %q", next.ThreadTS, ts)
			}
			if next.Method != "chat.postMessage" {
				t.Errorf("follow-up answered by %s; want chat.postMessage in the thread", next.Method)
			}
			tc.check(t, first, next)
		})
	}
}

// dates are the article dates a post shows (YYYY-MM-DD).
func dates(c slackfake.Call) []string {
	return regexp.MustCompile(`20\d\d-\d\d-\d\d`).FindAllString(shown(c), -1)
}

func TestThreadFollowUpsChain(t *testing.T) {
	h := start(t, threadIndex(t))
	ts := "1700000100.000200"
	// 14 quotations (12 English promises, 2 French): 5, 5, then 4.
	seen := promises(h.mention(ts, threadQuestion))
	for i := range 2 {
		h.reply(ts, "plus")
		got := promises(h.nthPost(i + 2))
		if len(got) == 0 {
			t.Errorf("plus #%d shows no promise", i+1)
		}
		for _, p := range got {
			if slices.Contains(seen, p) {
				t.Errorf("plus #%d shows promise %s again", i+1, p)
			}
		}
		seen = append(seen, got...)
	}
	if len(seen) != 12 {
		t.Errorf("three pages show promises %v; want all 12 once", seen)
	}
	h.reply(ts, "more")
	last := h.nthPost(4)
	if !strings.Contains(shown(last), "no more quotations") {
		t.Errorf("more after the last:%s; want a sentence saying there are no more", shown(last))
	}
}

func TestThreadContextRecoveredFromMetadata(t *testing.T) {
	// After a restart the store is empty: the bot's answer in the thread
	// carries the question in its metadata.
	h := start(t, threadIndex(t))
	ts := "1700000100.000300"
	md, _ := json.Marshal(map[string]any{"event_type": ThreadEventType,
		"event_payload": map[string]any{"q": threadQuestion, "n": 5}})
	h.fake.SetReplies(slackfake.DefaultChannelID, ts,
		slackfake.Message{User: slackfake.BotUserID, BotID: slackfake.BotID, Text: "an earlier answer", Metadata: md})
	h.reply(ts, "and Stratus?")
	c := h.waitPost("the follow-up's answer", func(slackfake.Call) bool { return true })
	if c.ThreadTS != ts || !strings.Contains(shown(c), "Boris Quell") {
		t.Errorf("got thread %q:%s; want Stratus Data's quotations in thread %q", c.ThreadTS, shown(c), ts)
	}
	if calls := h.fake.CallsTo("conversations.replies"); len(calls) != 1 || !slices.Contains([]string{"1", "true"}, calls[0].Params.Get("include_all_metadata")) {
		t.Errorf("conversations.replies calls: %d (%v); want one, with include_all_metadata", len(calls), calls)
	}
}

func TestThreadRepliesIgnored(t *testing.T) {
	h := start(t, threadIndex(t), func(c *Config) { c.Workers = 1 })
	ours := "1700000100.000400"
	h.mention(ours, threadQuestion)
	theirs := "1700000100.000500"
	h.fake.SetReplies(slackfake.DefaultChannelID, theirs, slackfake.Message{User: "U0OTHER", Text: "lunch?"})
	for _, ev := range []slackfake.Event{
		{Text: "and Stratus?", ThreadTS: theirs},                            // someone else's thread
		{Text: "and Stratus?", ThreadTS: "1700000100.000600"},               // a thread Slack does not know
		{Text: "and Stratus?", ThreadTS: ours, BotID: "B0OTHER"},            // another bot
		{Text: "and Stratus?", ThreadTS: ours, SubType: "bot_message"},      // a bot message
		{Text: "and Stratus?", ThreadTS: ours, UserID: slackfake.BotUserID}, // the bot itself
		{Text: "and Stratus?", ThreadTS: ours, SubType: "message_changed"},  // an edit
		{Text: "and Stratus?"}, // not in a thread
		{Text: "<@" + slackfake.BotUserID + "> and Stratus?", ThreadTS: theirs}, // a mention: answered as app_mention
	} {
		ev.Type = "message"
		ev.ChannelType = orDefault(ev.ChannelType, "channel")
		ev.ChannelID = orDefault(ev.ChannelID, slackfake.DefaultChannelID)
		if _, err := h.fake.WaitAck(h.fake.SendEvent(ev), wait); err != nil {
			t.Fatal(err)
		}
	}
	h.reply(ours, "more")
	last := h.nthPost(2)
	if posts := h.fake.Posts(); len(posts) != 2 || last.ThreadTS != ours || strings.Contains(shown(last), "Boris Quell") {
		t.Errorf("posts:%s; want the first answer and the answer to \"more\" only", describe(posts))
	}
	// Someone else's thread is read once, then remembered as not ours.
	h.reply(theirs, "and Stratus?")
	h.reply(ours, "more")
	h.nthPost(3)
	n := 0
	for _, c := range h.fake.CallsTo("conversations.replies") {
		if c.TS == theirs {
			n++
		}
	}
	if n != 1 {
		t.Errorf("conversations.replies on someone else's thread: %d calls; want 1", n)
	}
}

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

func TestThreadReplyTooLong(t *testing.T) {
	h := start(t, threadIndex(t))
	ts := "1700000100.000700"
	h.mention(ts, threadQuestion)
	unit := "<@U0VICTIM> <!channel> <https://evil.example|click> and Stratus? "
	long := strings.Repeat(unit, 40_000/len(unit)+1)[:40_000]
	h.reply(ts, long)
	c := h.nthPost(2)
	s := shown(c)
	if c.ThreadTS != ts || !strings.Contains(s, "too long") || !strings.Contains(s, "shorter") {
		t.Errorf("long reply answered in thread %q:%s; want a sentence asking for a shorter one", c.ThreadTS, s)
	}
	for _, bad := range []string{"<@U0VICTIM>", "<!channel>", "evil.example"} {
		if strings.Contains(s, bad) {
			t.Errorf("the answer to the long reply shows %q", bad)
		}
	}
}

func TestThreadFloodRateLimited(t *testing.T) {
	for _, tc := range []struct {
		name   string
		users  int // the 200 replies come from this many users in turn
		tune   func(*Config)
		answer int // answers expected
		notice string
	}{
		{"one user", 1, func(c *Config) {}, DefaultUserRate.N, "You are asking faster than I can answer here: I take 10 questions a minute"},
		// The mention that started the thread counts for the channel too.
		{"many users", 200, func(c *Config) { c.ChannelRate = Rate{N: 20, Per: time.Minute} }, 19, "I take 20 questions a minute from a channel"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ix := &countingIndex{Index: threadIndex(t)}
			h := start(t, ix, func(c *Config) { c.Workers, c.Queue = 2, 300 }, tc.tune)
			ts := "1700000100.000800"
			h.mention(ts, threadQuestion)
			before := ix.calls()
			ids := make([]string, 200)
			for i := range ids {
				ids[i] = h.fake.SendEvent(slackfake.Event{Type: "message", ChannelType: "channel", ChannelID: slackfake.DefaultChannelID,
					ThreadTS: ts, Text: "more", UserID: fmt.Sprintf("U0FLOOD%03d", i%tc.users)})
			}
			for _, id := range ids {
				ack, err := h.fake.WaitAck(id, wait)
				if err != nil {
					t.Fatal(err)
				}
				if ack.Latency > 3*time.Second {
					t.Errorf("envelope %s acknowledged after %v", id, ack.Latency)
				}
			}
			// The rest are dropped: wait for the answers and the notice,
			// then for the workers to drain the queue.
			h.waitPost("the notice", func(c slackfake.Call) bool { return c.Method == "chat.postEphemeral" })
			if _, err := h.fake.WaitPosts(1+tc.answer+1, wait); err != nil {
				t.Fatal(err)
			}
			h.stop()
			var answers, notices int
			for _, c := range h.fake.Posts()[1:] {
				switch c.Method {
				case "chat.postEphemeral":
					notices++
					if !strings.Contains(c.Text, tc.notice) {
						t.Errorf("notice %q; want %q", c.Text, tc.notice)
					}
				case "chat.postMessage":
					answers++
				}
			}
			if answers != tc.answer || notices != 1 {
				t.Errorf("%d answers and %d notices to 200 replies; want %d and 1:%s", answers, notices, tc.answer, describe(h.fake.Posts()))
			}
			if n := ix.calls() - before; n > tc.answer {
				t.Errorf("the index was asked %d times for 200 rate-limited replies; want at most %d", n, tc.answer)
			}
		})
	}
}

// countingIndex counts the questions asked of an index.
type countingIndex struct {
	*index.Index
	mu sync.Mutex
	n  int
}

func (c *countingIndex) Ask(ctx context.Context, q index.Query) (index.Answer, error) {
	c.mu.Lock()
	c.n++
	c.mu.Unlock()
	return c.Index.Ask(ctx, q)
}

func (c *countingIndex) calls() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.n
}

func TestRateLimitNoticeOnce(t *testing.T) {
	h := start(t, &fakeIndex{}, func(c *Config) { c.Workers, c.UserRate = 1, Rate{N: 3, Per: time.Hour} })
	for i := range 12 {
		h.fake.SendEvent(slackfake.Event{Text: fmt.Sprintf("<@%s> question %d", slackfake.BotUserID, i), TS: fmt.Sprintf("1700000200.%06d", i)})
	}
	// Another user is not limited: their answer comes after the twelve.
	h.fake.SendEvent(slackfake.Event{Text: "<@" + slackfake.BotUserID + "> last", UserID: "U0OTHER"})
	h.waitPost("the other user's answer", func(c slackfake.Call) bool { return strings.Contains(shown(c), "last") })
	var answers, notices []slackfake.Call
	for _, c := range h.fake.Posts() {
		if c.Method == "chat.postEphemeral" {
			notices = append(notices, c)
		} else if !strings.Contains(shown(c), "last") {
			answers = append(answers, c)
		}
	}
	if len(answers) != 3 || len(notices) != 1 {
		t.Fatalf("posts:%s; want 3 answers and 1 notice", describe(h.fake.Posts()))
	}
	n := notices[0]
	if n.User != slackfake.DefaultUserID || n.Channel != slackfake.DefaultChannelID || !strings.Contains(n.Text, "3 questions an hour") {
		t.Errorf("notice to %q in %q: %q; want a private notice to %q in %q saying the limit", n.User, n.Channel, n.Text, slackfake.DefaultUserID, slackfake.DefaultChannelID)
	}
}

func TestThreadReplyVerbatimPayloads(t *testing.T) {
	// The docs' message.channels payload, a message in a channel outside
	// any thread, is ignored; the same payload as a reply in a thread
	// whose answer is the bot's is answered there.
	h := start(t, threadIndex(t), func(c *Config) { c.Workers = 1 })
	read := func(name string) []byte {
		b, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	if _, err := h.fake.WaitAck(h.fake.SendRaw(read("events_api_message_channels_docs.json")), wait); err != nil {
		t.Fatal(err)
	}
	md, _ := json.Marshal(map[string]any{"event_type": ThreadEventType, "event_payload": map[string]any{"q": threadQuestion, "n": 5}})
	h.fake.SetReplies("C123ABC456", "1482960137.003543",
		slackfake.Message{User: "U061F7AUR", Text: "island"},
		slackfake.Message{User: slackfake.BotUserID, BotID: slackfake.BotID, Text: "an answer", Metadata: md})
	h.fake.SendRaw(read("events_api_message_thread_reply_assembled.json"))
	c := h.nthPost(1)
	if c.Channel != "C123ABC456" || c.ThreadTS != "1482960137.003543" {
		t.Errorf("answer in %q thread %q:%s; want the reply's thread", c.Channel, c.ThreadTS, describe(h.fake.Posts()))
	}
	if n := len(h.fake.Posts()); n != 1 {
		t.Errorf("%d posts; want only the answer to the reply:%s", n, describe(h.fake.Posts()))
	}
}

func TestThreadFloodOverflowsQuietly(t *testing.T) {
	// A queue smaller than the flood: what does not fit is dropped, with
	// no "busy" notice posted in a thread that may not even be the bot's.
	ix := &countingIndex{Index: threadIndex(t)}
	h := start(t, ix, func(c *Config) { c.Workers, c.Queue, c.Parallel = 1, 4, 1 })
	ts := "1700000100.000900"
	h.mention(ts, threadQuestion)
	before := ix.calls()
	ids := make([]string, 200)
	for i := range ids {
		ids[i] = h.reply(ts, "more")
	}
	for _, id := range ids {
		if _, err := h.fake.WaitAck(id, wait); err != nil {
			t.Fatal(err)
		}
	}
	if err := h.stop(); err != nil {
		t.Fatal(err)
	}
	posts := h.fake.Posts()
	for _, c := range posts {
		if strings.Contains(shown(c), "many questions") {
			t.Errorf("a busy notice in the thread:%s", describe([]slackfake.Call{c}))
		}
	}
	if n := ix.calls() - before; n > DefaultUserRate.N || len(posts) > 1+DefaultUserRate.N+1 {
		t.Errorf("200 replies on a queue of 4: %d questions asked, %d posts; want at most %d and %d", n, len(posts), DefaultUserRate.N, DefaultUserRate.N+2)
	}
	if !strings.Contains(h.logs.String(), `msg=busy`) {
		t.Errorf("the overflow is not logged")
	}
}

// TestDMThreadFollowUp: in a direct message, a reply in the thread of the
// bot's answer goes on from that answer, in the thread; a reply in the
// thread of the user's own message is a new question, answered there.
func TestDMThreadFollowUp(t *testing.T) {
	h := start(t, threadIndex(t))
	dm := slackfake.DefaultDMChannelID
	h.fake.SendEvent(slackfake.Event{Type: "message", ChannelType: "im", ChannelID: dm, Text: threadQuestion})
	first := h.nthPost(1)
	if first.ThreadTS != "" || len(promises(first)) == 0 {
		t.Fatalf("DM answered in thread %q:%s; want promises at the top of the DM", first.ThreadTS, shown(first))
	}
	hist := h.fake.History(dm)
	if len(hist) == 0 {
		t.Fatal("the DM's answer is not in the DM's history")
	}
	answerTS := hist[len(hist)-1].TS
	h.fake.SendEvent(slackfake.Event{Type: "message", ChannelType: "im", ChannelID: dm, ThreadTS: answerTS, Text: "and Stratus Data?"})
	next := h.nthPost(2)
	if next.ThreadTS != answerTS {
		t.Errorf("follow-up in the DM answered in thread %q; want the answer's thread %q", next.ThreadTS, answerTS)
	}
	if s := shown(next); !strings.Contains(s, "Boris Quell") || strings.Contains(s, "Ada Varga") {
		t.Errorf("DM follow-up about Stratus Data:%s; want Boris Quell's quotations only", s)
	}

	own := "1700000200.000100"
	h.fake.SetReplies(dm, own, slackfake.Message{User: slackfake.DefaultUserID, Text: "a note to self"})
	h.fake.SendEvent(slackfake.Event{Type: "message", ChannelType: "im", ChannelID: dm, ThreadTS: own, Text: threadQuestion})
	third := h.nthPost(3)
	if third.ThreadTS != own || len(promises(third)) == 0 {
		t.Errorf("a question in a thread of the user's own DM message answered in thread %q:%s; want promises in %q", third.ThreadTS, shown(third), own)
	}
}
