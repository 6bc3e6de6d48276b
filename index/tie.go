package index

import (
	"bytes"
	"cmp"
	"fmt"
	"math"
	"slices"
	"strings"
	"sync"

	"github.com/blevesearch/bleve/v2/index/scorch"
	segment "github.com/blevesearch/scorch_segment_api/v2"
)

// Ties. Two builds of the same corpus number their documents differently
// (bleve batches are maps, articles are read in parallel, segments merge
// when they will, and each article goes to one of two parts), so equal
// scores are never left in the order the documents were found: they are
// ordered by document id, which names the article and the quotation's
// place in it and is the same in every build. The cut at n uses the same
// order (topN), else the set of results could differ, not only its order.

// sortHits orders hits best first, equal scores by document id. A hit is
// a large value (its record travels with it): the sort moves their
// places, then each hit once.
func sortHits(hs []hit) {
	order := make([]int, len(hs))
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(i, j int) int {
		if c := cmp.Compare(hs[j].score, hs[i].score); c != 0 {
			return c
		}
		return strings.Compare(hs[i].id, hs[j].id)
	})
	sorted := make([]hit, len(hs))
	for k, i := range order {
		sorted[k] = hs[i]
	}
	copy(hs, sorted)
}

// tiedDoc is a document kept by a topN, with its id.
type tiedDoc struct {
	ranked
	id []byte // the segment's own bytes: valid while its snapshot is open
}

// cut is the n best documents a topN kept, best first, equal scores by
// id: those that score above the n-th best, then of those that tie with
// it, the ones with the smallest ids. The ties at a cut can be thousands
// (a question of common words across the corpus): only the few chosen
// are kept, in a heap, where sorting them all took a fifth of a search.
// id reads a document's id. places, by segment, are the documents'
// places in the segment's id order where known (idOrder): the ties of
// such a segment are first narrowed to its few first by place, and only
// their ids are read. buf is scratch space, returned for reuse.
func (t *topN) cut(n int, id func(ranked) ([]byte, error), places [][]uint32, buf []tiedDoc) ([]tiedDoc, []tiedDoc, error) {
	if len(t.best) == 0 || n <= 0 {
		return nil, buf, nil
	}
	worst := t.best[0].score
	keep := n // places left for the ties
	for _, r := range t.best {
		if r.score > worst {
			keep--
		}
	}
	var above []tiedDoc
	at := buf[:0] // a max-heap by id of the ties with the smallest ids
	bySeg := make([][]ranked, len(places))
	offerID := func(r ranked) error {
		b, err := id(r)
		if err != nil {
			return err
		}
		d := tiedDoc{ranked: r, id: b}
		switch {
		case r.score > worst:
			above = append(above, d)
		case len(at) < keep:
			at = append(at, d)
			tieUp(at, len(at)-1)
		case bytes.Compare(b, at[0].id) < 0:
			at[0] = d
			tieDown(at, 0)
		}
		return nil
	}
	offer := func(r ranked) error {
		if r.score == worst && r.seg < len(places) && r.doc < uint64(len(places[r.seg])) {
			bySeg[r.seg] = firstPlaces(bySeg[r.seg], keep, r, places[r.seg])
			return nil
		}
		return offerID(r)
	}
	for _, r := range t.best {
		if err := offer(r); err != nil {
			return nil, at, err
		}
	}
	for _, r := range t.tied {
		if r.score == worst {
			if err := offer(r); err != nil {
				return nil, at, err
			}
		}
	}
	for _, rs := range bySeg {
		for _, r := range rs {
			if err := offerID(r); err != nil {
				return nil, at, err
			}
		}
	}
	out := append(above, at...)
	slices.SortFunc(out, func(a, b tiedDoc) int {
		if c := cmp.Compare(b.score, a.score); c != 0 {
			return c
		}
		return bytes.Compare(a.id, b.id)
	})
	return out, at, nil
}

// firstPlaces keeps in h, a max-heap by place of at most keep documents
// of one segment, those with the first places.
func firstPlaces(h []ranked, keep int, r ranked, place []uint32) []ranked {
	less := func(i, j int) bool { return place[h[i].doc] < place[h[j].doc] }
	if len(h) < keep {
		h = append(h, r)
		for i := len(h) - 1; i > 0; {
			p := (i - 1) / 2
			if !less(p, i) {
				break
			}
			h[i], h[p] = h[p], h[i]
			i = p
		}
		return h
	}
	if place[r.doc] >= place[h[0].doc] {
		return h
	}
	h[0] = r
	for i := 0; ; {
		c := 2*i + 1
		if c >= len(h) {
			break
		}
		if c+1 < len(h) && less(c, c+1) {
			c++
		}
		if !less(i, c) {
			break
		}
		h[i], h[c] = h[c], h[i]
		i = c
	}
	return h
}

