// Package report draws a vendor dossier: everything the corpus holds on
// one vendor, as Markdown (statements by topic and label, newest first,
// with speaker, date, outlet and link, and the changes of position over
// time) and as a PNG chart of its statements per label over time. The
// terminal (`trustwatch report`) and Slack (`/trust report`) show the
// same bytes. Its functions are pure, over index values; gonum/plot
// lives here and nowhere else. It must not import package bot, which
// imports it.
package report

import (
	"fmt"
	"slices"
	"strings"

	"github.com/trustwatch/trustwatch/corpus"
	"github.com/trustwatch/trustwatch/index"
)

// Empty is the sentence for a vendor with no quotation (on the topic,
// when one is given).
func Empty(v index.VendorQuotes) string {
	if v.Topic != "" {
		return fmt.Sprintf("There are no quotations from %s on %s in the corpus.", v.Name, v.Topic)
	}
	return fmt.Sprintf("There are no quotations from %s in the corpus.", v.Name)
}

// Markdown is the dossier of v. chart is the relative path of its PNG
// chart, linked as an image; "" leaves the image out (Slack shows the
// chart as a file of its own).
func Markdown(v index.VendorQuotes, chart string) string {
	var b strings.Builder
	title := text(v.Name) + ": dossier"
	if v.Topic != "" {
		title = text(v.Name) + ": dossier on " + string(v.Topic)
	}
	b.WriteString("# " + title + "\n\n")
	if len(v.Quotes) == 0 {
		b.WriteString(text(Empty(v)) + "\n")
		return b.String()
	}
	b.WriteString(overview(v) + "\n\n")
	b.WriteString("Labels and topics are read by trustwatch's model and can be wrong: each statement links to its source.\n\n")
	if chart != "" {
		fmt.Fprintf(&b, "![%s: statements per label over time](<%s>)\n\n", text(v.Name), chart)
	}
	positions(&b, v.Quotes)
	changes(&b, Changes(v.Quotes))
	statements(&b, v)
	return b.String()
}

// overview is the first paragraph: how many statements, from how many
// articles and outlets, over which dates.
func overview(v index.VendorQuotes) string {
	articles, outlets := map[string]bool{}, map[string]bool{}
	var newest, oldest string
	undated := 0
	for _, q := range v.Quotes {
		for _, a := range append([]index.Source{q.Article}, q.AlsoIn...) {
			articles[a.ID+"\x00"+a.URL] = true
			if a.Publication != "" {
				outlets[a.Publication] = true
			}
		}
		d := q.Article.Date
		if d == "" {
			undated++
			continue
		}
		if newest == "" || d > newest {
			newest = d
		}
		if oldest == "" || d < oldest {
			oldest = d
		}
	}
	s := fmt.Sprintf("%s in %s from %s", plural(len(v.Quotes), "statement"), plural(len(articles), "article"), plural(len(outlets), "outlet"))
	switch {
	case oldest == newest && oldest != "":
		s += ", dated " + oldest
	case oldest != "":
		s += ", from " + oldest + " to " + newest
	}
	if undated > 0 {
		s += fmt.Sprintf(" (%d undated)", undated)
	}
	s += "."
	if v.More > 0 {
		s += fmt.Sprintf(" %d more are left out of this report.", v.More)
	}
	return s
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}

// positions is the table of labels: how many statements took each, and
// when first and last.
func positions(b *strings.Builder, quotes []index.AnswerQuote) {
	b.WriteString("## Positions\n\n| label | statements | first | latest |\n| --- | ---: | --- | --- |\n")
	for _, l := range labelsOf(quotes) {
		n := 0
		var first, latest string
		for _, q := range quotes {
			if !slices.Contains(labels(q), l) {
				continue
			}
			n++
			if d := q.Article.Date; d != "" {
				if latest == "" || d > latest {
					latest = d
				}
				if first == "" || d < first {
					first = d
				}
			}
		}
		fmt.Fprintf(b, "| %s | %d | %s | %s |\n", code(string(l)), n, orDash(first), orDash(latest))
	}
	b.WriteString("\n")
}

func orDash(s string) string {
	if s == "" {
		return "–"
	}
	return s
}

// changes is the timeline of positions taken and reversed.
func changes(b *strings.Builder, cs []Change) {
	b.WriteString("## Changes of position over time\n\n")
	if len(cs) == 0 {
		b.WriteString("No dated statement takes a position.\n\n")
		return
	}
	b.WriteString("Oldest first, by the date of the article.\n\n")
	for _, c := range cs {
		switch c.Kind {
		case ChangeReversal:
			fmt.Fprintf(b, "- **%s**: reversal, now %s after %s (%s). %s\n", c.Quote.Article.Date, codes(c.Labels), code(string(c.Was)), c.WasDate, brief(c.Quote))
		default:
			fmt.Fprintf(b, "- **%s**: first %s. %s\n", c.Quote.Article.Date, codes(c.Labels), brief(c.Quote))
		}
	}
	b.WriteString("\n")
}

