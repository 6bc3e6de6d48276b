package index

import (
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/blevesearch/bleve/v2/document"
	"github.com/trustwatch/trustwatch/corpus"
)

// TestQuoteIDIsArticleAndPlace: a quotation's id names its article and
// its place there, and nothing a ranking reads (no flags packed in).
func TestQuoteIDIsArticleAndPlace(t *testing.T) {
	for _, tt := range []struct{ path, want string }{
		{"a.md", "q:a.md#3"},
		{"with space/and #hash.md", "q:with space/and #hash.md#3"},
	} {
		if got := quoteID(tt.path, 3); got != tt.want {
			t.Errorf("quoteID(%q, 3) = %q; want %q", tt.path, got, tt.want)
		}
	}
}

func TestNames(t *testing.T) {
	got := names("Satya Nadella told l'État, Microsoft’s CEO: a B2B deal. Satya said x É.")
	want := []string{"satya", "nadella", "etat", "microsoft", "ceo", "b2b"}
	if !slices.Equal(got, want) {
		t.Errorf("names = %q; want %q", got, want)
	}
	var long strings.Builder
	for i := range maxNames + 10 {
		fmt.Fprintf(&long, "Name%d ", i)
	}
	if n := len(names(long.String())); n != maxNames {
		t.Errorf("%d names kept; want at most %d", n, maxNames)
	}
}

// TestQuoteDocumentAnalysedOnce: the two fields of a quotation's text
// are analysed once for both, and every field of the document indexes
// the terms that bleve's own mapping and analysis give it.
func TestQuoteDocumentAnalysedOnce(t *testing.T) {
	ix := openTest(t, "", nil)
	for _, q := range []corpus.Quote{
		{Text: "We will never compete with our customers’ own businesses", Speaker: "Clara Venn", Vendor: "nimbus", Lang: "en", Labels: []corpus.Label{corpus.NoCompetePledge}},
		{Text: "Nous n'entraînons pas nos modèles sur les données des clients", Vendor: "quillon", Lang: "fr"},
		{Text: "No vendor said this", Lang: "en"},
	} {
		rec := quoteRecord{Quote: q, Article: Source{ID: "a.md"}, Key: textKey(q.Text)}
		got, err := ix.quoteDocument("q:a.md#0", rec)
		if err != nil {
			t.Fatalf("quoteDocument(%q): %v", q.Text, err)
		}
		want := document.NewDocument("q:a.md#0")
		if err := ix.mapping.MapDocument(want, quoteDoc(rec)); err != nil {
			t.Fatal(err)
		}
		terms := func(d *document.Document) map[string][]string {
			out := map[string][]string{}
			for _, f := range d.Fields {
				f.Analyze()
				for term := range f.AnalyzedTokenFrequencies() {
					out[f.Name()] = append(out[f.Name()], term)
				}
				slices.Sort(out[f.Name()])
			}
			return out
		}
		if g, w := terms(got), terms(want); !reflect.DeepEqual(g, w) {
			t.Errorf("quoteDocument(%q) terms = %v; want %v", q.Text, g, w)
		}
		if q.Vendor == "" {
			continue
		}
		text, vendor := fieldNamed(got, textField(q.Lang)), fieldNamed(got, vendorField(q.Lang, q.Vendor))
		if text == nil || vendor == nil || text.Analyzer() != vendor.Analyzer() {
			t.Errorf("quoteDocument(%q): fields %s and %s do not share one analysis", q.Text, textField(q.Lang), vendorField(q.Lang, q.Vendor))
		}
	}
}

func fieldNamed(d *document.Document, name string) *document.TextField {
	for _, f := range d.Fields {
		if tf, ok := f.(*document.TextField); ok && f.Name() == name {
			return tf
		}
	}
	return nil
}
