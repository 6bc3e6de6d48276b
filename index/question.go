package index

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/bleve/v2/analysis/lang/fr"
	"github.com/blevesearch/bleve/v2/search/query"
	"github.com/trustwatch/trustwatch/corpus"
)

// MaxQuestion is the longest question read, in characters; the rest is
// cut and the answer says so in its Note.
const MaxQuestion = 1000

// question is what Ask reads in a user's question.
type question struct {
	text string
	note string
	// vendors are the registry ids the question names (or --vendor).
	vendors []string
	// unknown are names the question asks about that are neither in the
	// registry nor anywhere in the corpus ("Initech").
	unknown []string
	// people are the people the question names: the registry's
	// spokespeople and the speakers in the index, misspelt or not.
	people []string
	// topics and labels are what the label model reads in the question:
	// the topics it is about and the stance labels it is after.
	topics []corpus.Topic
	labels []corpus.Label
	// words are the content words: not stop words, not vendor names.
	words  []string
	folded string
	// named are the words that name the vendors read, with the vendors
	// each names.
	named []namedVendor
	// roles are the speakers' roles the question names ("the Nimbus
	// CEO"), each with the vendors it is of.
	roles []roleOf
}

// namedVendor is a vendor's name as a question writes it ("aws",
// "gogle cloud") and the vendors it names; at is its first token.
type namedVendor struct {
	words string
	ids   []string
	at    int
}

// roleOf is a role concept (glossary index) a question names and the
// vendors it is of.
type roleOf struct {
	concept int
	vendors []string
}

// token is a word of the question with its original spelling.
type token struct {
	orig, fold    string
	start, end    int
	sentenceStart bool
}

func stopWords() map[string]bool {
	stop := map[string]bool{}
	for _, w := range foldedStopWords(en.EnglishStopWords) {
		stop[w.(string)] = true
	}
	for _, w := range foldedStopWords(fr.FrenchStopWords) {
		stop[w.(string)] = true
	}
	for _, w := range corpus.AskingWords() {
		stop[w] = true
	}
	return stop
}

// cutQuestion keeps the first MaxQuestion characters, at a word boundary
// when there is one near.
func cutQuestion(s string) (string, string) {
	s = strings.TrimSpace(s)
	if utf8.RuneCountInString(s) <= MaxQuestion {
		return s, ""
	}
	n, i := 0, 0
	for i = range s {
		if n == MaxQuestion {
			break
		}
		n++
	}
	cut := s[:i]
	if sp := strings.LastIndexAny(cut, " \t\n"); sp > len(cut)-100 && sp > 0 {
		cut = cut[:sp]
	}
	return strings.TrimSpace(cut), "The question was cut to its first 1,000 characters."
}

// tokens splits the question into words with the language-neutral
// analyzer, keeping each word's spelling.
func (ix *Index) tokens(text string) []token {
	var out []token
	prevEnd := 0
	for i, t := range ix.an.fold.Analyze([]byte(text)) {
		between := text[prevEnd:t.Start]
		start := i == 0 || strings.ContainsAny(between, ".?!:;\n")
		out = append(out, token{orig: text[t.Start:t.End], fold: string(t.Term), start: t.Start, end: t.End, sentenceStart: start})
		prevEnd = t.End
	}
	return out
}

