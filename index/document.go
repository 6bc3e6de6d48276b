package index

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/document"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/trustwatch/trustwatch/corpus"
)

// quoteRecord is what a quotation document stores, so that an answer is
// built without rereading the article file.
type quoteRecord struct {
	Quote   corpus.Quote `json:"q"`
	Article Source       `json:"a"`
	// First is when this quotation (its normalised text, in this article)
	// was first indexed; it survives re-syncs of the article.
	First time.Time `json:"f"`
	// Key identifies the quotation's normalised text across articles.
	Key string `json:"k"`
}

// articleRecord is what an article document stores: its citation and
// the file state that decides whether Sync reads it again.
type articleRecord struct {
	Source Source `json:"a"`
	Lang   string `json:"l,omitempty"`
	// Hash is the sha256 of the file's bytes when it was indexed.
	Hash string `json:"h"`
	// Stat is what the file system said of the file before it was read
	// for this version, if it said enough (see Freshness in fresh.go).
	// The stat table holds the latest stat Sync verified; this one
	// serves when the table is missing.
	Stat *fileStat `json:"s,omitempty"`
	// QuoteIDs are the ids of the article's quotation documents.
	QuoteIDs []string `json:"q,omitempty"`
	// Changed is when this version of the article was indexed: every
	// quotation first indexed at or after a time is in an article
	// changed since, which is how Since finds them without a date
	// field on every quotation (16 terms each in bleve).
	Changed time.Time `json:"c"`
}

func articleID(id string) string { return "a:" + id }

// quoteID is the id of an article's i-th quotation: the article and the
// quotation's place in it, the same in every build, which is what orders
// equal scores (tie.go). It carries nothing else: ranking reads what it
// needs from the stored record of each candidate (flat_score.go).
func quoteID(id string, i int) string { return fmt.Sprintf("q:%s#%d", id, i) }

// sourceOf cites an article.
func sourceOf(a corpus.Article) Source {
	return Source{ID: a.ID, Title: a.Title, Publication: a.Publication, URL: a.URL, Date: a.Date.String()}
}

// normalize lowercases, folds accents and keeps only letters and digits
// separated by single spaces: two quotations with the same words and
// different typography normalise alike.
func normalize(s string) string {
	folded := strings.ToLower(s)
	if hasNonASCII([]byte(folded)) {
		folded = corpus.Fold(folded)
	}
	var b strings.Builder
	b.Grow(len(folded))
	space := false
	for _, r := range folded {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			b.WriteRune(r)
			space = false
		} else {
			space = true
		}
	}
	return b.String()
}

// textKey is the dedup key of a quotation's text.
func textKey(text string) string {
	sum := sha256.Sum256([]byte(normalize(text)))
	return hex.EncodeToString(sum[:12])
}

// fieldSpec is how the mapping indexes one field: its options and, for a
// text or keyword field, its analyzer.
type fieldSpec struct {
	fm *mapping.FieldMapping
	an analysis.Analyzer
}

// docSpecs are the mapping's fields by document kind and name, read once
// from the mapping: Sync builds each document's fields directly from
// them, as bleve's mapping would from a map of the document's values
// (field by field, with the same names, options, analyzers and array
// positions: TestDocumentsAsMapped), without the map, the reflection
// and the lookups by path it makes for every value of every document.
type docSpecs map[string]map[string]fieldSpec

func newDocSpecs(im *mapping.IndexMappingImpl) (docSpecs, error) {
	out := docSpecs{}
	for kind, dm := range im.TypeMapping {
		fields := map[string]fieldSpec{}
		for name, sub := range dm.Properties {
			if !sub.Enabled {
				continue // _all
			}
			if len(sub.Fields) != 1 {
				return nil, fmt.Errorf("field %s of %s documents: %d mappings, want 1", name, kind, len(sub.Fields))
			}
			fm := sub.Fields[0]
			if fm.Name != "" && fm.Name != name {
				return nil, fmt.Errorf("field %s of %s documents is named %s", name, kind, fm.Name)
			}
			sp := fieldSpec{fm: fm}
			if fm.Type == "text" {
				an := fm.Analyzer
				if an == "" {
					an = im.DefaultAnalyzer
				}
				if sp.an = im.AnalyzerNamed(an); sp.an == nil {
					return nil, fmt.Errorf("field %s of %s documents: no analyzer %s", name, kind, an)
				}
			}
			fields[name] = sp
		}
		out[kind] = fields
	}
	return out, nil
}

