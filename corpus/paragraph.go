package corpus

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Paragraphs of Article.Text as byte spans, and the white space that
// trimming them and normalising quotations skips.

// paraSpan is a paragraph's byte span in the text, white space trimmed.
type paraSpan [2]int

func (p paraSpan) start() int { return p[0] }

func (p paraSpan) end() int { return p[1] }

// paragraphSpans splits text at blank lines, each span trimmed of spaces.
func paragraphSpans(text string) []paraSpan {
	var ps []paraSpan
	i := 0
	for i < len(text) {
		j := strings.Index(text[i:], "\n\n")
		end := len(text)
		if j >= 0 {
			end = i + j
		}
		s, e := trimSpan(text, i, end)
		if s < e {
			ps = append(ps, paraSpan{s, e})
		}
		if j < 0 {
			break
		}
		i = end + 2
	}
	return ps
}

// trimSpan narrows [s, e) to exclude surrounding white space, including
// the no-break spaces French puts inside guillemets.
func trimSpan(text string, s, e int) (int, int) {
	for s < e {
		r, n := utf8.DecodeRuneInString(text[s:])
		if !spaceRune(r) {
			break
		}
		s += n
	}
	for e > s {
		r, n := utf8.DecodeLastRuneInString(text[s:e])
		if !spaceRune(r) {
			break
		}
		e -= n
	}
	return s, e
}

func spaceRune(r rune) bool {
	if r < utf8.RuneSelf {
		return r == ' ' || r == '\n' || r == '\t' || r == '\r' || r == '\f' || r == '\v'
	}
	return unicode.IsSpace(r) || r == '\u202f'
}

// paraAt is the index of the paragraph holding byte pos.
func (x *extractor) paraAt(pos int) int {
	for i, p := range x.paras {
		if pos < p.end() {
			return i
		}
	}
	return len(x.paras) - 1
}

// intertitle reports whether paragraph i is a heading set between
// paragraphs: a short line with no final punctuation and no quotation
// marks ("Une plus grande prise de risque outre-Atlantique").
func (x *extractor) intertitle(i int) bool {
	s := x.text[x.paras[i].start():x.paras[i].end()]
	if len(s) > 120 || strings.ContainsAny(s, "«»“”\"\n") {
		return false
	}
	r, _ := utf8.DecodeLastRuneInString(s)
	return unicode.IsLetter(r) || unicode.IsDigit(r)
}
