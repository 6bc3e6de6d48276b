package corpus

import (
	"errors"
	"fmt"
	"io/fs"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestParseArticle(t *testing.T) {
	tests := []struct {
		name, id, data string
		want           Article // ID defaults to id; Text compared when set
	}{
		{
			name: "front matter",
			data: "---\ntitle: \"Cloud : quand Microsoft tacle Amazon\"\npublication: Silicon.fr\nurl: https://www.silicon.fr/x.html\ndate: 2022-02\nlang: fr\nauthor: Jane Doe\nvendors: [microsoft, aws]\n---\nLe texte.\n",
			want: Article{Title: "Cloud : quand Microsoft tacle Amazon", Publication: "Silicon.fr", URL: "https://www.silicon.fr/x.html",
				Date: mustDate(t, "2022-02"), Lang: "fr", Author: "Jane Doe", Vendors: []string{"microsoft", "aws"}, Text: "Le texte."},
		},
		{
			name: "source for publication, day date, vendors as a string",
			data: "---\ntitle: T\nsource: The Register\ndate: 2024-05-17\nvendors: Slack, AWS\n---\nThe text.\n",
			want: Article{Title: "T", Publication: "The Register", Date: mustDate(t, "2024-05-17"), Vendors: []string{"slack", "aws"}, Text: "The text."},
		},
		{
			name: "publication wins over source; RFC 3339; lang tag",
			data: "---\ntitle: T\npublication: A\nsource: B\ndate: 2024-05-17T09:30:00+02:00\nlang: EN-gb\n---\nText.",
			want: Article{Title: "T", Publication: "A", Date: mustDate(t, "2024-05-17T09:30:00+02:00"), Lang: "en", Text: "Text."},
		},
		{
			name: "authors as a list, empty front matter keys",
			data: "---\ntitle: T\nauthor: [A, B]\nurl:\n---\nText.",
			want: Article{Title: "T", Author: "A, B", Text: "Text."},
		},
		{
			name: "no front matter: title from the first heading",
			data: "# The *Title*\n\nThe body, which is long enough in English to be detected as the language of the text.\n",
			want: Article{Title: "The Title", Lang: "en", Text: "The Title\n\nThe body, which is long enough in English to be detected as the language of the text."},
		},
		{
			name: "no front matter: title from the first line",
			data: "Microsoft répond à Amazon\nLe texte qui suit est en français et il est assez long pour que la langue soit détectée.\n",
			want: Article{Title: "Microsoft répond à Amazon", Lang: "fr"},
		},
		{
			name: "no title in front matter: first heading",
			data: "---\nlang: en\n---\n\nSetext Title\n============\n\nBody.",
			want: Article{Title: "Setext Title", Lang: "en", Text: "Setext Title\n\nBody."},
		},
		{
			name: "CRLF and BOM",
			data: "\uFEFF---\r\ntitle: T\r\n---\r\nLine one\r\nline two.\r\n\r\nNext.\r\n",
			want: Article{Title: "T", Text: "Line one line two.\n\nNext."},
		},
		{
			name: "closing ... and trailing spaces",
			data: "--- \ntitle: T\n...\nText.",
			want: Article{Title: "T", Text: "Text."},
		},
		{
			name: "plain text keeps markup",
			id:   "a.txt",
			data: "A *title*\n\nSee [this](http://x) and\n> a quoted\n> line\n\n> quoted para",
			want: Article{Title: "A *title*", Text: "A *title*\n\nSee [this](http://x) and > a quoted > line\n\n> quoted para"},
		},
		{
			name: "upper-case extension",
			id:   "A.MD",
			data: "Title\n\n**bold**",
			want: Article{Title: "Title", Text: "Title\n\nbold"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			id := tt.id
			if id == "" {
				id = "a.md"
			}
			got, err := ParseArticle(id, []byte(tt.data))
			if err != nil {
				t.Fatalf("ParseArticle(%q) error: %v", tt.data, err)
			}
			want := tt.want
			want.ID = id
			if want.Text == "" {
				want.Text = got.Text
			}
			if want.Lang == "" && tt.want.Lang == "" {
				want.Lang = got.Lang
			}
			if fmt.Sprintf("%#v", got) != fmt.Sprintf("%#v", want) {
				t.Errorf("ParseArticle(%q) =\n%#v\nwant\n%#v", tt.data, got, want)
			}
		})
	}
}

func mustDate(t *testing.T, s string) Date {
	t.Helper()
	d, err := ParseDate(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func TestParseArticleProblems(t *testing.T) {
	tests := []struct {
		name, id string
		data     []byte
		reason   string // a prefix of the Problem's reason
	}{
		{"empty", "a.md", nil, "empty file"},
		{"blank", "a.md", []byte("\uFEFF \n\t\n"), "empty file"},
		{"not UTF-8", "a.md", []byte("Le caf\xe9 est bon"), "not UTF-8 text (invalid byte at offset 6)"},
		{"binary", "a.md", []byte("PK\x03\x04\x00\x00"), "binary file, not text (NUL byte at offset 4)"},
		{"UTF-16", "a.txt", []byte("\xff\xfeT\x00"), "UTF-16 text; save it as UTF-8"},
		{"too large", "a.md", make([]byte, MaxFileSize+1), "too large (10485761 bytes; the limit is 10 MB)"},
		{"unterminated", "a.md", []byte("---\ntitle: T\nText."), "unterminated front matter (no closing --- line)"},
		{"broken YAML", "a.md", []byte("---\ntitle: T\nurl: a: b\n---\nText."), "broken front matter at line 3: mapping values are not allowed"},
		{"YAML list", "a.md", []byte("---\n- a\n- b\n---\nText."), "broken front matter at line 2: cannot unmarshal !!seq"},
		{"title a map", "a.md", []byte("---\ntitle: {a: b}\n---\nText."), "broken front matter at line 2: cannot unmarshal !!map into string"},
		{"vendors a map", "a.md", []byte("---\nvendors: {a: b}\n---\nText."), "broken front matter at line 2: want a list or a comma-separated string"},
		{"bad date", "a.md", []byte("---\ndate: March 2022\n---\nText."), `front matter date "March 2022": want YYYY-MM, YYYY-MM-DD or RFC 3339`},
		{"only front matter", "a.md", []byte("---\ntitle: T\n---\n\n"), "no text after the front matter"},
		{"only markup", "a.md", []byte("![logo](x.png)\n\n<br>\n"), "no text"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data := tt.data
			if tt.name == "too large" {
				for i := range data {
					data[i] = 'a'
				}
			}
			_, err := ParseArticle(tt.id, data)
			var p *Problem
			if !errors.As(err, &p) {
				t.Fatalf("ParseArticle(%.40q) error = %v; want a *Problem", data, err)
			}
			if p.Path != tt.id || !strings.HasPrefix(p.Reason, tt.reason) {
				t.Errorf("ParseArticle(%.40q) = %q, %q; want %q, %q…", data, p.Path, p.Reason, tt.id, tt.reason)
			}
		})
	}
}

// TestParseSample checks the seed article: its front matter, its links
// stripped, its editorial brackets kept, its quotations left as written.
func TestParseSample(t *testing.T) {
	const id = "silicon-2022-02-microsoft-tacle-amazon.md"
	data, err := ReadFile(Sample(), id)
	if err != nil {
		t.Fatal(err)
	}
	a, err := ParseArticle(id, data)
	if err != nil {
		t.Fatal(err)
	}
	if a.Title != "Cloud : quand Microsoft tacle Amazon" || a.Publication != "Silicon.fr" || a.Date.String() != "2022-02" || a.Lang != "fr" {
		t.Errorf("ParseArticle(%s) = %q, %q, %q, %q", id, a.Title, a.Publication, a.Date, a.Lang)
	}
	for _, want := range []string{
		"Cloud : quand Microsoft tacle Amazon\n\nMicrosoft a réagi à un récent article de CNBC concernant",
		"que leur fournisseur cloud ne s'associera pas",
		"du service de télémédecine Amazon Care.",
		"employeurs [Ndlr : qui contribuent",
		"« Bien sûr, nous avons des concurrents dans chaque marché [où nous exerçons] », déclarait en septembre dernier Adam Selipsky, CEO d'AWS",
	} {
		if !strings.Contains(a.Text, want) {
			t.Errorf("ParseArticle(%s).Text lacks %q", id, want)
		}
	}
	if strings.Contains(a.Text, "(#)") || strings.Contains(a.Text, "](") {
		t.Errorf("ParseArticle(%s).Text keeps link markup", id)
	}
	if n := strings.Count(a.Text, "\n\n"); n != 10 || strings.Count(a.Text, "\n") != 2*n {
		t.Errorf("ParseArticle(%s).Text has %d paragraph breaks (and stray newlines?); want 10", id, n)
	}
}

func FuzzParseArticle(f *testing.F) {
	f.Add([]byte("---\ntitle: T\n---\n# H\n\n> « quoted » said [X](y)\n"))
	f.Add([]byte("*a **b** c* `d` ![e](f) <b>g</b> &amp; [h][i]\n\n[i]: http://x\n"))
	if data, err := fs.ReadFile(Sample(), "silicon-2022-02-microsoft-tacle-amazon.md"); err == nil {
		f.Add(data)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, id := range []string{"a.md", "a.txt"} {
			a, err := ParseArticle(id, data)
			if err != nil {
				var p *Problem
				if !errors.As(err, &p) || p.Path != id || p.Reason == "" {
					t.Fatalf("ParseArticle(%q, %q) error %v; want a *Problem", id, data, err)
				}
				continue
			}
			if !utf8.ValidString(a.Text) || !utf8.ValidString(a.Title) {
				t.Fatalf("ParseArticle(%q, %q): Text or Title not UTF-8", id, data)
			}
			if a.Text == "" || a.ID != id {
				t.Fatalf("ParseArticle(%q, %q) = %+v; want text", id, data, a)
			}
			for _, p := range strings.Split(a.Text, "\n\n") {
				if p == "" || strings.Contains(p, "\n") || p != strings.TrimSpace(p) {
					t.Fatalf("ParseArticle(%q, %q): paragraph %q is empty, untrimmed or holds a newline", id, data, p)
				}
			}
		}
	})
}

// benchArticle is a generated article of about 5 KB, in the corpus's style.
func benchArticle() []byte {
	var b strings.Builder
	b.WriteString("---\ntitle: \"Cloud : quand Microsoft tacle Amazon\"\npublication: Silicon.fr\nurl: https://www.silicon.fr/x.html\ndate: 2022-02\nvendors: [microsoft, aws]\n---\n# Cloud : quand Microsoft tacle Amazon\n\n")
	for i := 0; b.Len() < 5000; i++ {
		fmt.Fprintf(&b, "Paragraphe %d : le groupe [Amazon](https://x/%d) et sa filiale *Amazon Web Services* (AWS)\nont **des concurrents** dans chaque marché, selon `CNBC` et [CRN](#).\n", i, i)
		fmt.Fprintf(&b, "« La confiance est une priorité absolue pour nos clients », indique Judson Althoff [Ndlr : de Microsoft].\n\n")
		if i%3 == 0 {
			b.WriteString("> Nous ne concurrençons pas nos clients, a déclaré le dirigeant.\n\n")
		}
	}
	return []byte(b.String())
}

func BenchmarkParseArticle(b *testing.B) {
	data := benchArticle()
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if _, err := ParseArticle("bench.md", data); err != nil {
			b.Fatal(err)
		}
	}
}

func TestBenchArticle(t *testing.T) {
	data := benchArticle()
	a, err := ParseArticle("bench.md", data)
	if err != nil || len(data) < 5000 || len(data) > 5600 || a.Lang != "fr" || !slices.Equal(a.Vendors, []string{"microsoft", "aws"}) {
		t.Fatalf("benchArticle: %d bytes, %v, %q", len(data), err, a.Lang)
	}
}
