package index

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"sort"
	"unsafe"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	segment "github.com/blevesearch/scorch_segment_api/v2"
	"github.com/trustwatch/trustwatch/corpus"
)

// errNotScorch says an index part is not a scorch index: every part is
// (shard.go), and the flat search is the only one Ask runs.
var errNotScorch = errors.New("not a scorch index")

// leaf is one term of a flat search in one index part.
type leaf struct {
	t        flatTerm
	lists    []segment.PostingsList // per segment
	weight   float64                // boost × idf × query norm × idf
	clause   int                    // index in clauses; -1 for a should term (unused for filter and not terms, which only select)
	conjSize int                    // terms in its clause
	memo     int                    // its postings' place in walk.memos when another leaf has its term too; else -1
}

// slot is what a flat search adds up for one document.
type slot struct {
	score, should float64
	n, nShould    uint16 // clauses and should terms matched
	out           bool   // has a term of not
}

// prefault writes a slot in every page of a newly made array. Such an
// array is fresh memory from the system, and a search reads a slot
// before it writes it: read first, a page is the kernel's shared zero
// page, copied at the first write, with the other cores told to forget
// the old mapping. Written first, a page is faulted in once. For a
// question at 20k articles, 2 to 9 ms of CPU were these faults.
func prefault(s []slot) {
	const perPage = 4096 / int(unsafe.Sizeof(slot{})) // at least one write per page
	for i := 0; i < len(s); i += perPage {
		s[i] = slot{}
	}
}

