package corpus

import (
	"unicode"
	"unicode/utf8"
)

// Vendors named in article text: names matched as written, as whole words,
// the longest first. Text is matched strictly (questions are matched
// loosely, in vendor_question.go): an article's "zoom" or "apple" is a
// common word until it is capitalised.

// Mention is a vendor named in a text: the vendor's id and the byte span of
// the name in the text (End exclusive).
type Mention struct {
	ID    string `json:"id"`
	Start int    `json:"start"`
	End   int    `json:"end"`
}

// MentionsAt finds the vendors named in article text, with their byte
// offsets, in order. Names are matched as written (case-sensitively, or in
// capitals for names of five letters or more), as whole words, the longest
// first ("Amazon Web Services" before "Amazon"); an elided article does not
// hide a name ("d'AWS", "l’Amazon"). Common words that are also vendor names
// ("Apple", "Zoom") are therefore found only when capitalised.
func (r *Registry) MentionsAt(text string) []Mention {
	if r == nil {
		return nil
	}
	return r.at(r.aliasAt, &r.aliasFirst, text)
}

// PeopleAt finds the known spokespeople named in article text by their full
// name, as MentionsAt finds vendors; ID is the vendor they speak for.
func (r *Registry) PeopleAt(text string) []Mention {
	if r == nil {
		return nil
	}
	return r.at(r.peopleAt, &r.peopleFirst, text)
}

// at scans text word by word, as tokens splits it but without keeping the
// words: it runs over every article indexed, so it allocates nothing but
// its result.
func (r *Registry) at(m map[string][]pattern, first *[256]bool, text string) []Mention {
	var out []Mention
	for s, e := nextWord(text, 0); s >= 0; s, e = nextWord(text, e) {
		if !first[text[s]] {
			continue // no name starts so: skip the map lookup
		}
		for _, p := range m[text[s:e]] {
			end := e
			for k := 1; k < p.words && end >= 0; k++ {
				_, end = nextWord(text, end)
			}
			if end >= 0 && sameWords(text[s:end], p.text) {
				out = append(out, Mention{ID: r.vendors[p.vendor].ID, Start: s, End: end})
				e = end
				break
			}
		}
	}
	return out
}

// nextWord finds the first word of text at or after byte i, as tokens
// does: a run of letters and digits. It returns -1, -1 when there is none.
func nextWord(text string, i int) (start, end int) {
	start = -1
	for i < len(text) {
		c := text[i]
		word, n := false, 1
		if c < utf8.RuneSelf {
			word = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
		} else {
			var r rune
			r, n = utf8.DecodeRuneInString(text[i:])
			word = unicode.IsLetter(r) || unicode.IsDigit(r)
		}
		switch {
		case word && start < 0:
			start = i
		case !word && start >= 0:
			return start, i
		}
		i += n
	}
	if start >= 0 {
		return start, len(text)
	}
	return -1, -1
}

// span is a word's byte offsets in a text.
type span struct{ start, end int }

// tokens splits text into words: runs of letters and digits. Everything
// else separates words, so "d'AWS" holds the word "AWS".
func tokens(text string) []span {
	var out []span
	start := -1
	for i, r := range text {
		word := unicode.IsLetter(r) || unicode.IsDigit(r)
		switch {
		case word && start < 0:
			start = i
		case !word && start >= 0:
			out = append(out, span{start, i})
			start = -1
		}
	}
	if start >= 0 {
		out = append(out, span{start, len(text)})
	}
	return out
}

// sameWords reports whether text reads as name: the same bytes, except
// that any run of white space in text matches a space in name.
func sameWords(text, name string) bool {
	i, j := 0, 0
	for i < len(text) && j < len(name) {
		if name[j] == ' ' {
			r, size := utf8.DecodeRuneInString(text[i:])
			if !unicode.IsSpace(r) {
				return false
			}
			for i < len(text) {
				r, size = utf8.DecodeRuneInString(text[i:])
				if !unicode.IsSpace(r) {
					break
				}
				i += size
			}
			j++
			continue
		}
		if text[i] != name[j] {
			return false
		}
		i++
		j++
	}
	return i == len(text) && j == len(name)
}