// docBuilder adds the fields of one document of a kind.
type docBuilder struct {
	doc    *document.Document
	fields map[string]fieldSpec
	err    error
}

func (s docSpecs) builder(id, kind string) *docBuilder {
	b := &docBuilder{doc: document.NewDocument(id), fields: s[kind]}
	b.text(fKind, nil, kind)
	return b
}

// spec is how field name is indexed; ok is false for a field the
// mapping does not list (the text field of a vendor the registry does
// not know), which bleve's static mapping leaves out of the document.
func (b *docBuilder) spec(name string) (fieldSpec, bool) {
	sp, ok := b.fields[name]
	return sp, ok
}

// text adds a text or keyword field; pos are its array positions (nil
// for a single value).
func (b *docBuilder) text(name string, pos []uint64, v string) {
	if sp, ok := b.spec(name); ok {
		b.doc.AddField(document.NewTextFieldCustom(name, pos, []byte(v), sp.fm.Options(), sp.an))
	}
}

// str adds a single text or keyword value, unless it is empty (as the
// map of a document left empty strings out).
func (b *docBuilder) str(name, v string) {
	if v != "" {
		b.text(name, nil, v)
	}
}

// list adds each value of a list, at its place in it.
func (b *docBuilder) list(name string, vs []string) {
	for i, v := range vs {
		b.text(name, []uint64{uint64(i)}, v)
	}
}

// shared adds text fields a and b holding the same text, analysed with
// the same analyzer once for both, which bleve would otherwise analyse
// twice.
func (b *docBuilder) shared(a, c, v string) {
	sa, okA := b.spec(a)
	sc, okC := b.spec(c)
	if !okA || !okC || sa.an == nil || sa.an != sc.an {
		b.text(a, nil, v)
		b.text(c, nil, v)
		return
	}
	once := &onceAnalyzer{a: sa.an}
	b.doc.AddField(document.NewTextFieldCustom(a, nil, []byte(v), sa.fm.Options(), once))
	b.doc.AddField(document.NewTextFieldCustom(c, nil, []byte(v), sc.fm.Options(), once))
}

func (b *docBuilder) date(name string, t time.Time) {
	sp, ok := b.spec(name)
	if !ok {
		return
	}
	f, err := document.NewDateTimeFieldWithIndexingOptions(name, nil, t, time.RFC3339, sp.fm.Options())
	if err != nil {
		if b.err == nil {
			b.err = fmt.Errorf("field %s: %w", name, err)
		}
		return
	}
	b.doc.AddField(f)
}

func (b *docBuilder) done() (*document.Document, error) {
	if b.err != nil {
		return nil, b.err
	}
	b.doc.SetIndexed()
	return b.doc, nil
}

// quoteDocument is the bleve document of one quotation, built in the
// caller's goroutine (Sync's workers, rather than the one goroutine that
// fills the batches), with the two fields that hold its text (its
// language's and its vendor's, with the same analyzer) sharing one
// analysis.
func (ix *Index) quoteDocument(id string, rec quoteRecord) (*document.Document, error) {
	q := rec.Quote
	blob, err := json.Marshal(rec)
	if err != nil {
		return nil, err
	}
	b := ix.specs.builder(id, kindQuote)
	b.str(fSpeaker, strings.ToLower(q.Speaker))
	b.str(fVendor, q.Vendor)
	labels := make([]string, len(q.Labels))
	for i, l := range q.Labels {
		labels[i] = string(l)
	}
	b.list(fLabels, labels)
	topics := make([]string, len(q.Topics))
	for i, t := range q.Topics {
		topics[i] = string(t)
	}
	b.list(fTopics, topics)
	if q.Vendor != "" {
		vlabels := make([]string, len(q.Labels))
		for i, l := range q.Labels {
			vlabels[i] = vendorLabel(q.Vendor, l)
		}
		b.list(fVendorLabel, vlabels)
	}
	b.str(fKey, rec.Key)
	b.str(fRecord, string(blob))
	if q.Speaker != "" || q.SpeakerTitle != "" {
		b.str(fWho, strings.TrimSpace(q.Speaker+" "+q.SpeakerTitle))
	}
	l := lang(q.Lang)
	if q.Vendor != "" {
		b.shared(textField(l), vendorField(l, q.Vendor), q.Text)
	} else {
		b.text(textField(l), nil, q.Text)
	}
	return b.done()
}

