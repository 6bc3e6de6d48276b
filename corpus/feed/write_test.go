package feed

import (
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

func TestBackoff(t *testing.T) {
	interval := 30 * time.Minute
	var got []time.Duration
	for n := 1; n <= 7; n++ {
		got = append(got, backoff(n, interval))
	}
	want := []time.Duration{time.Minute, 2 * time.Minute, 4 * time.Minute, 8 * time.Minute, 16 * time.Minute, 30 * time.Minute, 30 * time.Minute}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("backoff(%d, 30m) = %v; want %v", i+1, got[i], want[i])
		}
	}
	if d := backoff(3, 10*time.Second); d != 10*time.Second {
		t.Errorf("backoff(3, 10s) = %v; want 10s", d)
	}
}