// tieUp and tieDown keep a max-heap of documents by id.
func tieUp(h []tiedDoc, i int) {
	for i > 0 {
		p := (i - 1) / 2
		if bytes.Compare(h[i].id, h[p].id) <= 0 {
			return
		}
		h[i], h[p] = h[p], h[i]
		i = p
	}
}

func tieDown(h []tiedDoc, i int) {
	for {
		c := 2*i + 1
		if c >= len(h) {
			return
		}
		if c+1 < len(h) && bytes.Compare(h[c+1].id, h[c].id) > 0 {
			c++
		}
		if bytes.Compare(h[i].id, h[c].id) >= 0 {
			return
		}
		h[i], h[c] = h[c], h[i]
		i = c
	}
}

// idOrder keeps, for the segments of an index part whose ties a search
// has read many ids of, each document's place in id order: ties then
// compare by a number in memory rather than by ids read from the
// segment, which took a third of a search of common words. A segment's
// order is worked out once a search has read as many of its ids as it
// has documents (so `ask`, one question per process, never pays for
// it), and kept while the segment is part of the index; segments do not
// change, so neither does it.
type idOrder struct {
	mu   sync.Mutex
	segs map[segment.Segment]*segOrder
}

type segOrder struct {
	read  int      // ids read for ties
	place []uint32 // by document number; nil until worked out
}

// places returns the known order of each segment, nil for those without.
func (o *idOrder) places(segs []*scorch.SegmentSnapshot) [][]uint32 {
	out := make([][]uint32, len(segs))
	if o == nil {
		return out
	}
	o.mu.Lock()
	defer o.mu.Unlock()
	for i, s := range segs {
		if so := o.segs[s.Segment()]; so != nil {
			out[i] = so.place
		}
	}
	return out
}

// count notes how many ids of each segment a search read for ties, and
// works out the order of those that have had as many read as they have
// documents. Segments no longer in the part are forgotten then.
func (o *idOrder) count(segs []*scorch.SegmentSnapshot, read []int) error {
	if o == nil {
		return nil
	}
	var due []int
	o.mu.Lock()
	if o.segs == nil {
		o.segs = map[segment.Segment]*segOrder{}
	}
	for i, s := range segs {
		if read[i] == 0 {
			continue
		}
		so := o.segs[s.Segment()]
		if so == nil {
			so = &segOrder{}
			o.segs[s.Segment()] = so
		}
		so.read += read[i]
		if so.place == nil && so.read >= int(s.Segment().Count()) {
			due = append(due, i)
			so.read = math.MinInt // worked out once, below
		}
	}
	if len(due) == 0 {
		if len(o.segs) > 2*len(segs)+8 {
			o.forget(segs) // merged away since the last order worked out
		}
		o.mu.Unlock()
		return nil
	}
	o.mu.Unlock()
	places := make([][]uint32, len(due))
	for k, i := range due {
		p, err := idPlaces(segs[i])
		if err != nil {
			return err
		}
		places[k] = p
	}
	o.mu.Lock()
	defer o.mu.Unlock()
	o.forget(segs)
	for k, i := range due {
		if so := o.segs[segs[i].Segment()]; so != nil {
			so.place = places[k]
		}
	}
	return nil
}

// forget drops the segments that are not in segs; o.mu is held.
func (o *idOrder) forget(segs []*scorch.SegmentSnapshot) {
	live := make(map[segment.Segment]bool, len(segs))
	for _, s := range segs {
		live[s.Segment()] = true
	}
	for seg := range o.segs {
		if !live[seg] {
			delete(o.segs, seg)
		}
	}
}

// idPlaces is each document's place in the id order of a segment.
func idPlaces(s *scorch.SegmentSnapshot) ([]uint32, error) {
	n := int(s.Segment().Count())
	ids := make([][]byte, n)
	docs := make([]uint32, n)
	for d := range n {
		id, err := s.DocID(uint64(d))
		if err != nil {
			return nil, fmt.Errorf("read document id: %w", err)
		}
		ids[d], docs[d] = id, uint32(d)
	}
	slices.SortFunc(docs, func(a, b uint32) int { return bytes.Compare(ids[a], ids[b]) })
	place := make([]uint32, n)
	for i, d := range docs {
		place[d] = uint32(i)
	}
	return place, nil
}
