package feed

import "testing"

// TestValidHost: a link whose host no resolver could answer for (a feed
// entry pointing at "http://../x") is refused before any lookup, so that
// nothing is asked of the network for it.
func TestValidHost(t *testing.T) {
	for _, tc := range []struct {
		host string
		want bool
	}{
		{"news.example.com", true},
		{"news.example.com.", true},
		{"xn--bcher-kva.example", true},
		{"bücher.example", true},
		{"127.0.0.1", true},
		{"::1", true},
		{"a_b.example", true},
		{"", false},
		{".", false},
		{"..", false},
		{"a..b", false},
		{".example.com", false},
		{"exa mple.com", false},
		{"exa/mple", false},
		{string(make([]byte, 300)), false},
	} {
		if got := validHost(tc.host); got != tc.want {
			t.Errorf("validHost(%q) = %v; want %v", tc.host, got, tc.want)
		}
	}
}
