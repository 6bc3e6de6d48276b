package corpus

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

// seedArticle is the shared seed article, parsed.
func seedArticle(t testing.TB) Article {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", "seed.md"))
	if err != nil {
		t.Fatal(err)
	}
	a, err := ParseArticle("silicon-2022-02-microsoft-tacle-amazon.md", data)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// TestExtractSeed checks the seed article against what a careful reader
// extracts from it (testdata/seed-quotes.json, a copy of the shared golden
// file): the six quotations, no more, with speaker, title, vendor, labels.
func TestExtractSeed(t *testing.T) {
	var golden struct {
		Quotes []struct {
			Fragment     string  `json:"fragment"`
			Speaker      string  `json:"speaker"`
			SpeakerTitle string  `json:"speaker_title"`
			Vendor       string  `json:"vendor"`
			Labels       []Label `json:"labels"`
		} `json:"quotes"`
	}
	data, err := os.ReadFile(filepath.Join("testdata", "seed-quotes.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data, &golden); err != nil {
		t.Fatal(err)
	}
	a := seedArticle(t)
	got := Extract(a, Builtin())
	if len(got) != len(golden.Quotes) {
		for _, q := range got {
			t.Logf("got %q (%s)", q.Text, q.Speaker)
		}
		t.Fatalf("Extract(seed) found %d quotations; want %d", len(got), len(golden.Quotes))
	}
	for i, want := range golden.Quotes {
		q := got[i]
		if !strings.Contains(q.Text, want.Fragment) {
			t.Errorf("quote %d = %q; want it to contain %q", i, q.Text, want.Fragment)
			continue
		}
		if q.Speaker != want.Speaker || q.SpeakerTitle != want.SpeakerTitle || q.Vendor != want.Vendor {
			t.Errorf("quote %d %q: speaker %q, title %q, vendor %q; want %q, %q, %q",
				i, want.Fragment, q.Speaker, q.SpeakerTitle, q.Vendor, want.Speaker, want.SpeakerTitle, want.Vendor)
		}
		if !slices.Equal(q.Labels, want.Labels) {
			t.Errorf("quote %d %q: labels %v; want %v (cues %v)", i, want.Fragment, q.Labels, want.Labels, q.Cues)
		}
		if q.Attribution.Rule == "" || q.Attribution.Evidence == "" {
			t.Errorf("quote %d %q: attribution %+v; want a rule and its evidence", i, want.Fragment, q.Attribution)
		}
		checkOffsets(t, a.Text, q)
	}
	if ev := got[3].Attribution.Evidence; ev != "», déclarait en septembre dernier Adam Selipsky, CEO d'AWS" {
		t.Errorf("Selipsky's evidence = %q; want the contract's", ev)
	}
}

// checkOffsets checks that a quotation's span lies in the text and starts
// and ends with its words.
func checkOffsets(t testing.TB, text string, q Quote) {
	t.Helper()
	if q.Start < 0 || q.Start > q.End || q.End > len(text) {
		t.Fatalf("quote %q: span [%d, %d) outside text of %d bytes", q.Text, q.Start, q.End, len(text))
	}
	words := strings.Fields(q.Text)
	span := text[q.Start:q.End]
	if len(words) > 0 && (!strings.HasPrefix(span, words[0]) || !strings.HasSuffix(strings.TrimRight(span, ","), strings.TrimRight(words[len(words)-1], ","))) {
		t.Errorf("quote %q: text[%d:%d] = %q; want its words", q.Text, q.Start, q.End, span)
	}
}

// quoteBenchArticle is a ~5 KB news article file with eight quotations of
// different kinds, the density of the articles of the seed corpus.
func quoteBenchArticle() []byte {
	var b strings.Builder
	b.WriteString("---\ntitle: Bench\npublication: Bench\ndate: 2024-05\nlang: fr\n---\n")
	for i := 0; len(b.String()) < 5000; i++ {
		fmt.Fprintf(&b, "Le marché du cloud progresse encore en %d, selon les analystes, et Stratocloud y prend sa part. "+
			"Le fournisseur a ouvert deux nouvelles régions cette année et compte en ouvrir une troisième avant l'été, "+
			"alors que ses concurrents américains accélèrent eux aussi leurs investissements sur le continent.\n\n"+
			"Paul Martin, président de Stratocloud, a déclaré : « Nous ne concurrencerons jamais nos clients, et les données restent hébergées en France. »\n\n"+
			"Les partenaires de l'entreprise, intégrateurs et éditeurs, représentent l'essentiel de son chiffre d'affaires, "+
			"une dépendance que la direction assume et qu'elle présente comme un atout face aux hyperscalers.\n\n"+
			"« La confiance est une priorité absolue », a-t-il ajouté, « pour nos clients comme pour nos partenaires ».\n\n"+
			"\"We do not train on your data,\" said Jane Roe, chief executive of Nimbus, at a conference in London. "+
			"The company, which sells to banks and insurers, has made the promise a centrepiece of its marketing.\n\n", 2020+i)
	}
	return []byte(b.String())
}

// BenchmarkExtract measures reading and extraction of one article; the
// target is 5,000 articles a second on one core (200 µs each).
func BenchmarkExtract(b *testing.B) { benchExtract(b, Extract) }

// benchExtract measures reading the benchmark article and extracting its
// quotations with extract.
func benchExtract(b *testing.B, extract func(Article, *Registry) []Quote) {
	data := quoteBenchArticle()
	reg := Builtin()
	b.SetBytes(int64(len(data)))
	n := 0
	for b.Loop() {
		a, err := ParseArticle("bench.md", data)
		if err != nil {
			b.Fatal(err)
		}
		n = len(extract(a, reg))
	}
	b.ReportMetric(float64(n), "quotes/op")
}

// FuzzExtract checks that extraction never panics and that every quotation
// it returns is well formed, whatever the text.
func FuzzExtract(f *testing.F) {
	f.Add(`« Bien sûr », déclarait Adam Selipsky, CEO d'AWS. « Encore ».`)
	f.Add("\"We will never,\" she said, \"compete.\"\n\n\"Ever.")
	f.Add("> quoted — Slack (@SlackHQ) May 17, 2024")
	f.Add("He says:\n\nwords words words words.")
	f.Add("Zoom a ajouté le texte suivant à 10.4 :\n\n> words words words words.\n\nthe following: “x”")
	f.Add("« « » » “ ” ‘ ’ \" [ ] « [Ndlr : « x »]")
	f.Add("„Wir ‚x‘ y“, sagte Ada. »a ›b‹ c« ‹d› 「e 『f』」 ”g” ‚h’ „i” „j\" Danke“,")
	reg := Builtin()
	f.Fuzz(func(t *testing.T, text string) {
		if !utf8.ValidString(text) {
			return // Article.Text is valid UTF-8: ParseArticle refuses the rest
		}
		watchdog := time.AfterFunc(5*time.Second, func() { panic(fmt.Sprintf("Extract hung on %q", text)) })
		quotes := Extract(Article{Text: text}, reg)
		watchdog.Stop()
		for _, q := range quotes {
			if q.Start < 0 || q.Start > q.End || q.End > len(text) {
				t.Fatalf("Extract(%q): span [%d, %d) outside the text", text, q.Start, q.End)
			}
			if strings.TrimSpace(q.Text) == "" || !utf8.ValidString(q.Text) {
				t.Fatalf("Extract(%q): text %q", text, q.Text)
			}
			if len(q.Labels) == 0 {
				t.Fatalf("Extract(%q): no label on %q", text, q.Text)
			}
		}
	})
}

// TestExtractLayouts checks quotations that journalism writes with a mark
// missing or short: an opening mark lost before the attribution, a closing
// mark lost where the text stops, a short whole sentence after a longer one.
func TestExtractLayouts(t *testing.T) {
	reg := testRegistry(t)
	tests := []struct {
		name, text string
		want       []said
	}{
		{"no opening mark, the incise after the words",
			"Jane Roe, CEO of Nimbus, spoke on Monday.\n\nNimbus will never sell customer data to anyone,\" she said.",
			[]said{{"Nimbus will never sell customer data to anyone", "Jane Roe", "CEO of Nimbus", "nimbus"}}},
		{"no closing mark: the text stops",
			"Jane Roe, CEO of Nimbus, spoke on Monday.\n\nShe said: “We will never sell customer data and we never",
			[]said{{"We will never sell customer data and we never", "Jane Roe", "CEO of Nimbus", "nimbus"}}},
		{"a short whole sentence after a longer one",
			"“That was an incorrect conclusion,” Jane Roe said. “That was wrong.”",
			[]said{{"That was an incorrect conclusion", "Jane Roe", "", "nimbus"}, {"That was wrong.", "Jane Roe", "", "nimbus"}}},
		{"a programme after a colon, in the first person, is no quotation",
			"Voici le programme de la journée :\n\nNous visiterons le centre de données, puis nous déjeunerons sur place.",
			[]said{}},
		{"a short title with a full stop is no quotation",
			"Nimbus calls its new region the “Great Wall.” Customers will move in May.",
			[]said{}},
		{"one closing mark with no verb after it is no quotation",
			"Nimbus will keep every customer's data in its own regions,\" and prices stay the same in May.",
			[]said{}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := summarize(Extract(Article{ID: "t.md", Text: tc.text, Lang: DetectLang(tc.text)}, reg))
			if !slices.Equal(got, tc.want) {
				t.Errorf("Extract(%q) = %v; want %v", tc.text, got, tc.want)
			}
		})
	}
}
