package bot

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/trustwatch/trustwatch/corpus"
	"github.com/trustwatch/trustwatch/index"
)

// A reply in one of the bot's threads is read against what the thread
// showed: another vendor, another language, older quotations, the next
// ones, or else a new question.

// followKind is what a reply in a thread asks for.
type followKind int

const (
	followQuestion followKind = iota // a new question, answered as such
	followVendor                     // the same question about other vendors
	followLang                       // the quotations in one language
	followOlder                      // quotations older than those shown
	followMore                       // the next quotations
	followTooLong                    // more than the bot reads
)

// maxFollowUp is the longest reply in a thread the bot reads, in
// characters: a question's length (index.MaxQuestion).
const maxFollowUp = index.MaxQuestion

// followUpLimit is how many quotations a follow-up asks the index for,
// to filter and page through: the index's most.
const followUpLimit = 50

var (
	moreWords  = regexp.MustCompile(`(?i)^(?:(?:and |et )?(?:more|next|plus|encore|la suite|suite|show more|more please|the rest|la suite svp|d'autres|others?)[ .!?…]*)$`)
	olderWords = regexp.MustCompile(`(?i)^(?:and |et )?(?:older(?: ones| quotes| quotations)?|earlier(?: ones)?|before that|plus ancien(?:ne)?s?|des plus anciennes|avant)[ .!?…]*$`)
	langWords  = regexp.MustCompile(`(?i)^(?:and |et )?(?:(?:in|en) )?(english|anglais|french|français|francais)[ .!?…]*$`)
	// vendorLead is what may come around a vendor's name in "and
	// Google?", « et Google ? », "what about Google?", « et pour Google ? ».
	vendorLead = regexp.MustCompile(`(?i)^(?:and|et|what about|how about|about|quid de|et pour|pour|et chez|chez|same for|pareil pour|idem pour|et du côté de|et côté|and for|or|ou)\b`)
)

// followUp reads a reply in a thread.
func followUp(text string, reg *corpus.Registry) (followKind, string, []string) {
	if utf8.RuneCountInString(text) > maxFollowUp {
		return followTooLong, "", nil
	}
	t := strings.TrimSpace(text)
	switch {
	case moreWords.MatchString(t):
		return followMore, "", nil
	case olderWords.MatchString(t):
		return followOlder, "", nil
	}
	if m := langWords.FindStringSubmatch(t); m != nil {
		lang := "en"
		if l := strings.ToLower(m[1]); strings.HasPrefix(l, "fr") {
			lang = "fr"
		}
		return followLang, lang, nil
	}
	if vs := reg.Mentions(t); len(vs) > 0 {
		// Only a vendor, with at most a lead-in: "and Google?".
		rest := strings.TrimSpace(vendorLead.ReplaceAllString(t, ""))
		rest = strings.Trim(rest, " ?!.…,;:")
		if len(strings.Fields(rest)) <= 4 && len(reg.Mentions(rest)) == len(vs) {
			return followVendor, "", vs
		}
	}
	return followQuestion, "", nil
}

// registry is the vendor registry of the index, or the built-in one.
func (b *Bot) registry() *corpus.Registry {
	if r, ok := b.cfg.Index.(interface{ Registry() *corpus.Registry }); ok {
		if reg := r.Registry(); reg != nil {
			return reg
		}
	}
	return corpus.Builtin()
}

