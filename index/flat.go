package index

import (
	"context"
	"errors"
	"sync"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"
)

// A search finds the best quotation documents for a question.
type search interface {
	// best returns the n best documents, best first, and how many
	// documents matched in all.
	best(ctx context.Context, ix *Index, n int) ([]hit, uint64, error)
}

// hit is a document a search found, with its score.
type hit struct {
	id    string
	score float64
}

// bleveSearch runs a bleve query.
type bleveSearch struct{ q query.Query }

// best asks bleve for one hit more than n: when it scores below the n-th,
// no document left out ties with the ones kept, and ids order the equal
// scores among them; otherwise bleve is asked again to sort equal scores
// by id itself, which costs an id lookup per matching document, so only
// when a tie straddles the cut.
func (s bleveSearch) best(ctx context.Context, ix *Index, n int) ([]hit, uint64, error) {
	out, total, err := s.search(ctx, ix, n+1, false)
	if err != nil {
		return nil, 0, err
	}
	if n > 0 && len(out) > n && out[n].score == out[n-1].score {
		out, total, err = s.search(ctx, ix, n, true)
		if err != nil {
			return nil, 0, err
		}
	}
	sortHits(out)
	if len(out) > n {
		out = out[:n]
	}
	return out, total, nil
}

func (s bleveSearch) search(ctx context.Context, ix *Index, n int, byID bool) ([]hit, uint64, error) {
	req := bleve.NewSearchRequestOptions(s.q, n, 0, false)
	if byID {
		req.SortBy([]string{"-_score", "_id"})
	}
	res, err := ix.b.SearchInContext(ctx, req)
	if err != nil {
		return nil, 0, err
	}
	out := make([]hit, len(res.Hits))
	for i, h := range res.Hits {
		out[i] = hit{id: h.ID, score: h.Score}
	}
	return out, res.Total, nil
}

// flatTerm is a term of a flat search, with its boost.
type flatTerm struct {
	field, term string
	boost       float64
}

// flat is a search that is a disjunction of clauses, each a term or a
// conjunction of terms (a glossary entry of several words), optionally
// ranked further by should terms (stance labels) that add no match of
// their own, and narrowed to documents with a filter term (the vendors
// asked about): the shape of every question.
//
// Its query() is what bleve would run, and best() scores the same way
// term by term, adding each posting's score into an array indexed by
// document number. bleve walks a disjunction document by document
// through a heap of searchers, which costs about 200 ns per matching
// document; a question of common words ("keep data in Europe") matches
// a fifth of the quotations of a 100k-article corpus, and spent 10 ms
// and more there. With a filter, it jumps from allowed document to
// allowed document in each term's postings, so a question about one
// vendor reads about that vendor's share of them. Scores are bleve's own
// (tf-idf, query norm, coord), so both ways rank alike;
// TestFlatMatchesBleve holds them to it.
type flat struct {
	clauses [][]flatTerm
	should  []flatTerm
	// filter, when set, keeps only documents with one of its terms;
	// it adds nothing to their scores.
	filter []flatTerm
	// not are terms whose documents are left out (the vendors asked
	// about, when showing other vendors' nearest quotations).
	not []flatTerm
}

// term adds a clause of one term.
func (f *flat) term(field, term string, boost float64) {
	f.clauses = append(f.clauses, []flatTerm{{field, term, boost}})
}

// query is the bleve query that scores as the flat search does. bleve
// ignores a conjunction's own boost, so its terms carry the boost of 1.
func (f *flat) query() query.Query {
	d := query.NewDisjunctionQuery(f.clauseQueries())
	if len(f.should) == 0 && len(f.not) == 0 && len(f.filter) == 0 {
		return d
	}
	b := query.NewBooleanQuery([]query.Query{d}, termQueries(f.should), termQueries(f.not))
	if len(f.filter) > 0 {
		b.AddFilter(query.NewDisjunctionQuery(termQueries(f.filter)))
	}
	return b
}

func termQueries(ts []flatTerm) []query.Query {
	if len(ts) == 0 {
		return nil
	}
	qs := make([]query.Query, len(ts))
	for i, t := range ts {
		tq := termQuery(t.field, t.term)
		tq.SetBoost(t.boost)
		qs[i] = tq
	}
	return qs
}

// clauseQueries are the bleve queries of the clauses.
func (f *flat) clauseQueries() []query.Query {
	qs := make([]query.Query, len(f.clauses))
	for i, c := range f.clauses {
		ts := termQueries(c)
		if len(ts) == 1 {
			qs[i] = ts[0]
		} else {
			qs[i] = query.NewConjunctionQuery(ts)
		}
	}
	return qs
}

func (f *flat) best(ctx context.Context, ix *Index, n int) ([]hit, uint64, error) {
	if len(f.clauses) == 0 {
		return nil, 0, nil
	}
	type result struct {
		hits  []hit
		total uint64
		err   error
	}
	res := make([]result, len(ix.parts))
	var wg sync.WaitGroup
	for i, p := range ix.parts {
		wg.Go(func() {
			res[i].hits, res[i].total, res[i].err = f.bestIn(ctx, p, n)
		})
	}
	wg.Wait()
	var all []hit
	var total uint64
	for _, r := range res {
		if errors.Is(r.err, errNotScorch) {
			return bleveSearch{f.query()}.best(ctx, ix, n)
		}
		if r.err != nil {
			return nil, 0, r.err
		}
		all = append(all, r.hits...)
		total += r.total
	}
	sortHits(all)
	if len(all) > n {
		all = all[:n]
	}
	return all, total, nil
}
