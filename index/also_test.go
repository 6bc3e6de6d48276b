package index

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"testing/fstest"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"
)

// TestAlsoInMatchesBleve holds alsoIn, which reads the other articles of
// a quotation from the segments directly, to the same search through
// bleve: the same sources in the same order, when a statement is quoted
// in a few articles, in more than a first search asks for, and in more
// than alsoInMax, and after some of those articles were deleted.
func TestAlsoInMatchesBleve(t *testing.T) {
	ctx := context.Background()
	ix := openTest(t, t.TempDir(), nil)
	corpusOf := func(n int) fstest.MapFS {
		fsys := fstest.MapFS{}
		for i := range n {
			var text string
			switch {
			case i%3 == 0:
				text = "Trust is our top priority for every customer" // in n/3 articles
			case i%7 == 1:
				text = "We will never compete with our customers in retail" // in about n/7
			default:
				text = fmt.Sprintf("Customer trust grows with every release (%d)", i%11) // a few each
			}
			fsys[fmt.Sprintf("a%04d.md", i)] = &fstest.MapFile{Data: []byte(fmt.Sprintf(
				"---\ntitle: Nimbus news %d\npublication: Outlet %d\ndate: 2024-01-%02d\n---\n\n\"%s,\" said Clara Venn, chief executive of Nimbus.\n",
				i, i%5, 1+i%28, text))}
		}
		return fsys
	}
	check := func(stage string) {
		found := 0
		defer func() {
			if found == 0 {
				t.Fatalf("%s: no question found anything", stage)
			}
		}()
		for _, q := range []string{"trust", "compete with customers", "customer trust release", "sovereignty in Europe"} {
			for _, limit := range []int{1, 3, 10} {
				ans, err := ix.Ask(ctx, Query{Question: q, Limit: limit})
				if err != nil {
					t.Fatal(err)
				}
				if len(ans.Quotes) == 0 {
					continue
				}
				found++
				got, want := bare(ans.Quotes), bare(ans.Quotes)
				if err := ix.alsoIn(ctx, got); err != nil {
					t.Fatal(err)
				}
				if err := alsoInBleve(ctx, ix, want); err != nil {
					t.Fatal(err)
				}
				for i := range got {
					if !slices.Equal(got[i].AlsoIn, want[i].AlsoIn) {
						t.Errorf("%s: Ask(%q, limit %d) quotation %d also in %d sources %v; bleve %d %v", stage, q, limit, i, len(got[i].AlsoIn), sourceIDs(got[i].AlsoIn), len(want[i].AlsoIn), sourceIDs(want[i].AlsoIn))
					}
				}
			}
		}
	}
	syncTest(t, ix, corpusOf(400))
	check("400 articles")
	syncTest(t, ix, corpusOf(250))
	check("150 deleted")
	// Two statements, one in 150 articles and one in 110 after them by
	// id: more than alsoInMax per statement shown in all, and a search
	// for that many, by id, leaves the second some of its sources only.
	split := fstest.MapFS{}
	for i := range 260 {
		text := "Sovereignty is a promise we keep in Europe"
		if i >= 150 {
			text = "Sovereignty matters to every customer in Europe"
		}
		split[fmt.Sprintf("a%04d.md", i)] = &fstest.MapFile{Data: []byte(fmt.Sprintf(
			"---\ntitle: Nimbus news %d\ndate: 2024-02-%02d\n---\n\n\"%s,\" said Clara Venn, chief executive of Nimbus.\n", i, 1+i%28, text))}
	}
	syncTest(t, ix, split)
	check("two statements in many articles")
}

// bare copies quotations without their other sources.
func bare(qs []AnswerQuote) []AnswerQuote {
	out := slices.Clone(qs)
	for i := range out {
		out[i].AlsoIn = []Source{}
	}
	return out
}

func sourceIDs(ss []Source) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = s.ID
	}
	return out
}

// alsoInBleve is alsoIn as a bleve search: the documents with the
// quotations' keys but those shown, by id, a few per quotation asked for
// first, then alsoInMax.
func alsoInBleve(ctx context.Context, ix *Index, quotes []AnswerQuote) error {
	keys := make([]string, len(quotes))
	var shown []string
	for i, q := range quotes {
		keys[i] = q.key
		if q.id != "" {
			shown = append(shown, q.id)
		}
	}
	var q query.Query = anyTerm(fKey, keys)
	if len(shown) > 0 {
		q = query.NewBooleanQuery([]query.Query{q}, nil, []query.Query{query.NewDocIDQuery(shown)})
	}
	var res *bleve.SearchResult
	for _, size := range []int{4 * len(keys), alsoInMax * len(keys)} {
		req := bleve.NewSearchRequestOptions(q, size, 0, false)
		req.Fields = []string{fRecord}
		req.SortBy([]string{"_id"})
		var err error
		if res, err = ix.b.SearchInContext(ctx, req); err != nil {
			return err
		}
		if res.Total <= uint64(size) {
			break
		}
	}
	byKey := map[string][]Source{}
	for _, h := range res.Hits {
		if rec, ok := record(h.Fields); ok {
			byKey[rec.Key] = append(byKey[rec.Key], rec.Article)
		}
	}
	for i := range quotes {
		seen := map[string]bool{quotes[i].Article.ID: true}
		for _, s := range byKey[quotes[i].key] {
			if !seen[s.ID] && len(quotes[i].AlsoIn) < alsoInMax {
				seen[s.ID] = true
				quotes[i].AlsoIn = append(quotes[i].AlsoIn, s)
			}
		}
	}
	return nil
}
