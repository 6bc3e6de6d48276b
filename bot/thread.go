package bot

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/slack-go/slack"
)

// Thread is what the bot showed in one of its threads, so that a reply
// there ("and Google?", "more", « plus anciennes ? ») is answered in
// context. It is kept in a ThreadStore, keyed by channel and thread ts,
// and carried in the metadata of the bot's answer (ThreadEventType), from
// which it is recovered when the store does not know the thread.
type Thread struct {
	// Question is the question asked, plain text.
	Question string `json:"q"`
	// Vendors are the vendors asked about instead of those the question
	// names; nil when the question's own.
	Vendors []string `json:"v,omitempty"`
	// Lang keeps the quotations in one language ("en", "fr"); "" is all.
	Lang string `json:"l,omitempty"`
	// Before keeps the quotations dated before it (YYYY-MM-DD); "" is all.
	Before string `json:"b,omitempty"`
	// Offset is how many quotations came before those shown; Shown how
	// many were shown; Oldest the oldest date among them.
	Offset int    `json:"o,omitempty"`
	Shown  int    `json:"n,omitempty"`
	Oldest string `json:"d,omitempty"`
}

// ThreadStore keeps the bot's threads. The in-memory one (the default)
// forgets them after a while and at a restart, when they are recovered
// from the answers' metadata; a persistent one keeps them across
// restarts and replicas.
type ThreadStore interface {
	// Thread returns the thread ts of channel; ok is false when unknown.
	Thread(ctx context.Context, channel, ts string) (t Thread, ok bool, err error)
	// SaveThread records what the bot just showed in the thread.
	SaveThread(ctx context.Context, channel, ts string, t Thread) error
}

// ThreadEventType is the metadata event type of the bot's answers in
// channels; its payload is a Thread's JSON.
const ThreadEventType = "trustwatch_answer"

// Bounds of the in-memory thread store.
const (
	threadTTL = 24 * time.Hour
	threadMax = 10_000
)

// memThreads is a ThreadStore in memory: each thread is kept for a day
// after its last answer, and at most threadMax of them.
type memThreads struct {
	now func() time.Time
	mu  sync.Mutex
	m   map[string]memThread
}

type memThread struct {
	t     Thread
	saved time.Time
}

func newMemThreads(now func() time.Time) *memThreads {
	return &memThreads{now: now, m: map[string]memThread{}}
}

func (s *memThreads) Thread(_ context.Context, channel, ts string) (Thread, bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	e, ok := s.m[channel+"/"+ts]
	if !ok || s.now().Sub(e.saved) > threadTTL {
		return Thread{}, false, nil
	}
	return e.t, true, nil
}

func (s *memThreads) SaveThread(_ context.Context, channel, ts string, t Thread) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.now()
	if len(s.m) >= threadMax {
		var oldestKey string
		var oldest time.Time
		for k, e := range s.m {
			if now.Sub(e.saved) > threadTTL {
				delete(s.m, k)
			} else if oldestKey == "" || e.saved.Before(oldest) {
				oldestKey, oldest = k, e.saved
			}
		}
		if len(s.m) >= threadMax {
			delete(s.m, oldestKey)
		}
	}
	s.m[channel+"/"+ts] = memThread{t: t, saved: now}
	return nil
}

// metadata is t as the metadata of the answer that shows it.
func (t Thread) metadata() *Metadata {
	b, _ := json.Marshal(t) // plain strings and numbers always marshal
	p := map[string]any{}
	_ = json.Unmarshal(b, &p)
	return &Metadata{EventType: ThreadEventType, Payload: p}
}

// threadFromMetadata reads a Thread back from an answer's metadata.
func threadFromMetadata(eventType string, payload map[string]any) (Thread, bool) {
	if eventType != ThreadEventType {
		return Thread{}, false
	}
	b, err := json.Marshal(payload)
	if err != nil {
		return Thread{}, false
	}
	var t Thread
	if json.Unmarshal(b, &t) != nil {
		return Thread{}, false
	}
	return t, t.Question != ""
}

// notOurs remembers threads found not to be the bot's, so that a busy
// thread of other people's costs one conversations.replies, not one per
// message.
type notOurs struct {
	now func() time.Time
	mu  sync.Mutex
	m   map[string]time.Time
}

const (
	notOursTTL = 10 * time.Minute
	notOursMax = 10_000
)

func (n *notOurs) has(key string) bool {
	n.mu.Lock()
	defer n.mu.Unlock()
	t, ok := n.m[key]
	return ok && n.now().Sub(t) < notOursTTL
}

func (n *notOurs) add(key string) {
	n.mu.Lock()
	defer n.mu.Unlock()
	if n.m == nil || len(n.m) >= notOursMax {
		n.m = map[string]time.Time{}
	}
	n.m[key] = n.now()
}

// threadReplies is how many messages of a thread are read to recover its
// context: the bot's latest answer among them.
const threadReplies = 200

