package index

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"

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

// quoteDoc and articleDoc are the documents as maps of their fields'
// values, as bleve's mapping reads them: what quoteDocument and
// articleDocument build directly.
func quoteDoc(rec quoteRecord) map[string]interface{} {
	q := rec.Quote
	blob, _ := json.Marshal(rec)
	labels := make([]string, len(q.Labels))
	vlabels := make([]string, 0, len(q.Labels))
	for i, l := range q.Labels {
		labels[i] = string(l)
		if q.Vendor != "" {
			vlabels = append(vlabels, vendorLabel(q.Vendor, l))
		}
	}
	topics := make([]string, len(q.Topics))
	for i, t := range q.Topics {
		topics[i] = string(t)
	}
	d := map[string]interface{}{
		fKind:        kindQuote,
		fSpeaker:     strings.ToLower(q.Speaker),
		fVendor:      q.Vendor,
		fLabels:      labels,
		fTopics:      topics,
		fVendorLabel: vlabels,
		fKey:         rec.Key,
		fRecord:      string(blob),
	}
	if q.Speaker != "" || q.SpeakerTitle != "" {
		d[fWho] = strings.TrimSpace(q.Speaker + " " + q.SpeakerTitle)
	}
	for k, v := range d {
		if s, ok := v.(string); ok && s == "" {
			delete(d, k)
		}
	}
	l := lang(q.Lang)
	d[textField(l)] = q.Text
	if q.Vendor != "" {
		d[vendorField(l, q.Vendor)] = q.Text
	}
	return d
}

func articleDoc(a corpus.Article, rec articleRecord) map[string]interface{} {
	blob, _ := json.Marshal(rec)
	d := map[string]interface{}{
		fKind:        kindArticle,
		fTitle:       a.Title,
		fNames:       names(a.Text),
		fPublication: a.Publication,
		fRecord:      string(blob),
	}
	for k, v := range d {
		if s, ok := v.(string); ok && s == "" {
			delete(d, k)
		}
	}
	if !a.Date.IsZero() {
		d[fDate] = a.Date.Time
	}
	if !rec.Changed.IsZero() {
		d[fChanged] = rec.Changed
	}
	return d
}

// docFields describes every field of a document, analysed: name, array
// positions, options, value and terms with their frequencies and
// positions, sorted (bleve's mapping adds a map's fields in no set
// order).
func docFields(t *testing.T, d *document.Document) []string {
	t.Helper()
	var out []string
	for _, f := range d.Fields {
		if f.Options().IsIndexed() {
			f.Analyze()
		}
		var terms []string
		for term, tf := range f.AnalyzedTokenFrequencies() {
			var locs []string
			for _, l := range tf.Locations {
				locs = append(locs, fmt.Sprintf("%d:%d-%d%v", l.Position, l.Start, l.End, l.ArrayPositions))
			}
			terms = append(terms, fmt.Sprintf("%q×%d%v", term, tf.Frequency(), locs))
		}
		slices.Sort(terms)
		var value []byte
		if f.Options().IsStored() { // analysis folds the bytes of an indexed value in place
			value = f.Value()
		}
		out = append(out, fmt.Sprintf("%s%v opts=%v len=%d value=%q terms=%v", f.Name(), f.ArrayPositions(), f.Options(), f.AnalyzedLength(), value, terms))
	}
	slices.Sort(out)
	return out
}

