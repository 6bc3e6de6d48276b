package bot

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/socketmode"

	"github.com/trustwatch/trustwatch/index"
)

// source is where a request came from, which decides where its answer
// goes.
type source int

const (
	// fromCommand is the slash command: answered privately, through its
	// response_url, with a button to share the answer.
	fromCommand source = iota + 1
	// fromMention is an @mention: answered in the mention's thread.
	fromMention
	// fromDM is a direct message: answered in the DM.
	fromDM
	// fromShare is a click on "Share in channel": the answer is posted in
	// the channel and the private one deleted.
	fromShare
	// fromThread is a reply, without a mention, in a thread of a channel:
	// answered in context if the thread is the bot's (followup.go).
	fromThread
)

func (s source) String() string {
	switch s {
	case fromCommand:
		return "command"
	case fromMention:
		return "mention"
	case fromDM:
		return "dm"
	case fromShare:
		return "share"
	case fromThread:
		return "thread"
	}
	return "unknown"
}

// request is one thing asked of the bot, whatever its source, with Slack's
// markup already turned into plain words.
type request struct {
	source     source
	envelopeID string
	dedupKey   string // event_id for events, trigger_id for commands and clicks, else envelope_id
	user       string // who asked (or clicked Share)
	channel    string
	// threadTS is the thread a mention is answered in: its thread_ts, or
	// its own ts.
	threadTS string
	// parentTS is set for a mention inside a thread: a bare mention
	// there answers the thread's first message.
	parentTS string
	// inDM marks a reply in a thread of a direct message: when the thread
	// is not the bot's, it is asked as a direct message, in that thread.
	inDM        bool
	responseURL string
	// text is the request's words, plain: Slack markup decoded, the bot's
	// own mention removed, spaces collapsed.
	text string
	// sub is the subcommand in lower case ("vendor", "compare", "help",
	// "digest", "sources", "subscribe", "unsubscribe", "subscriptions"),
	// or "" for a question; args are the words after it.
	sub  string
	args []string
	// share is what a Share click re-renders.
	share shareValue
	home  *homeClick // a click in the Home tab (home.go)
	click *click     // a correction menu, a thumb or an Undo (correction_flow.go)
	// thread is the context of the bot's thread a fromThread reply is in.
	thread Thread
	// work is the request's record in the state store, when it was
	// recorded: its lease is renewed while it is answered, and it is
	// marked done once answered.
	work *Work
	// workUnsure: recording the work failed, and it may have been
	// recorded all the same; it is marked done once answered.
	workUnsure bool
}

// maxShareValue is Slack's limit on a button's value.
const maxShareValue = 2000

// shareValue is what the Share button carries to re-render its answer:
// the request, not the rendered blocks.
type shareValue struct {
	Kind     string   `json:"k"`           // "ask", "vendor" or "compare"
	Question string   `json:"q,omitempty"` // for "ask"
	Vendors  []string `json:"v,omitempty"` // the filter for "ask"; the one or two names otherwise
}

// encode fits v in a button value, shortening a very long question.
func (v shareValue) encode() string {
	for {
		b, _ := json.Marshal(v)
		if len(b) <= maxShareValue || v.Question == "" {
			return string(b)
		}
		cut := len(v.Question) - (len(b) - maxShareValue) - 1
		for cut > 0 && !utf8.RuneStart(v.Question[cut]) {
			cut--
		}
		v.Question = strings.TrimSpace(v.Question[:max(cut, 0)])
	}
}

// subcommands are the first words that are not a question.
var subcommands = map[string]bool{
	"help": true, "vendor": true, "compare": true, "digest": true, "sources": true,
	"subscribe": true, "unsubscribe": true, "subscriptions": true, "report": true,
}

// digestSubcommands go to the digest's hook.
var digestSubcommands = map[string]bool{"digest": true, "subscribe": true, "unsubscribe": true, "subscriptions": true}

