package index

import (
	"slices"
	"strconv"
	"strings"
	"sync"
	"unicode"

	"github.com/trustwatch/trustwatch/corpus"
)

// One statement shown once. Of the ranked candidates, a text is shown
// once (its other articles are found by its key, alsoIn); a partial
// quotation contained in a longer one of the same article is merged into
// the longer one; the same words quoted by another article for the same
// speaker (one holding the other, or a word or two changed) are another
// source of the statement shown; and a translation of a statement shown (the same
// speaker for the same vendor, quoted in the other language in another
// article, about the same thing in the same words of the glossary) is
// merged into it as another source.

// result is a statement as an answer shows it: the candidate shown, at
// the best rank of those merged into it, and the articles that quote it
// in the other language.
type result struct {
	candidate
	norm         string // its text normalised, once needed
	translations []Source
}

// merge makes results of candidates ranked best first, in the same order.
// Of a statement and its translation, the one in the question's language
// (lang, "en" or "fr"; "" for either) is shown.
func merge(cs []candidate, lang string) []result {
	var out []result
	keys := map[string]bool{}
	meanings := map[string]map[string]bool{}
	mean := func(text string) map[string]bool {
		m, ok := meanings[text]
		if !ok {
			m = meaning(text)
			meanings[text] = m
		}
		return m
	}
next:
	for _, c := range cs {
		if keys[c.rec.Key] {
			continue
		}
		keys[c.rec.Key] = true
		norm := "" // normalised only when another result shares the article
		for i := range out {
			r := &out[i]
			if r.rec.Article.ID == c.rec.Article.ID {
				if norm == "" {
					norm = normalize(c.rec.Quote.Text)
				}
				if r.norm == "" {
					r.norm = normalize(r.rec.Quote.Text)
				}
				switch {
				case containsWords(r.norm, norm):
					continue next
				case containsWords(norm, r.norm):
					// The longer quotation is shown, at the rank of the
					// better of the two.
					r.hit, r.feat, r.norm = c.hit, c.feat, norm
					continue next
				}
			}
			if r.rec.Article.ID != c.rec.Article.ID && oneSpeaker(r.rec, c.rec) && quoteLang(r.rec) == quoteLang(c.rec) {
				if norm == "" {
					norm = normalize(c.rec.Quote.Text)
				}
				if r.norm == "" {
					r.norm = normalize(r.rec.Quote.Text)
				}
				if nearSame(r.norm, norm) {
					// The same words as another outlet quotes them:
					// another source of the statement shown.
					src := c.rec.Article
					src.Lang = quoteLang(c.rec)
					if !slices.ContainsFunc(r.translations, func(s Source) bool { return s.ID == src.ID }) {
						r.translations = append(r.translations, src)
					}
					continue next
				}
			}
			if sameStatement(r.rec, c.rec, mean) {
				if lang != "" && quoteLang(c.rec) == lang && quoteLang(r.rec) != lang {
					// Shown in the question's language, at the better rank.
					r.hit, r.feat, r.norm, c.hit, norm = c.hit, c.feat, norm, r.hit, r.norm
				}
				src := c.rec.Article
				src.Lang = quoteLang(c.rec)
				if !slices.ContainsFunc(r.translations, func(s Source) bool { return s.ID == src.ID }) {
					r.translations = append(r.translations, src)
				}
				continue next
			}
		}
		out = append(out, result{candidate: c, norm: norm})
	}
	return out
}

// oneSpeaker reports two quotations of one speaker for one vendor.
func oneSpeaker(a, b quoteRecord) bool {
	return a.Quote.Vendor != "" && a.Quote.Vendor == b.Quote.Vendor && sameSurname(a.Quote.Speaker, b.Quote.Speaker)
}

// nearSame reports whether two normalised texts of one speaker, quoted by
// two articles, are the same words: one holds the other, or at least
// four in five of the distinct words of the shorter are in the longer
// (a word or two changed, a clause cut), over five words or more; and
// both give the same figures.
func nearSame(a, b string) bool {
	wa, wb := strings.Fields(a), strings.Fields(b)
	if !sameNumbers(wa, wb) {
		return false // "promise number 3" is not "promise number 4"
	}
	if containsWords(a, b) || containsWords(b, a) {
		return true
	}
	if len(wa) > len(wb) {
		wa, wb = wb, wa
	}
	set := make(map[string]bool, len(wb))
	for _, w := range wb {
		set[w] = true
	}
	short := make(map[string]bool, len(wa))
	for _, w := range wa {
		short[w] = true
	}
	if len(short) < 5 {
		return false
	}
	shared := 0
	for w := range short {
		shared += btoi(set[w])
	}
	return 5*shared >= 4*len(short)
}

