package index

import (
	"cmp"
	_ "embed"
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/trustwatch/trustwatch/corpus"
)

// Ranking. The flat search (flat.go) scores the question's words against
// the quotations' text and keeps the best candidates; rank orders them by
// a weighted sum of that text score and of what else tells the quotation
// a reader is after: whether it has a speaker and a vendor, whether those
// are the ones the question names, whether its stance labels and topics
// are those the question is after, its length and its date.
// The weights are fitted on the development questions
// (corpus/testdata/real/questions.json, the held-out articles aside) by
// TestFitRank with -fitrank, which writes rank_weights.json.

// The features of a candidate, in the order of rank_weights.json.
const (
	featText         = iota // text score, over the best candidate's
	featCoord               // the share of the question's clauses it matches, over the best candidate's
	featSpeaker             // has a speaker
	featVendor              // has a vendor
	featVendorNamed         // its vendor is one the question names
	featSpeakerNamed        // the question names its speaker
	featLabel               // share of the question's labels it carries
	featTopic               // carries a topic the question is after
	featLength              // its length in words, on a log scale up to 1
	featShort               // fewer than 8 words: a fragment
	featRecent              // how recent its article is, 0 (2015) to 1 (2025)
	featFragment            // starts in lower case: words cut from a sentence
	featJunk                // no speaker and fewer than 8 words: a phrase the article quotes, not a statement
	featVendorFirst         // of a question naming several vendors, its vendor is the first named (the subject)
	featTopicShare          // the share of its topics that are the question's
	featWords               // the share of the question's own words (not their expansions) in its text
	featTitle               // the share of the question's own words in its article's title
	featForms               // the share of the question's words in its text, themselves or a vocabulary translation
	featMentions            // its text names a vendor the question names other than its own: what it says of that vendor
	numFeatures
)

// featureNames name the features in rank_weights.json.
var featureNames = [numFeatures]string{"text", "coord", "speaker", "vendor", "vendor_named", "speaker_named", "label", "topic", "length", "short", "recent", "fragment", "junk", "vendor_first", "topic_share", "words", "title", "forms", "mentions"}

// features are a candidate's values of the features.
type features [numFeatures]float64

// rankWeights are the fitted weight of each feature.
type rankWeights [numFeatures]float64

//go:embed rank_weights.json
var rankWeightsJSON []byte

// weights are the committed fitted weights.
var weights = mustWeights(rankWeightsJSON)

func mustWeights(b []byte) rankWeights {
	w, err := parseWeights(b)
	if err != nil {
		panic(err) // a committed file: a build error, not input
	}
	return w
}

// parseWeights reads a weights file: an object of feature name to weight.
func parseWeights(b []byte) (rankWeights, error) {
	var m map[string]float64
	var w rankWeights
	if err := json.Unmarshal(b, &m); err != nil {
		return w, fmt.Errorf("read rank weights: %w", err)
	}
	for i, name := range featureNames {
		v, ok := m[name]
		if !ok {
			return w, fmt.Errorf("read rank weights: no weight for %s", name)
		}
		w[i] = v
	}
	return w, nil
}

// marshal writes weights as parseWeights reads them.
func (w rankWeights) marshal() []byte {
	var b strings.Builder
	b.WriteString("{\n")
	for i, name := range featureNames {
		fmt.Fprintf(&b, "  %q: %s", name, strconv.FormatFloat(math.Round(w[i]*1e4)/1e4, 'f', -1, 64))
		if i < numFeatures-1 {
			b.WriteString(",")
		}
		b.WriteString("\n")
	}
	b.WriteString("}\n")
	return []byte(b.String())
}

func (w rankWeights) score(f features) float64 {
	var s float64
	for i := range f {
		s += w[i] * f[i]
	}
	return s
}

// rankQuestion is what ranking reads of a question.
type rankQuestion struct {
	vendors []string         // the vendors asked about
	words   []string         // its content words and the people it names, folded
	people  []string         // the people it names, as the quotations spell them
	labels  []corpus.Label   // the stance labels it is after
	topics  []corpus.Topic   // the topics it is about (the label model's and the vocabulary's)
	lang    string           // its language, "en" or "fr": a statement is shown in it when both are at hand
	stems   []string         // its content words, folded, cut to their first stemLen letters (share)
	forms   [][]string       // per content word, its stems and its vocabulary translations' (Index.forms)
	reg     *corpus.Registry // the vendors' names, to find those a quotation names (nil: none found)
}

// stemLen is how many letters of a word share compares: a stem cheap
// enough for every candidate ("training", "trains" and "train"; "entraîner"
// and "entraînons").
const stemLen = 5

// stems are the words of a question as share compares them: folded, of
// three letters or more, cut to stemLen letters.
func stems(words []string) []string {
	var out []string
	for _, w := range words {
		for _, f := range strings.Fields(normalize(w)) {
			if r := []rune(f); len(r) >= 3 {
				out = append(out, string(r[:min(len(r), stemLen)]))
			}
		}
	}
	return out
}

// shareForms is the share of words (each a list of forms, stems) one of
// whose forms begins one of ws, a text's normalised words.
func shareForms(words [][]string, ws []string) float64 {
	if len(words) == 0 {
		return 0
	}
	n := 0
	for _, forms := range words {
		n += btoi(slices.ContainsFunc(forms, func(s string) bool { return begins(ws, s) }))
	}
	return float64(n) / float64(len(words))
}

// begins reports whether stem s begins one of words; a stem shorter than
// stemLen is a whole word and must be one.
func begins(words []string, s string) bool {
	whole := utf8.RuneCountInString(s) < stemLen
	for _, w := range words {
		if w == s || !whole && strings.HasPrefix(w, s) {
			return true
		}
	}
	return false
}

