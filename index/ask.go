package index

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/search/query"
	"github.com/trustwatch/trustwatch/corpus"
)

// AskTimeout bounds the searches of one question.
const AskTimeout = 2 * time.Second

// Query is a question to Ask.
type Query struct {
	Question string
	// Vendors, when set (--vendor), are the vendors to answer about,
	// instead of those the question names.
	Vendors []string
	// Limit is how many quotations to show; default 5, at most 50.
	Limit int
	// Lang, "en" or "fr", is the language a statement quoted in both is
	// shown in (the other becomes an also_in source); empty: the
	// question's own.
	Lang string
}

// Boosts of the parts of a question.
const (
	boostWord      = 1.0 // a word of the question
	boostExpansion = 0.6 // its glossary translations and relatives
	boostIntent    = 1.5 // a stance label the question is after
	boostTopic     = 1.2 // a topic of the question (label model, vocabulary)
)

// Ask answers a question with the best matching quotations, their
// vendors' stances and the sources. Nothing matching is an Answer with a
// Hint, not an error; user text never reaches bleve's query syntax.
func (ix *Index) Ask(ctx context.Context, q Query) (Answer, error) {
	ctx, cancel := context.WithTimeout(ctx, AskTimeout)
	defer cancel()
	limit := clampLimit(q.Limit)
	pl, err := ix.plan(ctx, q)
	ans := emptyAnswer(pl.ans.Question)
	ans.Note, ans.Hint = pl.ans.Note, pl.ans.Hint
	ans.Vendors = append(ans.Vendors, pl.ans.Vendors...)
	if err != nil || pl.done {
		return ans, err
	}
	qq, ex, present, absent, silent, hl, search, rq := pl.qq, pl.ex, pl.present, pl.absent, pl.silent, pl.hl, pl.search, pl.rq
	quotes, total, err := ix.find(ctx, search, rq, limit)
	if err != nil {
		return ans, fmt.Errorf("ask %q: %w", qq.text, err)
	}
	var hints []string
	if len(absent) > 0 {
		hints = append(hints, fmt.Sprintf("There are no quotations from %s in the corpus.", joinAnd(absent)))
	}
	if len(silent) > 0 {
		hints = append(hints, fmt.Sprintf("There are no quotations from %s in the corpus; the quotations below are other people's.", joinAnd(silent)))
	}
	if len(quotes) == 0 && len(present) > 0 && len(qq.words)+len(qq.people) > 0 {
		names := make([]string, len(present))
		for i, v := range present {
			names[i] = ix.vendorName(v)
		}
		others := ix.textQuery(qq.words, qq.people, ex, nil)
		for _, v := range present {
			others.not = append(others.not, flatTerm{fVendor, v, 1})
		}
		quotes, _, err = ix.find(ctx, others, rq, limit)
		if err != nil {
			return ans, fmt.Errorf("ask %q: %w", qq.text, err)
		}
		for i := range quotes {
			quotes[i].OtherVendor = true
		}
		if len(quotes) > 0 {
			hints = append(hints, fmt.Sprintf("No quotation from %s matches this question. The nearest quotations below are other vendors', not %s's.", joinAnd(names), joinAnd(names)))
		} else {
			hints = append(hints, fmt.Sprintf("No quotation from %s matches this question. Try other words, or /trust vendor %s for everything on record.", joinAnd(names), present[0]))
		}
		total = 0
	}
	if len(quotes) == 0 && len(hints) == 0 {
		hints = append(hints, "Nothing in the corpus matches this question. Try other words, a vendor's name, or a topic such as trust, competing with customers, data privacy or sovereignty.")
	}
	ans.Hint = strings.Join(hints, " ")
	for i := range quotes {
		quotes[i].Highlight = hl(quotes[i].Text, quotes[i].Lang)
	}
	ans.Total = total
	ix.fill(&ans, quotes)
	return ans, nil
}

// plan is what Ask makes of a question before it searches: the question
// read, its expansion, the search and what ranking reads of it, or, when
// done, the answer itself (a hint). It depends only on the question and
// on what the index holds, so it is kept from one write of the index to
// the next (planCache): reading a question is a sixth of an answer.
type plan struct {
	ans                     Answer // Question, Note, Vendors, and Hint when done
	done                    bool
	qq                      question
	ex                      expansion
	present, absent, silent []string
	hl                      func(text, lang string) string
	search                  *flat
	rq                      rankQuestion
}

