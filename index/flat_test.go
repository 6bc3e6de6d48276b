package index

import (
	"context"
	"math"
	"slices"
	"testing"
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
