package bot

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/slack-go/slack"

	"github.com/trustwatch/trustwatch/corpus"
	"github.com/trustwatch/trustwatch/index"
)

// Message is a Slack message ready to post: Block Kit blocks and the plain
// text Slack shows in notifications and where blocks cannot be drawn.
type Message struct {
	// Text is the plain-text fallback; it is always set, escaped, and kept
	// short, since it is what a notification shows.
	Text   string
	Blocks []slack.Block
	// Metadata, when set, goes with the message as Slack message
	// metadata: the digest marks its posts with their slot this way.
	Metadata *Metadata
}

// RenderOptions says how an answer is presented in its place.
type RenderOptions struct {
	// Command is the slash command named in hints, such as "/trust".
	Command string
	// SharedBy is the Slack user id of whoever shared a private answer to
	// the channel. It becomes the only mention the bot ever emits, and only
	// when it has the shape of a user id.
	SharedBy string
	// ShareButton adds a "Share in channel" button (action_id
	// ShareActionID) carrying ShareValue, for an answer only the asker sees.
	ShareButton bool
	ShareValue  string
	// Vendors names the vendors an answer's stances do not, such as the
	// one asked about when only other vendors' quotations matched. Nil is
	// the built-in registry.
	Vendors *corpus.Registry
	// Corrections puts a correction menu on each quotation
	// (render_correction.go); Corrected says, by quotation Ref, who
	// corrected those the corrections changed.
	Corrections bool
	Corrected   map[string]string
	// FeedbackID, when set, adds thumbs up and down under the answer,
	// carrying it and FeedbackQuestion.
	FeedbackID       string
	FeedbackQuestion string
}

// ShareActionID is the action_id of the "Share in channel" button.
const ShareActionID = "share_answer"

// Slack's limits, and the budgets kept under them. Lengths are counted in
// bytes of the text as sent, which is never less than Slack's character
// count, so a message within these budgets is within Slack's limits.
const (
	maxBlocks       = 50    // blocks in a message
	maxSectionText  = 3000  // a section's text
	maxFieldText    = 2000  // a section field's text
	maxFields       = 10    // fields in a section
	maxContextItems = 10    // elements in a context block
	maxButtonValue  = 2000  // a button's value
	maxMessageText  = 11000 // all the text of a message; Slack's cap is 12,000
	maxFallback     = 300   // the plain-text fallback

	maxQuestion = 300  // the question, repeated above its answer
	maxQuote    = 700  // one quotation's words
	maxName     = 100  // a speaker's name, a vendor's name
	maxRole     = 150  // a speaker's title
	maxTitle    = 200  // an article's title
	maxPub      = 100  // a publication's name
	maxDate     = 40   // an article's date
	maxSummary  = 500  // a stance's summary
	maxHint     = 1000 // a hint or an error
	maxNote     = 300  // a note on the question
	maxStances  = 5    // stances shown
	maxSources  = 1800 // the sources list
)

// RenderAnswer renders the answer to a question: the best quotations, the
// nearest evidence from other vendors under its own heading, each
// vendor's stance, the sources, and how many quotations matched.
func RenderAnswer(a index.Answer, opt RenderOptions) Message {
	r := newRenderer(a, opt)
	if len(a.Quotes) == 0 {
		return r.nothing(a)
	}
	var head, tail blockList
	r.sharedBy(&head)
	if q := oneLine(a.Question); q != "" {
		head.section("*Question:* " + Escape(shorten(q, maxQuestion)))
	}
	if a.Hint != "" {
		head.section(Escape(shorten(clean(a.Hint), maxHint)))
	}
	r.stances(&tail, a.Stances)
	r.sources(&tail, a.Sources)
	r.summary(&tail, a)
	r.shareButton(&tail)
	r.feedback(&tail)
	return r.assemble(head, tail, r.quoteGroups(a), fallback(a))
}

// RenderVendor renders one vendor's stance card: its stance first, then
// the quotations it rests on and their sources.
func RenderVendor(a index.Answer, opt RenderOptions) Message {
	r := newRenderer(a, opt)
	if len(a.Quotes) == 0 && len(a.Stances) == 0 {
		return r.nothing(a)
	}
	var head, tail blockList
	r.sharedBy(&head)
	r.stances(&head, a.Stances)
	if a.Hint != "" {
		head.section(Escape(shorten(clean(a.Hint), maxHint)))
	}
	r.sources(&tail, a.Sources)
	r.summary(&tail, a)
	r.shareButton(&tail)
	r.feedback(&tail)
	return r.assemble(head, tail, r.quoteGroups(a), fallback(a))
}

