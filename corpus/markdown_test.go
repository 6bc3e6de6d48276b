package corpus

import "testing"

func TestMarkdownText(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"inline link", "a [fournisseur cloud](#) b", "a fournisseur cloud b"},
		{"link with title and parens", `[x](http://a/(b) "t") y`, "x y"},
		{"nested markup in link", "[**AWS** re:Invent](u)", "AWS re:Invent"},
		{"image dropped", "a ![logo](x.png) b", "a b"},
		{"reference links", "[AWS][1], [Azure][], [GCP].\n\n[1]: http://a\n[azure]: http://b\n[GCP]: http://c \"t\"", "AWS, Azure, GCP."},
		{"undefined shortcut stays", "marché [où nous exerçons] »", "marché [où nous exerçons] »"},
		{"emphasis", "*a* _b_ **c** __d__ ***e*** ~~f~~", "a b c d e f"},
		{"emphasis in words", "un*believ*able snake_case_name", "unbelievable snake_case_name"},
		{"lone stars", "2 * 3 * 4 and 5*", "2 * 3 * 4 and 5*"},
		{"unclosed emphasis", "**open and never closed", "**open and never closed"},
		{"inline code", "run `go test` now, ``a ` b``", "run go test now, a ` b"},
		{"escapes", `\*not emphasis\* and \[not a link\](x)`, "*not emphasis* and [not a link](x)"},
		{"html tags and comments", "a <b>bold</b><!-- note --> c<br/>d <https://x.y/z>", "a bold c d https://x.y/z"},
		{"entities", "AT&amp;T &laquo;&nbsp;oui&nbsp;&raquo; &#233; & co", "AT&T «\u00a0oui\u00a0» é & co"},
		{"not a tag", "a < b and c<3", "a < b and c<3"},
		{"atx headings", "# One #\n## Two\n#hashtag", "One\n\nTwo\n\n#hashtag"},
		{"setext heading", "Title\n---\nbody", "Title\n\nbody"},
		{"lines joined", "one\ntwo  \n   three", "one two three"},
		{"thematic break", "a\n\n* * *\n\nb", "a\n\nb"},
		{"lists", "- one\n- two\n  continued\n1. three\n\ntext\n2022. not a list", "one\n\ntwo continued\n\nthree\n\ntext 2022. not a list"},
		{"block quote", "Intro:\n> « One\n> two »\n>\n> Three\n\nAfter.", "Intro:\n\n> « One two »\n\n> Three\n\nAfter."},
		{"lazy and nested quote", "> a\nb\n>> c", "> a b\n\n> c"}, // CommonMark: ">> c" opens a nested quote
		{"quoted heading and list", "> # H\n> - item", "> H\n\n> item"},
		{"fenced code", "```go\nx := *p\n```\nafter", "x := *p\n\nafter"},
		{"html block", "<div class=\"x\">\n<p>Hello <em>world</em></p>\n</div>", "Hello world"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := joinBlocks(markdownBlocks(tt.in)); got != tt.want {
				t.Errorf("markdown text of %q = %q; want %q", tt.in, got, tt.want)
			}
		})
	}
}

// TestHostileMarkdown checks that pathological input stays fast (linear).
func TestHostileMarkdown(t *testing.T) {
	for _, unit := range []string{"[", "[a](", "<a", "`", "**", "_a", "&a", "![", "> [", "<!--"} {
		in := make([]byte, 0, 1<<20)
		for len(in) < 1<<20 {
			in = append(in, unit...)
		}
		if _, err := ParseArticle("a.md", in); err != nil {
			t.Logf("%q…: %v", unit, err)
		}
	}
}
