package bot

import (
	"context"
	"fmt"
	"github.com/trustwatch/trustwatch/bot/digest"
	"regexp"
	"slices"
	"strings"

	"github.com/trustwatch/trustwatch/corpus"
)

// digestView is the bot's Slack view of its Digester: the answers to the
// digest's subcommands and the Home tab's part of it.
type digestView struct {
	*digest.Digester
	command string // the slash command named in hints
}

// Respond answers the digest's subcommands for a user in a channel:
// "digest" previews the digest, "subscribe [VENDOR…]" makes the channel
// receive it (for those vendors only, when named), "unsubscribe
// [VENDOR…]" stops it (for those vendors), "subscriptions" lists where it
// goes. A user's mistake is a Message, not an error.
func (d *digestView) Respond(ctx context.Context, sub string, args []string, channel, user string) (Message, error) {
	cmd := commandName(d.command)
	switch sub {
	case "digest":
		return d.previewMessage(ctx, channel)
	case "subscriptions":
		return d.subscriptionsMessage(ctx)
	}
	if d.Store == nil {
		return note("The digest has no place to keep subscriptions on this bot; ask whoever runs it to give it a state folder."), nil
	}
	ids, unknown := resolveVendors(d.Registry, args)
	if len(unknown) > 0 {
		return note(fmt.Sprintf("I do not know %s. Separate several vendors with commas; `%s sources` lists the vendors I know.",
			Escape(shorten(oneLine(strings.Join(unknown, ", ")), maxHint)), cmd)), nil
	}
	switch sub {
	case "subscribe":
		s, err := d.Store.Subscribe(ctx, channel, ids, user)
		if err != nil {
			return Message{}, err
		}
		what := "every vendor"
		if len(s.Vendors) > 0 {
			what = d.vendorNames(s.Vendors)
		}
		text := "This channel will get the digest for " + what + ", " + d.when() + "."
		if channel == d.Channel {
			text = "This channel is the digest channel: it gets every vendor's news, " + d.when() + ", whatever it subscribes to."
		}
		return note(text), nil
	case "unsubscribe":
		rest, was, err := d.Store.Unsubscribe(ctx, channel, ids)
		if err != nil {
			return Message{}, err
		}
		var text string
		switch {
		case !was:
			text = fmt.Sprintf("This channel was not subscribed. `%s subscribe` makes it get the digest.", cmd)
		case rest.Channel == "":
			text = "This channel will no longer get the digest."
		case len(rest.Vendors) == 0:
			text = fmt.Sprintf("This channel gets the digest for every vendor; `%s unsubscribe` with no vendor stops it.", cmd)
		default:
			text = "This channel will get the digest for " + d.vendorNames(rest.Vendors) + " only."
		}
		if channel == d.Channel {
			text += " It is the digest channel, though, so it still gets every vendor's news."
		}
		return note(text), nil
	}
	return RenderHelp(d.command), nil
}

// note is a short message of one section; text is mrkdwn, escaped.
func note(text string) Message {
	var b blockList
	b.section(text)
	return Message{Text: plainFallback(strings.ReplaceAll(text, "`", "")), Blocks: b.list}
}

func (d *digestView) previewMessage(ctx context.Context, channel string) (Message, error) {
	dg, err := d.Preview(ctx, channel)
	if err != nil {
		return Message{}, err
	}
	m := RenderDigest(dg, d.command)
	_, gets, err := d.TargetOf(ctx, channel)
	if err != nil {
		return Message{}, err
	}
	head := "_Preview of what the digest would post here now; " + d.when() + "._"
	if !gets {
		head = fmt.Sprintf("_Preview: this channel gets no digest (`%s subscribe` to get it here); the digest runs %s._",
			commandName(d.command), d.when())
	}
	var b blockList
	b.context(head)
	m.Blocks = append(b.list, m.Blocks...)
	if len(m.Blocks) > maxBlocks {
		m.Blocks = m.Blocks[:maxBlocks]
	}
	return m, nil
}

