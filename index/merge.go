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
// the longer one, and the same words quoted twice by one article for one
// speaker, a clause cut or a word changed, are shown once; the same words quoted by another article for the same
// speaker (one holding the other, or a word or two changed) are another
// source of the statement shown; and a translation of a statement shown (the same
// speaker for the same vendor, quoted in the other language in another
// article, about the same thing in the same words of the glossary) is
// merged into it as another source. Of the same words with and without
// a speaker, the attributed quotation is shown.

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
func merge(cs []candidate, lang string) []result { return mergeWith(cs, lang, newMergeMemo()) }

// mergeWith is merge with what m remembers of texts and names: the fit
// (rank_fit_test.go) merges the same candidates many times.
func mergeWith(cs []candidate, lang string, m *mergeMemo) []result {
	var out []result
	keys := map[string]bool{}
next:
	for _, c := range cs {
		if keys[c.rec.Key] {
			// The same words: shown once, by whom they are attributed
			// to when the better ranked has no speaker.
			if c.rec.Quote.Speaker != "" {
				for i := range out {
					if r := &out[i]; r.rec.Key == c.rec.Key && r.rec.Quote.Speaker == "" {
						r.hit, r.feat = c.hit, c.feat
						break
					}
				}
			}
			continue
		}
		keys[c.rec.Key] = true
		for i := range out {
			r := &out[i]
			if r.rec.Article.ID == c.rec.Article.ID {
				rn, cn := m.norm(r.rec.Quote.Text), m.norm(c.rec.Quote.Text)
				switch {
				case containsWords(rn, cn):
					continue next
				case containsWords(cn, rn):
					// The longer quotation is shown, at the rank of the
					// better of the two.
					r.hit, r.feat = c.hit, c.feat
					continue next
				case r.rec.Quote.Speaker == c.rec.Quote.Speaker && min(wordCount(rn), wordCount(cn)) >= 8 &&
					m.nearSame(r.rec.Quote.Text, c.rec.Quote.Text, 8):
					// The article quotes the same words twice, a clause
					// cut or a word changed (a headline and its body);
					// a short phrase may recur in two statements.
					continue next
				}
			}
			if r.rec.Article.ID != c.rec.Article.ID && m.oneSpeaker(r.rec, c.rec) && quoteLang(r.rec) == quoteLang(c.rec) &&
				m.nearSame(r.rec.Quote.Text, c.rec.Quote.Text, 5) {
				// The same words as another outlet quotes them:
				// another source of the statement shown.
				src := c.rec.Article
				src.Lang = quoteLang(c.rec)
				if !slices.ContainsFunc(r.translations, func(s Source) bool { return s.ID == src.ID }) {
					r.translations = append(r.translations, src)
				}
				continue next
			}
			if sameStatement(r.rec, c.rec, m) {
				if lang != "" && quoteLang(c.rec) == lang && quoteLang(r.rec) != lang {
					// Shown in the question's language, at the better rank.
					r.hit, r.feat, c.hit = c.hit, c.feat, r.hit
				}
				src := c.rec.Article
				src.Lang = quoteLang(c.rec)
				if !slices.ContainsFunc(r.translations, func(s Source) bool { return s.ID == src.ID }) {
					r.translations = append(r.translations, src)
				}
				continue next
			}
		}
		out = append(out, result{candidate: c})
	}
	return out
}

// mergeMemo keeps what merge works out of a text or a name, once per
// text: the normalised text, its words, its meaning, a speaker's surname.
// A question's candidates are compared pair by pair.
type mergeMemo struct {
	norms    map[string]string
	sets     map[string]wordSet
	surnames map[string]string
	meanings map[string]map[string]bool
}

func newMergeMemo() *mergeMemo {
	return &mergeMemo{norms: map[string]string{}, sets: map[string]wordSet{}, surnames: map[string]string{}, meanings: map[string]map[string]bool{}}
}

func (m *mergeMemo) norm(text string) string { return remember(m.norms, text, normalize) }

