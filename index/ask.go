package index

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"
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
}

// Boosts of the parts of a question.
const (
	boostWord      = 1.0 // a word of the question
	boostExpansion = 0.6 // its glossary translations and relatives
	boostIntent    = 1.5 // a stance label the question is after
)

// Ask answers a question with the best matching quotations, their
// vendors' stances and the sources. Nothing matching is an Answer with a
// Hint, not an error; user text never reaches bleve's query syntax.
func (ix *Index) Ask(ctx context.Context, q Query) (Answer, error) {
	ctx, cancel := context.WithTimeout(ctx, AskTimeout)
	defer cancel()
	limit := clampLimit(q.Limit)
	qq := ix.read(ctx, q.Question, q.Vendors)
	ans := emptyAnswer(qq.text)
	ans.Note = qq.note
	ans.Vendors = append(ans.Vendors, qq.vendors...)
	if qq.text == "" {
		ans.Hint = "Ask a question, such as: does AWS compete with its customers?"
		return ans, nil
	}
	if len(qq.vendors) == 0 && len(qq.unknown) > 0 {
		ans.Hint = fmt.Sprintf("There are no quotations from %s in the corpus. Ask about a vendor it covers (/trust sources lists them).", joinAnd(qq.unknown))
		return ans, nil
	}
	var present, absent []string
	for _, v := range qq.vendors {
		n, err := ix.count(ctx, conj(termQuery(fKind, kindQuote), termQuery(fVendor, v)))
		if err != nil {
			return ans, fmt.Errorf("ask %q: %w", qq.text, err)
		}
		if n == 0 {
			absent = append(absent, ix.vendorName(v))
		} else {
			present = append(present, v)
		}
	}
	absent = append(absent, qq.unknown...)
	if len(absent) > 0 && len(present) == 0 {
		ans.Hint = fmt.Sprintf("There are no quotations from %s in the corpus.", joinAnd(absent))
		return ans, nil
	}
	var silent []string // people named who are never quoted
	for _, p := range qq.people {
		n, err := ix.count(ctx, conj(termQuery(fKind, kindQuote), termQuery(fSpeaker, strings.ToLower(p))))
		if err != nil {
			return ans, fmt.Errorf("ask %q: %w", qq.text, err)
		}
		if n == 0 {
			silent = append(silent, p)
		}
	}
	ex := ix.expand(qq.words, qq.folded)
	text := ix.textQuery(qq.words, ex)
	if text != nil {
		for _, p := range qq.people {
			t := termQuery(fSpeaker, strings.ToLower(p))
			t.SetBoost(2 * boostWord)
			text.(*query.DisjunctionQuery).AddQuery(t)
		}
	}
	if text == nil && len(present) == 0 {
		ans.Hint = "Ask about a vendor or a topic, such as: what does Microsoft say about trust?"
		return ans, nil
	}
	hl := ix.highlighter(qq.words, ex.words)
	quotes, total, err := ix.find(ctx, text, present, nil, limit)
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
	if len(quotes) == 0 && len(present) > 0 && text != nil {
		names := make([]string, len(present))
		for i, v := range present {
			names[i] = ix.vendorName(v)
		}
		quotes, _, err = ix.find(ctx, text, nil, present, limit)
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

// textQuery is the disjunction of the question's words and their
// expansions over the quotation fields, plus the stance labels it is
// after; nil when the question has no content words.
func (ix *Index) textQuery(words []string, ex expansion) query.Query {
	type ft struct{ field, term string }
	boosts := map[ft]float64{}
	var order []ft
	var phrases []query.Query
	fields := []struct {
		name string
		an   analysis.Analyzer
		orig bool // only the question's own words (names, terms as typed)
	}{{fTextEN, ix.an.en, false}, {fTextFR, ix.an.fr, false}, {fText, ix.an.fold, true}, {fWho, ix.an.fold, true}}
	add := func(w string, boost float64, own bool) {
		for _, f := range fields {
			if f.orig && !own {
				continue
			}
			ts := terms(f.an, w)
			if len(ts) > 1 && strings.ContainsAny(strings.TrimSpace(w), " ") {
				p := query.NewPhraseQuery(ts, f.name)
				p.SetBoost(boost)
				phrases = append(phrases, p)
				continue
			}
			for _, t := range ts {
				k := ft{f.name, t}
				if _, ok := boosts[k]; !ok {
					order = append(order, k)
				}
				boosts[k] = max(boosts[k], boost)
			}
		}
	}
	for _, w := range words {
		add(w, boostWord, true)
	}
	for _, w := range ex.words {
		add(w, boostExpansion, false)
	}
	var qs []query.Query
	for _, k := range order {
		t := termQuery(k.field, k.term)
		t.SetBoost(boosts[k])
		qs = append(qs, t)
	}
	qs = append(qs, phrases...)
	if len(qs) == 0 {
		return nil
	}
	for _, l := range ex.labels {
		t := termQuery(fLabels, string(l))
		t.SetBoost(boostIntent)
		qs = append(qs, t)
	}
	return query.NewDisjunctionQuery(qs)
}

// find searches quotations matching text (nil: all) of the vendors given
// (none: any) except those excluded, and returns the best limit of them,
// one per distinct text, with the other articles carrying each.
func (ix *Index) find(ctx context.Context, text query.Query, vendors, exclude []string, limit int) ([]AnswerQuote, int, error) {
	// The vendor and text fields exist only in quotation documents, so
	// kind:quote is needed only when neither narrows the search; leaving
	// it out saves walking every quotation's posting.
	var must []query.Query
	if len(vendors) > 0 {
		must = append(must, anyTerm(fVendor, vendors))
	}
	var should []query.Query
	if text != nil {
		must = append(must, text)
	} else {
		for _, l := range corpus.Labels[:len(corpus.Labels)-1] {
			should = append(should, termQuery(fLabels, string(l)))
		}
	}
	if len(must) == 0 {
		must = append(must, termQuery(fKind, kindQuote))
	}
	var mustNot []query.Query
	if len(exclude) > 0 {
		mustNot = append(mustNot, anyTerm(fVendor, exclude))
	}
	var q query.Query = conj(must...)
	if len(should) > 0 || len(mustNot) > 0 {
		bq := query.NewBooleanQuery(must, should, mustNot)
		q = bq
	}
	n := max(limit*8, 40)
	req := bleve.NewSearchRequestOptions(q, n, 0, false)
	req.Fields = []string{fRecord}
	res, err := ix.b.SearchInContext(ctx, req)
	if err != nil {
		return nil, 0, fmt.Errorf("search quotations: %w", err)
	}
	best := map[string]int{}
	var out []AnswerQuote
	for _, h := range res.Hits {
		rec, ok := record(h.Fields)
		if !ok {
			continue
		}
		score := h.Score
		if rec.Quote.Speaker == "" {
			score *= 0.7
		}
		if rec.Quote.Vendor == "" {
			score *= 0.85
		}
		if i, ok := best[rec.Key]; ok {
			if score > out[i].Score {
				out[i].Score = score
			}
			continue
		}
		best[rec.Key] = len(out)
		out = append(out, answerQuote(rec, score))
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Score > out[j].Score })
	total := len(out)
	if res.Total > uint64(n) {
		total = int(res.Total)
	}
	if len(out) > limit {
		out = out[:limit]
	}
	for i := range out {
		also, err := ix.alsoIn(ctx, out[i].key, out[i].Article.ID)
		if err != nil {
			return nil, 0, err
		}
		out[i].AlsoIn = also
		out[i].Score = float64(int(out[i].Score*100+0.5)) / 100
	}
	return out, total, nil
}

// alsoIn lists the other articles carrying the quotation with text key.
func (ix *Index) alsoIn(ctx context.Context, key, except string) ([]Source, error) {
	req := bleve.NewSearchRequestOptions(conj(termQuery(fKind, kindQuote), termQuery(fKey, key)), 100, 0, false)
	req.Fields = []string{fRecord}
	req.SortBy([]string{"_id"})
	res, err := ix.b.SearchInContext(ctx, req)
	if err != nil {
		return nil, fmt.Errorf("search other sources: %w", err)
	}
	out := []Source{}
	seen := map[string]bool{except: true}
	for _, h := range res.Hits {
		if rec, ok := record(h.Fields); ok && !seen[rec.Article.ID] {
			seen[rec.Article.ID] = true
			out = append(out, rec.Article)
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
