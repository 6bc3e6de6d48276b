package index

import (
	"slices"
	"strings"
	"sync"
	"sync/atomic"

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
	role   bool // a speaker's role (corpus.Concept.Role)
}

// glossary is the bilingual domain vocabulary, as the index reads it. It
// is read on first use, not when the program starts: parsing it is most
// of the package's start-up (3 ms), which Open's background work does
// while an ask walks the corpus, if the index folder's glossary cache
// (glossary_cache.go) is not valid: the concepts read from a valid one
// are the glossary (useGlossary), as parsed from the same vocabulary file.
func glossary() []concept {
	vocab.once.Do(func() { vocab.concepts = parseGlossary() })
	return vocab.concepts
}

var vocab struct {
	once     sync.Once
	concepts []concept
}

// useGlossary makes concepts, read from a glossary cache of this
// vocabulary, the glossary, unless it was read already.
func useGlossary(concepts []concept) {
	vocab.once.Do(func() { vocab.concepts = concepts })
}

func parseGlossary() []concept {
	v := corpus.Vocabulary()
	out := make([]concept, len(v))
	for i, c := range v {
		out[i] = concept{en: c.EN, fr: c.FR, labels: c.Labels, topics: c.Topics, role: c.Role}
	}
	return out
}

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
var dataPlaceConcepts = sync.OnceValues(func() (int, int) {
	return conceptOf("data"), conceptOf("europe")
})

func conceptOf(first string) int {
	for i, c := range glossary() {
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

// glossIndex finds the concepts of a question's words: the keys of
// every vocabulary term, computed once per index, by folded form and by
// English and French stem, and the terms of several words, which are
// found in the folded question.
type glossIndex struct {
	keys             [][]wordKeys // by concept, as concept.terms()
	fold, en, fr     map[string][]int
	phrases          []string // folded terms of several words
	phraseOfConcepts []int
}

// glossaryKeys computes the keys of every glossary term once per index.
func (ix *Index) glossaryKeys() glossIndex {
	glossComputed.Add(1)
	keys := make([][]wordKeys, len(glossary()))
	for ci, c := range glossary() {
		for _, t := range c.terms() {
			keys[ci] = append(keys[ci], ix.keys(t.word))
		}
	}
	return newGlossIndex(keys)
}

// glossComputed counts glossaryKeys' runs, for tests of the cache.
var glossComputed atomic.Int64

// newGlossIndex is the glossIndex of the glossary's concepts whose terms
// have keys (by concept, as concept.terms()).
func newGlossIndex(keys [][]wordKeys) glossIndex {
	g := glossIndex{keys: keys, fold: map[string][]int{}, en: map[string][]int{}, fr: map[string][]int{}}
	add := func(m map[string][]int, k string, ci int) {
		if k != "" && !slices.Contains(m[k], ci) {
			m[k] = append(m[k], ci)
		}
	}
	for ci, ks := range keys {
		for _, k := range ks {
			if strings.Contains(k.fold, " ") {
				g.phrases = append(g.phrases, k.fold)
				g.phraseOfConcepts = append(g.phraseOfConcepts, ci)
				continue
			}
			add(g.fold, k.fold, ci)
			add(g.en, k.en, ci)
			add(g.fr, k.fr, ci)
		}
	}
	return g
}

// background starts f and returns a function that waits for its result
// and returns it, as often as it is called.
func background[T any](f func() T) func() T {
	done := make(chan struct{})
	var v T
	go func() {
		defer close(done)
		v = f()
	}()
	return func() T {
		<-done
		return v
	}
}

// concepts calls hit for each concept a word's keys name.
func (g *glossIndex) concepts(k wordKeys, hit func(ci int)) {
	for _, ci := range g.fold[k.fold] {
		hit(ci)
	}
	if k.en != "" {
		for _, ci := range g.en[k.en] {
			hit(ci)
		}
	}
	if k.fr != "" {
		for _, ci := range g.fr[k.fr] {
			hit(ci)
		}
	}
}

// expand finds the glossary concepts of a question's content words (and
// of its folded text, for multi-word terms) and returns their terms and
// intents.
func (ix *Index) expand(words []string, foldedQuestion string) expansion {
	var ex expansion
	gloss := ix.gloss()
	have := map[string]bool{}
	hit := map[int]bool{}
	mark := func(ci int) { hit[ci] = true }
	for _, w := range words {
		k := ix.keys(w)
		have[k.fold] = true
		gloss.concepts(k, mark)
	}
	padded := " " + foldedQuestion + " "
	for i, p := range gloss.phrases {
		if strings.Contains(padded, " "+p+" ") {
			hit[gloss.phraseOfConcepts[i]] = true
		}
	}
	if data, place := dataPlaceConcepts(); hit[data] && hit[place] {
		ex.labels = append(ex.labels, corpus.SovereigntyPledge)
	}
	seenLabel := map[corpus.Label]bool{}
	for _, l := range ex.labels {
		seenLabel[l] = true
	}
	for ci, c := range glossary() {
		if !hit[ci] {
			continue
		}
		for i, t := range c.terms() {
			if nt := t.lang + ":" + gloss.keys[ci][i].fold; !have[nt] && !have[gloss.keys[ci][i].fold] {
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
	found := false
	gloss := ix.gloss()
	gloss.concepts(ix.keys(w), func(int) { found = true })
	return found
}

// forms are, for each of a question's words, the stems (stems) of the
// word and of its vocabulary concepts' terms in both languages: what
// ranking looks for in a quotation of either language.
func (ix *Index) forms(words []string) [][]string {
	gloss := ix.gloss()
	out := make([][]string, 0, len(words))
	for _, w := range words {
		fs := stems([]string{w})
		if len(fs) == 0 {
			continue
		}
		gloss.concepts(ix.keys(w), func(ci int) {
			for _, t := range glossary()[ci].terms() {
				if !strings.Contains(t.word, " ") {
					fs = append(fs, stems([]string{t.word})...)
				}
			}
		})
		out = append(out, fs)
	}
	return out
}