// read reads a question with corpus.ReadQuestion (vendors named or
// given, people, topics, intent), then finds its content words: not stop
// words, not vendor names, not the people's names it read.
func (ix *Index) read(ctx context.Context, text string, given []string) question {
	var q question
	q.text, q.note = cutQuestion(text)
	toks := ix.tokens(q.text)
	vendorWord := make([]bool, len(toks))
	known, err := ix.knownPeople()
	if err != nil {
		known = nil // the registry's people are still read
	}
	reg := ix.questionRegistry(ctx)
	cr := reg.ReadQuestion(q.text, known)
	q.topics, q.labels = cr.Topics, cr.Labels

	if len(given) > 0 {
		for _, g := range given {
			if id, ok := ix.resolve(g); ok {
				q.vendors = appendNew(q.vendors, id)
			} else {
				q.unknown = append(q.unknown, g)
			}
		}
	} else {
		q.vendors = cr.Vendors
		for _, m := range cr.Misspellings {
			if slices.ContainsFunc(cr.People, func(p corpus.PersonName) bool { return p.Fuzzy && p.Written == m.Written }) {
				continue // said of the person below ("Priya Okafr" was read as Priya Okafor)
			}
			q.note = strings.TrimSpace(q.note + " " + fmt.Sprintf("“%s” was read as %s.", m.Written, ix.vendorName(m.Vendor)))
		}
	}
	named := cr.Vendors
	if len(given) > 0 {
		named = reg.Mentions(q.text)
	}
	inNamed := func(ids []string) bool {
		if len(ids) == 0 {
			return false
		}
		for _, id := range ids {
			if !slices.Contains(named, id) {
				return false
			}
		}
		return true
	}
	alone := make([][]string, len(toks))
	for i := range toks {
		if !ix.stop[toks[i].fold] {
			alone[i] = reg.Mentions(toks[i].orig)
		}
	}
	for i := range toks {
		if ix.stop[toks[i].fold] || ix.people[toks[i].fold] {
			continue // a spokesperson's name also finds their quotations
		}
		if inNamed(alone[i]) {
			vendorWord[i] = true
			q.named = append(q.named, namedVendor{toks[i].orig, alone[i], i})
		}
		// a name of two words that neither names alone ("gogle cloud")
		if i+1 < len(toks) && len(alone[i]) == 0 && len(alone[i+1]) == 0 && !ix.stop[toks[i+1].fold] && !ix.people[toks[i+1].fold] {
			if two := toks[i].orig + " " + toks[i+1].orig; inNamed(reg.Mentions(two)) {
				vendorWord[i], vendorWord[i+1] = true, true
				q.named = append(q.named, namedVendor{two, reg.Mentions(two), i})
			}
		}
	}
	q.roles = ix.readRoles(toks, q.named, q.vendors)
	personWord := ix.readPeople(ctx, &q, cr.People, toks)
	for i, t := range toks {
		if !vendorWord[i] && !personWord[i] && !ix.stop[t.fold] && len(t.fold) > 0 {
			q.words = append(q.words, t.orig)
		}
	}
	q.folded = normalize(q.text)
	if len(q.vendors) == 0 && len(given) == 0 {
		for i := range vendorWord {
			vendorWord[i] = vendorWord[i] || personWord[i]
		}
		q.unknown = ix.unknownNames(ctx, toks, vendorWord)
	}
	return q
}

