package index

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis"
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

// quoteID is the id of an article's i-th quotation. It ends with the
// quotation's head, so that ranking a question's candidates reads all it
// needs from their ids, without loading a stored field per candidate
// (each a lookup in every segment).
func quoteID(id string, i int, h head) string { return fmt.Sprintf("q:%s#%d %s", id, i, h) }

// headOfID reads the head at the end of a quotation's id.
func headOfID(id string) (head, bool) {
	flagsAt := strings.LastIndexByte(id, ' ')
	if flagsAt < 0 {
		return head{}, false
	}
	keyAt := strings.LastIndexByte(id[:flagsAt], ' ')
	if keyAt < 0 {
		return head{}, false
	}
	return parseHead(id[keyAt+1:])
}

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

// head is what ranking the candidates of a question needs of each: its
// text key (to show a text once) and whether it has a speaker and a
// vendor. Ranking reads it from dozens of candidates' ids and decodes the
// full record only for the few shown.
type head struct {
	key                string
	speaker, hasVendor bool
}

func headOf(rec quoteRecord) head {
	return head{key: rec.Key, speaker: rec.Quote.Speaker != "", hasVendor: rec.Quote.Vendor != ""}
}

// String is the stored form: the key, then "s" and "v" for the flags.
func (h head) String() string {
	flags := ""
	if h.speaker {
		flags += "s"
	}
	if h.hasVendor {
		flags += "v"
	}
	return h.key + " " + flags
}

func parseHead(s string) (head, bool) {
	key, flags, ok := strings.Cut(s, " ")
	if !ok || key == "" {
		return head{}, false
	}
	return head{key: key, speaker: strings.Contains(flags, "s"), hasVendor: strings.Contains(flags, "v")}, true
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