// articleDocument is the light bleve document of an article: title,
// names and dates.
func (ix *Index) articleDocument(id string, a corpus.Article, rec articleRecord) (*document.Document, error) {
	blob, err := json.Marshal(rec)
	if err != nil {
		return nil, err
	}
	b := ix.specs.builder(id, kindArticle)
	b.str(fTitle, a.Title)
	b.list(fNames, names(a.Text))
	b.str(fPublication, a.Publication)
	b.str(fRecord, string(blob))
	if !a.Date.IsZero() {
		b.date(fDate, a.Date.Time)
	}
	if !rec.Changed.IsZero() {
		b.date(fChanged, rec.Changed)
	}
	return b.done()
}

// onceAnalyzer analyses the text of the fields it serves once, and gives
// every one of them the same tokens (which bleve only reads).
type onceAnalyzer struct {
	a      analysis.Analyzer
	once   sync.Once
	tokens analysis.TokenStream
}

func (o *onceAnalyzer) Analyze(text []byte) analysis.TokenStream {
	o.once.Do(func() { o.tokens = o.a.Analyze(text) })
	return o.tokens
}

// maxNames bounds the names kept per article.
const maxNames = 300

// names are the distinct capitalised words of an article's text, folded:
// what a question's unknown name is looked up in, to tell a company the
// corpus mentions (though it quotes nobody from it) from one it has never
// heard of. A keyword list costs far less to index than analysed text.
func names(text string) []string {
	var out []string
	seen := map[string]bool{} // names kept, normalised
	raw := map[string]bool{}  // words met, as written
	for i := 0; i < len(text); {
		// the next word: a run of letters and digits
		r, n := wordRune(text, i)
		if n < 0 {
			i -= n
			continue
		}
		start := i
		i += n
		for i < len(text) {
			_, n := wordRune(text, i)
			if n < 0 {
				break
			}
			i += n
		}
		w := text[start:i]
		if !unicode.IsUpper(r) || utf8.RuneCountInString(w) < 2 || raw[w] {
			continue
		}
		raw[w] = true // normalised once
		nw := normalize(w)
		if !seen[nw] {
			seen[nw] = true
			out = append(out, nw)
			if len(out) == maxNames {
				break
			}
		}
	}
	return out
}

// wordRune decodes the rune at text[i:] and says whether it is a letter
// or a digit: its size n if so, minus its size if not. ASCII, most of an
// article, is told apart without unicode's tables.
func wordRune(text string, i int) (r rune, n int) {
	if c := text[i]; c < utf8.RuneSelf {
		if 'a' <= c|0x20 && c|0x20 <= 'z' || '0' <= c && c <= '9' {
			return rune(c), 1
		}
		return rune(c), -1
	}
	r, n = utf8.DecodeRuneInString(text[i:])
	if unicode.IsLetter(r) || unicode.IsDigit(r) {
		return r, n
	}
	return r, -n
}

// textField is the field of the whole corpus's text in a language.
func textField(lang string) string {
	if lang == "fr" {
		return fTextFR
	}
	return fTextEN
}

// lang maps a quotation's language to one of the two indexed ones;
// anything not French is indexed as English.
func lang(l string) string {
	if strings.HasPrefix(strings.ToLower(l), "fr") {
		return "fr"
	}
	return "en"
}

// analyzers are the index's analyzers, for reading questions and marking
// matches with the index's own idea of a term.
type analyzers struct {
	en, fr, fold analysis.Analyzer
}

func newAnalyzers(m *mapping.IndexMappingImpl) (analyzers, error) {
	a := analyzers{en: m.AnalyzerNamed(analyzerEN), fr: m.AnalyzerNamed(analyzerFR), fold: m.AnalyzerNamed(analyzerFold)}
	if a.en == nil || a.fr == nil || a.fold == nil {
		return a, fmt.Errorf("index analyzers missing")
	}
	return a, nil
}

// terms returns the distinct terms an analyzer makes of text.
func terms(a analysis.Analyzer, text string) []string {
	var out []string
	seen := map[string]bool{}
	for _, t := range a.Analyze([]byte(text)) {
		s := string(t.Term)
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}
