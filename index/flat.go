package index

import (
	"context"
	"io"
	"sync"

	"github.com/blevesearch/bleve/v2/index/scorch"
)

// hit is a quotation document a flat search found, with its text score
// and its stored record, read from its segment by number: what ranking
// (rank.go) weighs and an answer shows.
type hit struct {
	id    string
	score float64
	coord float64     // the share of the search's clauses it matches
	rec   quoteRecord // what ranking reads of it (rankRecord)
	blob  []byte      // its stored record, to decode whole if shown
	// seg and doc locate the document while its snapshot is open.
	seg *scorch.SegmentSnapshot
	doc uint64
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
// Its query() (in flat_test.go) is what bleve would run, and best() scores the same way
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

// orderOf is the id order of part i's segments.
func (ix *Index) orderOf(i int) *idOrder {
	if i < len(ix.order) {
		return &ix.order[i]
	}
	return nil
}

func (f *flat) best(ctx context.Context, ix *Index, n int) ([]hit, uint64, error) {
	if len(f.clauses) == 0 {
		return nil, 0, nil
	}
	type result struct {
		hits  []hit
		total uint64
		snap  io.Closer
		err   error
	}
	res := make([]result, len(ix.parts))
	var wg sync.WaitGroup
	for i, p := range ix.parts {
		wg.Go(func() {
			res[i].hits, res[i].total, res[i].snap, res[i].err = f.searchIn(ctx, p, n, ix.orderOf(i))
		})
	}
	wg.Wait()
	// The parts' snapshots stay open until the records of the n best
	// of all parts are read: only theirs are.
	defer func() {
		for _, r := range res {
			if r.snap != nil {
				r.snap.Close()
			}
		}
	}()
	var all []hit
	var total uint64
	for _, r := range res {
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
	if err := readRecords(all, &ix.recCache); err != nil {
		return nil, 0, err
	}
	for i := range all {
		all[i].seg = nil // not to be read once the snapshots are closed
	}
	return all, total, nil
}
