package index

import (
	"testing"

	"github.com/blevesearch/bleve/v2"
)

// TestTranslationPairsReal lists every pair of quotations of the real
// articles that translation takes for the same statement, for a reader to
// check its precision (go test ./index -run TestTranslationPairsReal -v).
func TestTranslationPairsReal(t *testing.T) {
	if testing.Short() {
		t.Skip("indexes the real articles")
	}
	ix := realIndex(t)
	req := bleve.NewSearchRequestOptions(termQuery(fKind, kindQuote), 100000, 0, false)
	req.Fields = []string{fRecord}
	req.SortBy([]string{"_id"})
	res, err := ix.b.Search(req)
	if err != nil {
		t.Fatal(err)
	}
	var recs []quoteRecord
	for _, h := range res.Hits {
		if rec, ok := record(h.Fields); ok {
			recs = append(recs, rec)
		}
	}
	pairs := 0
	for i, a := range recs {
		for _, b := range recs[i+1:] {
			if translation(a, b) {
				pairs++
				t.Logf("PAIR %s (%s): %.100q\n     %s (%s): %.100q", a.Quote.Speaker, a.Article.ID, a.Quote.Text, b.Quote.Speaker, b.Article.ID, b.Quote.Text)
			}
		}
	}
	t.Logf("%d quotations, %d pairs taken for translations", len(recs), pairs)
}