// share is the share of stems that begin one of words, a text's
// normalised words.
func share(stems []string, words []string) float64 {
	if len(stems) == 0 {
		return 0
	}
	n := 0
	for _, s := range stems {
		n += btoi(begins(words, s))
	}
	return float64(n) / float64(len(stems))
}

// newRankQuestion gathers what ranking needs of a question read by Ask.
func newRankQuestion(qq question, ex expansion, vendors []string, forms [][]string) rankQuestion {
	rq := rankQuestion{vendors: vendors, labels: ex.labels, topics: ex.topics, lang: questionLang(qq.text), stems: stems(qq.words), forms: forms}
	for _, w := range qq.words {
		rq.words = append(rq.words, normalize(w))
	}
	rq.people = qq.people
	for _, p := range qq.people {
		rq.words = append(rq.words, strings.Fields(normalize(p))...)
	}
	return rq
}

// questionLang is the language of a question, "en" or "fr".
func questionLang(text string) string { return lang(corpus.DetectLang(text)) }

// candidate is a quotation a search found, with its features and rank.
type candidate struct {
	hit
	feat features
	rank float64
}

// featuresOf computes a candidate's features; top is the best text score
// among the candidates, topCoord the best share of clauses matched.
func (rq rankQuestion) featuresOf(h hit, top, topCoord float64) features {
	var f features
	q := h.rec.Quote
	if top > 0 {
		f[featText] = h.score / top
	}
	if topCoord > 0 {
		f[featCoord] = h.coord / topCoord
	}
	f[featSpeaker] = b2f(q.Speaker != "")
	f[featVendor] = b2f(q.Vendor != "")
	f[featVendorNamed] = b2f(q.Vendor != "" && slices.Contains(rq.vendors, q.Vendor))
	if q.Speaker != "" {
		for _, n := range strings.Fields(normalize(q.Speaker)) {
			if len(n) >= 3 && slices.Contains(rq.words, n) {
				f[featSpeakerNamed] = 1
				break
			}
		}
	}
	if len(rq.labels) > 0 {
		n := 0
		for _, l := range rq.labels {
			n += btoi(slices.Contains(q.Labels, l))
		}
		f[featLabel] = float64(n) / float64(len(rq.labels))
	}
	shared := 0
	for _, t := range q.Topics {
		shared += btoi(slices.Contains(rq.topics, t))
	}
	f[featTopic] = b2f(shared > 0)
	if len(q.Topics) > 0 {
		f[featTopicShare] = float64(shared) / float64(len(q.Topics))
	}
	words := len(strings.Fields(q.Text))
	f[featLength] = min(math.Log1p(float64(words))/math.Log1p(80), 1)
	f[featShort] = b2f(words < 8)
	f[featFragment] = b2f(startsLower(q.Text))
	f[featJunk] = b2f(q.Speaker == "" && words < 8)
	f[featVendorFirst] = b2f(len(rq.vendors) > 1 && q.Vendor == rq.vendors[0])
	if len(rq.stems) > 0 {
		ws := strings.Fields(normalize(q.Text))
		f[featWords] = share(rq.stems, ws)
		f[featTitle] = share(rq.stems, strings.Fields(normalize(h.rec.Article.Title)))
		f[featForms] = shareForms(rq.forms, ws)
	}
	f[featMentions] = b2f(rq.mentions(q))
	if y, err := strconv.Atoi(strings.SplitN(h.rec.Article.Date, "-", 2)[0]); err == nil {
		f[featRecent] = min(max(float64(y-2015)/10, 0), 1)
	}
	return f
}

// mentions reports whether a quotation's text names a vendor the
// question names other than the quotation's own: the question is about
// what one vendor says of another ("what does Jane Roe think of
// Nimbus?", « Borealis et Nimbus sont-ils partenaires ? »), and the
// vendor's name, read as a vendor in the question, is not among the
// words searched.
func (rq rankQuestion) mentions(q corpus.Quote) bool {
	if rq.reg == nil || len(rq.vendors) == 0 {
		return false
	}
	for _, m := range rq.reg.MentionsAt(q.Text) {
		if m.ID != q.Vendor && slices.Contains(rq.vendors, m.ID) {
			return true
		}
	}
	return false
}

// startsLower reports whether a text's first letter is in lower case:
// words quoted from within a sentence ("will provide …", "a values
// point"), not a statement of their own.
func startsLower(text string) bool {
	for _, r := range text {
		if unicode.IsLetter(r) {
			return unicode.IsLower(r)
		}
		if unicode.IsDigit(r) {
			return false
		}
	}
	return false
}

func b2f(b bool) float64 {
	if b {
		return 1
	}
	return 0
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}

// rank gives each hit its features and its rank under w, and orders them
// best first, equal ranks by document id (tie.go).
func (rq rankQuestion) rank(hits []hit, w rankWeights) []candidate {
	var top, topCoord float64
	for _, h := range hits {
		top, topCoord = max(top, h.score), max(topCoord, h.coord)
	}
	cs := make([]candidate, len(hits))
	for i, h := range hits {
		cs[i] = candidate{hit: h, feat: rq.featuresOf(h, top, topCoord)}
		cs[i].rank = w.score(cs[i].feat)
	}
	sortCandidates(cs)
	return cs
}

// sortCandidates orders candidates best first, equal ranks by document
// id (tie.go).
func sortCandidates(cs []candidate) {
	slices.SortFunc(cs, func(a, b candidate) int {
		if c := cmp.Compare(b.rank, a.rank); c != 0 {
			return c
		}
		return strings.Compare(a.id, b.id)
	})
}

// poolSize is the fewest candidates ranked.
var poolSize = 20