// parseCommand splits text into a subcommand and its arguments. Empty
// text, "help", and a lone word that looks like a mistyped subcommand
// ("vendr", "--help") are help; anything else that does not start with
// a subcommand is a question, even "does AWS compete…".
func parseCommand(text string) (sub string, args []string) {
	fields := strings.Fields(text)
	if len(fields) == 0 {
		return "help", nil
	}
	first := strings.ToLower(strings.TrimRight(fields[0], ":,"))
	switch first {
	case "?", "-h", "--help", "-help", "usage":
		return "help", nil
	case "source":
		first = "sources"
	}
	if subcommands[first] {
		return first, fields[1:]
	}
	if len(fields) == 1 && (strings.HasPrefix(first, "-") || nearSubcommand(first)) {
		return "help", nil
	}
	return "", nil
}

// nearSubcommand reports whether w is one or two typos away from a
// subcommand of five letters or more ("vendr", "comapre", "sorces").
func nearSubcommand(w string) bool {
	for s := range subcommands {
		if len(s) >= 5 && editDistance(w, s) <= 2 && len(w) >= 4 {
			return true
		}
	}
	return false
}

// editDistance is the Damerau–Levenshtein (optimal string alignment)
// distance between two short words.
func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	d := make([][]int, len(ra)+1)
	for i := range d {
		d[i] = make([]int, len(rb)+1)
		d[i][0] = i
	}
	for j := range d[0] {
		d[0][j] = j
	}
	for i := 1; i <= len(ra); i++ {
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			d[i][j] = min(d[i-1][j]+1, d[i][j-1]+1, d[i-1][j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				d[i][j] = min(d[i][j], d[i-2][j-2]+1)
			}
		}
	}
	return d[len(ra)][len(rb)]
}

// compareSep separates the two vendors of "compare A vs B", "A and B",
// "A & B", "A, B".
var compareSep = regexp.MustCompile(`(?i)\s+(?:vs\.?|versus|and|&)\s+|\s*,\s*`)

// compareArgs reads the two vendors of a comparison.
func compareArgs(args []string) (a, b string, ok bool) {
	var parts []string
	for _, p := range compareSep.Split(strings.Join(args, " "), -1) {
		if p = strings.TrimSpace(p); p != "" {
			parts = append(parts, p)
		}
	}
	switch {
	case len(parts) == 2:
		return parts[0], parts[1], true
	case len(parts) == 1 && len(args) == 2:
		return args[0], args[1], true
	}
	return "", "", false
}

// slackMarkup is one of Slack's angle-bracket tokens in message text:
// <@U123>, <@U123|name>, <#C123|general>, <!here>, <!subteam^S1|@team>,
// <https://…|label>, <mailto:…>.
var slackMarkup = regexp.MustCompile(`<([^<>]*)>`)

// plainText turns a message's Slack markup into the words a person sees,
// so that the question searched is what was asked and nothing in it can
// come back out live: mentions become "@name", links their label, and
// Slack's &amp; &lt; &gt; the characters. The bot's own mention (selfID)
// is removed. The renderer escapes whatever it echoes.
func plainText(s, selfID string) string {
	s = slackMarkup.ReplaceAllStringFunc(s, func(tok string) string {
		inner := tok[1 : len(tok)-1]
		target, label, hasLabel := strings.Cut(inner, "|")
		switch {
		case strings.HasPrefix(target, "@"):
			if selfID != "" && target[1:] == selfID {
				return " "
			}
			if hasLabel && label != "" {
				return "@" + strings.TrimPrefix(label, "@")
			}
			return target
		case strings.HasPrefix(target, "#"):
			if hasLabel && label != "" {
				return "#" + label
			}
			return target
		case strings.HasPrefix(target, "!"):
			if hasLabel && label != "" {
				return label
			}
			name, _, _ := strings.Cut(target[1:], "^")
			return "@" + name
		}
		if hasLabel && label != "" {
			return label
		}
		return strings.TrimPrefix(target, "mailto:")
	})
	s = strings.NewReplacer("&lt;", "<", "&gt;", ">", "&amp;", "&").Replace(s)
	return strings.Join(strings.Fields(s), " ")
}

