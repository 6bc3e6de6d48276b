package index

import (
	"fmt"
	"slices"
	"strings"
	"testing"
)

// TestQuoteIDIsArticleAndPlace: a quotation's id names its article and
// its place there, and nothing a ranking reads (no flags packed in).
func TestQuoteIDIsArticleAndPlace(t *testing.T) {
	for _, tt := range []struct{ path, want string }{
		{"a.md", "q:a.md#3"},
		{"with space/and #hash.md", "q:with space/and #hash.md#3"},
	} {
		if got := quoteID(tt.path, 3); got != tt.want {
			t.Errorf("quoteID(%q, 3) = %q; want %q", tt.path, got, tt.want)
		}
	}
}

func TestNames(t *testing.T) {
	got := names("Satya Nadella told l'État, Microsoft’s CEO: a B2B deal. Satya said x É.")
	want := []string{"satya", "nadella", "etat", "microsoft", "ceo", "b2b"}
	if !slices.Equal(got, want) {
		t.Errorf("names = %q; want %q", got, want)
	}
	var long strings.Builder
	for i := range maxNames + 10 {
		fmt.Fprintf(&long, "Name%d ", i)
	}
	if n := len(names(long.String())); n != maxNames {
		t.Errorf("%d names kept; want at most %d", n, maxNames)
	}
}
