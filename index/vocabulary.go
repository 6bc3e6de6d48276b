package index

import (
	"slices"
	"strings"

	"github.com/trustwatch/trustwatch/corpus"
)

// concept is one idea of the domain with its words in English and French,
// the stance labels a question about it is after and its topics: a
// concept of corpus.Vocabulary (vocabulary.yaml). Expansion is done here
// rather than with bleve synonyms, which drop multi-word entries. A word
// in both lists ("cloud") is searched in both languages; any other
// expansion only in its own language's text, where it can match.
type concept struct {
	en, fr []string
	labels []corpus.Label
	topics []corpus.Topic
}

// glossary is the bilingual domain vocabulary, as the index reads it.
var glossary = func() []concept {
	v := corpus.Vocabulary()
	out := make([]concept, len(v))
	for i, c := range v {
		out[i] = concept{en: c.EN, fr: c.FR, labels: c.Labels, topics: c.Topics}
	}
	return out
}()

// glossTerm is a glossary word with the language it is searched in.
type glossTerm struct {
	word string
	lang string // "en" or "fr"
}

// terms lists a concept's words, English first.
func (c concept) terms() []glossTerm {
	out := make([]glossTerm, 0, len(c.en)+len(c.fr))
	for _, w := range c.en {
		out = append(out, glossTerm{w, "en"})
	}
	for _, w := range c.fr {
		out = append(out, glossTerm{w, "fr"})
	}
	return out
}

// dataConcept and placeConcept (indexes in glossary) make "keep data in
// Europe" a question about sovereignty though neither word is alone.
var (
	dataConcept  = conceptOf("data")
	placeConcept = conceptOf("europe")
)

func conceptOf(first string) int {
	for i, c := range glossary {
		if c.en[0] == first {
			return i
		}
	}
	panic("glossary has no concept " + first) // a programming error, caught by any test
}

// expansion is what the glossary makes of a question's words.
type expansion struct {
	// words are the other-language and related terms to search too,
	// each in its own language.
	words []glossTerm
	// labels are the stance labels the question is after.
	labels []corpus.Label
	// topics are the topics of the concepts the question names.
	topics []corpus.Topic
}

// wordKeys are a word's forms for comparison: folded, and its English
// and French stems ("" when the analyzer drops the word).
type wordKeys struct{ fold, en, fr string }

func (ix *Index) keys(w string) wordKeys {
	k := wordKeys{fold: normalize(w)}
	if len(k.fold) >= 3 && !strings.Contains(k.fold, " ") {
		if t := terms(ix.an.en, k.fold); len(t) == 1 {
			k.en = t[0]
		}
		if t := terms(ix.an.fr, k.fold); len(t) == 1 {
			k.fr = t[0]
		}
	}
	return k
}

func (a wordKeys) same(b wordKeys) bool {
	return a.fold == b.fold || (a.en != "" && a.en == b.en) || (a.fr != "" && a.fr == b.fr)
}

// glossaryKeys computes the keys of every glossary term once per index.
func (ix *Index) glossaryKeys() [][]wordKeys {
	out := make([][]wordKeys, len(glossary))
	for ci, c := range glossary {
		for _, t := range c.terms() {
			out[ci] = append(out[ci], ix.keys(t.word))
		}
	}
	return out
}

// expand finds the glossary concepts of a question's content words (and
// of its folded text, for multi-word terms) and returns their terms and
// intents.
func (ix *Index) expand(words []string, foldedQuestion string) expansion {
	var ex expansion
	have := map[string]bool{}
	wk := make([]wordKeys, len(words))
	for i, w := range words {
		wk[i] = ix.keys(w)
		have[wk[i].fold] = true
	}
	hit := map[int]bool{}
	padded := " " + foldedQuestion + " "
	for ci := range glossary {
		for _, tk := range ix.gloss[ci] {
			if strings.Contains(tk.fold, " ") {
				if strings.Contains(padded, " "+tk.fold+" ") {
					hit[ci] = true
				}
				continue
			}
			for _, k := range wk {
				if k.same(tk) {
					hit[ci] = true
				}
			}
		}
	}
	if hit[dataConcept] && hit[placeConcept] {
		ex.labels = append(ex.labels, corpus.SovereigntyPledge)
	}
	seenLabel := map[corpus.Label]bool{}
	for _, l := range ex.labels {
		seenLabel[l] = true
	}
	for ci, c := range glossary {
		if !hit[ci] {
			continue
		}
		for i, t := range c.terms() {
			if nt := t.lang + ":" + ix.gloss[ci][i].fold; !have[nt] && !have[ix.gloss[ci][i].fold] {
				have[nt] = true
				ex.words = append(ex.words, t)
			}
		}
		for _, t := range c.topics {
			if !slices.Contains(ex.topics, t) {
				ex.topics = append(ex.topics, t)
			}
		}
		for _, l := range c.labels {
			if !seenLabel[l] {
				seenLabel[l] = true
				ex.labels = append(ex.labels, l)
			}
		}
	}
	return ex
}

// isGlossaryWord reports whether w is one of the glossary's words.
func (ix *Index) isGlossaryWord(w string) bool {
	k := ix.keys(w)
	for ci := range ix.gloss {
		for _, tk := range ix.gloss[ci] {
			if k.same(tk) {
				return true
			}
		}
	}
	return false
}