// brief is a statement in a line: its words cut short, speaker, outlet.
func brief(q index.AnswerQuote) string {
	words := strings.Fields(q.Text)
	cut := len(words) > 24
	if cut {
		words = words[:24]
	}
	s := "“" + text(strings.Join(words, " "))
	if cut {
		s += "…"
	}
	s += "” (" + who(q.Quote)
	if q.Article.Publication != "" {
		s += ", " + text(q.Article.Publication)
	}
	return s + ")"
}

// statements lists every statement, under its topic and its label.
func statements(b *strings.Builder, v index.VendorQuotes) {
	b.WriteString("## Statements by topic and label\n\n")
	b.WriteString("Newest first. A statement sits under its first topic and first label; the others are listed with it.\n\n")
	topics := append(slices.Clone(corpus.Topics), "")
	if v.Topic != "" {
		topics = []corpus.Topic{v.Topic}
	}
	for _, t := range topics {
		var inTopic []index.AnswerQuote
		for _, q := range v.Quotes {
			if topicOf(q, v.Topic) == t {
				inTopic = append(inTopic, q)
			}
		}
		if len(inTopic) == 0 {
			continue
		}
		name := "No topic"
		if t != "" {
			name = "Topic: " + string(t)
		}
		fmt.Fprintf(b, "### %s (%d)\n\n", name, len(inTopic))
		for _, l := range labelsOf(inTopic) {
			var inLabel []index.AnswerQuote
			for _, q := range inTopic {
				if labelOf(q) == l {
					inLabel = append(inLabel, q)
				}
			}
			if len(inLabel) == 0 {
				continue
			}
			fmt.Fprintf(b, "#### %s (%d)\n\n", code(string(l)), len(inLabel))
			for _, q := range inLabel {
				statement(b, q)
			}
			b.WriteString("\n")
		}
	}
}

// statement is one list item: date, words, speaker and role, outlet,
// link, then the other labels, topics and articles.
func statement(b *strings.Builder, q index.AnswerQuote) {
	fmt.Fprintf(b, "- **%s**: “%s”  \n  %s", orDash(q.Article.Date), text(q.Text), who(q.Quote))
	if q.Article.Publication != "" {
		b.WriteString(" · *" + text(q.Article.Publication) + "*")
	}
	b.WriteString(" · " + link(q.Article.Title, q.Article.URL))
	var extra []string
	if len(q.Labels) > 1 {
		extra = append(extra, "labels: "+codes(q.Labels))
	}
	if len(q.Topics) > 1 {
		extra = append(extra, "topics: "+codes(q.Topics))
	}
	if len(q.AlsoIn) > 0 {
		var also []string
		for _, a := range q.AlsoIn {
			s := link(a.Title, a.URL)
			if a.Publication != "" {
				s = "*" + text(a.Publication) + "*, " + s
			}
			if a.Date != "" {
				s += " (" + a.Date + ")"
			}
			also = append(also, s)
		}
		extra = append(extra, "also in: "+strings.Join(also, "; "))
	}
	if len(extra) > 0 {
		b.WriteString("  \n  " + strings.Join(extra, " · "))
	}
	b.WriteString("\n")
}

// who is the speaker and role, or says there is none.
func who(q corpus.Quote) string {
	s := text(q.Speaker)
	if s == "" {
		s = "speaker unknown"
	}
	if t := text(q.SpeakerTitle); t != "" {
		s += ", " + t
	}
	return s
}

// topicOf is the topic a statement is listed under: the one asked for,
// else its first, else none.
func topicOf(q index.AnswerQuote, asked corpus.Topic) corpus.Topic {
	if asked != "" {
		return asked
	}
	if len(q.Topics) > 0 {
		return q.Topics[0]
	}
	return ""
}

// labels are a statement's labels, or "other" when it has none.
func labels(q index.AnswerQuote) []corpus.Label {
	if len(q.Labels) == 0 {
		return []corpus.Label{corpus.Other}
	}
	return q.Labels
}

// labelOf is the label a statement is listed under: its first, else
// "other".
func labelOf(q index.AnswerQuote) corpus.Label {
	if len(q.Labels) > 0 {
		return q.Labels[0]
	}
	return corpus.Other
}

// labelsOf lists the labels of quotes in the contract's order (unknown
// ones after, by name), "other" for a statement without label.
func labelsOf(quotes []index.AnswerQuote) []corpus.Label {
	seen := map[corpus.Label]bool{}
	for _, q := range quotes {
		for _, l := range labels(q) {
			seen[l] = true
		}
	}
	var out, unknown []corpus.Label
	for _, l := range corpus.Labels {
		if seen[l] {
			out = append(out, l)
		}
	}
	for l := range seen {
		if !slices.Contains(corpus.Labels, l) {
			unknown = append(unknown, l)
		}
	}
	slices.Sort(unknown)
	return append(out, unknown...)
}

// code shows a label or topic id as code, escaped: ids come from the
// model and the contract, but a stray backtick must not end the span.
func code(s string) string {
	return "`" + strings.ReplaceAll(clean(s), "`", "'") + "`"
}

func codes[T ~string](xs []T) string {
	out := make([]string, len(xs))
	for i, x := range xs {
		out[i] = code(string(x))
	}
	return strings.Join(out, ", ")
}
