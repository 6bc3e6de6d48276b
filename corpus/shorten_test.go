package corpus

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestShorten(t *testing.T) {
	tests := []struct {
		name string
		in   string
		max  int
		want string
	}{
		{"short enough", "we never compete", 20, "we never compete"},
		{"exactly", "abcde", 5, "abcde"},
		{"at a word", "we will never compete with customers", 20, "we will never…"},
		{"punctuation dropped", "trust, above all, matters", 18, "trust, above all…"},
		{"one long word", strings.Repeat("x", 30), 10, strings.Repeat("x", 9) + "…"},
		{"runes, not bytes", "été été été été", 9, "été été…"},
		{"no room", "abc", 0, ""},
		{"room for the mark only", "abc", 1, "…"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Shorten(tt.in, tt.max)
			if got != tt.want {
				t.Errorf("Shorten(%q, %d) = %q; want %q", tt.in, tt.max, got, tt.want)
			}
			if n := utf8.RuneCountInString(got); n > tt.max {
				t.Errorf("Shorten(%q, %d) is %d runes", tt.in, tt.max, n)
			}
		})
	}
}

// TestShortenLong: a quotation of 100 KB is cut to the limit at a word,
// quickly, and a rune is never split.
func TestShortenLong(t *testing.T) {
	in := strings.Repeat("confiance ", 10_000) + "fin"
	got := Shorten(in, ShownQuote)
	if n := utf8.RuneCountInString(got); n > ShownQuote || n < ShownQuote-20 {
		t.Errorf("Shorten(100 KB) is %d runes; want at most and about %d", n, ShownQuote)
	}
	if !strings.HasSuffix(got, "confiance…") || !utf8.ValidString(got) {
		t.Errorf("Shorten(100 KB) ends %q", got[len(got)-20:])
	}
}