// answerThread answers a reply in one of the bot's threads, whose context
// is t, and returns the new context with the message.
func (b *Bot) answerThread(ctx context.Context, req request, t Thread) (Message, int, error) {
	kind, lang, vendors := followUp(req.text, b.registry())
	next := t
	switch kind {
	case followTooLong:
		return notice(fmt.Sprintf("That reply is too long for me to read (%d characters). Ask a shorter question, under %d characters, or say \"more\", \"older ones?\", \"in French?\" or \"and <vendor>?\".",
			utf8.RuneCountInString(req.text), maxFollowUp)), 0, nil
	case followMore:
		next.Offset = t.Offset + max(t.Shown, answerLimit)
	case followOlder:
		if t.Oldest == "" {
			return notice("I cannot tell how old the quotations above are, so I have nothing older to show."), 0, nil
		}
		next.Before, next.Offset = t.Oldest, 0
	case followLang:
		next.Lang, next.Offset = lang, 0
	case followVendor:
		next.Vendors, next.Offset, next.Before = vendors, 0, ""
	case followQuestion:
		next = Thread{Question: req.text}
	}
	a, err := b.cfg.Index.Ask(ctx, index.Query{Question: next.Question, Vendors: next.Vendors, Limit: followUpLimit, Lang: next.Lang})
	if err != nil {
		return Message{}, 0, fmt.Errorf("ask the index in a thread: %w", err)
	}
	a = pageAnswer(a, next)
	if len(a.Quotes) == 0 && kind != followQuestion {
		var what string
		switch kind {
		case followMore:
			what = "There are no more quotations for this question."
		case followOlder:
			what = "There are no older quotations for this question."
		case followLang:
			what = "There are no quotations in " + languageName(next.Lang) + " for this question."
		default:
			if a.Hint != "" {
				what = a.Hint
			} else {
				what = "There are no quotations for this question."
			}
		}
		return notice(what), 0, nil
	}
	next.Shown, next.Oldest = len(a.Quotes), oldestDate(a.Quotes)
	opt := RenderOptions{Command: b.cfg.Command}
	b.withCorrections(ctx, &opt, next.Question, &a)
	msg := withThreadHint(RenderAnswer(a, opt))
	msg.Metadata = next.metadata()
	if err := b.threads.SaveThread(ctx, req.channel, req.threadTS, next); err != nil {
		b.log.Warn("thread not saved", "channel", req.channel, "err", err)
	}
	return msg, len(a.Quotes), nil
}

// pageAnswer keeps the quotations of a that t shows: in its language,
// before its date, from its offset, answerLimit of them; with the
// stances and sources of those only.
func pageAnswer(a index.Answer, t Thread) index.Answer {
	var kept []index.AnswerQuote
	for _, q := range a.Quotes {
		if t.Lang != "" && q.Lang != t.Lang {
			continue
		}
		if t.Before != "" && (q.Article.Date == "" || q.Article.Date >= t.Before) {
			continue
		}
		kept = append(kept, q)
	}
	if t.Offset >= len(kept) {
		kept = nil
	} else {
		kept = kept[t.Offset:min(len(kept), t.Offset+answerLimit)]
	}
	vendors := map[string]bool{}
	var sources []index.Source
	seen := map[string]bool{}
	for _, q := range kept {
		vendors[q.Vendor] = true
		for _, s := range append([]index.Source{q.Article}, q.AlsoIn...) {
			if k := s.ID + "|" + s.URL; !seen[k] {
				seen[k] = true
				sources = append(sources, s)
			}
		}
	}
	var stances []index.Stance
	for _, s := range a.Stances {
		if vendors[s.Vendor] {
			stances = append(stances, s)
		}
	}
	a.Quotes, a.Sources, a.Stances = append([]index.AnswerQuote{}, kept...), append([]index.Source{}, sources...), append([]index.Stance{}, stances...)
	if len(kept) > 0 && t.Offset > 0 {
		note := fmt.Sprintf("Quotations %d to %d.", t.Offset+1, t.Offset+len(kept))
		a.Note = strings.TrimSpace(a.Note + " " + note)
	}
	return a
}

// oldestDate is the earliest article date among qs ("" when none has one).
func oldestDate(qs []index.AnswerQuote) string {
	var d string
	for _, q := range qs {
		if q.Article.Date != "" && (d == "" || q.Article.Date < d) {
			d = q.Article.Date
		}
	}
	return d
}