// eventPayload is the part of an events_api payload the bot reads.
type eventPayload struct {
	EventID string `json:"event_id"`
	Event   struct {
		Type        string          `json:"type"`
		Subtype     string          `json:"subtype"`
		User        string          `json:"user"`
		BotID       string          `json:"bot_id"`
		Text        string          `json:"text"`
		TS          string          `json:"ts"`
		ThreadTS    string          `json:"thread_ts"`
		Channel     string          `json:"channel"`
		ChannelType string          `json:"channel_type"`
		Edited      json.RawMessage `json:"edited"`
	} `json:"event"`
}

// request reads a Socket Mode event into a request. It reports false for
// what the bot does not answer: messages from bots (itself included),
// edits, deletions, joins and every other message subtype, other
// channels' messages, and buttons other than Share.
func (b *Bot) request(evt socketmode.Event) (request, bool) {
	env := evt.Request
	self := b.identity()
	req := request{envelopeID: env.EnvelopeID, dedupKey: "envelope:" + env.EnvelopeID}
	switch evt.Type {
	case socketmode.EventTypeSlashCommand:
		cmd, ok := evt.Data.(slack.SlashCommand)
		if !ok {
			return req, false
		}
		req.source, req.user, req.channel, req.responseURL = fromCommand, cmd.UserID, cmd.ChannelID, cmd.ResponseURL
		if cmd.TriggerID != "" {
			// A redelivery may come in a new envelope, on another
			// connection: the trigger is the command's own.
			req.dedupKey = "command:" + cmd.TriggerID
		}
		req.text = plainText(cmd.Text, self.UserID)
		req.sub, req.args = parseCommand(req.text)
		return req, true

	case socketmode.EventTypeInteractive:
		cb, ok := evt.Data.(slack.InteractionCallback)
		if !ok || cb.Type != slack.InteractionTypeBlockActions {
			return req, false
		}
		if cb.Container.Type == "view" && cb.View.Type == slack.VTHomeTab {
			return b.homeAction(req, cb)
		}
		if r, ok := b.clickAction(req, cb); ok {
			return r, true
		}
		for _, a := range cb.ActionCallback.BlockActions {
			if a.ActionID != ShareActionID {
				continue
			}
			if err := json.Unmarshal([]byte(a.Value), &req.share); err != nil {
				b.log.Warn("unreadable share button", "envelope_id", env.EnvelopeID, "err", err)
				return req, false
			}
			req.source, req.user, req.responseURL = fromShare, cb.User.ID, cb.ResponseURL
			if cb.TriggerID != "" {
				req.dedupKey = "action:" + cb.TriggerID
			}
			req.channel = cb.Channel.ID
			if req.channel == "" {
				req.channel = cb.Container.ChannelID
			}
			return req, true
		}
		return req, false

	case socketmode.EventTypeEventsAPI:
		var p eventPayload
		if err := json.Unmarshal(env.Payload, &p); err != nil {
			b.log.Warn("unreadable event", "envelope_id", env.EnvelopeID, "err", err)
			return req, false
		}
		if p.EventID != "" {
			req.dedupKey = "event:" + p.EventID
		}
		if p.Event.Type == "app_home_opened" {
			return b.homeOpened(req, env.Payload)
		}
		e := p.Event
		if e.BotID != "" || e.User == "" || e.User == self.UserID || e.Subtype != "" {
			return req, false
		}
		req.user, req.channel = e.User, e.Channel
		req.text = plainText(e.Text, self.UserID)
		switch {
		case e.Type == "app_mention":
			if len(e.Edited) > 0 && string(e.Edited) != "null" {
				return req, false // answered when it was first posted
			}
			req.source, req.threadTS = fromMention, e.ThreadTS
			if req.threadTS == "" {
				req.threadTS = e.TS
			} else if e.ThreadTS != e.TS {
				req.parentTS = e.ThreadTS
			}
		case e.Type == "message" && e.ChannelType == "im" && e.ThreadTS != "" && e.ThreadTS != e.TS:
			// A reply in a DM's thread: a follow-up when the thread is the
			// bot's answer, else a question answered in that thread.
			req.source, req.threadTS, req.inDM = fromThread, e.ThreadTS, true
		case e.Type == "message" && e.ChannelType == "im":
			req.source = fromDM
		case isThreadReply(e.Type, e.ChannelType, e.TS, e.ThreadTS, e.Text, self.UserID):
			req.source, req.threadTS = fromThread, e.ThreadTS
		default:
			return req, false
		}
		req.sub, req.args = parseCommand(req.text)
		if req.text == "" && req.parentTS != "" {
			req.sub = "" // a bare mention in a thread asks about the thread
		}
		return req, true
	}
	return req, false
}

