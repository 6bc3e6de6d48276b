package bot

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/slack-go/slack"

	"github.com/trustwatch/trustwatch/index"
)

// quoteGroup is quotations shown together, under an optional heading.
type quoteGroup struct {
	heading string // mrkdwn, already escaped; "" for none
	quotes  []index.AnswerQuote
	hidden  int // quotations left out before rendering
}

// quoteGroups splits an answer's quotations into those about the vendors
// asked about and the nearest evidence from others, which gets a heading
// that says plainly it is not about them.
func (r *renderer) quoteGroups(a index.Answer) []quoteGroup {
	var own, other quoteGroup
	for _, q := range a.Quotes {
		if q.OtherVendor {
			other.quotes = append(other.quotes, q)
		} else {
			own.quotes = append(own.quotes, q)
		}
	}
	if len(other.quotes) == 0 {
		return []quoteGroup{own}
	}
	var asked []string
	for _, v := range a.Vendors {
		if n := r.vendorName(v); n != "" {
			asked = append(asked, n)
		}
	}
	about := "the vendor you asked about"
	if len(asked) > 0 {
		about = shorten(strings.Join(asked, " or "), 2*maxName)
	}
	other.heading = "*Nearest evidence from other vendors (not about " + Escape(about) + ")*"
	return []quoteGroup{own, other}
}

// quoteCard renders one quotation as a section (its words, speaker,
// vendor, labels) and a context line (its source).
func (r *renderer) quoteCard(q index.AnswerQuote) (section, source string) {
	words := q.Highlight
	if !strings.ContainsRune(words, '\x02') {
		words = q.Text
	}
	var sb strings.Builder
	sb.WriteString(">“" + emphasise(words, maxQuote) + "”\n— ")
	if s := oneLine(q.Speaker); s != "" {
		sb.WriteString("*" + Escape(shorten(s, maxName)) + "*")
	} else {
		sb.WriteString("unattributed")
	}
	t := oneLine(q.SpeakerTitle)
	if t != "" {
		sb.WriteString(", " + Escape(shorten(t, maxRole)))
	}
	// The vendor is named unless the speaker's title already names it
	// ("CEO of Nimbus Cloud · Nimbus Cloud" says it twice).
	if v := r.vendorName(q.Vendor); v != "" && !strings.Contains(strings.ToLower(t), strings.ToLower(v)) {
		sb.WriteString(" · " + Escape(shorten(v, maxName)))
	}
	if l := labelList(q.Labels); l != "" {
		sb.WriteString("\n_" + l + "_")
	}
	src := sourceLine(q.Article) + r.correctedBy(q)
	if n := outlets(q); len(n) > 0 {
		word := "outlets"
		if len(n) == 1 {
			word = "outlet"
		}
		src += fmt.Sprintf(" · also quoted by %d other %s", len(n), word)
		if len(n) <= 3 {
			src += " (" + Escape(shorten(strings.Join(n, ", "), 3*maxPub)) + ")"
		}
	}
	return sb.String(), src
}

// langName names the languages of quotations: of an also_in source that
// quotes the statement in the other language, of a thread's follow-up.
var langName = map[string]string{"en": "English", "fr": "French"}

// languageName is l's name, English for a language it does not name.
func languageName(l string) string {
	if n := langName[l]; n != "" {
		return n
	}
	return "English"
}

// outlets are the publications other than the quotation's own article's
// that carry it too.
func outlets(q index.AnswerQuote) []string {
	own := oneLine(q.Article.Publication)
	seen := map[string]bool{own: true, "": true}
	var out []string
	for _, s := range q.AlsoIn {
		p := shorten(oneLine(s.Publication), maxPub)
		if l := langName[s.Lang]; l != "" && p != "" {
			p += " in " + l // the statement's translation, merged into it
		}
		if !seen[p] {
			seen[p] = true
			out = append(out, p)
		}
	}
	return out
}

// sourceLine is an article as a citation: its title linked to its URL,
// its publication and its date.
func sourceLine(s index.Source) string {
	title := shorten(oneLine(s.Title), maxTitle)
	pub := shorten(oneLine(s.Publication), maxPub)
	if title == "" {
		title = pub
	}
	if title == "" {
		title = "untitled article"
	}
	line := link(s.URL, title)
	if pub != "" && pub != title {
		line += " · " + Escape(pub)
	}
	if d := shorten(oneLine(s.Date), maxDate); d != "" {
		line += " · " + Escape(d)
	}
	return line
}

