package corpus

import (
	"unicode"
	"unicode/utf8"
)

// Language detection: a stop-word scorer. Short function words ("le", "the",
// "und") are the most frequent words of any text and differ from one
// language to the next, so counting them tells languages apart on a few
// sentences, with no model and no allocation.

// Languages DetectLang can tell apart, as ISO 639-1 codes.
var detectable = []string{"en", "fr", "de", "es", "it", "nl", "pt"}

var stopWords = map[string]uint8{} // word → bit set over detectable

func init() {
	lists := [...]string{
		"the and of to is that for with was are this it its be have has by from not which will would they their said we our an at as but or who been were more also can than there what when",
		"le la les des du un une et est que qui dans pour pas sur au aux avec ce cette ces il elle nous vous ils sont ont été mais ou plus sa son ses leur leurs par se ne être avoir d l qu n s c j y a comme très fait dit selon",
		"der die das und ist nicht ein eine mit für auf den dem des von zu sich auch wir sie es bei wird werden dass oder aber im nach noch wie",
		"el los las y es que del con para por una un se no su sus lo como más pero está son al también muy sin sobre este esta",
		"il lo gli e è che di della delle del per con una un non sono si da nel alla anche come più ma questo questa essere ha",
		"de het een en van is dat niet met voor op zijn ook maar worden wordt bij naar om er te ze wij",
		"o os as e é que do da dos das em um uma para com não por se mais na no ao seu sua também são foi pelo pela",
	}
	for li, list := range lists {
		for _, w := range splitSpace(list) {
			stopWords[w] |= 1 << li
		}
	}
}

func splitSpace(s string) []string {
	var out []string
	start := -1
	for i := 0; i <= len(s); i++ {
		if i == len(s) || s[i] == ' ' {
			if start >= 0 {
				out = append(out, s[start:i])
			}
			start = -1
		} else if start < 0 {
			start = i
		}
	}
	return out
}

// maxLangWords bounds the words read: the first couple of hundred decide.
const maxLangWords = 250

// DetectLang guesses the language of a text, as an ISO 639-1 code ("fr",
// "en", …), from its function words and a few accented letters. It returns
// "" when the text is too short or too mixed to tell.
func DetectLang(text string) string {
	var score [8]int
	var buf [24]byte
	words := 0
	for i := 0; i < len(text) && words < maxLangWords; {
		if c := text[i]; c < utf8.RuneSelf && !isASCIILetter(c) {
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(text[i:])
		if !unicode.IsLetter(r) {
			i += size
			continue
		}
		// Read one word, lower-cased, into buf.
		n, long := 0, false
		for i < len(text) {
			if c := text[i]; c < utf8.RuneSelf {
				if !isASCIILetter(c) {
					break
				}
				i++
				if n < len(buf) {
					buf[n] = c | 0x20
					n++
				} else {
					long = true
				}
				continue
			}
			r, size = utf8.DecodeRuneInString(text[i:])
			if !unicode.IsLetter(r) {
				break
			}
			i += size
			switch r {
			case 'é', 'è', 'ê', 'à', 'ç', 'œ', 'ù', 'î', 'ô', 'û':
				score[1]++
			case 'ß', 'ä', 'ö', 'ü':
				score[2]++
			case 'ñ', '¿', '¡':
				score[3]++
			case 'ã', 'õ':
				score[6]++
			}
			r = unicode.ToLower(r)
			if n+utf8.RuneLen(r) > len(buf) {
				long = true
				continue
			}
			n += utf8.EncodeRune(buf[n:], r)
		}
		words++
		if long {
			continue
		}
		if bits := stopWords[string(buf[:n])]; bits != 0 {
			for li := range detectable {
				if bits&(1<<li) != 0 {
					score[li] += 2
				}
			}
		}
	}
	best, second := 0, 0
	for li := range detectable {
		if score[li] > score[best] {
			best = li
		}
	}
	for li := range detectable {
		if li != best && score[li] > second {
			second = score[li]
		}
	}
	// Two shared function words at least, and a clear lead.
	if score[best] < 6 || score[best]*4 < second*5 {
		return ""
	}
	return detectable[best]
}