// TestDocumentsAsMapped: the documents Sync builds directly have the
// fields, options, values and terms that bleve's mapping makes of the
// same values, and a quotation's two text fields share one analysis.
func TestDocumentsAsMapped(t *testing.T) {
	ix := openTest(t, "", nil)
	now := time.Date(2026, 3, 4, 5, 6, 7, 8, time.UTC)
	for _, q := range []corpus.Quote{
		{Text: "We will never compete with our customers’ own businesses", Speaker: "Clara Venn", SpeakerTitle: "chief executive", Vendor: "nimbus", Lang: "en", Labels: []corpus.Label{corpus.NoCompetePledge, corpus.Label("other")}, Topics: []corpus.Topic{"a", "b"}},
		{Text: "Nous n'entraînons pas nos modèles sur les données des clients", Vendor: "quillon", Lang: "fr", SpeakerTitle: "directrice"},
		{Text: "No vendor said this", Lang: "en"},
		{Text: "Ohne Sprache", Speaker: "Jo"},
		{Text: "A vendor the registry does not list", Vendor: "unlisted", Lang: "en"}, // no text field of its own
	} {
		rec := quoteRecord{Quote: q, Article: Source{ID: "a.md", Title: "T"}, Key: textKey(q.Text), First: now}
		got, err := ix.quoteDocument("q:a.md#0", rec)
		if err != nil {
			t.Fatalf("quoteDocument(%q): %v", q.Text, err)
		}
		want := document.NewDocument("q:a.md#0")
		if err := ix.mapping.MapDocument(want, quoteDoc(rec)); err != nil {
			t.Fatal(err)
		}
		if g, w := docFields(t, got), docFields(t, want); !slices.Equal(g, w) {
			t.Errorf("quoteDocument(%q) =\n%s\nwant\n%s", q.Text, strings.Join(g, "\n"), strings.Join(w, "\n"))
		}
		if !got.Indexed() {
			t.Errorf("quoteDocument(%q) is not marked indexed", q.Text)
		}
		if _, ok := ix.reg.Vendor(q.Vendor); !ok {
			continue
		}
		text, vendor := fieldNamed(got, textField(q.Lang)), fieldNamed(got, vendorField(q.Lang, q.Vendor))
		if text == nil || vendor == nil || text.Analyzer() != vendor.Analyzer() {
			t.Errorf("quoteDocument(%q): fields %s and %s do not share one analysis", q.Text, textField(q.Lang), vendorField(q.Lang, q.Vendor))
		}
	}
	for _, a := range []corpus.Article{
		{ID: "a.md", Title: "Nimbus Says", Publication: "Outlet", Text: "Clara Venn of Nimbus told the É Court.", Date: corpus.Date{Time: time.Date(2025, 1, 2, 0, 0, 0, 0, time.UTC)}},
		{ID: "b.md", Text: "nothing capitalised"},
	} {
		for _, rec := range []articleRecord{{Source: sourceOf(a), Hash: "h", Changed: now}, {Source: sourceOf(a)}} {
			got, err := ix.articleDocument(articleID(a.ID), a, rec)
			if err != nil {
				t.Fatalf("articleDocument(%s): %v", a.ID, err)
			}
			want := document.NewDocument(articleID(a.ID))
			if err := ix.mapping.MapDocument(want, articleDoc(a, rec)); err != nil {
				t.Fatal(err)
			}
			if g, w := docFields(t, got), docFields(t, want); !slices.Equal(g, w) {
				t.Errorf("articleDocument(%s) =\n%s\nwant\n%s", a.ID, strings.Join(g, "\n"), strings.Join(w, "\n"))
			}
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

// TestNamesAsBefore: names reads words as unicode's letters and digits
// do, ASCII or not.
func TestNamesAsBefore(t *testing.T) {
	slow := func(text string) []string {
		var out []string
		seen := map[string]bool{}
		for i := 0; i < len(text); {
			r, n := utf8.DecodeRuneInString(text[i:])
			if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
				i += n
				continue
			}
			start := i
			for i < len(text) {
				r, n := utf8.DecodeRuneInString(text[i:])
				if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
					break
				}
				i += n
			}
			w := text[start:i]
			if !unicode.IsUpper(r) || utf8.RuneCountInString(w) < 2 {
				continue
			}
			if nw := normalize(w); !seen[nw] {
				seen[nw] = true
				out = append(out, nw)
				if len(out) == maxNames {
					break
				}
			}
		}
		return out
	}
	for _, text := range []string{
		"Satya Nadella told l'État, Microsoft’s CEO: a B2B deal. Satya said x É.",
		"[Zed]@Acme `Bar` {Baz} Ölf ÖLF Øre 42Go Go42 ǅemal Ⅻ Σίσυφος ΣΊΣΥΦΟΣ x_Y A-B",
		"\xff\xfeBad Bytes Bad",
	} {
		if got, want := names(text), slow(text); !slices.Equal(got, want) {
			t.Errorf("names(%q) = %q; want %q", text, got, want)
		}
	}
}