// plan returns the plan of a question, kept or made.
func (ix *Index) plan(ctx context.Context, q Query) (plan, error) {
	key := planKey{q.Question, strings.Join(q.Vendors, "\x00"), q.Lang}
	gen := ix.gen.Load()
	if p, ok := ix.plans.get(key, gen); ok {
		return p, nil
	}
	p, err := ix.makePlan(ctx, q)
	if err == nil && ctx.Err() == nil { // a plan made past its deadline may have guessed
		ix.plans.put(key, gen, p)
	}
	return p, err
}

func (ix *Index) makePlan(ctx context.Context, q Query) (plan, error) {
	qq := ix.read(ctx, q.Question, q.Vendors)
	pl := plan{done: true}
	ans := &pl.ans
	ans.Question, ans.Note, ans.Vendors = qq.text, qq.note, qq.vendors
	if qq.text == "" {
		ans.Hint = "Ask a question, such as: does AWS compete with its customers?"
		return pl, nil
	}
	if len(qq.vendors) == 0 && len(qq.unknown) > 0 {
		ans.Hint = fmt.Sprintf("There are no quotations from %s in the corpus. Ask about a vendor it covers (/trust sources lists them).", joinAnd(qq.unknown))
		return pl, nil
	}
	counts, err := ix.vendorCounts(ctx)
	if err != nil {
		return pl, fmt.Errorf("ask %q: %w", qq.text, err)
	}
	var present, absent []string
	for _, v := range qq.vendors {
		if counts[v] == 0 {
			absent = append(absent, ix.vendorName(v))
		} else {
			present = append(present, v)
		}
	}
	absent = append(absent, qq.unknown...)
	if len(absent) > 0 && len(present) == 0 {
		ans.Hint = fmt.Sprintf("There are no quotations from %s in the corpus.", joinAnd(absent))
		return pl, nil
	}
	// A role the question names ("what did the Nimbus CEO say?") is
	// the people of the vendors named that their titles give it.
	for _, r := range qq.roles {
		of := slices.DeleteFunc(slices.Clone(r.vendors), func(v string) bool { return !slices.Contains(present, v) })
		for _, p := range ix.roleSpeakers(ctx, of, []int{r.concept}) {
			qq.people = appendNew(qq.people, p)
		}
	}
	var silent []string // people named who are never quoted
	searched := slices.Clone(present)
	for _, p := range qq.people {
		n, err := ix.count(ctx, termQuery(fSpeaker, strings.ToLower(p)))
		if err != nil {
			return pl, fmt.Errorf("ask %q: %w", qq.text, err)
		}
		if n == 0 {
			silent = append(silent, p)
			continue
		}
		// A person named speaks for their own vendors, which the
		// question may not name ("what did Jane Roe say about
		// Nimbus?", Jane Roe being Borealis's): their quotations are
		// searched too, unless they speak for a vendor named.
		if vs := ix.speakerVendors(ctx, p); len(present) > 0 && !slices.ContainsFunc(vs, func(v string) bool { return slices.Contains(present, v) }) {
			for _, v := range vs {
				if !slices.Contains(searched, v) {
					searched = append(searched, v)
				}
			}
		}
	}
	// A spokesperson named by their surname alone ("klaba dit que …")
	// is left to the search, which finds the surname among the speakers;
	// their vendor's quotations are searched too.
	if len(present) > 0 {
		for _, v := range ix.surnameVendors(qq.words) {
			if !slices.Contains(searched, v) {
				searched = append(searched, v)
			}
		}
	}
	ex := ix.expand(qq.words, qq.folded)
	ex.topics = questionTopics(qq.topics, ex.topics)
	if len(qq.words) == 0 && len(qq.people) == 0 && len(present) == 0 {
		ans.Hint = "Ask about a vendor or a topic, such as: what does Microsoft say about trust?"
		return pl, nil
	}
	expanded := make([]string, len(ex.words))
	for i, g := range ex.words {
		expanded[i] = g.word
	}
	hl := ix.highlighter(qq.words, expanded)
	search := vendorSearch(present)
	if len(qq.words) > 0 || len(qq.people) > 0 {
		search = ix.textQuery(qq.words, qq.people, ex, searched)
		ix.otherVendorTerms(search, qq.named, searched)
	}
	rq := newRankQuestion(qq, ex, present, ix.forms(qq.words))
	// An organisation quoted as a speaker ("Mistral AI") is read as a
	// person too; it is a vendor named, not a person asked about.
	reg := ix.questionRegistry(ctx)
	rq.reg = reg
	rq.people = slices.DeleteFunc(slices.Clone(rq.people), func(p string) bool {
		_, person := reg.Person(p)
		return !person && len(reg.Mentions(p)) > 0
	})
	if q.Lang == "en" || q.Lang == "fr" {
		rq.lang = q.Lang
	}
	pl.done = false
	pl.qq, pl.ex, pl.present, pl.absent, pl.silent, pl.hl, pl.search, pl.rq = qq, ex, present, absent, silent, hl, search, rq
	return pl, nil
}

