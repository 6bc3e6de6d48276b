package index

import "testing"

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
