package index

import (
	"sort"
	"strings"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/trustwatch/trustwatch/corpus"
)

// Highlight marks, around each matched term of AnswerQuote.Highlight.
const (
	MarkStart = "\x02"
	MarkEnd   = "\x03"
)

// highlighter returns a function that marks, in a quotation's text, the
// words that match the question's words or their expansions. It analyses
// the text with the index's own analyzers, whose token offsets are those
// of the original text (accent folding is a token filter), so the marks
// fall on the right bytes.
func (ix *Index) highlighter(words, expansions []string) func(text, lang string) string {
	all := append(append([]string{}, words...), expansions...)
	sets := map[analysis.Analyzer]map[string]bool{}
	for _, a := range []analysis.Analyzer{ix.an.en, ix.an.fr, ix.an.fold} {
		set := map[string]bool{}
		for _, w := range all {
			for _, t := range terms(a, w) {
				if !ix.stop[t] {
					set[t] = true
				}
			}
		}
		sets[a] = set
	}
	return func(text, l string) string {
		langAn := ix.an.en
		if lang(l) == "fr" {
			langAn = ix.an.fr
		}
		type span struct{ start, end int }
		var spans []span
		for _, a := range []analysis.Analyzer{langAn, ix.an.fold} {
			for _, t := range a.Analyze([]byte(text)) {
				if sets[a][string(t.Term)] {
					spans = append(spans, span{skipElision(text, t.Start, t.End), t.End})
				}
			}
		}
		if len(spans) == 0 {
			return text
		}
		sort.Slice(spans, func(i, j int) bool { return spans[i].start < spans[j].start })
		var b strings.Builder
		pos := 0
		for i := 0; i < len(spans); i++ {
			s := spans[i]
			for i+1 < len(spans) && spans[i+1].start < s.end {
				s.end = max(s.end, spans[i+1].end)
				i++
			}
			if s.start < pos {
				continue
			}
			b.WriteString(text[pos:s.start])
			b.WriteString(MarkStart)
			b.WriteString(text[s.start:s.end])
			b.WriteString(MarkEnd)
			pos = s.end
		}
		b.WriteString(text[pos:])
		return b.String()
	}
}

// skipElision moves a match's start past an elided article, so that
// only "État" of "L'État" is marked.
func skipElision(text string, start, end int) int {
	word := text[start:end]
	for _, apos := range []string{"'", "’"} {
		if i := strings.Index(word, apos); i > 0 && corpus.Elided(corpus.Fold(word[:i])) && i+len(apos) < len(word) {
			return start + i + len(apos)
		}
	}
	return start
}