// serve answers one request and delivers the answer: it runs on a worker.
// ctx ends only when shutdown stops waiting; answering has its own
// timeout, delivering a longer one (Slack may rate-limit).
func (b *Bot) serve(ctx context.Context, req request, received time.Time) {
	if req.source == fromHome {
		b.serveHome(ctx, req)
		return
	}
	if req.source == fromClick {
		b.serveClick(ctx, req)
		return
	}
	b.mark(req.envelopeID, stageWorker)
	ctx = withArrival(b.stamping(ctx, req.envelopeID), received)
	log := b.log.With("envelope_id", req.envelopeID, "channel", req.channel, "source", req.source.String())
	log.Debug("request", "text", req.text, "sub", req.sub)
	if !b.answerable(ctx, &req, log) {
		// Given up here, as it would be by any replica: marked done, so
		// that no other takes it over (and answers what a limit refused).
		b.doneWork(ctx, req)
		return
	}

	defer b.holdWork(ctx, req)()
	actx, cancel := context.WithTimeout(ctx, b.requestTimeout(req))
	var msg Message
	var hits int
	err := b.acquire(actx)
	if err == nil {
		b.acking.yield(actx) // acks first: here, where the work starts
		b.mark(req.envelopeID, stageSlot)
		msg, hits, err = b.answer(actx, req)
		<-b.slots
	}
	cancel()
	command := req.sub
	if command == "" {
		command = "ask"
	}
	failed := err != nil
	if failed {
		log.Error("answer failed", "command", command, "err", err)
		msg = RenderError(b.sorry(err))
	}

	pctx, cancel := context.WithTimeout(ctx, deliverTimeout)
	defer cancel()
	if !b.extendWork(pctx, req) {
		log.Info("work taken over by another replica: not answering", "command", command)
		return
	}
	defer b.doneWork(ctx, req)
	if failed {
		err = b.notify(pctx, req, msg)
	} else {
		err = b.deliver(pctx, req, msg)
	}
	if err != nil {
		log.Error("answer not delivered", "command", command, "err", err)
		return
	}
	log.Info("answered", "command", command, "hits", hits, "took_ms", time.Since(received).Milliseconds())
}

// acquire waits for a slot to work out an answer in (Config.Parallel).
func (b *Bot) acquire(ctx context.Context) error {
	select {
	case b.slots <- struct{}{}:
		return nil
	case <-ctx.Done():
		return fmt.Errorf("wait for a free slot: %w", ctx.Err())
	}
}

// deliverTimeout bounds delivering one answer, rate-limit waits included.
const deliverTimeout = 2 * time.Minute

// sorry says why a request failed and what to do, after RenderError's
// "Sorry, I could not answer that: ".
func (b *Bot) sorry(err error) string {
	why := "something went wrong on my side"
	if errors.Is(err, context.DeadlineExceeded) {
		why = "it took too long"
	} else if errors.Is(err, context.Canceled) {
		why = "I am shutting down"
	}
	return fmt.Sprintf("%s. Try again, or %s help", why, b.cfg.Command)
}

