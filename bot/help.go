package bot

import (
	"fmt"
	"strings"
)

// usage is what the help says each subcommand does, in the order shown.
// The question form comes first because it is what most people want.
var usage = []struct{ args, what string }{
	{"does AWS compete with its customers?", "ask in your own words, in English or French; I answer with what executives said on the record"},
	{"vendor aws", "one vendor's stance across every article I know"},
	{"compare aws microsoft", "two vendors side by side"},
	{"report aws [TOPIC]", "a dossier of everything I know on a vendor (on one topic, if given), uploaded here as Markdown with a chart"},
	{"digest", "preview the digest of what is new"},
	{"sources", "which articles, publications and vendors I know"},
	{"subscribe [VENDOR…]", "get the digest in this channel, for every vendor or those named"},
	{"unsubscribe [VENDOR…]", "stop the digest in this channel, or for those vendors"},
	{"subscriptions", "which channels get the digest"},
	{"help", "this message"},
}

// RenderHelp explains how to use the bot through the given slash command.
func RenderHelp(command string) Message {
	cmd := commandName(command)
	var b blockList
	b.section("*trustwatch* answers questions on technology vendors' trust positions " +
		"— whether they compete with their customers, what they do with customer data, " +
		"where they keep it — from quotations in news articles, with their sources.")
	var sb strings.Builder
	sb.WriteString("*How to ask*")
	for _, u := range usage {
		fmt.Fprintf(&sb, "\n• `%s %s` — %s", cmd, u.args, u.what)
	}
	b.section(sb.String())
	b.context("Answers to " + cmd + " are private until you share them. " +
		"You can also mention me in a channel (I answer in the thread) or send me a direct message.")
	return Message{Text: "How to use " + cmd, Blocks: b.list}
}

// RenderError tells the user a request failed. msg should say what to do;
// it is escaped like any other text.
func RenderError(msg string) Message {
	text := "Sorry, I could not answer that: " + Escape(shorten(oneLine(msg), maxHint))
	var b blockList
	b.section(text)
	return Message{Text: plainFallback("Sorry, I could not answer that: " + msg), Blocks: b.list}
}

// RenderBusy tells the user the bot has too much work to take theirs now.
func RenderBusy() Message {
	const text = "I am answering many questions at once right now. Please ask again in a minute."
	var b blockList
	b.section(text)
	return Message{Text: text, Blocks: b.list}
}

// SourcesInfo is what /trust sources describes: the corpus behind the
// answers. The caller fills it from the index's statistics.
type SourcesInfo struct {
	Articles     int
	Quotes       int
	Vendors      []VendorCount // most quoted first
	Publications []string
	// Newest is the date of the newest article, as the articles give it.
	Newest string
}

// VendorCount is a vendor and how many quotations it has.
type VendorCount struct {
	ID     string
	Name   string
	Quotes int
}

// RenderSources describes the corpus: how many articles and quotations,
// the vendors with their counts, the publications and the newest date.
func RenderSources(info SourcesInfo) Message {
	var b blockList
	if info.Articles == 0 {
		b.section("I have no articles yet, so I cannot answer questions. Add article files to the corpus and I will index them.")
		return Message{Text: "No articles indexed yet", Blocks: b.list}
	}
	head := fmt.Sprintf("I know *%d* %s with *%d* %s", info.Articles, plural(info.Articles, "article", "articles"),
		info.Quotes, plural(info.Quotes, "quotation", "quotations"))
	if d := oneLine(info.Newest); d != "" {
		head += ", the newest from " + Escape(shorten(d, maxDate))
	}
	b.section(head + ".")
	if len(info.Vendors) > 0 {
		text := "*Vendors*"
		for i, v := range info.Vendors {
			name := shorten(oneLine(v.Name), maxName)
			if name == "" {
				name = shorten(oneLine(v.ID), maxName)
			}
			item := fmt.Sprintf("\n• %s (%d)", Escape(name), v.Quotes)
			if id := oneLine(v.ID); id != "" && id != name {
				item = fmt.Sprintf("\n• %s — `%s` (%d)", Escape(name), Escape(shorten(id, maxName)), v.Quotes)
			}
			if len(text)+len(item) > maxSources {
				text += fmt.Sprintf("\n_and %d more_", len(info.Vendors)-i)
				break
			}
			text += item
		}
		b.section(text)
	}
	if len(info.Publications) > 0 {
		var pubs []string
		for _, p := range info.Publications {
			if p = shorten(oneLine(p), maxPub); p != "" {
				pubs = append(pubs, p)
			}
		}
		b.section("*Publications*\n" + Escape(shorten(strings.Join(pubs, ", "), maxSources)))
	}
	text := fmt.Sprintf("%d articles, %d quotations", info.Articles, info.Quotes)
	return Message{Text: text, Blocks: b.list}
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