func (m *mergeMemo) words(text string) wordSet {
	return remember(m.sets, text, func(text string) wordSet { return newWordSet(m.norm(text)) })
}

func (m *mergeMemo) meaning(text string) map[string]bool { return remember(m.meanings, text, meaning) }

// remember returns f(k), computed once per key of memo.
func remember[T any](memo map[string]T, k string, f func(string) T) T {
	v, ok := memo[k]
	if !ok {
		v = f(k)
		memo[k] = v
	}
	return v
}

// surname is the last word of a speaker's name, normalised.
func (m *mergeMemo) surname(name string) string {
	return remember(m.surnames, name, func(name string) string {
		f := strings.Fields(normalize(name))
		if len(f) == 0 {
			return ""
		}
		return f[len(f)-1]
	})
}

// sameSurname reports whether two speaker names end with the same word.
func (m *mergeMemo) sameSurname(a, b string) bool {
	sa := m.surname(a)
	return sa != "" && sa == m.surname(b)
}

// oneSpeaker reports two quotations of one speaker for one vendor.
func (m *mergeMemo) oneSpeaker(a, b quoteRecord) bool {
	return a.Quote.Vendor != "" && a.Quote.Vendor == b.Quote.Vendor && m.sameSurname(a.Quote.Speaker, b.Quote.Speaker)
}

// wordSet is a normalised text's words: how many, the distinct ones, and
// how many of those are numbers.
type wordSet struct {
	n     int
	words map[string]bool
	nums  int
}

func newWordSet(norm string) wordSet {
	ws := strings.Fields(norm)
	s := wordSet{n: len(ws), words: make(map[string]bool, len(ws))}
	for _, w := range ws {
		if !s.words[w] {
			s.words[w] = true
			s.nums += btoi(isNumber(w))
		}
	}
	return s
}

// wordCount is the number of words of a normalised text.
func wordCount(norm string) int { return strings.Count(norm, " ") + 1 }

// isNumber reports whether a normalised word is all digits.
func isNumber(w string) bool {
	return strings.IndexFunc(w, func(r rune) bool { return !unicode.IsDigit(r) }) < 0
}

// nearSame reports whether two texts of one speaker are the same words:
// one holds the other, or at least four in five of the distinct words of
// the shorter, least distinct words or more, are in the longer (a word or two
// changed, a clause cut); and both give the same figures.
func (m *mergeMemo) nearSame(a, b string, least int) bool {
	sa, sb := m.words(a), m.words(b)
	if sa.nums != sb.nums {
		return false // "promise number 3" is not "promise number 4"
	}
	for w := range sa.words {
		if sa.nums == 0 {
			break
		}
		if isNumber(w) && !sb.words[w] {
			return false
		}
	}
	na, nb := m.norm(a), m.norm(b)
	if containsWords(na, nb) || containsWords(nb, na) {
		return true
	}
	if sa.n > sb.n {
		sa, sb = sb, sa
	}
	if len(sa.words) < least {
		return false
	}
	shared := 0
	for w := range sa.words {
		shared += btoi(sb.words[w])
	}
	return 5*shared >= 4*len(sa.words)
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
func translation(a, b quoteRecord) bool { return sameStatement(a, b, newMergeMemo()) }

// sameStatement is translation with what merge remembers from pair to
// pair.
func sameStatement(a, b quoteRecord, m *mergeMemo) bool {
	qa, qb := a.Quote, b.Quote
	if a.Article.ID == b.Article.ID || quoteLang(a) == quoteLang(b) || qa.Vendor == "" || qa.Vendor != qb.Vendor ||
		!m.sameSurname(qa.Speaker, qb.Speaker) {
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
	ca, cb := m.meaning(qa.Text), m.meaning(qb.Text)
	shared := 0
	for k := range ca {
		shared += btoi(cb[k])
	}
	return shared >= need && 2*shared >= min(len(ca), len(cb))
}

// quoteLang is a quotation's language, "en" or "fr".
func quoteLang(r quoteRecord) string { return lang(r.Quote.Lang) }

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
