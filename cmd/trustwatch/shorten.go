package main

import (
	"slices"
	"strings"

	"github.com/trustwatch/trustwatch/bot/digest"
	"github.com/trustwatch/trustwatch/corpus"
	"github.com/trustwatch/trustwatch/index"
)

// What the terminal and JSON show of a quotation: at most
// corpus.ShownQuote characters, the same in both (the index keeps the
// whole text). These copy what they shorten, never changing the caller's
// values.

// shownAnswer is ans with its quotations shortened.
func shownAnswer(ans index.Answer) index.Answer {
	ans.Quotes = shownQuotes(ans.Quotes)
	return ans
}

// shownQuotes is qs with each text and highlight shortened.
func shownQuotes(qs []index.AnswerQuote) []index.AnswerQuote {
	qs = slices.Clone(qs)
	for i := range qs {
		qs[i] = shownQuote(qs[i])
	}
	return qs
}

func shownQuote(q index.AnswerQuote) index.AnswerQuote {
	q.Text = corpus.Shorten(q.Text, corpus.ShownQuote)
	q.Highlight = shortenHighlight(q.Highlight, corpus.ShownQuote)
	return q
}

// shownDigest is d with its quotations shortened.
func shownDigest(d digest.Digest) digest.Digest {
	d.Vendors = slices.Clone(d.Vendors)
	for i := range d.Vendors {
		d.Vendors[i].Quotes = shownQuotes(d.Vendors[i].Quotes)
	}
	d.Changes = slices.Clone(d.Changes)
	for i := range d.Changes {
		d.Changes[i].Quote = shownQuote(d.Changes[i].Quote)
	}
	return d
}

// shownOutcomes is outs with their digests' quotations shortened.
func shownOutcomes(outs []digest.Outcome) []digest.Outcome {
	outs = slices.Clone(outs)
	for i, o := range outs {
		if o.Digest != nil {
			d := shownDigest(*o.Digest)
			outs[i].Digest = &d
		}
	}
	return outs
}

// shortenHighlight shortens a highlighted text, closing a mark the cut
// left open.
func shortenHighlight(h string, max int) string {
	s := corpus.Shorten(h, max)
	if len(s) < len(h) && strings.Count(s, index.MarkStart) > strings.Count(s, index.MarkEnd) {
		s = strings.TrimSuffix(s, "…") + index.MarkEnd + "…"
	}
	return s
}
