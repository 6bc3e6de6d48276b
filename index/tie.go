package index

import (
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