// answer works out the message for a request, and how many quotations it
// shows.
func (b *Bot) answer(ctx context.Context, req request) (Message, int, error) {
	opt := RenderOptions{Command: b.cfg.Command}
	if req.source == fromShare {
		opt.SharedBy = req.user // the renderer mentions it only if it has the shape of a user id
		return b.replay(ctx, req.share, opt)
	}
	if req.source == fromThread && !threadCommand(req) {
		return b.answerThread(ctx, req, req.thread)
	}
	if req.source == fromMention && req.text == "" && req.parentTS != "" {
		parent, err := b.post.threadStart(ctx, req.channel, req.parentTS)
		if err != nil {
			return Message{}, 0, err
		}
		req.text = plainText(parent, b.identity().UserID)
		if req.text == "" {
			return RenderHelp(b.cfg.Command), 0, nil
		}
	}
	share := func(v shareValue) {
		if req.source == fromCommand {
			opt.ShareButton, opt.ShareValue = true, v.encode()
		}
	}
	switch req.sub {
	case "help":
		return RenderHelp(b.cfg.Command), 0, nil
	case "vendor":
		name := strings.Join(req.args, " ")
		if name == "" {
			return RenderHelp(b.cfg.Command), 0, nil
		}
		share(shareValue{Kind: "vendor", Vendors: []string{name}})
		return b.replay(ctx, shareValue{Kind: "vendor", Vendors: []string{name}}, opt)
	case "compare":
		x, y, ok := compareArgs(req.args)
		if !ok {
			return RenderHelp(b.cfg.Command), 0, nil
		}
		v := shareValue{Kind: "compare", Vendors: []string{x, y}}
		share(v)
		return b.replay(ctx, v, opt)
	case "report":
		return b.reportCommand(ctx, req)
	case "sources":
		st, err := b.cfg.Index.Stats(ctx)
		if err != nil {
			return Message{}, 0, fmt.Errorf("describe the corpus: %w", err)
		}
		return RenderSources(sourcesInfo(st)), 0, nil
	}
	if digestSubcommands[req.sub] {
		m, err := b.digestCommand(ctx, req)
		return m, 0, err
	}
	v := shareValue{Kind: "ask", Question: req.text}
	share(v)
	msg, hits, err := b.replay(ctx, v, opt)
	if err == nil && (req.source == fromMention || req.source == fromThread) {
		msg = b.remember(ctx, req, msg)
	}
	return msg, hits, err
}

// replay answers what a share value describes: a question, a vendor card
// or a comparison. The slash command's answer and its shared copy are
// built by this same function.
func (b *Bot) replay(ctx context.Context, v shareValue, opt RenderOptions) (Message, int, error) {
	switch v.Kind {
	case "vendor":
		if len(v.Vendors) != 1 {
			break
		}
		a, err := b.cfg.Index.Vendor(ctx, v.Vendors[0], answerLimit)
		if errors.Is(err, index.ErrUnknownVendor) {
			return RenderError(fmt.Sprintf("I do not know a vendor called %q. %s sources lists the vendors I know.", v.Vendors[0], b.cfg.Command)), 0, nil
		}
		if err != nil {
			return Message{}, 0, fmt.Errorf("vendor card for %q: %w", v.Vendors[0], err)
		}
		b.withCorrections(ctx, &opt, "vendor "+v.Vendors[0], &a)
		return RenderVendor(a, opt), len(a.Quotes), nil
	case "compare":
		if len(v.Vendors) != 2 {
			break
		}
		as, err := b.cfg.Index.Compare(ctx, v.Vendors[0], v.Vendors[1], answerLimit)
		if errors.Is(err, index.ErrUnknownVendor) {
			return RenderError(fmt.Sprintf("I do not know one of %q and %q as a vendor. %s sources lists the vendors I know.", v.Vendors[0], v.Vendors[1], b.cfg.Command)), 0, nil
		}
		if err != nil {
			return Message{}, 0, fmt.Errorf("compare %q and %q: %w", v.Vendors[0], v.Vendors[1], err)
		}
		hits := 0
		for i := range as {
			b.withCorrections(ctx, &opt, "", &as[i])
			hits += len(as[i].Quotes)
		}
		if opt.FeedbackID != "" {
			opt.FeedbackQuestion = "compare " + v.Vendors[0] + " and " + v.Vendors[1]
		}
		return RenderCompare(as, opt), hits, nil
	case "ask":
		a, err := b.asks.ask(ctx, b.cfg.Index, index.Query{Question: v.Question, Vendors: v.Vendors, Limit: answerLimit}, arrivalOf(ctx))
		if err != nil {
			return Message{}, 0, fmt.Errorf("ask the index: %w", err)
		}
		b.markCtx(ctx, stageAsked)
		b.withCorrections(ctx, &opt, v.Question, &a)
		m := RenderAnswer(a, opt)
		if len(a.Quotes) > 0 {
			m.Metadata = Thread{Question: v.Question, Vendors: v.Vendors, Shown: len(a.Quotes), Oldest: oldestDate(a.Quotes)}.metadata()
		}
		b.markCtx(ctx, stageRendered)
		return m, len(a.Quotes), nil
	}
	return RenderError(fmt.Sprintf("this button no longer works. Ask again with %s.", b.cfg.Command)), 0, nil
}

