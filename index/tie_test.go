package index

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
)

// TestCut holds topN's cut to what sorting every document offered, best
// first and equal scores by id, and keeping the first n gives, whether
// the id order of their segments is known or not: with few
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
				// Segments 0 and 2 have their id order worked out
				// (idOrder), segment 1 not.
				places := make([][]uint32, 3)
				for _, seg := range []int{0, 2} {
					var docs []tiedDoc
					for _, d := range all {
						if d.seg == seg {
							docs = append(docs, d)
						}
					}
					slices.SortFunc(docs, func(a, b tiedDoc) int { return strings.Compare(string(a.id), string(b.id)) })
					places[seg] = make([]uint32, tc.docs)
					for i, d := range docs {
						places[seg][d.doc] = uint32(i)
					}
				}
				got, _, err := top.cut(n, id, nil, nil)
				if err != nil {
					t.Fatal(err)
				}
				known, _, err := top.cut(n, id, places, nil)
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
				if !slices.EqualFunc(known, want, func(a, b tiedDoc) bool { return a.ranked == b.ranked && string(a.id) == string(b.id) }) {
					t.Errorf("cut(%d) of %d documents, two segments' id order known, = %s; want %s", n, tc.docs, docList(known), docList(want))
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

// TestIDOrderSameAnswers asks a question that ties hundreds of
// quotations at the cut until the index has worked out the id order of
// its segments (idOrder), and requires the same answers as before: the
// order only spares reading ids.
func TestIDOrderSameAnswers(t *testing.T) {
	ctx := context.Background()
	ix := openTest(t, t.TempDir(), nil)
	texts := []string{
		"We keep customer data in Europe, under European law",
		"Trust is our top priority for every customer",
		"We will never compete with our customers",
	}
	fsys := fstest.MapFS{}
	for i := range 900 {
		fsys[fmt.Sprintf("a%04d.md", i)] = &fstest.MapFile{Data: []byte(fmt.Sprintf(
			"---\ntitle: Nimbus news %d\ndate: 2024-03-%02d\n---\n\n\"%s (%d),\" said Clara Venn, chief executive of Nimbus.\n",
			i, 1+i%28, texts[i%len(texts)], i%50))}
		if i%300 == 299 {
			syncTest(t, ix, fsys) // a segment or more per sync
		}
	}
	for i := 0; i < 900; i += 7 {
		delete(fsys, fmt.Sprintf("a%04d.md", i))
	}
	syncTest(t, ix, fsys) // deleted documents in the segments
	questions := []string{"who keeps customer data in Europe?", "trust for customers", "compete with customers"}
	answer := func(q string, limit int) string {
		ans, err := ix.Ask(ctx, Query{Question: q, Limit: limit})
		if err != nil {
			t.Fatal(err)
		}
		if len(ans.Quotes) == 0 {
			t.Fatalf("Ask(%q) found nothing", q)
		}
		b, err := json.Marshal(ans)
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	before := map[string]string{}
	for _, q := range questions {
		for _, limit := range []int{1, 5, 20} {
			before[fmt.Sprint(q, limit)] = answer(q, limit)
		}
	}
	known := func() int {
		n := 0
		for i := range ix.order {
			o := &ix.order[i]
			o.mu.Lock()
			for _, so := range o.segs {
				if so.place != nil {
					n++
				}
			}
			o.mu.Unlock()
		}
		return n
	}
	for range 50 {
		if known() > 0 {
			break
		}
		for _, q := range questions {
			answer(q, 5)
		}
	}
	if known() == 0 {
		t.Fatal("no segment's id order worked out after 150 questions of ties")
	}
	for _, q := range questions {
		for _, limit := range []int{1, 5, 20} {
			if got, want := answer(q, limit), before[fmt.Sprint(q, limit)]; got != want {
				t.Errorf("Ask(%q, limit %d) with the id order known:\n%s\nwant, as before:\n%s", q, limit, got, want)
			}
		}
	}
}
