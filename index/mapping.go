package index

import (
	"bytes"

	"github.com/blevesearch/bleve/v2/analysis"
	_ "github.com/blevesearch/bleve/v2/analysis/analyzer/custom" // the "custom" analyzer type
	"github.com/blevesearch/bleve/v2/analysis/analyzer/keyword"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/bleve/v2/analysis/lang/fr"
	"github.com/blevesearch/bleve/v2/analysis/token/lowercase"
	"github.com/blevesearch/bleve/v2/analysis/token/stop"
	"github.com/blevesearch/bleve/v2/analysis/tokenizer/unicode"
	_ "github.com/blevesearch/bleve/v2/analysis/tokenmap" // the "custom" token map type
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/registry"
	"github.com/trustwatch/trustwatch/corpus"
)

// MappingVersion is the version of the index's mapping and document
// layout. An index written with another version is rebuilt by Open.
const MappingVersion = 7

// ExtractVersion is the version of what corpus.Extract finds in an
// article. Bump it when extraction, attribution or labelling changes so
// that Open rebuilds the index from the files.
const ExtractVersion = 4

// Analyzer names. Each folds accents with a token filter (not a char
// filter) so that token offsets stay those of the original text and
// highlighting marks the right bytes.
const (
	analyzerEN   = "tw_en"   // English: possessives, lower, fold, stop, stem
	analyzerFR   = "tw_fr"   // French: lower, elision, fold, stop, light stem
	analyzerFold = "tw_fold" // language-neutral: lower and fold only
	filterFold   = "tw_fold"
	filterFrS    = "tw_fr_s"
)

// Document kinds and field names.
const (
	kindQuote   = "quote"
	kindArticle = "article"

	fKind        = "kind"
	fTextEN      = "text_en"
	fTextFR      = "text_fr"
	fTitle       = "title"
	fNames       = "names"
	fSpeaker     = "speaker"
	fWho         = "who"
	fVendor      = "vendor"
	fLabels      = "labels"
	fTopics      = "topics"
	fVendorLabel = "vlabel" // "vendor/label": a label narrowed to a vendor
	fKey         = "key"
	fPublication = "publication"
	fDate        = "date"
	fChanged     = "changed"
	fRecord      = "rec"
)

// vendorField is the field that holds the text of one vendor's
// quotations in one language, besides text_en or text_fr. A question
// about a vendor searches these small fields instead of intersecting the
// whole corpus's postings with the vendor's: at 100k articles that is
// the difference between walking hundreds of thousands of postings and
// a few thousand.
func vendorField(lang, vendor string) string { return "v" + lang + "_" + vendor }

func vendorLabel(vendor string, l corpus.Label) string { return vendor + "/" + string(l) }

// foldFilter folds each token's term with corpus.Fold (lower case,
// accents stripped), leaving the token's offsets alone: the index folds
// words as the rest of trustwatch does.
type foldFilter struct{}

func (foldFilter) Filter(input analysis.TokenStream) analysis.TokenStream {
	for _, tok := range input {
		if hasNonASCII(tok.Term) {
			tok.Term = []byte(corpus.Fold(string(tok.Term)))
		}
	}
	return input
}

// frFinalS drops a final "s" left by the French light stemmer, which
// takes the feminine "e" of "française" off ("francais") but the "s" of
// "français" ("francai"): after it, both are "francai", like anglais and
// anglaise, chinois and chinoise.
type frFinalS struct{}

func (frFinalS) Filter(input analysis.TokenStream) analysis.TokenStream {
	for _, tok := range input {
		if n := len(tok.Term); n > 4 && tok.Term[n-1] == 's' {
			tok.Term = tok.Term[:n-1]
		}
	}
	return input
}

func hasNonASCII(b []byte) bool {
	for _, c := range b {
		if c >= 0x80 {
			return true
		}
	}
	return false
}

func init() {
	registry.RegisterTokenFilter(filterFold, func(map[string]interface{}, *registry.Cache) (analysis.TokenFilter, error) {
		return foldFilter{}, nil
	})
	registry.RegisterTokenFilter(filterFrS, func(map[string]interface{}, *registry.Cache) (analysis.TokenFilter, error) {
		return frFinalS{}, nil
	})
}

// foldedStopWords returns a stop list with its words accent-folded, so
// that it can follow the fold filter.
func foldedStopWords(list []byte) []interface{} {
	var out []interface{}
	for _, line := range bytes.Split(list, []byte("\n")) {
		if i := bytes.IndexByte(line, '|'); i >= 0 {
			line = line[:i]
		}
		for _, w := range bytes.Fields(line) {
			out = append(out, corpus.Fold(string(w)))
		}
	}
	return out
}

