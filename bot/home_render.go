package bot

import (
	"fmt"
	"github.com/trustwatch/trustwatch/bot/digest"
	"strings"

	"github.com/slack-go/slack"

	"github.com/trustwatch/trustwatch/corpus"
)

// Action ids of the Home tab's controls. The selects only hold state;
// the buttons act on it (see homeClick).
const (
	HomeChannelActionID     = "home_channel"
	HomeVendorsActionID     = "home_vendors"
	HomeSubscribeActionID   = "home_subscribe"
	HomeUnsubscribeActionID = "home_unsubscribe"
	homeControlsBlockID     = "home_controls"
)

// Block Kit's limits on a view and its elements, and what the Home tab
// shows within them.
const (
	maxViewBlocks  = 100 // blocks in a view (modal or Home tab)
	maxOptions     = 100 // options of a static select
	maxOptionText  = 75  // an option's text
	maxOptionValue = 150 // an option's value

	homeVendors = 10 // most quoted vendors listed
	homeTopics  = 6  // topics listed
	homeSubs    = 40 // subscriptions listed
	homeChanges = digest.DigestChanges
)

// HomeInfo is what the Home tab shows; homeInfo gathers it.
type HomeInfo struct {
	// Command is the slash command; BotUserID the bot's user id, for
	// "mention @trustwatch".
	Command   string
	BotUserID string
	// Month says the counts are of the quotations indexed this month;
	// false means all time (nothing was indexed this month).
	Month   bool
	Vendors []VendorCount // most quoted first
	Topics  []TopicCount  // most quoted first
	// Changes are the latest changes of position (this month's digest's),
	// MoreChanges counts those left out.
	Changes     []digest.Change
	MoreChanges int
	// Subscriptions are the channels subscribed to the digest, with
	// their vendors' names (none: every vendor).
	Subscriptions []HomeSubscription
	DigestChannel string
	// Choices are the vendors one can subscribe a channel to, most
	// quoted first.
	Choices []VendorCount
	// CanSubscribe is false when the bot has no state folder.
	CanSubscribe bool
	// Notice is the outcome of the user's last click, mrkdwn, escaped.
	Notice string
}

// TopicCount is how many quotations are about a topic.
type TopicCount struct {
	Topic  corpus.Topic `json:"topic"`
	Quotes int          `json:"quotes"`
}

// HomeSubscription is one subscribed channel, as the Home tab lists it.
type HomeSubscription struct {
	Channel string
	Vendors []string // names; none is every vendor
}

// RenderHome draws the Home tab: how to ask, the most quoted vendors and
// topics, the latest changes of position, the digest's subscriptions and
// the controls to change one channel's. Every list is cut with an
// "… and N more" line, so the view stays within 100 blocks and 3,000
// characters a section whatever the corpus and the subscriptions.
func RenderHome(h HomeInfo) slack.HomeTabViewRequest {
	cmd := commandName(h.Command)
	var b blockList
	b.add(slack.NewHeaderBlock(plain("trustwatch")), len("trustwatch"))
	if strings.TrimSpace(h.Notice) != "" {
		b.section(h.Notice)
	}
	who := "me"
	if m := mention(h.BotUserID); m != "" {
		who = m
	}
	b.section("*How to ask*\nWhat technology vendors' executives said on the record about competing with their customers, " +
		"customer data, sovereignty and trust, with quotations and sources:\n" +
		"• `" + cmd + " QUESTION` in any channel: the answer is private until you share it\n" +
		"• mention " + who + " in a channel I am in: I answer in the thread\n" +
		"• a direct message in the *Messages* tab")
	var ex strings.Builder
	ex.WriteString("*Examples*")
	for _, u := range usage[:5] {
		fmt.Fprintf(&ex, "\n• `%s %s` — %s", cmd, u.args, u.what)
	}
	b.section(ex.String())
	b.add(slack.NewDividerBlock(), 0)

	title := "Most quoted this month"
	if !h.Month {
		title = "Most quoted"
	}
	b.add(slack.NewHeaderBlock(plain(title)), len(title))
	if len(h.Vendors) == 0 {
		b.section("_No quotations yet._")
	} else {
		var lines []string
		for _, v := range h.Vendors[:min(len(h.Vendors), homeVendors)] {
			lines = append(lines, fmt.Sprintf("• *%s* — %d %s", Escape(shorten(oneLine(homeOr(v.Name, v.ID)), maxName)), v.Quotes, plural(v.Quotes, "quotation", "quotations")))
		}
		b.section(withMore(lines, len(h.Vendors)-homeVendors, "vendor", "vendors"))
	}
	if len(h.Topics) > 0 {
		var ts []string
		for _, t := range h.Topics[:min(len(h.Topics), homeTopics)] {
			ts = append(ts, fmt.Sprintf("%s (%d)", Escape(shorten(oneLine(string(t.Topic)), maxName)), t.Quotes))
		}
		b.section("*Topics*: " + strings.Join(ts, " · "))
	}
	b.add(slack.NewDividerBlock(), 0)

	b.add(slack.NewHeaderBlock(plain("Latest changes of position")), 26)
	if len(h.Changes) == 0 {
		b.section("_No vendor changed position this month._")
	} else {
		var lines []string
		for _, c := range h.Changes[:min(len(h.Changes), homeChanges)] {
			lines = append(lines, "• "+changeLine(c))
		}
		b.section(withMore(lines, h.MoreChanges+max(len(h.Changes)-homeChanges, 0), "change", "changes"))
	}
	b.add(slack.NewDividerBlock(), 0)

	b.add(slack.NewHeaderBlock(plain("Digest subscriptions")), 20)
	var subs []string
	if h.DigestChannel != "" {
		subs = append(subs, "• "+channelRef(h.DigestChannel)+" — every vendor (the digest channel)")
	}
	for _, s := range h.Subscriptions {
		what := "every vendor"
		if len(s.Vendors) > 0 {
			var names []string
			for _, n := range s.Vendors {
				names = append(names, Escape(shorten(oneLine(n), maxName)))
			}
			what = shorten(strings.Join(names, ", "), 1000)
		}
		subs = append(subs, "• "+channelRef(s.Channel)+" — "+what)
	}
	if len(subs) == 0 {
		b.section("_The digest goes nowhere yet._")
	}
	packLines(&b, subs, homeSubs, "channel", "channels")

	if h.CanSubscribe {
		b.section("*Change a channel's digest*: pick a channel and the vendors it should follow (none: every vendor), " +
			"then *Subscribe* or *Unsubscribe*. Invite me to the channel too (`/invite`), or I cannot post there.")
		b.add(homeControls(h.Choices), 0)
	} else {
		b.context("Subscriptions need a state folder on the bot; ask whoever runs it to set one.")
	}
	blocks := b.list
	if len(blocks) > maxViewBlocks { // cannot happen with the caps above; Slack would refuse the view
		blocks = blocks[:maxViewBlocks]
	}
	return slack.HomeTabViewRequest{Type: slack.VTHomeTab, Blocks: slack.Blocks{BlockSet: blocks}}
}

