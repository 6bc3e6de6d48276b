package index

import (
	"container/heap"
	"context"
	"fmt"
	"math"
	"sort"
	"sync"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/search/query"
	segment "github.com/blevesearch/scorch_segment_api/v2"
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

func (s bleveSearch) best(ctx context.Context, ix *Index, n int) ([]hit, uint64, error) {
	res, err := ix.b.SearchInContext(ctx, bleve.NewSearchRequestOptions(s.q, n, 0, false))
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
// their own: the shape of every question that names no vendor.
//
// Its query() is what bleve would run, and best() scores the same way
// term by term, adding each posting's score into an array indexed by
// document number. bleve walks a disjunction document by document
// through a heap of searchers, which costs about 200 ns per matching
// document; a question of common words ("keep data in Europe") matches
// a fifth of the quotations of a 100k-article corpus, and spent 10 ms
// and more there. Scores are bleve's own (tf-idf, query norm, coord), so
// both ways rank alike; TestFlatMatchesBleve holds them to it.
type flat struct {
	clauses [][]flatTerm
	should  []flatTerm
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
	if len(f.should) == 0 && len(f.not) == 0 {
		return d
	}
	return query.NewBooleanQuery([]query.Query{d}, termQueries(f.should), termQueries(f.not))
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
		if r.err == errNotScorch {
			return bleveSearch{f.query()}.best(ctx, ix, n)
		}
		if r.err != nil {
			return nil, 0, r.err
		}
		all = append(all, r.hits...)
		total += r.total
	}
	sort.SliceStable(all, func(i, j int) bool { return all[i].score > all[j].score })
	if len(all) > n {
		all = all[:n]
	}
	return all, total, nil
}

// errNotScorch says an index part is not a scorch index, which bleve's
// own search handles.
var errNotScorch = fmt.Errorf("not a scorch index")

// slots are a flat search's sums for the documents of a segment, and
// the documents it touched.
type slots struct {
	docs    []slot
	touched []uint32
}

// slot is what a flat search adds up for one document.
type slot struct {
	score, should float64
	n, nShould    uint16 // clauses and should terms matched
	out           bool   // has a term of not
}

// slotBufs keeps the per-document arrays of flat searches between
// questions: an array is megabytes for a large segment, and allocating it
// per question costs more than the search. A sync.Pool would drop them
// at every garbage collection. Four are kept: one per part for two
// questions at a time.
var slotBufs = make(chan *slots, 4)

func getSlots() *slots {
	select {
	case b := <-slotBufs:
		return b
	default:
		return new(slots)
	}
}

func putSlots(b *slots) {
	select {
	case slotBufs <- b:
	default:
	}
}

// leaf is one term of a flat search in one index part.
type leaf struct {
	t        flatTerm
	lists    []segment.PostingsList // per segment
	weight   float64                // boost × idf × query norm × idf
	clause   int                    // index in clauses; -1 for a should term, -2 for a not term
	conjSize int                    // terms in its clause
}

// bestIn is best in one index part: scorch's segments, read directly.
func (f *flat) bestIn(ctx context.Context, p bleve.Index, n int) ([]hit, uint64, error) {
	adv, err := p.Advanced()
	if err != nil {
		return nil, 0, err
	}
	r, err := adv.Reader()
	if err != nil {
		return nil, 0, err
	}
	defer r.Close()
	snap, ok := r.(*scorch.IndexSnapshot)
	if !ok {
		return nil, 0, errNotScorch
	}
	docTotal, err := snap.DocCount()
	if err != nil {
		return nil, 0, err
	}
	segs := snap.Segments()
	dicts := map[string][]segment.TermDictionary{}
	open := func(t flatTerm) ([]segment.PostingsList, uint64, error) {
		ds, ok := dicts[t.field]
		if !ok {
			ds = make([]segment.TermDictionary, len(segs))
			for i, s := range segs {
				if ds[i], err = s.Segment().Dictionary(t.field); err != nil {
					return nil, 0, fmt.Errorf("read field %s: %w", t.field, err)
				}
			}
			dicts[t.field] = ds
		}
		lists := make([]segment.PostingsList, len(segs))
		var count uint64
		for i, s := range segs {
			pl, err := ds[i].PostingsList([]byte(t.term), s.Deleted(), nil)
			if err != nil {
				return nil, 0, fmt.Errorf("read term %s:%s: %w", t.field, t.term, err)
			}
			lists[i] = pl
			count += pl.Count()
		}
		return lists, count, nil
	}
	var leaves []leaf
	var sumSquares float64
	addLeaf := func(t flatTerm, clause, size int) error {
		lists, count, err := open(t)
		if err != nil {
			return err
		}
		idf := 1 + math.Log(float64(docTotal)/float64(count+1))
		sumSquares += (t.boost * idf) * (t.boost * idf)
		leaves = append(leaves, leaf{t: t, lists: lists, weight: t.boost * idf * idf, clause: clause, conjSize: size})
		return nil
	}
	for ci, c := range f.clauses {
		for _, t := range c {
			if err := addLeaf(t, ci, len(c)); err != nil {
				return nil, 0, err
			}
		}
	}
	for _, t := range f.should {
		if err := addLeaf(t, -1, 1); err != nil {
			return nil, 0, err
		}
	}
	qnorm := 1 / math.Sqrt(sumSquares)
	var not []leaf // not terms do not count in the query norm
	for _, t := range f.not {
		lists, _, err := open(t)
		if err != nil {
			return nil, 0, err
		}
		not = append(not, leaf{t: t, lists: lists, clause: -2})
	}
	for i := range leaves {
		leaves[i].weight *= qnorm
	}

	buf := getSlots()
	defer putSlots(buf)
	var top hitHeap
	var total uint64
	var it segment.PostingsIterator // reused from term to term
	clauses, should := float64(len(f.clauses)), float64(len(f.should))
	for si, s := range segs {
		if err := ctx.Err(); err != nil {
			return nil, 0, err
		}
		size := int(s.Segment().Count())
		if cap(buf.docs) < size {
			buf.docs = make([]slot, size)
		}
		slots := buf.docs[:size]
		touched := buf.touched[:0]
		var outs []uint32
		for _, lf := range not {
			it = lf.lists[si].Iterator(false, false, false, it)
			for {
				p, err := it.Next()
				if err != nil {
					return nil, 0, fmt.Errorf("read term %s:%s: %w", lf.t.field, lf.t.term, err)
				}
				if p == nil {
					break
				}
				slots[p.Number()].out = true
				outs = append(outs, uint32(p.Number()))
			}
		}
		for i := 0; i < len(leaves); {
			lf := leaves[i]
			if lf.clause < 0 || lf.conjSize == 1 {
				it = lf.lists[si].Iterator(true, true, false, it)
				for {
					p, err := it.Next()
					if err != nil {
						return nil, 0, fmt.Errorf("read term %s:%s: %w", lf.t.field, lf.t.term, err)
					}
					if p == nil {
						break
					}
					d := p.Number()
					sl := &slots[d]
					sc := lf.weight * tf(p.Frequency()) * norm(p)
					if lf.clause >= 0 {
						if sl.n == 0 {
							touched = append(touched, uint32(d))
						}
						sl.score += sc
						sl.n++
					} else if sl.n > 0 {
						sl.should += sc
						sl.nShould++
					}
				}
				i++
				continue
			}
			// A conjunction: its documents have every one of its terms.
			part, err := conjunction(leaves[i:i+lf.conjSize], si)
			if err != nil {
				return nil, 0, err
			}
			for d, sc := range part {
				sl := &slots[d]
				if sl.n == 0 {
					touched = append(touched, uint32(d))
				}
				sl.score += sc
				sl.n++
			}
			i += lf.conjSize
		}
		for _, d := range touched {
			sl := &slots[d]
			if sl.out {
				continue
			}
			total++
			sc := sl.score * float64(sl.n) / clauses
			if sl.nShould > 0 {
				sc += sl.should * float64(sl.nShould) / should
			}
			top.offer(n, ranked{score: sc, seg: si, doc: uint64(d)})
		}
		for _, d := range touched {
			slots[d] = slot{}
		}
		buf.touched = touched
		for _, d := range outs {
			slots[d] = slot{}
		}
	}
	sort.Sort(sort.Reverse(&top))
	out := make([]hit, 0, len(top))
	for _, h := range top {
		id, err := segs[h.seg].DocID(h.doc)
		if err != nil {
			return nil, 0, fmt.Errorf("read document id: %w", err)
		}
		out = append(out, hit{id: string(id), score: h.score})
	}
	return out, total, nil
}

// conjunction scores the documents of one segment that have every term
// of a conjunction clause.
func conjunction(terms []leaf, si int) (map[uint64]float64, error) {
	var part map[uint64]float64
	for k, lf := range terms {
		next := map[uint64]float64{}
		it := lf.lists[si].Iterator(true, true, false, nil)
		for {
			p, err := it.Next()
			if err != nil {
				return nil, fmt.Errorf("read term %s:%s: %w", lf.t.field, lf.t.term, err)
			}
			if p == nil {
				break
			}
			d := p.Number()
			prev, ok := part[d]
			if k > 0 && !ok {
				continue
			}
			next[d] = prev + lf.weight*tf(p.Frequency())*norm(p)
		}
		part = next
	}
	return part, nil
}

// norm is a posting's field-length norm, 1/√length as a float32, as zap
// computes it, but looked up for the usual lengths: the square root took
// a sixth of a flat search's time.
func norm(p segment.Posting) float64 {
	if zp, ok := p.(interface{ NormUint64() uint64 }); ok {
		if n := zp.NormUint64(); n < uint64(len(normCache)) {
			return normCache[n]
		}
	}
	return p.Norm()
}

var normCache = func() (c [1024]float64) {
	for i := range c {
		c[i] = float64(float32(1.0 / math.Sqrt(float64(i))))
	}
	return c
}()

// tf is bleve's term frequency factor.
func tf(freq uint64) float64 {
	if freq < uint64(len(sqrtCache)) {
		return sqrtCache[freq]
	}
	return math.Sqrt(float64(freq))
}

var sqrtCache = func() (c [64]float64) {
	for i := range c {
		c[i] = math.Sqrt(float64(i))
	}
	return c
}()

// ranked is a document of a segment with its score.
type ranked struct {
	score float64
	seg   int
	doc   uint64
}

// hitHeap keeps the best documents seen, the worst on top. Of equal
// scores, the earlier document ranks first, as in bleve.
type hitHeap []ranked

func (h hitHeap) Len() int { return len(h) }
func (h hitHeap) Less(i, j int) bool {
	if h[i].score != h[j].score {
		return h[i].score < h[j].score
	}
	if h[i].seg != h[j].seg {
		return h[i].seg > h[j].seg
	}
	return h[i].doc > h[j].doc
}
func (h hitHeap) Swap(i, j int) { h[i], h[j] = h[j], h[i] }
func (h *hitHeap) Push(x any)   { *h = append(*h, x.(ranked)) }
func (h *hitHeap) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}

// offer keeps r if it is among the n best so far.
func (h *hitHeap) offer(n int, r ranked) {
	if len(*h) < n {
		heap.Push(h, r)
		return
	}
	if n > 0 && (hitHeap{r, (*h)[0]}).Less(1, 0) {
		(*h)[0] = r
		heap.Fix(h, 0)
	}
}