func clampLimit(n int) int {
	switch {
	case n <= 0:
		return 5
	case n > 50:
		return 50
	}
	return n
}

func emptyAnswer(question string) Answer {
	return Answer{Question: question, Vendors: []string{}, Quotes: []AnswerQuote{}, Stances: []Stance{}, Sources: []Source{}}
}

// fill sets an answer's quotes, stances and sources.
func (ix *Index) fill(ans *Answer, quotes []AnswerQuote) {
	ans.Quotes = append(ans.Quotes, quotes...)
	ans.Stances = ix.stances(quotes)
	seen := map[string]bool{}
	for _, q := range quotes {
		for _, s := range append([]Source{q.Article}, q.AlsoIn...) {
			if !seen[s.ID] {
				seen[s.ID] = true
				ans.Sources = append(ans.Sources, s)
			}
		}
	}
}

// clauses gathers the terms of a question, each (field, term) once with
// its highest boost; a term of several words is a clause of all of them,
// in the same text (phrases would need term vectors the index does not
// keep).
type clauses struct {
	boosts map[fieldTerm]float64
	order  []fieldTerm
	multi  [][]flatTerm
}

type fieldTerm struct{ field, term string }

func (c *clauses) add(field string, an analysis.Analyzer, w string, boost float64) {
	ts := terms(an, w)
	if len(ts) > 1 && strings.ContainsAny(strings.TrimSpace(w), " ") {
		m := make([]flatTerm, len(ts))
		for i, t := range ts {
			m[i] = flatTerm{field, t, 1} // bleve does not boost conjunctions
		}
		c.multi = append(c.multi, m)
		return
	}
	if c.boosts == nil {
		c.boosts = map[fieldTerm]float64{}
	}
	for _, t := range ts {
		k := fieldTerm{field, t}
		if _, ok := c.boosts[k]; !ok {
			c.order = append(c.order, k)
		}
		c.boosts[k] = max(c.boosts[k], boost)
	}
}

// word adds a word of the question in both languages' fields.
func (c *clauses) word(ix *Index, en, fr string, w string, boost float64) {
	c.add(en, ix.an.en, w, boost)
	c.add(fr, ix.an.fr, w, boost)
}

// gloss adds a glossary term in its own language's field.
func (c *clauses) gloss(ix *Index, en, fr string, g glossTerm, boost float64) {
	if g.lang == "fr" {
		c.add(fr, ix.an.fr, g.word, boost)
	} else {
		c.add(en, ix.an.en, g.word, boost)
	}
}

// flat is the disjunction of the clauses.
func (c *clauses) flat() *flat {
	f := &flat{}
	for _, k := range c.order {
		f.term(k.field, k.term, c.boosts[k])
	}
	f.clauses = append(f.clauses, c.multi...)
	return f
}

// whoTerms are the speaker-name terms of a question: its words that are
// not glossary words ("data" and "trust" are never a name or a role, and
// would only add a searcher per segment), and the people it names.
func (ix *Index) whoTerms(words, people []string) []flatTerm {
	var who []flatTerm
	for _, w := range words {
		if ix.isGlossaryWord(w) {
			continue
		}
		for _, t := range terms(ix.an.fold, w) {
			who = append(who, flatTerm{fWho, t, 1})
		}
	}
	for _, p := range people {
		who = append(who, flatTerm{fSpeaker, strings.ToLower(p), 2 * boostWord})
	}
	return who
}

