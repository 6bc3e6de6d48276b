package feed

import (
	"io"
	"io/fs"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/trustwatch/trustwatch/corpus"
)

func TestRenderRoundTrip(t *testing.T) {
	date := corpus.Date{Time: time.Date(2024, 3, 12, 9, 30, 0, 0, time.FixedZone("", 3600)), Precision: corpus.Instant}
	tests := []struct {
		name string
		a    corpus.Article
	}{{
		name: "french article with a quote",
		a: corpus.Article{
			Title: "Cloud\u00a0: « Nous ne concurrencerons jamais nos clients »", Publication: "Le Journal du Nuage",
			URL: "https://www.lejournaldunuage.fr/a?b=1&c=2", Date: date, Lang: "fr", Author: "Camille Rousseau, Yanis Benali",
			Text: "Lors de sa conférence, Hélène Vasseur a parlé.\n\n> La confiance de nos clients est notre priorité absolue.\n\nFin.",
		},
	}, {
		name: "markup-like text",
		a: corpus.Article{
			Title: `He said: "yes" \ no`, Date: corpus.Date{Time: time.Date(2022, 2, 1, 0, 0, 0, 0, time.UTC), Precision: corpus.Month},
			Text: strings.Join([]string{
				"# not a heading",
				"- not a list",
				"1. not a list either",
				"2024. A year to remember",
				"Stars *and* _underscores_ and snake_case_name and 2*3*4",
				"A [bracket](not a link) and `code` and <b>tag</b> and AT&T and &amp; kept",
				"---",
				"=== equals",
				"> quoted # hash and *star*",
				"+ plus",
				`back\slash`,
			}, "\n\n"),
		},
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data := render(tt.a)
			got, err := corpus.ParseArticle("x.md", data)
			if err != nil {
				t.Fatalf("ParseArticle(render(…)) error: %v\n%s", err, data)
			}
			want := tt.a
			want.ID = "x.md"
			if got.Title != want.Title || got.Publication != want.Publication || got.URL != want.URL ||
				got.Date.String() != want.Date.String() || got.Author != want.Author || got.Text != want.Text {
				t.Errorf("ParseArticle(render(%+v)) =\n%+v\ntext %q\nwant text %q\nfile:\n%s", want, got, got.Text, want.Text, data)
			}
		})
	}
}

func TestSlug(t *testing.T) {
	tests := []struct{ title, link, want string }{
		{"Cloud : Nuagix promet de ne jamais concurrencer ses clients", "", "cloud-nuagix-promet-de-ne-jamais-concurrencer-ses-clients"},
		{"Œuvre, cœur & Straße : « déjà vu »", "", "oeuvre-coeur-strasse-deja-vu"},
		{"", "https://example.com/2024/05/my-story.html", "my-story"},
		{"¿¡!?", "", "article"},
		{strings.Repeat("word ", 40), "", "word-word-word-word-word-word-word-word-word-word-word-word"},
		{"日本語のタイトル", "https://example.com/", "article"},
	}
	for _, tt := range tests {
		if got := slug(tt.title, tt.link); got != tt.want {
			t.Errorf("slug(%q, %q) = %q; want %q", tt.title, tt.link, got, tt.want)
		}
	}
}

func TestRetryWait(t *testing.T) {
	interval := 30 * time.Minute
	var got []time.Duration
	for n := 1; n <= 7; n++ {
		got = append(got, retryWait(n, interval))
	}
	want := []time.Duration{time.Minute, 2 * time.Minute, 4 * time.Minute, 8 * time.Minute, 16 * time.Minute, 30 * time.Minute, 30 * time.Minute}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("retryWait(%d, 30m) = %v; want %v", i+1, got[i], want[i])
		}
	}
	if d := retryWait(3, 10*time.Second); d != 10*time.Second {
		t.Errorf("retryWait(3, 10s) = %v; want 10s", d)
	}
}

