package corpus

import (
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

// markdownCases are Markdown bodies and the Article.Text they read as.
var markdownCases = []struct{ name, in, want string }{
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
	{"html block paragraphs", "<p>One</p>\n<blockquote>« Two »</blockquote>\n<script>x()</script>", "One\n\n> « Two »"},
	// CommonMark: a full reference whose label is not defined is text.
	{"undefined full reference", "[AWS][nope] x", "[AWS][nope] x"},
	{"plain text", "Titre\nsur deux lignes\n\n2022 fut une année.\n2023. Pas une liste", "Titre sur deux lignes\n\n2022 fut une année. 2023. Pas une liste"},
	// defuse: brackets past maxBracketDepth, container markers past
	// maxContainers and a paragraph past maxParaMarkup read as text.
	{"deep brackets", "[[[[[[[[[[x](u)]]]]]]]]]", "[[[[[[[[[x]]]]]]]]]"}, // the 8th bracket links "\\[\\[x"
	{"deep link", "[[[[[[[x](u)]]]]]]", "[[[[[[x]]]]]]"},
	{"deep quotes", strings.Repeat("> ", 20) + "x", "> > > > > x"},
	{"markup-heavy paragraph", strings.Repeat("*a* ", 150) + "\n\n*b*", strings.TrimSpace(strings.Repeat("*a* ", 150)) + "\n\nb"},
}

func TestMarkdownText(t *testing.T) {
	for _, tt := range markdownCases {
		t.Run(tt.name, func(t *testing.T) {
			if got := joinBlocks(markdownBlocks(tt.in)); got != tt.want {
				t.Errorf("markdown text of %q = %q; want %q", tt.in, got, tt.want)
			}
		})
	}
}

// FuzzMarkdown checks the Markdown reader on any text: it ends within
// seconds, its paragraphs are trimmed lines of UTF-8, and the plain-text
// shortcut reads a body exactly as the goldmark walk does.
func FuzzMarkdown(f *testing.F) {
	for _, tt := range markdownCases {
		f.Add(tt.in)
	}
	for _, h := range hostileFiles {
		if h.file == "a.md" {
			f.Add(h.gen(2048))
		}
	}
	f.Add("Le titre\nsur deux lignes\n\nUn paragraphe.\n2022. Une date.\n\n  \n")
	f.Fuzz(func(t *testing.T, body string) {
		if !utf8.ValidString(body) {
			return // ParseArticle refuses what is not UTF-8
		}
		watchdog := time.AfterFunc(5*time.Second, func() { panic(fmt.Sprintf("markdownBlocks hung on %q", body)) })
		bs := markdownBlocks(body)
		watchdog.Stop()
		for _, b := range bs {
			if b.text == "" || b.text != strings.TrimSpace(b.text) || strings.Contains(b.text, "\n") || !utf8.ValidString(b.text) {
				t.Fatalf("markdownBlocks(%q): paragraph %q is empty, untrimmed, holds a newline or is not UTF-8", body, b.text)
			}
		}
		if plain, ok := plainMarkdown(body); ok {
			if tree := treeBlocks(body); !reflect.DeepEqual(plain, tree) && !(len(plain) == 0 && len(tree) == 0) {
				t.Fatalf("plainMarkdown(%q) = %+v; the goldmark walk reads %+v", body, plain, tree)
			}
		}
	})
}