// slots are a flat search's sums for the documents of a segment, and
// the documents it touched.
type slots struct {
	docs    []slot
	touched []uint32
	allowed []uint32
	conj    conjSlots
	top     topN
	tied    []tiedDoc
	memos   [][]memoPosting
	filled  []bool
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

// bestIn is best in one index part: scorch's segments, read directly.
func (f *flat) bestIn(ctx context.Context, p bleve.Index, n int) ([]hit, uint64, error) {
	hits, total, r, err := f.searchIn(ctx, p, n, nil)
	if err != nil {
		return nil, 0, err
	}
	defer r.Close()
	if err := readRecords(hits, nil); err != nil {
		return nil, 0, err
	}
	return hits, total, nil
}

// searchIn is bestIn without the records: the hits locate their
// documents in the snapshot it returns open, for the caller to read the
// records of those it keeps (readRecords) and close.
func (f *flat) searchIn(ctx context.Context, p bleve.Index, n int, ord *idOrder) (_ []hit, _ uint64, _ io.Closer, err error) {
	adv, err := p.Advanced()
	if err != nil {
		return nil, 0, nil, err
	}
	r, err := adv.Reader()
	if err != nil {
		return nil, 0, nil, err
	}
	defer func() {
		if err != nil {
			r.Close()
		}
	}()
	snap, ok := r.(*scorch.IndexSnapshot)
	if !ok {
		return nil, 0, nil, errNotScorch
	}
	docTotal, err := snap.DocCount()
	if err != nil {
		return nil, 0, nil, err
	}
	segs := snap.Segments()
	lists := postingsLists{segs: segs, dicts: map[string][]segment.TermDictionary{}}
	var leaves []leaf
	var sumSquares float64
	addLeaf := func(t flatTerm, clause, size int) error {
		ls, count, err := lists.open(t)
		if err != nil {
			return err
		}
		idf := 1 + math.Log(float64(docTotal)/float64(count+1))
		sumSquares += (t.boost * idf) * (t.boost * idf)
		leaves = append(leaves, leaf{t: t, lists: ls, weight: t.boost * idf * idf, clause: clause, conjSize: size, memo: -1})
		return nil
	}
	for ci, c := range f.clauses {
		for _, t := range c {
			if err := addLeaf(t, ci, len(c)); err != nil {
				return nil, 0, nil, err
			}
		}
	}
	for _, t := range f.should {
		if err := addLeaf(t, -1, 1); err != nil {
			return nil, 0, nil, err
		}
	}
	memos := markShared(leaves)
	qnorm := 1 / math.Sqrt(sumSquares)
	for i := range leaves {
		leaves[i].weight *= qnorm
	}
	// Filter and not terms only select documents: no score, no norm.
	var filter, not []leaf
	for _, ts := range []struct {
		terms []flatTerm
		to    *[]leaf
	}{{f.filter, &filter}, {f.not, &not}} {
		for _, t := range ts.terms {
			ls, _, err := lists.open(t)
			if err != nil {
				return nil, 0, nil, err
			}
			*ts.to = append(*ts.to, leaf{t: t, lists: ls})
		}
	}

	buf := getSlots()
	defer putSlots(buf)
	for len(buf.memos) < memos {
		buf.memos = append(buf.memos, nil)
	}
	buf.filled = slices.Grow(buf.filled[:0], memos)[:memos]
	top := &buf.top
	top.reset()
	var total uint64
	nClauses, nShould := float64(len(f.clauses)), float64(len(f.should))
	for si, s := range segs {
		if err := ctx.Err(); err != nil {
			return nil, 0, nil, err
		}
		size := int(s.Segment().Count())
		if cap(buf.docs) < size {
			buf.docs = make([]slot, size)
			prefault(buf.docs)
		}
		sl := buf.docs[:size]
		w := walk{si: si, memos: buf.memos, filled: buf.filled}
		clear(w.filled)
		if len(filter) > 0 {
			allowed := buf.allowed[:0]
			for _, lf := range filter {
				if err := w.each(lf, false, func(p segment.Posting) { allowed = append(allowed, uint32(p.Number())) }); err != nil {
					return nil, 0, nil, err
				}
			}
			if len(filter) > 1 {
				slices.Sort(allowed)
				allowed = slices.Compact(allowed)
			}
			buf.allowed = allowed
			if len(allowed) == 0 {
				continue
			}
			w.filtered, w.allowed = true, allowed
		}
		var outs []uint32
		for _, lf := range not {
			if err := w.each(lf, false, func(p segment.Posting) {
				sl[p.Number()].out = true
				outs = append(outs, uint32(p.Number()))
			}); err != nil {
				return nil, 0, nil, err
			}
		}
		touched := buf.touched[:0]
		for i := 0; i < len(leaves); {
			lf := leaves[i]
			if lf.conjSize > 1 {
				// A conjunction: its documents have every one of its terms.
				err := w.conjunction(&buf.conj, size, leaves[i:i+lf.conjSize], func(d uint32, sc float64) {
					if sl[d].n == 0 {
						touched = append(touched, d)
					}
					sl[d].score += sc
					sl[d].n++
				})
				if err != nil {
					return nil, 0, nil, err
				}
				i += lf.conjSize
				continue
			}
			err := w.scored(lf, func(d uint32, tf, norm float64) {
				s := &sl[d]
				sc := lf.weight * tf * norm
				switch {
				case lf.clause >= 0:
					if s.n == 0 {
						touched = append(touched, d)
					}
					s.score += sc
					s.n++
				case s.n > 0: // a should term ranks what the clauses matched
					s.should += sc
					s.nShould++
				}
			})
			if err != nil {
				return nil, 0, nil, err
			}
			i++
		}
		for _, d := range touched {
			s := &sl[d]
			if s.out {
				continue
			}
			total++
			sc := s.score * float64(s.n) / nClauses
			if s.nShould > 0 {
				sc += s.should * float64(s.nShould) / nShould
			}
			top.offer(n, ranked{score: sc, coord: float64(s.n) / nClauses, seg: si, doc: uint64(d)})
		}
		for _, d := range touched {
			sl[d] = slot{}
		}
		for _, d := range outs {
			sl[d] = slot{}
		}
		buf.touched = touched
	}
	// The documents that tie with the n-th best are all candidates for
	// the last places: their ids, not their numbers (which differ from
	// build to build), decide which are kept.
	read := make([]int, len(segs)) // ids read, by segment
	docID := func(r ranked) ([]byte, error) {
		read[r.seg]++
		id, err := segs[r.seg].DocID(r.doc)
		if err != nil {
			return nil, fmt.Errorf("read document id: %w", err)
		}
		return id, nil
	}
	kept, tied, err := top.cut(n, docID, ord.places(segs), buf.tied)
	clear(tied) // the ids are the segments' bytes
	buf.tied = tied[:0]
	if err != nil {
		return nil, 0, nil, err
	}
	if err := ord.count(segs, read); err != nil {
		return nil, 0, nil, err
	}
	out := make([]hit, len(kept))
	for i, d := range kept {
		out[i] = hit{id: string(d.id), score: d.score, coord: d.coord, seg: segs[d.seg], doc: d.doc}
	}
	return out, total, r, nil
}

// readRecords reads the stored record of each hit from its segment, by
// number rather than by id from every segment: ranking weighs what each
// candidate's record says (rank.go).
func readRecords(hits []hit, cache *recordCache) error {
	for i := range hits {
		rec, blob, err := cache.record(hits[i].seg, hits[i].doc)
		if err != nil {
			return fmt.Errorf("read quotation %s: %w", hits[i].id, err)
		}
		hits[i].rec, hits[i].blob = rec, blob
	}
	return nil
}

// storedRecord reads the record a quotation document stores: what
// ranking and merging read of it (rankRecord), and the stored bytes, for
// the few shown to be decoded whole (fullRecord).
func storedRecord(s *scorch.SegmentSnapshot, doc uint64) (quoteRecord, []byte, error) {
	blob, err := storedBlob(s, doc)
	if err != nil {
		return quoteRecord{}, nil, err
	}
	var r rankRecord
	if err := json.Unmarshal(blob, &r); err != nil {
		return quoteRecord{}, nil, err
	}
	q := corpus.Quote{Text: r.Quote.Text, Speaker: r.Quote.Speaker, Vendor: r.Quote.Vendor, Labels: r.Quote.Labels, Topics: r.Quote.Topics, Lang: r.Quote.Lang}
	return quoteRecord{Quote: q, Article: r.Article, Key: r.Key}, blob, nil
}

// storedBlob is the record a document stores, as stored.
func storedBlob(s *scorch.SegmentSnapshot, doc uint64) ([]byte, error) {
	var blob []byte
	err := s.VisitDocument(doc, func(field string, _ byte, value []byte, _ []uint64) bool {
		if field == fRecord {
			blob = append([]byte(nil), value...) // the segment reuses its buffer
			return false
		}
		return true
	})
	if err != nil {
		return nil, err
	}
	if blob == nil {
		return nil, fmt.Errorf("no stored record")
	}
	return blob, nil
}

// rankRecord is the part of a quoteRecord that ranking and merging read:
// decoding only it spares the cues, attribution and offsets of the
// candidates not shown.
type rankRecord struct {
	Quote struct {
		Text    string         `json:"text"`
		Speaker string         `json:"speaker"`
		Vendor  string         `json:"vendor"`
		Labels  []corpus.Label `json:"labels"`
		Topics  []corpus.Topic `json:"topics"`
		Lang    string         `json:"lang"`
	} `json:"q"`
	Article Source `json:"a"`
	Key     string `json:"k"`
}

// fullRecord decodes a hit's whole record, for an answer to show.
func fullRecord(h hit) (quoteRecord, error) {
	if h.blob == nil {
		return h.rec, nil
	}
	var rec quoteRecord
	if err := json.Unmarshal(h.blob, &rec); err != nil {
		return rec, fmt.Errorf("read quotation %s: %w", h.id, err)
	}
	return rec, nil
}

// postingsLists opens the postings lists of terms in every segment of a
// snapshot, each field's dictionaries once.
type postingsLists struct {
	segs  []*scorch.SegmentSnapshot
	dicts map[string][]segment.TermDictionary
}

// open returns a term's postings list in each segment, without deleted
// documents, and how many documents have it in all.
func (pl *postingsLists) open(t flatTerm) ([]segment.PostingsList, uint64, error) {
	ds, ok := pl.dicts[t.field]
	if !ok {
		ds = make([]segment.TermDictionary, len(pl.segs))
		for i, s := range pl.segs {
			d, err := s.Segment().Dictionary(t.field)
			if err != nil {
				return nil, 0, fmt.Errorf("read field %s: %w", t.field, err)
			}
			ds[i] = d
		}
		pl.dicts[t.field] = ds
	}
	lists := make([]segment.PostingsList, len(pl.segs))
	var count uint64
	for i, s := range pl.segs {
		l, err := ds[i].PostingsList([]byte(t.term), s.Deleted(), nil)
		if err != nil {
			return nil, 0, fmt.Errorf("read term %s:%s: %w", t.field, t.term, err)
		}
		lists[i] = l
		count += l.Count()
	}
	return lists, count, nil
}

// walk reads the postings of one segment, only those of the allowed
// documents when the search has a filter.
type walk struct {
	si       int
	it       segment.PostingsIterator // reused from term to term
	filtered bool
	allowed  []uint32 // ascending
	// memos keep the postings of the terms of several leaves, read
	// once (filled) and replayed: a glossary phrase's words ("customer
	// data") are often the question's words too.
	memos  [][]memoPosting
	filled []bool
}

// memoPosting is a posting as a search scores it.
type memoPosting struct {
	doc      uint32
	tf, norm float64
}

// markShared sets the memo of each leaf whose field and term another
// leaf has too, and returns how many memos they need.
func markShared(leaves []leaf) int {
	type key struct{ field, term string }
	first := map[key]int{}
	n := 0
	for i := range leaves {
		k := key{leaves[i].t.field, leaves[i].t.term}
		j, seen := first[k]
		if !seen {
			first[k] = i
			continue
		}
		if leaves[j].memo < 0 {
			leaves[j].memo = n
			n++
		}
		leaves[i].memo = leaves[j].memo
	}
	return n
}

// scored calls fn with each posting of lf in the segment, its document,
// term frequency factor and norm; from memory when another leaf of the
// same term has read them.
func (w *walk) scored(lf leaf, fn func(doc uint32, tf, norm float64)) error {
	if lf.memo >= 0 && w.filled[lf.memo] {
		for _, p := range w.memos[lf.memo] {
			fn(p.doc, p.tf, p.norm)
		}
		return nil
	}
	var memo []memoPosting
	if lf.memo >= 0 {
		memo = w.memos[lf.memo][:0]
	}
	err := w.each(lf, true, func(p segment.Posting) {
		d, t, nm := uint32(p.Number()), tf(p.Frequency()), norm(p)
		if lf.memo >= 0 {
			memo = append(memo, memoPosting{d, t, nm})
		}
		fn(d, t, nm)
	})
	if err != nil {
		return err
	}
	if lf.memo >= 0 {
		w.memos[lf.memo], w.filled[lf.memo] = memo, true
	}
	return nil
}

// each calls fn with each posting of lf in the segment.
func (w *walk) each(lf leaf, freqNorm bool, fn func(segment.Posting)) error {
	w.it = lf.lists[w.si].Iterator(freqNorm, freqNorm, false, w.it)
	fail := func(err error) error { return fmt.Errorf("read term %s:%s: %w", lf.t.field, lf.t.term, err) }
	if !w.filtered {
		for {
			p, err := w.it.Next()
			if err != nil {
				return fail(err)
			}
			if p == nil {
				return nil
			}
			fn(p)
		}
	}
	// Jump from allowed document to allowed document: a vendor's
	// quotations are a small share of a common term's postings.
	for j := 0; j < len(w.allowed); {
		p, err := w.it.Advance(uint64(w.allowed[j]))
		if err != nil {
			return fail(err)
		}
		if p == nil {
			return nil
		}
		d := p.Number()
		if d != uint64(w.allowed[j]) {
			j += sort.Search(len(w.allowed)-j, func(k int) bool { return uint64(w.allowed[j+k]) >= d })
			if j == len(w.allowed) || uint64(w.allowed[j]) != d {
				continue
			}
		}
		fn(p)
		j++
	}
	return nil
}

// conjSlots are a conjunction's sums for the documents of a segment:
// what its terms so far add up to, and how many of them each document
// has, in arrays by document number rather than in a map per term (a
// common pair of words, "customer data", has thousands of documents).
type conjSlots struct {
	score []float64
	n     []uint16
	docs  []uint32 // the documents of its first term
}

// conjunction calls fn with each document of the segment (size
// documents) that has every term of a conjunction clause, and its score:
// the sum of its terms' scores, added in the terms' order.
func (w *walk) conjunction(c *conjSlots, size int, terms []leaf, fn func(doc uint32, score float64)) error {
	if cap(c.score) < size {
		c.score, c.n = make([]float64, size), make([]uint16, size)
	}
	for _, lf := range terms {
		if lf.lists[w.si].Count() == 0 {
			return nil // a term the segment lacks: no document has them all
		}
	}
	score, n := c.score[:size], c.n[:size]
	docs := c.docs[:0]
	defer func() {
		for _, d := range docs {
			score[d], n[d] = 0, 0
		}
		c.docs = docs
	}()
	for k, lf := range terms {
		matched := 0
		err := w.scored(lf, func(d uint32, tf, norm float64) {
			switch {
			case k == 0:
				docs = append(docs, d)
			case n[d] != uint16(k):
				return
			}
			score[d] += lf.weight * tf * norm
			n[d]++
			matched++
		})
		if err != nil {
			return err
		}
		if matched == 0 {
			return nil // no document has the terms so far
		}
	}
	for _, d := range docs {
		if n[d] == uint16(len(terms)) {
			fn(d, score[d])
		}
	}
	return nil
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
	coord float64 // the share of the clauses it matches
	seg   int
	doc   uint64
}

// hitHeap keeps the best documents seen, the worst on top. Of equal
// scores, which is on top does not matter: topN keeps every document that
// ties with the worst one kept. Its own sifts, not container/heap's,
// which boxes each document pushed.
type hitHeap []ranked

func (h hitHeap) up(i int) {
	for i > 0 {
		p := (i - 1) / 2
		if h[p].score <= h[i].score {
			return
		}
		h[i], h[p] = h[p], h[i]
		i = p
	}
}

func (h hitHeap) down(i int) {
	for {
		c := 2*i + 1
		if c >= len(h) {
			return
		}
		if c+1 < len(h) && h[c+1].score < h[c].score {
			c++
		}
		if h[i].score <= h[c].score {
			return
		}
		h[i], h[c] = h[c], h[i]
		i = c
	}
}

// topN keeps the n best documents seen and those that tie with the worst
// of them (tied), so that the cut at n can be made by a stable key rather
// than by the order in which documents were seen.
type topN struct {
	best hitHeap
	tied []ranked // scores equal to or below best's worst
}

// reset empties t for another search, keeping its arrays.
func (t *topN) reset() {
	t.best, t.tied = t.best[:0], t.tied[:0]
}

// offer keeps r if it is among the n best so far, or ties with the n-th.
func (t *topN) offer(n int, r ranked) {
	if n <= 0 {
		return
	}
	if len(t.best) < n {
		t.best = append(t.best, r)
		t.best.up(len(t.best) - 1)
		return
	}
	worst := t.best[0].score
	switch {
	case r.score < worst:
		return
	case r.score == worst:
		t.tied = append(t.tied, r)
		return
	}
	out := t.best[0]
	t.best[0] = r
	t.best.down(0)
	if out.score == t.best[0].score {
		t.tied = append(t.tied, out)
	} else if len(t.tied) > 0 {
		t.tied = t.tied[:0] // the worst kept is better now: no tie left
	}
}
