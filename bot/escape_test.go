package bot

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestEscape(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"plain", "trust first", "trust first"},
		{"reserved", "a & b < c > d", "a &amp; b &lt; c &gt; d"},
		{"broadcast", "<!channel> <!here>", "&lt;!channel&gt; &lt;!here&gt;"},
		{"mention", "<@U123>", "&lt;@U123&gt;"},
		{"link", "<https://evil.example|click>", "&lt;https://evil.example|click&gt;"},
		{"entity stays literal", "&amp;", "&amp;amp;"},
		{"controls dropped", "a\x00b\x02c\x03d\ne\tf", "abcd\ne\tf"},
		{"invalid utf-8", "a\xffb", "a\uFFFDb"},
		{"bare words untouched", "@here #general https://x.example", "@here #general https://x.example"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Escape(tt.in); got != tt.want {
				t.Errorf("Escape(%q) = %q; want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestShorten(t *testing.T) {
	tests := []struct {
		name string
		in   string
		max  int
		want string
	}{
		{"fits", "short words", 20, "short words"},
		{"word boundary", "we will never compete with our customers", 20, "we will never…"},
		{"no space: rune cut", "ééééééééééé", 10, "ééé…"},
		{"escaping counts", "a&b&c&d&e", 12, "a&b…"},
		{"trailing comma dropped", "trust, above all else", 12, "trust…"},
		{"no room", "anything", 2, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := shorten(tt.in, tt.max)
			if got != tt.want {
				t.Errorf("shorten(%q, %d) = %q; want %q", tt.in, tt.max, got, tt.want)
			}
			if n := escapedLen(got); n > tt.max {
				t.Errorf("shorten(%q, %d) escapes to %d bytes", tt.in, tt.max, n)
			}
			if !utf8.ValidString(got) {
				t.Errorf("shorten(%q, %d) = %q, not valid UTF-8", tt.in, tt.max, got)
			}
		})
	}
}

func TestSafeCut(t *testing.T) {
	tests := []struct {
		name string
		in   string
		max  int
		want string
	}{
		{"fits", "a &amp; b", 20, "a &amp; b"},
		{"entity kept whole", "ab &amp; cd", 8, "ab …"},
		{"link kept whole", "see <https://x.example/a|A title> now", 20, "see …"},
		{"rune kept whole", "aaééé", 6, "aa…"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := safeCut(tt.in, tt.max)
			if got != tt.want {
				t.Errorf("safeCut(%q, %d) = %q; want %q", tt.in, tt.max, got, tt.want)
			}
			if len(got) > tt.max {
				t.Errorf("safeCut(%q, %d) is %d bytes", tt.in, tt.max, len(got))
			}
		})
	}
}

func TestLink(t *testing.T) {
	tests := []struct{ name, url, label, want string }{
		{"https", "https://news.example/a?x=1&y=2", "A <b> title", "<https://news.example/a?x=1&amp;y=2|A &lt;b&gt; title>"},
		{"http", "http://news.example/", "T", "<http://news.example/|T>"},
		{"pipe", "https://news.example/a|evil", "T", "T"},
		{"angle", "https://news.example/a>evil", "T", "T"},
		{"javascript", "javascript:alert(1)", "T", "T"},
		{"mailto", "mailto:a@b.example", "T", "T"},
		{"relative", "/a/b", "T", "T"},
		{"no host", "https:///a", "T", "T"},
		{"userinfo", "https://user@news.example/", "T", "T"},
		{"space", "https://news.example/a b", "T", "T"},
		{"slack special", "<!here>", "T", "T"},
		{"empty label shows url, unlinked when bad", "ftp://x.example", "", "ftp://x.example"},
		{"too long", "https://news.example/" + strings.Repeat("a", maxURL), "T", "T"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := link(tt.url, tt.label); got != tt.want {
				t.Errorf("link(%q, %q) = %q; want %q", tt.url, tt.label, got, tt.want)
			}
		})
	}
}

func TestMention(t *testing.T) {
	tests := []struct{ id, want string }{
		{"U024BE7LH", "<@U024BE7LH>"},
		{"W0123ABC", "<@W0123ABC>"},
		{"", ""},
		{"u024be7lh", ""},
		{"C024BE7LH", ""},
		{"U123>|<!here", ""},
		{"!here", ""},
	}
	for _, tt := range tests {
		if got := mention(tt.id); got != tt.want {
			t.Errorf("mention(%q) = %q; want %q", tt.id, got, tt.want)
		}
	}
}

func TestEmphasise(t *testing.T) {
	tests := []struct {
		name string
		in   string
		max  int
		want string
	}{
		{"marks", "we never \x02compete\x03 with customers", 100, "we never *compete* with customers"},
		{"spaces moved out", "a\x02 b \x03c", 100, "a *b* c"},
		{"empty mark dropped", "a\x02\x03b", 100, "ab"},
		{"unclosed closed", "a \x02bc", 100, "a *bc*"},
		{"stray close ignored", "a\x03 b", 100, "a b"},
		{"escaped inside", "\x02<!here>\x03", 100, "*&lt;!here&gt;*"},
		{"cut inside mark", "one \x02two three four five\x03", 16, "one *two…*"},
		{"newlines folded", "a\n\n> b", 100, "a &gt; b"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := emphasise(tt.in, tt.max); got != tt.want {
				t.Errorf("emphasise(%q, %d) = %q; want %q", tt.in, tt.max, got, tt.want)
			}
		})
	}
}
