package index

import (
	"bytes"
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

// quoteDoc is the bleve document of one quotation.
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

// quoteDocument is the bleve document of one quotation, mapped as
// Batch.Index would map quoteDoc's fields, but in the caller's goroutine
// (Sync's workers, rather than the one goroutine that fills the batches),
// and with the two fields that hold its text (its language's and its
// vendor's, with the same analyzer) sharing one analysis, which bleve
// would otherwise make twice.
func (ix *Index) quoteDocument(id string, rec quoteRecord) (*document.Document, error) {
	doc := document.NewDocument(id)
	if err := ix.mapping.MapDocument(doc, quoteDoc(rec)); err != nil {
		return nil, err
	}
	if v := rec.Quote.Vendor; v != "" {
		l := lang(rec.Quote.Lang)
		shareAnalysis(doc, textField(l), vendorField(l, v))
	}
	return doc, nil
}

// articleDocument is the bleve document of an article (articleDoc).
func (ix *Index) articleDocument(id string, a corpus.Article, rec articleRecord) (*document.Document, error) {
	doc := document.NewDocument(id)
	if err := ix.mapping.MapDocument(doc, articleDoc(a, rec)); err != nil {
		return nil, err
	}
	return doc, nil
}

// shareAnalysis makes text fields a and b of doc, which hold the same
// text with the same analyzer, analysed once for both. It leaves them
// alone if they are not such a pair.
func shareAnalysis(doc *document.Document, a, b string) {
	ia, ib := -1, -1
	for i, f := range doc.Fields {
		switch f.Name() {
		case a:
			ia = i
		case b:
			ib = i
		}
	}
	if ia < 0 || ib < 0 {
		return
	}
	fa, okA := doc.Fields[ia].(*document.TextField)
	fb, okB := doc.Fields[ib].(*document.TextField)
	if !okA || !okB || fa.Analyzer() == nil || fa.Analyzer() != fb.Analyzer() || !bytes.Equal(fa.Value(), fb.Value()) ||
		len(fa.ArrayPositions()) > 0 || len(fb.ArrayPositions()) > 0 {
		return
	}
	once := &onceAnalyzer{a: fa.Analyzer()}
	doc.Fields[ia] = document.NewTextFieldCustom(a, nil, fa.Value(), fa.Options(), once)
	doc.Fields[ib] = document.NewTextFieldCustom(b, nil, fb.Value(), fb.Options(), once)
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

// articleDoc is the light bleve document of an article: title and lead.
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

// maxNames bounds the names kept per article.
const maxNames = 300

// names are the distinct capitalised words of an article's text, folded:
// what a question's unknown name is looked up in, to tell a company the
// corpus mentions (though it quotes nobody from it) from one it has never
// heard of. A keyword list costs far less to index than analysed text.
func names(text string) []string {
	var out []string
	seen := map[string]bool{}
	for i := 0; i < len(text); {
		// the next word: a run of letters and digits
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