// textQuery is the disjunction of the question's words, the people it
// names and the glossary's expansions over the quotation fields, with
// the stance labels it is after.
//
// With vendors, the words are looked up in those vendors' own text
// fields, which hold only their quotations, and who said it is narrowed
// to them by a filter; a label adds the vendor's quotations that carry
// it. Across all vendors, a label only ranks the quotations the words
// found: as a clause it would walk the postings of every quotation with
// that label in the corpus, to add ones that share no word with the
// question. A topic of the question (what the label model and the
// vocabulary read in it) adds, with vendors, their quotations on it
// whatever their language and words; across all vendors it is left out,
// for the same reason, and because ranking by it there added nothing on
// the development questions.
func (ix *Index) textQuery(words, people []string, ex expansion, vendors []string) *flat {
	type fieldPair struct{ en, fr string }
	targets := []fieldPair{{fTextEN, fTextFR}}
	if len(vendors) > 0 {
		targets = targets[:0]
		for _, v := range vendors {
			t := fieldPair{vendorField("en", v), vendorField("fr", v)}
			if _, ok := ix.reg.Vendor(v); !ok {
				// A vendor the registry does not list (question_vendors.go)
				// has no text fields of its own: the filter below keeps
				// the quotation fields to its quotations.
				t = fieldPair{fTextEN, fTextFR}
			}
			if !slices.Contains(targets, t) {
				targets = append(targets, t)
			}
		}
	}
	var c clauses
	for _, t := range targets {
		for _, w := range words {
			c.word(ix, t.en, t.fr, w, boostWord)
		}
		for _, g := range ex.words {
			c.gloss(ix, t.en, t.fr, g, boostExpansion)
		}
	}
	f := c.flat()
	for _, t := range ix.whoTerms(words, people) {
		f.term(t.field, t.term, t.boost)
	}
	if len(vendors) == 0 {
		for _, l := range ex.labels {
			f.should = append(f.should, flatTerm{fLabels, string(l), labelRankBoost(len(f.clauses))})
		}
		return f
	}
	// A vendor's quotations on the question's topics match whatever their
	// language and words: the filter keeps the walk to that vendor's.
	for _, t := range ex.topics {
		f.term(fTopics, string(t), boostTopic)
	}
	for _, l := range ex.labels {
		for _, v := range vendors {
			f.term(fVendorLabel, vendorLabel(v, l), boostIntent)
		}
	}
	for _, v := range vendors {
		f.filter = append(f.filter, flatTerm{fVendor, v, 1})
	}
	return f
}

// otherVendorTerms adds to a search narrowed to several vendors the
// names of each as the question writes them, searched in the others'
// quotations: a question naming two vendors is often about what one says
// of the other ("what does Nimbus think of Borealis?", « Borealis et
// Nimbus sont-ils partenaires ? »), and a vendor's name, read as a vendor,
// is not among the question's words. A name is never searched in its own
// vendor's quotations, where it says nothing of the other.
func (ix *Index) otherVendorTerms(f *flat, named []namedVendor, vendors []string) {
	if len(vendors) < 2 {
		return
	}
	var c clauses
	for _, v := range vendors {
		if _, ok := ix.reg.Vendor(v); !ok {
			continue // no text fields of its own (textQuery)
		}
		for _, n := range named {
			if !slices.Contains(n.ids, v) {
				c.word(ix, vendorField("en", v), vendorField("fr", v), n.words, boostExpansion)
			}
		}
	}
	g := c.flat()
	f.clauses = append(f.clauses, g.clauses...)
}

// questionTopics are the topics a question is about: those the label
// model reads in it, then those of the vocabulary concepts it names.
func questionTopics(model, vocabulary []corpus.Topic) []corpus.Topic {
	out := append([]corpus.Topic{}, model...)
	for _, t := range vocabulary {
		if !slices.Contains(out, t) {
			out = append(out, t)
		}
	}
	return out
}

// labelRankBoost is the boost of a stance label added to a disjunction
// of n terms rather than inside it. bleve scales a disjunction's score by
// the share of its terms a document matches, so a label inside counted
// about (a few)/n of its weight; outside, it is scaled alike.
func labelRankBoost(n int) float64 {
	return boostIntent * 3 / float64(max(n, 3))
}