// newMapping builds the index mapping: quotation documents with their
// article's fields, and light article documents (title and lead).
// vendors are the registry's ids, each with its own text fields.
func newMapping(vendors []string) (*mapping.IndexMappingImpl, error) {
	im := mapping.NewIndexMapping()
	im.TypeField = fKind
	im.DefaultAnalyzer = analyzerFold
	if err := im.AddCustomTokenMap("tw_stop_fr_map", map[string]interface{}{"type": "custom", "tokens": foldedStopWords(fr.FrenchStopWords)}); err != nil {
		return nil, err
	}
	if err := im.AddCustomTokenFilter("tw_stop_fr", map[string]interface{}{"type": stop.Name, "stop_token_map": "tw_stop_fr_map"}); err != nil {
		return nil, err
	}
	analyzers := map[string][]string{
		analyzerEN:   {en.PossessiveName, lowercase.Name, filterFold, en.StopName, en.SnowballStemmerName},
		analyzerFR:   {lowercase.Name, fr.ElisionName, filterFold, "tw_stop_fr", fr.LightStemmerName, filterFrS},
		analyzerFold: {lowercase.Name, filterFold},
	}
	for name, filters := range analyzers {
		err := im.AddCustomAnalyzer(name, map[string]interface{}{
			"type": "custom", "tokenizer": unicode.Name, "token_filters": filters,
		})
		if err != nil {
			return nil, err
		}
	}

	text := func(analyzer string, store bool) *mapping.FieldMapping {
		f := mapping.NewTextFieldMapping()
		f.Analyzer = analyzer
		f.Store = store
		f.IncludeInAll = false
		f.IncludeTermVectors = false
		f.DocValues = false
		return f
	}
	// Keyword fields have doc values only when they are faceted on.
	kw := func(facet bool) *mapping.FieldMapping {
		f := mapping.NewKeywordFieldMapping()
		f.Analyzer = keyword.Name
		f.Store = false
		f.IncludeInAll = false
		f.IncludeTermVectors = false
		f.DocValues = facet
		return f
	}
	date := func(sort bool) *mapping.FieldMapping {
		f := mapping.NewDateTimeFieldMapping()
		f.Store = false
		f.IncludeInAll = false
		f.DocValues = sort
		return f
	}
	stored := func() *mapping.FieldMapping {
		f := mapping.NewTextFieldMapping()
		f.Index = false
		f.Store = true
		f.IncludeInAll = false
		f.IncludeTermVectors = false
		f.DocValues = false
		return f
	}
	add := func(dm *mapping.DocumentMapping, name string, f *mapping.FieldMapping) {
		dm.AddFieldMappingsAt(name, f)
	}

	q := mapping.NewDocumentStaticMapping()
	add(q, fKind, kw(false))
	add(q, fTextEN, text(analyzerEN, false))
	add(q, fTextFR, text(analyzerFR, false))
	for _, v := range vendors {
		add(q, vendorField("en", v), text(analyzerEN, false))
		add(q, vendorField("fr", v), text(analyzerFR, false))
	}
	add(q, fSpeaker, kw(false))
	add(q, fWho, text(analyzerFold, false))
	add(q, fVendor, kw(true))
	add(q, fLabels, kw(true))
	add(q, fTopics, kw(false))
	add(q, fVendorLabel, kw(false))
	add(q, fKey, kw(false))
	add(q, fRecord, stored())
	// No "_all" field: every search names its fields, and bleve would
	// otherwise build an empty composite field for every document.
	q.AddSubDocumentMapping("_all", mapping.NewDocumentDisabledMapping())
	im.AddDocumentMapping(kindQuote, q)

	a := mapping.NewDocumentStaticMapping()
	add(a, fKind, kw(false))
	add(a, fTitle, text(analyzerFold, false))
	add(a, fNames, kw(false))
	add(a, fPublication, kw(true))
	add(a, fDate, date(true))
	add(a, fChanged, date(true))
	add(a, fRecord, stored())
	a.AddSubDocumentMapping("_all", mapping.NewDocumentDisabledMapping())
	im.AddDocumentMapping(kindArticle, a)

	im.DefaultMapping = mapping.NewDocumentDisabledMapping()
	if err := im.Validate(); err != nil {
		return nil, err
	}
	return im, nil
}