// readRoles finds the speakers' roles a question names (a word of a
// role concept of the vocabulary: "CEO", « PDG », « porte-parole »), each
// of the vendor named nearest to it ("the Nimbus CEO on Borealis", « le
// PDG de Nimbus et Borealis »: Nimbus's), or of the one vendor the
// question names.
func (ix *Index) readRoles(toks []token, named []namedVendor, vendors []string) []roleOf {
	if len(vendors) == 0 {
		return nil
	}
	gloss := ix.gloss()
	var out []roleOf
	for i, t := range toks {
		if ix.stop[t.fold] {
			continue
		}
		gloss.concepts(ix.keys(t.orig), func(ci int) {
			if !glossary()[ci].role || slices.ContainsFunc(out, func(r roleOf) bool { return r.concept == ci }) {
				return
			}
			of := vendors
			if len(vendors) > 1 {
				best := -1
				for j, n := range named {
					if best < 0 || abs(n.at-i) < abs(named[best].at-i) {
						best = j
					}
				}
				if best < 0 {
					return
				}
				of = named[best].ids
			}
			out = append(out, roleOf{ci, of})
		})
	}
	return out
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

// readPeople keeps the people corpus.ReadQuestion read in the question,
// by the name the quotations give them, and says in the note how a
// misspelt one was read ("“vargo” was read as Ada Varga"), as for
// vendors. A misspelling whose every word occurs in the corpus is no
// misspelling but words of the corpus ("market" is not "Markel"). It
// returns which tokens are the words of a misspelt name, which are not
// searched as words.
func (ix *Index) readPeople(ctx context.Context, q *question, people []corpus.PersonName, toks []token) []bool {
	personWord := make([]bool, len(toks))
	for _, p := range people {
		name := p.Name
		if strings.ToLower(name) == name {
			name = ix.speakerName(ctx, name)
		}
		if p.Fuzzy {
			start := strings.Index(q.text, p.Written)
			var span []int
			known := true
			for i, t := range toks {
				if start >= 0 && t.start >= start && t.end <= start+len(p.Written) {
					span = append(span, i)
					known = known && ix.inCorpus(ctx, t.fold)
				}
			}
			if known {
				continue
			}
			for _, i := range span {
				personWord[i] = true
			}
			q.note = strings.TrimSpace(q.note + " " + fmt.Sprintf("“%s” was read as %s.", p.Written, name))
		}
		q.people = appendNew(q.people, name)
	}
	return personWord
}

// invertedPronouns follow a French question's inverted verb ("a-t-il",
// "garantit-elle").
var invertedPronouns = map[string]bool{"il": true, "elle": true, "ils": true, "elles": true}

// unknownNames finds the names a question asks about that the registry
// does not know and the corpus never mentions: a capitalised word inside
// a sentence ("what does Initech say"), the subject of "what does X
// say" or of a French inverted verb ("initech a-t-il accès") in any case.
func (ix *Index) unknownNames(ctx context.Context, toks []token, vendorWord []bool) []string {
	cand := map[int]bool{}
	for i, t := range toks {
		r, _ := utf8.DecodeRuneInString(t.orig)
		if !t.sentenceStart && unicode.IsUpper(r) {
			cand[i] = true
		}
	}
	for i, t := range toks {
		if t.fold != "does" && t.fold != "do" && t.fold != "did" {
			continue
		}
		for j := i + 1; j < len(toks) && j <= i+4; j++ {
			if corpus.AskedVerb(toks[j].fold) {
				for k := i + 1; k < j; k++ {
					cand[k] = true
				}
				break
			}
		}
	}
	// « dashlane a-t-il accès … », « Nimbus garantit-il … »: the words
	// before an inverted verb name who is asked about
	for i, t := range toks {
		if !invertedPronouns[t.fold] || i < 2 {
			continue
		}
		v := i - 1
		if toks[v].fold == "t" {
			v--
		}
		for k := v - 1; k >= 0 && k >= v-3 && !ix.stop[toks[k].fold]; k-- {
			cand[k] = true
		}
	}
	var names []string
	for i, t := range toks {
		if !cand[i] || vendorWord[i] || ix.stop[t.fold] || len(t.fold) < 2 || corpus.QuestionNotName(t.fold) || ix.isGlossaryWord(t.fold) {
			continue
		}
		if ix.inCorpus(ctx, t.fold) {
			continue
		}
		// a run of unknown words is one name ("Acme Corp")
		if n := len(names); n > 0 && i > 0 && cand[i-1] && strings.HasSuffix(names[n-1], toks[i-1].orig) {
			names[n-1] += " " + t.orig
			continue
		}
		names = append(names, t.orig)
	}
	return names
}

// inCorpus reports whether a folded word occurs in any quotation, speaker
// or article title, or as a name anywhere in an article.
func (ix *Index) inCorpus(ctx context.Context, folded string) bool {
	var qs []query.Query
	for _, f := range []string{fWho, fTitle, fNames} {
		qs = append(qs, termQuery(f, folded))
	}
	for _, t := range terms(ix.an.en, folded) {
		qs = append(qs, termQuery(fTextEN, t))
	}
	for _, t := range terms(ix.an.fr, folded) {
		qs = append(qs, termQuery(fTextFR, t))
	}
	req := bleve.NewSearchRequestOptions(query.NewDisjunctionQuery(qs), 0, 0, false)
	res, err := ix.b.SearchInContext(ctx, req)
	return err != nil || res.Total > 0
}

// personWords are the folded words of the registry's spokespeople's names.
func (ix *Index) personWords() map[string]bool {
	out := map[string]bool{}
	for _, v := range ix.reg.Vendors() {
		for _, p := range v.People {
			for _, t := range terms(ix.an.fold, p) {
				if len(t) >= 3 {
					out[t] = true
				}
			}
		}
	}
	return out
}

// resolve maps an id, alias or misspelling to a registry vendor id.
func (ix *Index) resolve(name string) (string, bool) {
	name = strings.TrimSpace(name)
	if v, ok := ix.reg.Vendor(strings.ToLower(name)); ok {
		return v.ID, true
	}
	if v, ok := ix.reg.Vendor(name); ok {
		return v.ID, true
	}
	if m := ix.reg.Mentions(name); len(m) > 0 {
		return m[0], true
	}
	return "", false
}

// vendorName is a vendor's display name.
func (ix *Index) vendorName(id string) string {
	if v, ok := ix.reg.Vendor(id); ok && v.Name != "" {
		return v.Name
	}
	return id
}

func appendNew(s []string, v string) []string {
	if slices.Contains(s, v) {
		return s
	}
	return append(s, v)
}
