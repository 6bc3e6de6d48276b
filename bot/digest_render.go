package bot

import (
	"fmt"
	"github.com/trustwatch/trustwatch/bot/digest"
	"strings"

	"github.com/slack-go/slack"

	"github.com/trustwatch/trustwatch/corpus"
	"github.com/trustwatch/trustwatch/index"
)

// maxDigestQuote bounds one quotation's words in a digest, shorter than
// in an answer: a digest is a summary with a way to ask for more.
const maxDigestQuote = 300

// RenderDigest draws a digest as a Slack message: what changed, then each
// vendor's new quotations (speaker, role, labels, linked source), each cut
// to the digest's caps with "and N more — ask `/trust vendor …`". An
// empty digest says there is nothing new. command is the slash command
// named in hints.
//
// Everything that comes from articles or the registry is escaped and
// every text object is verbatim: the digest never mentions, broadcasts or
// links anything but a source's URL.
func RenderDigest(d digest.Digest, command string) Message {
	cmd := commandName(command)
	var b blockList
	since := d.Since.Format("Mon 2 Jan 2006 15:04 MST")
	if d.Empty() {
		text := "Nothing new in the corpus since " + since + "."
		b.section("*trustwatch digest* — " + Escape(text))
		return Message{Text: plainFallback("trustwatch digest: " + text), Blocks: b.list}
	}
	n := len(d.Vendors) + len(d.MoreVendors)
	head := fmt.Sprintf("*trustwatch digest* — %d new %s", d.Quotes, plural(d.Quotes, "quotation", "quotations"))
	if named := namedVendors(d); named > 0 {
		head += fmt.Sprintf(" from %d %s", named, plural(named, "vendor", "vendors"))
	}
	b.section(head + " since " + Escape(since) + ".")

	if len(d.Changes) > 0 {
		var sb strings.Builder
		sb.WriteString("*What changed*")
		for _, c := range d.Changes {
			sb.WriteString("\n• " + changeLine(c))
		}
		if d.MoreChanges > 0 {
			fmt.Fprintf(&sb, "\n_and %d more_", d.MoreChanges)
		}
		b.section(sb.String())
	}

	for _, g := range d.Vendors {
		b.add(slack.NewDividerBlock(), 0)
		title := "*" + Escape(groupName(g)) + "*"
		if l := labelList(g.Labels); l != "" {
			title += " — _" + l + "_"
		}
		b.section(title)
		for _, q := range g.Quotes {
			b.section(digestQuote(q))
			b.context(sourceLine(q.Article))
		}
		if g.More > 0 {
			more := fmt.Sprintf("_and %d more", g.More)
			if g.Vendor != "" {
				more += " — ask `" + cmd + " vendor " + Escape(shorten(oneLine(g.Vendor), maxName)) + "`"
			}
			b.context(more + "_")
		}
	}
	if len(d.MoreVendors) > 0 {
		var names []string
		for _, g := range d.MoreVendors {
			names = append(names, fmt.Sprintf("%s (%d)", Escape(groupName(g)), g.More))
		}
		b.add(slack.NewDividerBlock(), 0)
		b.context(fmt.Sprintf("_and %d more %s: %s — ask `%s vendor …`_", len(d.MoreVendors),
			plural(len(d.MoreVendors), "vendor", "vendors"), safeCut(strings.Join(names, ", "), maxSources), cmd))
	}

	text := fmt.Sprintf("trustwatch digest: %d new %s", d.Quotes, plural(d.Quotes, "quotation", "quotations"))
	var names []string
	for _, g := range d.Vendors {
		if g.Vendor != "" {
			names = append(names, groupName(g))
		}
	}
	if len(names) > 0 {
		text += " — " + strings.Join(names, ", ")
		if n > len(names) {
			text += " and more"
		}
	}
	return Message{Text: plainFallback(text), Blocks: b.list}
}

// namedVendors counts the vendors, leaving out quotations tied to none.
func namedVendors(d digest.Digest) int {
	n := 0
	for _, gs := range [][]digest.DigestVendor{d.Vendors, d.MoreVendors} {
		for _, g := range gs {
			if g.Vendor != "" {
				n++
			}
		}
	}
	return n
}

// groupName is a vendor group's heading, in raw text.
func groupName(g digest.DigestVendor) string {
	if g.Vendor == "" {
		return "Not tied to a vendor"
	}
	if n := shorten(oneLine(g.Name), maxName); n != "" {
		return n
	}
	return shorten(oneLine(g.Vendor), maxName)
}

// changeLine is one line of "What changed", in mrkdwn.
func changeLine(c digest.Change) string {
	name := shorten(oneLine(c.Name), maxName)
	if name == "" {
		name = shorten(oneLine(c.Vendor), maxName)
	}
	var line string
	switch c.Kind {
	case digest.ChangeReversal:
		line = fmt.Sprintf("*%s* reversed: now _%s_, after _%s_ before", Escape(name), labelList(c.Labels), labelList([]corpus.Label{c.Was}))
	case digest.ChangeFirst:
		line = fmt.Sprintf("*%s* is on record for the first time: _%s_", Escape(name), labelList(c.Labels))
	default:
		line = fmt.Sprintf("*%s* takes a new position: _%s_", Escape(name), labelList(c.Labels))
	}
	if s := oneLine(c.Quote.Speaker); s != "" {
		line += " (" + Escape(shorten(s, maxName)) + ")"
	}
	return line
}

// digestQuote is one quotation: its words, speaker, role and labels.
func digestQuote(q index.AnswerQuote) string {
	var sb strings.Builder
	sb.WriteString(">“" + emphasise(q.Text, maxDigestQuote) + "”\n— ")
	if s := oneLine(q.Speaker); s != "" {
		sb.WriteString("*" + Escape(shorten(s, maxName)) + "*")
	} else {
		sb.WriteString("unattributed")
	}
	if t := oneLine(q.SpeakerTitle); t != "" {
		sb.WriteString(", " + Escape(shorten(t, maxRole)))
	}
	if l := labelList(q.Labels); l != "" {
		sb.WriteString(" · _" + l + "_")
	}
	return sb.String()
}