func (d *digestView) subscriptionsMessage(ctx context.Context) (Message, error) {
	ts, err := d.Targets(ctx)
	if err != nil {
		return Message{}, err
	}
	if len(ts) == 0 {
		return note(fmt.Sprintf("The digest goes nowhere yet. `%s subscribe` in a channel makes it go there.", commandName(d.command))), nil
	}
	var sb strings.Builder
	sb.WriteString("*The digest goes to*, " + d.when() + ":")
	for i, t := range ts {
		if i == 40 {
			fmt.Fprintf(&sb, "\n_and %d more_", len(ts)-i)
			break
		}
		what := "every vendor"
		if len(t.Vendors) > 0 {
			what = d.vendorNames(t.Vendors)
		}
		sb.WriteString("\n• " + channelRef(t.Channel) + " — " + what)
		if t.Channel == d.Channel {
			sb.WriteString(" (the digest channel)")
		}
	}
	var b blockList
	b.section(sb.String())
	return Message{Text: plainFallback(fmt.Sprintf("The digest goes to %d %s", len(ts), plural(len(ts), "channel", "channels"))), Blocks: b.list}, nil
}

// when says when the digest runs, escaped.
func (d *digestView) when() string {
	next := d.Next()
	if next.IsZero() {
		return "never (its schedule has no slot)"
	}
	return "next on " + Escape(next.Format("Mon 2 Jan 15:04 MST")) +
		" (schedule `" + Escape(d.Schedule.String()) + "`, " + Escape(d.Schedule.Location().String()) + ")"
}

// vendorNames lists vendors by name, escaped.
func (d *digestView) vendorNames(ids []string) string {
	var names []string
	for _, id := range ids {
		names = append(names, Escape(shorten(oneLine(digest.VendorName(d.Registry, id)), maxName)))
	}
	return strings.Join(names, ", ")
}

// channelID is the shape of a Slack conversation id.
var channelID = regexp.MustCompile(`^[CGD][A-Z0-9]+$`)

// channelRef shows a channel as Slack's reference to it when the id has
// the shape of one, else as escaped text.
func channelRef(id string) string {
	if channelID.MatchString(id) {
		return "<#" + id + ">"
	}
	return Escape(shorten(oneLine(id), maxName))
}

// resolveVendors reads the vendors a user named: the whole phrase as one
// vendor ("Amazon Web Services"), else each comma-separated item, or each
// word when there is no comma (an id, an alias, a spokesperson). It
// returns their ids, in order, and the items it could not read.
func resolveVendors(reg *corpus.Registry, args []string) (ids, unknown []string) {
	phrase := strings.TrimSpace(strings.Join(args, " "))
	if phrase == "" {
		return nil, nil
	}
	// Lookup finds a vendor mentioned anywhere in a phrase; the phrase
	// is one vendor only if it is one of its names.
	if v, ok := reg.Lookup(phrase); ok && namedBy(v, phrase) {
		return []string{v.ID}, nil
	}
	items := strings.Fields(phrase)
	if strings.Contains(phrase, ",") {
		items = strings.Split(phrase, ",")
	}
	for _, w := range items {
		w = strings.TrimSpace(w)
		if w == "" || strings.EqualFold(w, "and") || strings.EqualFold(w, "et") {
			continue
		}
		v, ok := reg.Lookup(w)
		switch {
		case !ok:
			unknown = append(unknown, w)
		case !slices.Contains(ids, v.ID):
			ids = append(ids, v.ID)
		}
	}
	return ids, unknown
}

// namedBy reports whether name is one of v's names: id, name, alias or
// spokesperson.
func namedBy(v corpus.Vendor, name string) bool {
	names := append([]string{v.ID, v.Name}, v.Aliases...)
	return slices.ContainsFunc(append(names, v.People...), func(n string) bool { return strings.EqualFold(n, name) })
}