// sameNumbers reports whether two texts' words hold the same numbers.
func sameNumbers(a, b []string) bool {
	nums := func(ws []string) map[string]bool {
		m := map[string]bool{}
		for _, w := range ws {
			if strings.IndexFunc(w, func(r rune) bool { return !unicode.IsDigit(r) }) < 0 {
				m[w] = true
			}
		}
		return m
	}
	na, nb := nums(a), nums(b)
	if len(na) != len(nb) {
		return false
	}
	for n := range na {
		if !nb[n] {
			return false
		}
	}
	return true
}

// containsWords reports whether the normalised text long holds the
// normalised text short, on word boundaries.
func containsWords(long, short string) bool {
	if short == "" {
		return false
	}
	return strings.Contains(" "+long+" ", " "+short+" ")
}

// translation reports whether b is a's statement in the other language:
// quoted in another article, in the other language, from the same
// speaker for the same vendor, with a stance label (other than "other")
// or a topic in common, and sharing glossary concepts and numbers: at
// least two with a label in common, four with only a topic, and half of
// those of the one that has fewer. On the real articles it takes 5 pairs
// for translations: 4 are, the fifth two clauses of the same terms of
// service (TestTranslationPairsReal).
func translation(a, b quoteRecord) bool { return sameStatement(a, b, meaning) }

// sameStatement is translation with a function for meaning, which merge
// remembers from pair to pair.
func sameStatement(a, b quoteRecord, meaning func(string) map[string]bool) bool {
	qa, qb := a.Quote, b.Quote
	if a.Article.ID == b.Article.ID || quoteLang(a) == quoteLang(b) || qa.Vendor == "" || qa.Vendor != qb.Vendor ||
		!sameSurname(qa.Speaker, qb.Speaker) {
		return false
	}
	// A stance in common (the learned labels) asks for two concepts or
	// numbers in common; a topic alone, for four.
	need := 0
	for _, t := range qa.Topics {
		if slices.Contains(qb.Topics, t) {
			need = 4
		}
	}
	for _, l := range qa.Labels {
		if l != corpus.Other && slices.Contains(qb.Labels, l) {
			need = 2
		}
	}
	if need == 0 {
		return false
	}
	ca, cb := meaning(qa.Text), meaning(qb.Text)
	shared := 0
	for k := range ca {
		shared += btoi(cb[k])
	}
	return shared >= need && 2*shared >= min(len(ca), len(cb))
}

// quoteLang is a quotation's language, "en" or "fr".
func quoteLang(r quoteRecord) string { return lang(r.Quote.Lang) }

// sameSurname reports whether two speaker names end with the same word.
func sameSurname(a, b string) bool {
	fa, fb := strings.Fields(normalize(a)), strings.Fields(normalize(b))
	return len(fa) > 0 && len(fb) > 0 && fa[len(fa)-1] == fb[len(fb)-1]
}

// meaning is what a text says whatever its language: the glossary
// concepts its words belong to ("c12"), and its numbers ("n90").
func meaning(text string) map[string]bool {
	words := strings.Fields(normalize(text))
	out := map[string]bool{}
	termWords, termPhrases := glossaryLookup()
	for i, f := range words {
		for _, ci := range termWords[f] {
			out["c"+strconv.Itoa(ci)] = true
		}
		for _, p := range termPhrases[f] {
			if i+len(p.words) <= len(words) && slices.Equal(words[i:i+len(p.words)], p.words) {
				out["c"+strconv.Itoa(p.concept)] = true
			}
		}
		if strings.IndexFunc(f, func(r rune) bool { return !unicode.IsDigit(r) }) < 0 {
			out["n"+f] = true
		}
	}
	return out
}

// glossaryLookup maps each one-word term of the glossary, normalised, to
// its concepts (words), and the first word of each term of several words
// to the terms (phrases).
var glossaryLookup = sync.OnceValues(func() (words map[string][]int, phrases map[string][]glossPhrase) {
	words = map[string][]int{}
	phrases = map[string][]glossPhrase{}
	for ci, c := range glossary() {
		for _, g := range c.terms() {
			w := strings.Fields(normalize(g.word))
			switch {
			case len(w) == 0:
			case len(w) > 1:
				phrases[w[0]] = append(phrases[w[0]], glossPhrase{w, ci})
			case !slices.Contains(words[w[0]], ci):
				words[w[0]] = append(words[w[0]], ci)
			}
		}
	}
	return words, phrases
})

type glossPhrase struct {
	words   []string
	concept int
}
