package report

import (
	"bytes"
	"regexp"
	"strings"
	"testing"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
)

func TestText(t *testing.T) {
	for _, tc := range []struct{ name, in, want string }{
		{"plain sentence", "Trust is earned: every day.", "Trust is earned: every day."},
		{"link", "[x](http://evil)", `\[x\](http\://evil)`},
		{"html", "<script>alert(1)</script>", `\<script\>alert(1)\</script\>`},
		{"image", "![a](b)", `\!\[a\](b)`},
		{"emphasis and code", "*a* _b_ `c`", "\\*a\\* \\_b\\_ \\`c\\`"},
		{"table cell", "a | b", `a \| b`},
		{"entity", "&lt;", `\&lt;`},
		{"www autolink", "www.evil.example", `www\.evil\.example`},
		{"email autolink", "a@b.example", `a\@b\.example`},
		{"newlines", "one\n# two\n\n- three", `one \# two - three`},
		{"control characters", "a\x00b\x1b[31m", `ab\[31m`},
		{"invalid utf-8", "a\xffb", "a\uFFFDb"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := text(tc.in); got != tc.want {
				t.Errorf("text(%q) = %q; want %q", tc.in, got, tc.want)
			}
		})
	}
}

func TestLink(t *testing.T) {
	for _, tc := range []struct{ name, title, url, want string }{
		{"https", "A title", "https://news.example/a", "[A title](<https://news.example/a>)"},
		{"parentheses in the URL", "T", "https://news.example/a_(b)", "[T](<https://news.example/a_(b)>)"},
		{"javascript", "T", "javascript:alert(1)", "T"},
		{"angle bracket", "T", "https://news.example/a>b", "T"},
		{"relative", "T", "/a", "T"},
		{"title with markup", "[x](http://evil)", "https://news.example/a", `[\[x\](http\://evil)](<https://news.example/a>)`},
		{"no title", "", "https://news.example/a", `[https\://news\.example/a](<https://news.example/a>)`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := link(tc.title, tc.url); got != tc.want {
				t.Errorf("link(%q, %q) = %q; want %q", tc.title, tc.url, got, tc.want)
			}
		})
	}
}

// TestMarkdownPlantsNothing renders the dossier as GitHub does (CommonMark
// with GFM's tables, strike-through and autolinks) and checks that the
// only links are the articles' own and that no HTML comes through.
func TestMarkdownPlantsNothing(t *testing.T) {
	var html bytes.Buffer
	md := goldmark.New(goldmark.WithExtensions(extension.GFM))
	if err := md.Convert([]byte(Markdown(nimbus(), "nimbus.png")), &html); err != nil {
		t.Fatal(err)
	}
	out := html.String()
	for _, m := range regexp.MustCompile(`(?:href|src)="([^"]*)"`).FindAllStringSubmatch(out, -1) {
		if !strings.HasPrefix(m[1], "https://news.example/") && m[1] != "nimbus.png" {
			t.Errorf("rendered dossier links to %q", m[1])
		}
	}
	for _, bad := range []string{"<script", "evil.example\"", "<em>now</em>"} {
		if strings.Contains(out, bad) {
			t.Errorf("rendered dossier contains %q:\n%s", bad, out)
		}
	}
	if !strings.Contains(out, "&lt;script&gt;alert(1)&lt;/script&gt;") || !strings.Contains(out, "[the terms](http://evil.example)") {
		t.Errorf("rendered dossier does not show the hostile words literally:\n%s", out)
	}
}
