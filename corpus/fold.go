package corpus

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Folding words for matching: lower case, accents stripped, the typographic
// apostrophe written '. Tokens, stance cues and vendor names in questions
// are all compared in this form.

// appendFolded appends w lowercased, accents stripped, ’ written '.
func appendFolded(b []byte, w string) []byte {
	ascii := true
	for i := 0; i < len(w); i++ {
		if w[i] >= utf8.RuneSelf {
			ascii = false
			break
		}
	}
	if ascii {
		n := len(b)
		b = append(b, w...)
		for i := n; i < len(b); i++ {
			if c := b[i]; c >= 'A' && c <= 'Z' {
				b[i] = c + 'a' - 'A'
			}
		}
		return b
	}
	for _, r := range w {
		switch {
		case r == '’':
			b = append(b, '\'')
		case r < utf8.RuneSelf:
			if r >= 'A' && r <= 'Z' {
				r += 'a' - 'A'
			}
			b = append(b, byte(r))
		default:
			b = append(b, foldLetter(r)...)
		}
	}
	return b
}

// foldWord lowercases w and strips its accents; ’ becomes '. It is the
// one folder of words held as strings: tokens fold into a shared buffer
// with appendFolded, which gives the same bytes.
func foldWord(w string) string {
	ascii := true
	for i := 0; i < len(w); i++ {
		if c := w[i]; c >= utf8.RuneSelf || c >= 'A' && c <= 'Z' {
			ascii = false
			break
		}
	}
	if ascii {
		return w
	}
	var b strings.Builder
	b.Grow(len(w))
	for _, r := range w {
		switch {
		case r == '’':
			b.WriteByte('\'')
		case r < utf8.RuneSelf:
			b.WriteRune(unicode.ToLower(r))
		default:
			b.WriteString(foldLetter(r))
		}
	}
	return b.String()
}

// foldLetter lowercases a non-ASCII letter and strips its accent: "É" → "e",
// "œ" → "oe". Letters without a Latin base fold to their lowercase.
func foldLetter(r rune) string {
	r = unicode.ToLower(r)
	switch r {
	case 'à', 'á', 'â', 'ã', 'ä', 'å':
		return "a"
	case 'ç':
		return "c"
	case 'è', 'é', 'ê', 'ë':
		return "e"
	case 'ì', 'í', 'î', 'ï':
		return "i"
	case 'ñ':
		return "n"
	case 'ò', 'ó', 'ô', 'õ', 'ö', 'ø':
		return "o"
	case 'ù', 'ú', 'û', 'ü':
		return "u"
	case 'ý', 'ÿ':
		return "y"
	case 'œ':
		return "oe"
	case 'æ':
		return "ae"
	case 'ß':
		return "ss"
	case 'ð':
		return "d"
	case 'þ':
		return "th"
	case 'ĳ':
		return "ij"
	case 'ș':
		return "s"
	case 'ț':
		return "t"
	}
	if r >= 0x100 && r < 0x180 {
		return latinExtendedA[r-0x100 : r-0x100+1]
	}
	if unicode.Is(unicode.Mn, r) {
		return "" // a combining accent of a decomposed letter
	}
	return string(r)
}

// latinExtendedA is the base letter of each letter of Unicode's Latin
// Extended-A block (U+0100 to U+017F: "ł", "č", "ő", "ş"…), by offset; ĳ
// and œ, two letters each, are folded before it is read.
const latinExtendedA = "aaaaaacccccccc" + "dddd" + "eeeeeeeeee" + "gggggggg" + "hhhh" + "iiiiiiiiii" + "ii" + "jj" +
	"kkk" + "llllllllll" + "nnnnnnnnn" + "oooooo" + "oo" + "rrrrrr" + "ssssssss" + "tttttt" + "uuuuuuuuuuuu" +
	"ww" + "yyy" + "zzzzzz" + "s"

// Fold is the one accent folder of trustwatch: w lowercased, accents
// stripped ("É" → "e", "ł" → "l", "œ" → "oe"), the typographic
// apostrophe written '. Extraction, stance cues, vendor names in
// questions and the index's analyzers all compare words in this form, so
// that a word folded in one place is the same word in another.
func Fold(w string) string { return foldWord(w) }

// foldPhrase folds a name for matching questions: its words, lower case,
// without accents, joined by single spaces ("Clément  Delangue" →
// "clement delangue", "google-cloud" → "google cloud").
func foldPhrase(s string) string {
	var b strings.Builder
	for _, t := range tokens(s) {
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(foldWord(s[t.start:t.end]))
	}
	return b.String()
}