// vendorSearch is every quotation of the vendors, those with a stance
// first: what a question that only names vendors is after.
func vendorSearch(vendors []string) *flat {
	f := &flat{}
	for _, v := range vendors {
		f.term(fVendor, v, 1)
	}
	for _, l := range corpus.Labels[:len(corpus.Labels)-1] {
		f.should = append(f.should, flatTerm{fLabels, string(l), 1})
	}
	return f
}

// find runs a search for quotations, ranks what it found (rank.go) and
// returns the best limit of them, each statement once (merge.go), with
// the other articles carrying each, and how many quotations matched.
func (ix *Index) find(ctx context.Context, f *flat, rq rankQuestion, limit int) ([]AnswerQuote, int, error) {
	// Candidates: a few times the quotations shown, to leave room for the
	// same text in several articles and for ranking; more when merging
	// leaves too few statements.
	var rs []result
	var total int
	for n := max(limit*4, poolSize); ; n *= 4 {
		hits, matched, err := f.best(ctx, ix, n)
		if err != nil {
			return nil, 0, fmt.Errorf("search quotations: %w", err)
		}
		cs := rq.rank(hits, weights)
		if ix.rankTap != nil {
			ix.rankTap(rq, cs)
		}
		rs = rq.shown(cs)
		total = len(rs)
		if matched > uint64(n) {
			total = int(matched)
		}
		if len(rs) >= limit || matched <= uint64(n) || n >= 1000 {
			break
		}
	}
	if len(rs) > limit {
		rs = rs[:limit]
	}
	out := make([]AnswerQuote, len(rs))
	for i, r := range rs {
		rec, err := fullRecord(r.hit)
		if err != nil {
			return nil, 0, err
		}
		out[i] = answerQuote(rec, math.Round(r.rank*100)/100)
		out[i].id = r.id
	}
	if err := ix.alsoIn(ctx, out); err != nil {
		return nil, 0, err
	}
	for i, r := range rs {
		for _, s := range r.translations {
			if !slices.ContainsFunc(out[i].AlsoIn, func(o Source) bool { return o.ID == s.ID }) && len(out[i].AlsoIn) < alsoInMax {
				out[i].AlsoIn = append(out[i].AlsoIn, s)
			}
		}
	}
	return out, total, nil
}

// records loads the stored records of quotation documents by id.
func (ix *Index) records(ctx context.Context, ids []string) (map[string]quoteRecord, error) {
	out := make(map[string]quoteRecord, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	req := bleve.NewSearchRequestOptions(query.NewDocIDQuery(ids), len(ids), 0, false)
	req.Fields = []string{fRecord}
	res, err := ix.b.SearchInContext(ctx, req)
	if err != nil {
		return nil, fmt.Errorf("load quotations: %w", err)
	}
	for _, h := range res.Hits {
		if rec, ok := record(h.Fields); ok {
			out[h.ID] = rec
		}
	}
	return out, nil
}

func record(fields map[string]interface{}) (quoteRecord, bool) {
	var rec quoteRecord
	s, ok := fields[fRecord].(string)
	if !ok || json.Unmarshal([]byte(s), &rec) != nil {
		return rec, false
	}
	return rec, true
}

func answerQuote(rec quoteRecord, score float64) AnswerQuote {
	q := rec.Quote
	if q.Labels == nil {
		q.Labels = []corpus.Label{}
	}
	return AnswerQuote{Quote: q, Score: score, Article: rec.Article, AlsoIn: []Source{}, FirstIndexed: rec.First, key: rec.Key}
}

func (ix *Index) count(ctx context.Context, q query.Query) (int, error) {
	res, err := ix.b.SearchInContext(ctx, bleve.NewSearchRequestOptions(q, 0, 0, false))
	if err != nil {
		return 0, fmt.Errorf("count: %w", err)
	}
	return int(res.Total), nil
}

func conj(qs ...query.Query) query.Query { return query.NewConjunctionQuery(qs) }

func anyTerm(field string, values []string) query.Query {
	qs := make([]query.Query, len(values))
	for i, v := range values {
		qs[i] = termQuery(field, v)
	}
	return query.NewDisjunctionQuery(qs)
}

// joinAnd joins names as "A", "A and B", "A, B and C".
func joinAnd(names []string) string {
	switch len(names) {
	case 0:
		return ""
	case 1:
		return names[0]
	}
	return strings.Join(names[:len(names)-1], ", ") + " and " + names[len(names)-1]
}