// RenderCompare renders vendors side by side: their stances as the two
// columns of a section's fields, then each one's best quotations under its
// name, then the sources of both.
func RenderCompare(cards []index.Answer, opt RenderOptions) Message {
	var all index.Answer
	for _, c := range cards {
		all.Vendors = append(all.Vendors, c.Vendors...)
		all.Stances = append(all.Stances, c.Stances...)
		all.Sources = append(all.Sources, c.Sources...)
		all.Total += c.Total
	}
	all.Sources = dedupSources(all.Sources)
	r := newRenderer(all, opt)
	if len(cards) == 0 {
		return RenderError("name two vendors to compare, such as `" + r.command + " compare aws microsoft`.")
	}
	var head, tail blockList
	r.sharedBy(&head)
	var fields []*slack.TextBlockObject
	var groups []quoteGroup
	names := make([]string, 0, len(cards))
	for _, c := range cards {
		name := r.cardName(c)
		names = append(names, name)
		if len(fields) < maxFields {
			fields = append(fields, mrkdwn(r.columnText(name, c)))
		}
		g := quoteGroup{heading: "*" + Escape(name) + "* on the record"}
		for _, q := range c.Quotes {
			if len(g.quotes) < 2 {
				g.quotes = append(g.quotes, q)
			} else {
				g.hidden++
			}
		}
		groups = append(groups, g)
	}
	head.section("*Comparing " + Escape(strings.Join(names, " and ")) + "*")
	head.fields(fields)
	r.sources(&tail, all.Sources)
	r.shareButton(&tail)
	r.feedback(&tail)
	text := "Comparing " + strings.Join(names, " and ")
	return r.assemble(head, tail, groups, plainFallback(text))
}

// renderer holds what every part of one message needs to know.
type renderer struct {
	opt     RenderOptions
	command string
	// names maps vendor ids to display names, from the answer's stances.
	names map[string]string
}

func newRenderer(a index.Answer, opt RenderOptions) *renderer {
	r := &renderer{opt: opt, command: commandName(opt.Command), names: map[string]string{}}
	for _, s := range a.Stances {
		if n := oneLine(s.Name); n != "" && s.Vendor != "" {
			r.names[s.Vendor] = n
		}
	}
	return r
}

// commandName is the slash command to show, "/trust" unless configured
// otherwise with a name that looks like one.
func commandName(c string) string {
	c = oneLine(c)
	if !strings.HasPrefix(c, "/") || strings.ContainsAny(c, " `*_~") || len(c) > 32 {
		return "/trust"
	}
	return c
}

// vendorName is the display name of a vendor id: from the answer's
// stances, else the registry, else the id itself.
func (r *renderer) vendorName(id string) string {
	if n, ok := r.names[id]; ok {
		return n
	}
	reg := r.opt.Vendors
	if reg == nil {
		reg = corpus.Builtin()
	}
	if v, ok := reg.Vendor(id); ok && oneLine(v.Name) != "" {
		return oneLine(v.Name)
	}
	return oneLine(id)
}

// cardName is the name of the vendor a card is about.
func (r *renderer) cardName(c index.Answer) string {
	if len(c.Stances) > 0 && oneLine(c.Stances[0].Name) != "" {
		return shorten(oneLine(c.Stances[0].Name), maxName)
	}
	if len(c.Vendors) > 0 && r.vendorName(c.Vendors[0]) != "" {
		return shorten(r.vendorName(c.Vendors[0]), maxName)
	}
	return "unnamed vendor"
}

// nothing is the answer when no quotation matched: the hint, said kindly,
// and what to try instead.
func (r *renderer) nothing(a index.Answer) Message {
	var b blockList
	r.sharedBy(&b)
	hint := shorten(clean(a.Hint), maxHint)
	if strings.TrimSpace(hint) == "" {
		hint = "I found no quotation that answers that."
	}
	b.section(Escape(hint))
	cmd := r.command
	vendor := "aws"
	if len(a.Vendors) > 0 && oneLine(a.Vendors[0]) != "" {
		vendor = shorten(oneLine(a.Vendors[0]), maxName)
	}
	b.section("*You could try:*\n" +
		"• fewer or other words, in English or in French\n" +
		"• `" + cmd + " vendor " + Escape(vendor) + "` for everything a vendor said on the record\n" +
		"• `" + cmd + " sources` to see which vendors and publications I know\n" +
		"• `" + cmd + " help` for everything I can do")
	if n := oneLine(a.Note); n != "" {
		b.context(Escape(shorten(n, maxNote)))
	}
	r.shareButton(&b)
	return Message{Text: plainFallback(hint), Blocks: b.list}
}

// sharedBy adds the line that says who shared an answer to the channel.
func (r *renderer) sharedBy(b *blockList) {
	if m := mention(r.opt.SharedBy); m != "" {
		b.context("Shared by " + m)
	}
}

// shareButton adds the "Share in channel" button when asked for. A value
// longer than Slack allows would make Slack refuse the whole message, so
// the button is left out instead; so is one whose value is not UTF-8,
// which JSON cannot carry unchanged.
func (r *renderer) shareButton(b *blockList) {
	if !r.opt.ShareButton || len(r.opt.ShareValue) > maxButtonValue || !utf8.ValidString(r.opt.ShareValue) {
		return
	}
	btn := slack.NewButtonBlockElement(ShareActionID, r.opt.ShareValue, plain("Share in channel"))
	b.add(slack.NewActionBlock("", btn), len("Share in channel"))
}

