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

// sortHits orders hits best first, equal scores by document id.
func sortHits(hs []hit) {
	slices.SortFunc(hs, func(a, b hit) int {
		if c := cmp.Compare(b.score, a.score); c != 0 {
			return c
		}
		return strings.Compare(a.id, b.id)
	})
}