// emphasise renders a quotation's words, shortened to max, with the
// index's highlight marks (\x02 before and \x03 after a match) made
// *bold*. Marks are balanced whatever the input, and white space is kept
// outside the asterisks, where Slack needs it to see bold.
func emphasise(h string, max int) string {
	h = strings.Map(func(r rune) rune {
		switch {
		case r == '\x02' || r == '\x03':
			return r
		case unicode.IsSpace(r):
			return ' '
		case unicode.IsControl(r):
			return -1
		}
		return r
	}, strings.ToValidUTF8(h, "\uFFFD"))
	h = strings.Join(strings.Fields(h), " ")
	// One byte is kept for a closing mark the cut may need.
	h = shorten(h, max-1)
	var out, bold strings.Builder
	open := false
	flush := func() {
		b := bold.String()
		bold.Reset()
		inner := strings.TrimSpace(b)
		if inner == "" {
			out.WriteString(Escape(b))
			return
		}
		lead := b[:len(b)-len(strings.TrimLeft(b, " "))]
		trail := b[len(strings.TrimRight(b, " ")):]
		out.WriteString(lead + "*" + Escape(inner) + "*" + trail)
	}
	for len(h) > 0 {
		i := strings.IndexAny(h, "\x02\x03")
		if i < 0 {
			i = len(h)
		}
		if open {
			bold.WriteString(h[:i])
		} else {
			out.WriteString(Escape(h[:i]))
		}
		if i == len(h) {
			break
		}
		switch h[i] {
		case '\x02':
			if !open {
				open = true
			}
		case '\x03':
			if open {
				open = false
				flush()
			}
		}
		h = h[i+1:]
	}
	if open {
		flush()
	}
	return out.String()
}

// blockList is blocks being gathered, with the length of their text.
type blockList struct {
	list  []slack.Block
	chars int
}

func (b *blockList) add(bl slack.Block, chars int) {
	b.list = append(b.list, bl)
	b.chars += chars
}

// section adds a section of mrkdwn text, cut to Slack's limit as a last
// resort: the parts that go into a section are shortened beforehand.
func (b *blockList) section(text string) {
	if strings.TrimSpace(text) == "" { // Slack refuses empty text
		return
	}
	text = safeCut(text, maxSectionText)
	b.add(slack.NewSectionBlock(mrkdwn(text), nil, nil), len(text))
}

// fields adds a section of side-by-side fields.
func (b *blockList) fields(fs []*slack.TextBlockObject) {
	if len(fs) == 0 {
		return
	}
	n := 0
	for _, f := range fs {
		n += len(f.Text)
	}
	b.add(slack.NewSectionBlock(nil, fs, nil), n)
}

// context adds a context block of one mrkdwn element.
func (b *blockList) context(text string) {
	if strings.TrimSpace(text) == "" {
		return
	}
	text = safeCut(text, maxSectionText)
	b.add(slack.NewContextBlock("", mrkdwn(text)), len(text))
}

// assemble puts head, quotations and tail together, fitting as many
// quotations as Slack's block and text limits leave room for, and saying
// how many were left out.
func (r *renderer) assemble(head, tail blockList, groups []quoteGroup, text string) Message {
	// Room is kept for a heading and a "not shown" line per group.
	blocksLeft := maxBlocks - len(head.list) - len(tail.list) - 2*len(groups)
	charsLeft := maxMessageText - head.chars - tail.chars - 200*len(groups)
	body := blockList{}
	for _, g := range groups {
		if len(g.quotes) == 0 {
			continue
		}
		if g.heading != "" {
			body.section(g.heading)
		}
		hidden := g.hidden
		for _, q := range g.quotes {
			if blocksLeft < 2 || charsLeft <= 0 { // full: no need to draw it
				hidden++
				continue
			}
			sec, src := r.quoteCard(q)
			sec, src = safeCut(sec, maxSectionText), safeCut(src, maxSectionText)
			if blocksLeft < 2 || charsLeft < len(sec)+len(src) {
				hidden++
				continue
			}
			body.add(slack.NewSectionBlock(mrkdwn(sec), nil, r.quoteMenu(q)), len(sec))
			body.add(slack.NewContextBlock("", mrkdwn(src)), len(src))
			blocksLeft -= 2
			charsLeft -= len(sec) + len(src)
		}
		if hidden > 0 {
			body.context(fmt.Sprintf("_%d more not shown; ask a narrower question to see them._", hidden))
		}
	}
	blocks := make([]slack.Block, 0, len(head.list)+len(body.list)+len(tail.list))
	blocks = append(blocks, head.list...)
	blocks = append(blocks, body.list...)
	if len(body.list) > 0 && len(tail.list) > 0 {
		blocks = append(blocks, slack.NewDividerBlock())
	}
	blocks = append(blocks, tail.list...)
	if len(blocks) > maxBlocks { // cannot happen with the budgets above; kept as a guard
		blocks = blocks[:maxBlocks]
	}
	if text == "" {
		text = "trustwatch"
	}
	return Message{Text: text, Blocks: blocks}
}

// safeCut shortens text that is already mrkdwn to at most max bytes,
// ending with "…". It never splits a rune, an entity such as &amp; or a
// <link|label>: it cuts before any that would be left open.
func safeCut(text string, max int) string {
	if len(text) <= max {
		return text
	}
	cut := max - len(ellipsis)
	for cut > 0 && !utf8.RuneStart(text[cut]) {
		cut--
	}
	s := text[:cut]
	if i := strings.LastIndexByte(s, '<'); i >= 0 && !strings.Contains(s[i:], ">") {
		s = s[:i]
	}
	if i := strings.LastIndexByte(s, '&'); i >= 0 && !strings.Contains(s[i:], ";") {
		s = s[:i]
	}
	return s + ellipsis
}