func TestHostFolder(t *testing.T) {
	tests := []struct{ url, want string }{
		{"https://www.Example.COM/a", "www.example.com"},
		{"http://127.0.0.1:8080/x", "127.0.0.1"},
		{"http://../x", "unknown"},
		{"http://./x", "unknown"},
		{"http://.../x", "unknown"},
		{"http://..evil.example./x", "evil.example"},
		{"http://[::1]:8443/x", "ipv6-0-0-0-0-0-0-0-1"},
		{"http://[fe80::1%25eth0]/x", "ipv6-fe80-0-0-0-0-0-0-1"},
		{"http://exa_mple.com/x", "exa-mple.com"},
		{"http://café.example/x", "xn--caf-dma.example"},
		{"http://a\\b/x", "unknown"},
		{"/relative", "unknown"},
		{"http://" + strings.Repeat("a", 63) + "." + strings.Repeat("b", 63) + ".example/", strings.Repeat("a", 63) + "." + strings.Repeat("b", 36)},
	}
	for _, tt := range tests {
		got := host(tt.url)
		if got != tt.want {
			t.Errorf("host(%q) = %q; want %q", tt.url, got, tt.want)
		}
		if got == "." || got == ".." || strings.HasPrefix(got, ".") || len(got) > maxHost ||
			strings.Trim(got, "abcdefghijklmnopqrstuvwxyz0123456789.-") != "" {
			t.Errorf("host(%q) = %q: not a safe folder name", tt.url, got)
		}
	}
}

// TestPollDotHost: entries whose links name the host "." or ".." are
// written under feeds/, like any other.
func TestPollDotHost(t *testing.T) {
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/feed.xml" {
			http.NotFound(w, r)
			return
		}
		io.WriteString(w, `<rss version="2.0"><channel><title>Dots</title>
<item><title>Up one</title><link>http://../up</link><pubDate>Mon, 03 Jun 2024 10:00:00 +0000</pubDate><description>Ada Varga, présidente de Nimbus Cloud, parle de confiance.</description></item>
<item><title>Here</title><link>http://./here</link><pubDate>Mon, 03 Jun 2024 11:00:00 +0000</pubDate><description>Ada Varga, présidente de Nimbus Cloud, parle encore de confiance.</description></item>
</channel></rss>`)
	})
	dir := t.TempDir()
	corpusDir := filepath.Join(dir, "corpus")
	p := New(Options{Dir: corpusDir, Client: &http.Client{Transport: handlerTransport{h}}})
	r := p.Poll(t.Context(), []string{"http://dots.test/feed.xml"})
	if len(r.Added) != 2 {
		t.Errorf("Poll added %q; want 2 files (problems %v)", r.Added, r.Problems)
	}
	for _, a := range r.Added {
		if !strings.HasPrefix(a, "feeds/unknown/") {
			t.Errorf("Poll added %s; want it under feeds/unknown/", a)
		}
	}
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(corpusDir, path)
		if !strings.HasPrefix(filepath.ToSlash(rel), "feeds/") {
			t.Errorf("Poll wrote %s, outside feeds/", rel)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestInFeeds(t *testing.T) {
	tests := []struct {
		rel  string
		want bool
	}{
		{"feeds/example.com/2024-01-01-a.md", true},
		{"feeds/../2024-01-01-a.md", false},
		{"feeds/./2024-01-01-a.md", false},
		{"feeds/.hidden/a.md", false},
		{"feeds//a.md", false},
		{"feeds/a/b/c.md", false},
		{"/etc/passwd", false},
		{"feeds/a/../../x.md", false},
		{"other/a/b.md", false},
	}
	for _, tt := range tests {
		if got := inFeeds(tt.rel); got != tt.want {
			t.Errorf("inFeeds(%q) = %v; want %v", tt.rel, got, tt.want)
		}
	}
}

// TestWriteOutsideFeeds: write refuses a folder that is not a host's, even
// if a caller passes one.
func TestWriteOutsideFeeds(t *testing.T) {
	dir := t.TempDir()
	p := New(Options{Dir: filepath.Join(dir, "corpus")})
	for _, d := range []string{"feeds/..", "feeds/.", "feeds/a/../..", "feeds/.state"} {
		if rel, err := p.write(d, "2024-01-01-x", corpus.Article{Text: "x", URL: "http://x.test/"}); err == nil {
			t.Errorf("write(%q) = %q; want it refused", d, rel)
		}
	}
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			t.Errorf("write left %s", path)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}
