package index

import (
	"bytes"
	"cmp"
	"slices"
	"strings"
)

// Ties. Two builds of the same corpus number their documents differently
// (bleve batches are maps, articles are read in parallel, segments merge
// when they will, and each article goes to one of two parts), so equal
// scores are never left in the order the documents were found: they are
// ordered by document id, which names the article and the quotation's
// place in it and is the same in every build. The cut at n uses the same
// order (topN), else the set of results could differ, not only its order.

// sortHits orders hits best first, equal scores by document id. A hit is
// a large value (its record travels with it), and the ties at a cut can
// make thousands: the sort moves their places, then each hit once.
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
// (a question of common words across the corpus): only their ids are
// compared, and only the few chosen are kept, in a heap, where sorting
// them all to keep a few took a fifth of a search. id reads a
// document's id; buf is scratch space, returned for reuse.
func (t *topN) cut(n int, id func(ranked) ([]byte, error), buf []tiedDoc) ([]tiedDoc, []tiedDoc, error) {
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
	offer := func(r ranked) error {
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
	out := append(above, at...)
	slices.SortFunc(out, func(a, b tiedDoc) int {
		if c := cmp.Compare(b.score, a.score); c != 0 {
			return c
		}
		return bytes.Compare(a.id, b.id)
	})
	return out, at, nil
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
