package corpus

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// ShownQuote is the most characters (runes) of a quotation that trustwatch
// shows in the terminal and in JSON: a quotation can run to megabytes (a
// whole page between two marks), and the reader wants what was said, not
// the page. The full text stays indexed and searchable. Slack has its own,
// smaller, limits (see package bot).
const ShownQuote = 2000

// Shorten returns s when it has at most max runes; else s cut to at most
// max runes including a final "…", at the end of a word when one ends in
// the second half of what fits (else between two runes), without the
// spaces and commas before the cut.
func Shorten(s string, max int) string {
	if max <= 0 {
		return ""
	}
	if len(s) <= max || utf8.RuneCountInString(s) <= max {
		return s
	}
	room := max - 1 // for "…"
	end := 0        // the byte offset after the room-th rune
	for i := 0; i < room && end < len(s); i++ {
		_, size := utf8.DecodeRuneInString(s[end:])
		end += size
	}
	cut := end
	if next, _ := utf8.DecodeRuneInString(s[end:]); !unicode.IsSpace(next) {
		if sp := strings.LastIndexFunc(s[:end], unicode.IsSpace); sp > end/2 {
			cut = sp // else a word ends at end already, or is too long
		}
	}
	return strings.TrimRightFunc(s[:cut], func(r rune) bool {
		return unicode.IsSpace(r) || r == ',' || r == ';' || r == ':'
	}) + "…"
}