// ownThread returns the context of the bot's thread a reply is in: from
// the store, else from the bot's latest answer in the thread
// (conversations.replies with its metadata). ok is false for anyone
// else's thread, which the bot ignores.
func (b *Bot) ownThread(ctx context.Context, channel, ts string) (Thread, bool, error) {
	t, ok, err := b.threads.Thread(ctx, channel, ts)
	if err != nil {
		return Thread{}, false, fmt.Errorf("look up thread %s in %s: %w", ts, channel, err)
	}
	if ok {
		return t, true, nil
	}
	key := channel + "/" + ts
	if b.others.has(key) {
		return Thread{}, false, nil
	}
	self := b.identity()
	var msgs []slack.Message
	err = b.post.retry(ctx, "conversations.replies", func() error {
		var err error
		msgs, _, _, err = b.api.GetConversationRepliesContext(ctx, &slack.GetConversationRepliesParameters{
			ChannelID: channel, Timestamp: ts, Limit: threadReplies, IncludeAllMetadata: true,
		})
		return err
	})
	var se slack.SlackErrorResponse
	if errors.As(err, &se) && se.Err == "thread_not_found" {
		b.others.add(key)
		return Thread{}, false, nil
	}
	if err != nil {
		return Thread{}, false, fmt.Errorf("read thread %s in %s: %w", ts, channel, err)
	}
	for _, m := range slices.Backward(msgs) {
		if m.User != self.UserID && (m.BotID == "" || m.BotID != self.BotID) {
			continue
		}
		if t, ok := threadFromMetadata(m.Metadata.EventType, m.Metadata.EventPayload); ok {
			if err := b.threads.SaveThread(ctx, channel, ts, t); err != nil {
				b.log.Warn("thread not saved", "channel", channel, "err", err)
			}
			return t, true, nil
		}
	}
	b.others.add(key)
	return Thread{}, false, nil
}

// isThreadReply reports whether a message event is a reply in a thread
// of a channel (public or private) that does not mention the bot: a
// mention comes as app_mention too, and is answered as one.
func isThreadReply(typ, channelType, ts, threadTS, text, self string) bool {
	if typ != "message" || threadTS == "" || threadTS == ts {
		return false
	}
	if channelType != "channel" && channelType != "group" {
		return false
	}
	return self == "" || !strings.Contains(text, "<@"+self+">") && !strings.Contains(text, "<@"+self+"|")
}

// threadCommand reports whether a reply in a thread is a subcommand
// ("sources", "vendor Nimbus Cloud"), answered as anywhere else, rather
// than a follow-up.
func threadCommand(req request) bool {
	return req.sub != "" && (req.sub != "help" || strings.EqualFold(req.text, "help"))
}

// threadLookupTimeout bounds recovering a thread's context.
const threadLookupTimeout = 10 * time.Second

// answerable decides, on a worker, whether req is answered: a reply in a
// thread only if the thread is the bot's (its context goes in req), and
// nothing over the rate limits.
func (b *Bot) answerable(ctx context.Context, req *request, log *slog.Logger) bool {
	if req.source == fromThread {
		lctx, cancel := context.WithTimeout(ctx, threadLookupTimeout)
		t, ok, err := b.ownThread(lctx, req.channel, req.threadTS)
		cancel()
		if err != nil {
			log.Warn("thread reply ignored: thread unreadable", "err", err)
			return false
		}
		switch {
		case ok:
			req.thread = t
		case req.inDM:
			req.source = fromDM // a question in a thread of the asker's own message
		default:
			log.Debug("thread reply ignored: not the bot's thread")
			return false
		}
	}
	return !b.rateLimited(ctx, *req)
}

// remember keeps what an answer in a thread showed, from its metadata,
// and returns the answer with a line on how to go on in the thread.
func (b *Bot) remember(ctx context.Context, req request, msg Message) Message {
	if msg.Metadata == nil {
		return msg
	}
	t, ok := threadFromMetadata(msg.Metadata.EventType, msg.Metadata.Payload)
	if !ok {
		return msg
	}
	if err := b.threads.SaveThread(ctx, req.channel, req.threadTS, t); err != nil {
		b.log.Warn("thread not saved", "envelope_id", req.envelopeID, "channel", req.channel, "err", err)
	}
	return withThreadHint(msg)
}

// threadHint tells how to go on in the thread of an answer.
const threadHint = "Reply in this thread to go on: *more*, *older ones?*, *in French?* or *and* another vendor's name (« la suite », « plus anciennes ? », « en anglais ? », « et … ? » too)."

// withThreadHint adds threadHint at the end of m, when Block Kit has room.
func withThreadHint(m Message) Message {
	if len(m.Blocks) == 0 || len(m.Blocks) >= maxBlocks {
		return m
	}
	var b blockList
	b.context(Escape(threadHint))
	m.Blocks = append(m.Blocks[:len(m.Blocks):len(m.Blocks)], b.list...)
	return m
}