// deliver puts an answer where its request wants it.
func (b *Bot) deliver(ctx context.Context, req request, msg Message) error {
	if req.source != fromShare {
		return b.notify(ctx, req, msg)
	}
	if _, err := b.post.message(ctx, req.channel, "", msg); err != nil {
		n := RenderError(fmt.Sprintf("I could not share it in the channel (%s): invite me with /invite, or share it by hand.", slackErrCode(err)))
		if nerr := b.notify(ctx, req, n); nerr != nil {
			return errors.Join(err, nerr)
		}
		return err
	}
	// The private copy has done its job.
	if err := b.post.respond(ctx, req.responseURL, response{DeleteOriginal: true}); err != nil {
		b.log.Warn("private answer not deleted", "envelope_id", req.envelopeID, "channel", req.channel, "err", err)
	}
	return nil
}

// notify shows msg to the asker: privately for the slash command and the
// Share button (response_url, else chat.postEphemeral), in the thread for
// a mention, in the DM for a direct message.
func (b *Bot) notify(ctx context.Context, req request, msg Message) error {
	switch req.source {
	case fromMention, fromThread:
		_, err := b.post.message(ctx, req.channel, req.threadTS, msg)
		return err
	case fromDM:
		_, err := b.post.message(ctx, req.channel, req.threadTS, msg) // "" but in a DM's thread
		return err
	}
	err := errors.New("no response_url")
	if req.responseURL != "" {
		b.mark(req.envelopeID, stagePost)
		err = b.post.respond(ctx, req.responseURL, response{Message: msg, Ephemeral: true})
		b.mark(req.envelopeID, stagePosted)
		if err == nil {
			return nil
		}
	}
	b.log.Warn("response_url failed, posting ephemeral", "envelope_id", req.envelopeID, "channel", req.channel, "err", err)
	if eerr := b.post.ephemeral(ctx, req.channel, req.user, msg); eerr != nil {
		return errors.Join(err, eerr)
	}
	return nil
}

// slackErrCode is Slack's error code in err, or a generic word.
func slackErrCode(err error) string {
	var se slack.SlackErrorResponse
	if errors.As(err, &se) {
		return se.Err
	}
	return "error"
}

// sourcesInfo is what RenderSources shows of the index's statistics.
func sourcesInfo(st index.Stats) SourcesInfo {
	info := SourcesInfo{Articles: st.Articles, Quotes: st.Quotes, Newest: st.Newest}
	for _, v := range st.Vendors {
		info.Vendors = append(info.Vendors, VendorCount{ID: v.ID, Name: v.Name, Quotes: v.Quotes})
	}
	for _, p := range st.Publications {
		info.Publications = append(info.Publications, p.Name)
	}
	return info
}
