package index

import (
	"fmt"
	"slices"
	"strings"
	"testing"
)

func TestQuoteIDCarriesHead(t *testing.T) {
	tests := []struct {
		path string
		h    head
	}{
		{"a.md", head{key: "00ff", speaker: true, hasVendor: true}},
		{"with space/and #hash.md", head{key: "abc123", speaker: false, hasVendor: true}},
		{"x y z.md", head{key: "k", speaker: false, hasVendor: false}},
	}
	for _, tt := range tests {
		id := quoteID(tt.path, 3, tt.h)
		got, ok := headOfID(id)
		if !ok || got != tt.h {
			t.Errorf("headOfID(%q) = %+v, %v; want %+v", id, got, ok, tt.h)
		}
	}
	for _, bad := range []string{"", "a:x.md", "q:x.md#1"} {
		if h, ok := headOfID(bad); ok {
			t.Errorf("headOfID(%q) = %+v, true; want false", bad, h)
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
