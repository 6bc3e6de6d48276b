package index

import (
	"context"
	"math"
	"slices"
	"testing"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"
)

// TestFlatMatchesBleve holds the flat search to bleve's own: on a
// generated corpus on disk, with several segments and deleted documents,
// across all vendors, for one or two vendors, and leaving vendors out:
// the same total, the same scores rank by rank, and the same documents
// but for the order of equal scores.
func TestFlatMatchesBleve(t *testing.T) {
	if testing.Short() {
		t.Skip("indexes 1,500 generated articles")
	}
	ctx := context.Background()
	ix, err := Open(t.TempDir(), Options{Registry: genRegistry(t)})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	syncTest(t, ix, genFS{n: 1500})
	syncTest(t, ix, genFS{n: 1200}) // 300 articles deleted from their segments

	questions := []string{
		"keep data in Europe",
		"who puts trust first?",
		"top priority for customers",               // "top priority": a conjunction
		"la vie privée des clients",                // « vie privée »: a conjunction
		"public sector sovereignty",                // an English conjunction and a label
		"Alice Arden on partners",                  // a spokesperson
		genVocab[10] + " " + genVocab[200],         // words of the generated vocabulary
		"financial services, healthcare or retail", // several conjunctions
		"nothingmatchesthis",
	}
	var checked int
	for _, q := range questions {
		qq := ix.read(ctx, q, nil)
		ex := ix.expand(qq.words, qq.folded)
		f := ix.textQuery(qq.words, qq.people, ex, nil)
		without := *f
		without.not = []flatTerm{{fVendor, "gen3", 1}, {fVendor, "gen7", 1}}
		one := ix.textQuery(qq.words, qq.people, ex, []string{"gen3"})
		two := ix.textQuery(qq.words, qq.people, ex, []string{"gen3", "gen7"})
		for _, fs := range []*flat{f, &without, one, two} {
			for _, n := range []int{5, 50} {
				for _, p := range ix.parts {
					if _, _, err := fs.bestIn(ctx, p, n); err != nil {
						t.Fatalf("%q: flat search of a disk index: %v", q, err)
					}
				}
				got, gotTotal, err := fs.best(ctx, ix, n)
				if err != nil {
					t.Fatalf("%q: flat: %v", q, err)
				}
				want, wantTotal, err := bleveSearch{fs.query()}.best(ctx, ix, n)
				if err != nil {
					t.Fatalf("%q: bleve: %v", q, err)
				}
				sameHits(t, q, got, want)
				if gotTotal != wantTotal {
					t.Errorf("%q (n=%d, not=%d, filter=%d): total %d; bleve %d", q, n, len(fs.not), len(fs.filter), gotTotal, wantTotal)
				}
				if len(want) > 0 {
					checked++
				}
			}
		}
	}
	if checked < 48 {
		t.Errorf("only %d searches found anything; the comparison proves little", checked)
	}
}

// sameHits compares two rankings: scores rank by rank, and documents
// score by score, except in the last group of equal scores, which the
// cut at n may split differently.
func sameHits(t *testing.T, q string, got, want []hit) {
	t.Helper()
	if len(got) != len(want) {
		t.Errorf("%q: %d hits; bleve %d", q, len(got), len(want))
		return
	}
	for i := range got {
		if math.Abs(got[i].score-want[i].score) > 1e-9*math.Abs(want[i].score) {
			t.Errorf("%q: hit %d scores %v; bleve %v", q, i, got[i].score, want[i].score)
			return
		}
	}
	for i := 0; i < len(got); {
		j := i
		for j < len(got) && math.Abs(got[j].score-got[i].score) <= 1e-9*math.Abs(got[i].score) {
			j++
		}
		if j == len(got) {
			break // the last group
		}
		g, w := ids(got[i:j]), ids(want[i:j])
		if !slices.Equal(g, w) {
			t.Errorf("%q: hits %d-%d are %v; bleve %v", q, i, j-1, g, w)
		}
		i = j
	}
}

func ids(hs []hit) []string {
	out := make([]string, len(hs))
	for i, h := range hs {
		out[i] = h.id
	}
	slices.Sort(out)
	return out
}

// The bleve side of TestFlatMatchesBleve: the query bleve would run for a
// flat search, and bleve's search of it. Ask never runs it; it is the
// yardstick the flat search is held to.

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

// bleveSearch runs a bleve query.
type bleveSearch struct{ q query.Query }

// best asks bleve for one hit more than n: when it scores below the n-th,
// no document left out ties with the ones kept; otherwise bleve is asked
// again to sort equal scores by id.
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