// stances adds each vendor's stance: name, labels and summary.
func (r *renderer) stances(b *blockList, stances []index.Stance) {
	if len(stances) == 0 {
		return
	}
	var sb strings.Builder
	sb.WriteString("*Where they stand*")
	for i, s := range stances {
		if i == maxStances {
			fmt.Fprintf(&sb, "\n_and %d more vendors_", len(stances)-i)
			break
		}
		name := shorten(oneLine(s.Name), maxName)
		if name == "" {
			name = shorten(oneLine(s.Vendor), maxName)
		}
		sb.WriteString("\n*" + Escape(name) + "*")
		if l := labelList(s.Labels); l != "" {
			sb.WriteString(" — _" + l + "_")
		}
		if sum := oneLine(s.Summary); sum != "" {
			sb.WriteString("\n" + Escape(shorten(sum, maxSummary)))
		}
	}
	b.section(sb.String())
}

// columnText is one vendor's column in a comparison.
func (r *renderer) columnText(name string, c index.Answer) string {
	text := "*" + Escape(name) + "*"
	if len(c.Stances) > 0 {
		s := c.Stances[0]
		if l := labelList(s.Labels); l != "" {
			text += "\n_" + l + "_"
		}
		if sum := oneLine(s.Summary); sum != "" {
			text += "\n" + Escape(shorten(sum, maxSummary))
		}
	} else if h := oneLine(c.Hint); h != "" {
		text += "\n" + Escape(shorten(h, maxSummary))
	} else {
		text += "\nNo quotation on record."
	}
	return safeCut(text, maxFieldText)
}

// sources adds the list of articles cited, each linked with its
// publication and date, as many as fit.
func (r *renderer) sources(b *blockList, sources []index.Source) {
	if len(sources) == 0 {
		return
	}
	text := "*Sources*"
	for i, s := range sources {
		line := "\n• " + sourceLine(s)
		if len(text)+len(line) > maxSources {
			text += fmt.Sprintf("\n_and %d more_", len(sources)-i)
			break
		}
		text += line
	}
	b.section(text)
}

// summary adds the closing line: how many quotations matched, and the
// note on the question if there is one.
func (r *renderer) summary(b *blockList, a index.Answer) {
	var parts []string
	switch {
	case a.Total == 1:
		parts = append(parts, "1 quotation matched")
	case a.Total > 1:
		parts = append(parts, fmt.Sprintf("%d quotations matched", a.Total))
	}
	if n := oneLine(a.Note); n != "" {
		parts = append(parts, Escape(shorten(n, maxNote)))
	}
	if len(parts) > 0 {
		b.context(strings.Join(parts, " · "))
	}
}

// labelList is labels as readable words: "no-compete pledge, trust priority".
func labelList(labels []corpus.Label) string {
	var out []string
	for _, l := range labels {
		if w := labelWords(l); w != "" {
			out = append(out, w)
		}
	}
	return Escape(shorten(strings.Join(out, ", "), maxSummary))
}

// labelWords is one label as people say it.
func labelWords(l corpus.Label) string {
	switch l {
	case corpus.NoCompetePledge:
		return "no-compete pledge"
	case corpus.AcknowledgesCoopetition:
		return "acknowledges coopetition"
	case corpus.TrustPriority:
		return "trust priority"
	case corpus.CustomerSuccess:
		return "customer success"
	case corpus.DataPrivacyPledge:
		return "data-privacy pledge"
	case corpus.SovereigntyPledge:
		return "sovereignty pledge"
	}
	return shorten(oneLine(strings.ReplaceAll(string(l), "-", " ")), maxName)
}

// fallback is the notification text of an answer: its first quotation and
// who said it, or, when that is another vendor's, the hint that says so,
// lest a notification put one vendor's words in another's mouth.
func fallback(a index.Answer) string {
	if len(a.Quotes) > 0 && a.Quotes[0].OtherVendor && oneLine(a.Hint) != "" {
		return plainFallback(a.Hint)
	}
	for _, q := range a.Quotes {
		text := "“" + shorten(oneLine(q.Text), maxFallback/2) + "”"
		if s := oneLine(q.Speaker); s != "" {
			text += " — " + shorten(s, maxName)
		}
		return plainFallback(text)
	}
	if len(a.Stances) > 0 {
		return plainFallback(oneLine(a.Stances[0].Name) + ": " + oneLine(a.Stances[0].Summary))
	}
	return plainFallback("trustwatch answer")
}

// plainFallback makes s a Message.Text: one line, short, escaped.
func plainFallback(s string) string {
	return Escape(shorten(oneLine(s), maxFallback))
}

// dedupSources drops repeated articles, keeping the first.
func dedupSources(in []index.Source) []index.Source {
	seen := map[string]bool{}
	var out []index.Source
	for _, s := range in {
		k := s.URL + "\x00" + s.Title
		if !seen[k] {
			seen[k] = true
			out = append(out, s)
		}
	}
	return out
}
