package index

import (
	"cmp"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

// TestCut holds topN's cut to what sorting every document offered, best
// first and equal scores by id, and keeping the first n gives: with few
// distinct scores (thousands of ties at the cut, as a question of common
// words finds), with all scores distinct, and with fewer documents than
// places.
func TestCut(t *testing.T) {
	for _, tc := range []struct {
		name         string
		docs, scores int
	}{
		{"thousands of ties", 3000, 3},
		{"distinct scores", 500, 1 << 30},
		{"one score", 200, 1},
		{"fewer than n", 7, 2},
	} {
		for _, n := range []int{1, 5, 20, 80} {
			t.Run(fmt.Sprintf("%s/n=%d", tc.name, n), func(t *testing.T) {
				r := rand.New(rand.NewPCG(uint64(n), uint64(tc.docs)))
				ids := map[ranked]string{}
				var all []tiedDoc
				var top topN
				for d := range tc.docs {
					rk := ranked{score: float64(r.IntN(tc.scores)) / 4, seg: d % 3, doc: uint64(d)}
					ids[rk] = fmt.Sprintf("a%05d.md#%d", r.IntN(100000), d)
					all = append(all, tiedDoc{ranked: rk, id: []byte(ids[rk])})
					top.offer(n, rk)
				}
				id := func(rk ranked) ([]byte, error) { return []byte(ids[rk]), nil }
				got, _, err := top.cut(n, id, nil)
				if err != nil {
					t.Fatal(err)
				}
				slices.SortFunc(all, func(a, b tiedDoc) int {
					if c := cmp.Compare(b.score, a.score); c != 0 {
						return c
					}
					return strings.Compare(string(a.id), string(b.id))
				})
				want := all[:min(n, len(all))]
				if !slices.EqualFunc(got, want, func(a, b tiedDoc) bool { return a.ranked == b.ranked && string(a.id) == string(b.id) }) {
					t.Errorf("cut(%d) of %d documents = %s; want %s", n, tc.docs, docList(got), docList(want))
				}
			})
		}
	}
}

func docList(ds []tiedDoc) string {
	var b strings.Builder
	for _, d := range ds {
		fmt.Fprintf(&b, " %s@%g", d.id, d.score)
	}
	return b.String()
}