// homeControls is the actions block: a channel, vendors, two buttons.
func homeControls(choices []VendorCount) *slack.ActionBlock {
	ch := slack.NewOptionsSelectBlockElement(slack.OptTypeConversations, plain("Pick a channel"), HomeChannelActionID)
	ch.Filter = &slack.SelectBlockElementFilter{Include: []string{"public", "private"}, ExcludeBotUsers: true}
	elems := []slack.BlockElement{ch}
	var opts []*slack.OptionBlockObject
	for _, v := range choices {
		if len(opts) == maxOptions {
			break
		}
		if v.ID == "" || len(v.ID) > maxOptionValue {
			continue
		}
		name := oneLine(homeOr(v.Name, v.ID))
		opts = append(opts, slack.NewOptionBlockObject(v.ID, plain(cutRunes(name, maxOptionText)), nil))
	}
	if len(opts) > 0 {
		elems = append(elems, slack.NewOptionsMultiSelectBlockElement(slack.MultiOptTypeStatic, plain("Every vendor"), HomeVendorsActionID, opts...))
	}
	elems = append(elems,
		slack.NewButtonBlockElement(HomeSubscribeActionID, "subscribe", plain("Subscribe")).WithStyle(slack.StylePrimary),
		slack.NewButtonBlockElement(HomeUnsubscribeActionID, "unsubscribe", plain("Unsubscribe")))
	return slack.NewActionBlock(homeControlsBlockID, elems...)
}

// withMore joins lines, adding "… and N more" when more > 0.
func withMore(lines []string, more int, one, many string) string {
	s := strings.Join(lines, "\n")
	if more > 0 {
		s += fmt.Sprintf("\n_… and %d more %s_", more, plural(more, one, many))
	}
	return s
}

// packLines adds at most limit lines in as few sections as fit Slack's
// 3,000 characters each, then "… and N more" for the rest.
func packLines(b *blockList, lines []string, limit int, one, many string) {
	shown := lines[:min(len(lines), limit)]
	var cur strings.Builder
	for _, l := range shown {
		if cur.Len() > 0 && cur.Len()+1+len(l) > maxSectionText {
			b.section(cur.String())
			cur.Reset()
		}
		if cur.Len() > 0 {
			cur.WriteByte('\n')
		}
		cur.WriteString(l)
	}
	if more := len(lines) - len(shown); more > 0 {
		line := fmt.Sprintf("_… and %d more %s_", more, plural(more, one, many))
		if cur.Len()+1+len(line) > maxSectionText {
			b.section(cur.String())
			cur.Reset()
		}
		if cur.Len() > 0 {
			cur.WriteByte('\n')
		}
		cur.WriteString(line)
	}
	b.section(cur.String())
}

// cutRunes cuts plain text (not mrkdwn: option labels) to max characters.
func cutRunes(s string, max int) string {
	r := []rune(s)
	if len(r) <= max {
		return s
	}
	return string(r[:max-1]) + ellipsis
}

// homeOr is s, or def when s is empty.
func homeOr(s, def string) string {
	if s == "" {
		return def
	}
	return s
}
