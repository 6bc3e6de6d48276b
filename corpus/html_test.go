package corpus

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

func TestParseHTMLPages(t *testing.T) {
	tests := []struct {
		file                                        string
		title, publication, url, date, lang, author string
		paras                                       []string // paragraphs that must be in Text, in order
		absent                                      []string // page furniture that must not
	}{{
		file:        "fr-jsonld-graph.html", // JSON-LD @graph, publisher by @id, two authors
		title:       "Cloud : Nuagix promet de ne jamais concurrencer ses clients",
		publication: "Le Journal du Nuage",
		url:         "https://www.lejournaldunuage.fr/cloud/nuagix-neutralite-12345.html",
		date:        "2024-03-12T09:30:00+01:00",
		lang:        "fr",
		author:      "Camille Rousseau, Yanis Benali",
		paras: []string{
			"Lors de sa conférence annuelle à Lyon, mardi, la présidente de Nuagix, Hélène Vasseur, a voulu rassurer les quelque 4\u00a0000 entreprises qui hébergent leurs applications chez elle. «\u00a0Nous ne concurrencerons jamais nos clients. Notre métier, c'est l'infrastructure, pas leurs logiciels\u00a0», a-t-elle déclaré devant un parterre d'éditeurs.",
			"La question n'est pas nouvelle. Depuis plusieurs années, les éditeurs reprochent aux grands fournisseurs de cloud de copier les services qui rencontrent le succès sur leurs plateformes, puis de les proposer à prix cassé.",
			"> La confiance de nos clients est notre priorité absolue. Leurs données restent en France, sous leur contrôle.",
			"> Nous n'entraînerons aucun modèle sur leurs données.",
			"Ce message, la dirigeante l'avait déjà publié sur son blog en janvier. Son directeur technique, Marc-Antoine Delorme, est allé plus loin\u00a0: il parle d'une “charte de neutralité” qui sera annexée aux contrats dès le mois de juin.",
		},
		absent: []string{"Publicité", "Les plus lus", "Mentions légales", "dataLayer", "S'abonner", "Partager", "commentaires"},
	}, {
		file:        "en-opengraph.html", // no JSON-LD: Open Graph and meta author
		title:       `Stratocumulus CEO: "We compete with some customers, and that's fine"`,
		publication: "Cloudwire Weekly",
		url:         "https://cloudwire.example/2024/05/stratocumulus-coopetition",
		date:        "2024-05-17T14:05:00Z",
		lang:        "en",
		author:      "Priya Natarajan",
		paras: []string{
			"> We compete with some of our customers and partner with them at the same time. That is how this industry has always worked.",
			`Okafor pointed to the company's database service, which competes directly with at least three vendors that also sell through the Stratocumulus marketplace. "Customer trust is our top priority," he told reporters after the keynote, "and trust means being honest about where we overlap."`,
			"The company also said that it does not use customer data to train its models, a pledge it first made last year.",
			"Stratocumulus shares closed up 2% on the day.",
		},
		absent: []string{"Subscribe", "Log in", "All rights reserved"},
	}, {
		file:        "en-broken.html", // unclosed tags, no meta but og:site_name, <time>
		title:       "Datavault pledges EU-only hosting",
		publication: "Byte Ledger",
		date:        "2023-11-02",
		lang:        "en",
		paras: []string{
			`"Your data stays in the EU, full stop," said chief operating officer Aoife Gallagher in an interview. She added that the company would publish a transparency report every quarter.`,
			"> We will never sell or share customer data with advertisers.",
		},
	}, {
		file:        "fr-latin1-reportage.html", // ISO-8859-1, JSON-LD array with ReportageNewsArticle
		title:       "Souveraineté : Hexacloud mise sur le stockage en France",
		publication: "Réseaux & Télécoms Hebdo",
		url:         "https://www.reseaux-telecoms-hebdo.fr/souverainete-hexacloud",
		date:        "2022-02-14",
		lang:        "fr",
		author:      "Élodie Marchand",
		paras: []string{
			"« Vos données sont hébergées en France et ne sont soumises à aucune loi extraterritoriale », a assuré son directeur général, Thibault Lemaire, lors d'une conférence de presse à Paris. Une allusion à peine voilée au Cloud Act américain.",
		},
	}}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join("testdata", "html", tt.file))
			if err != nil {
				t.Fatal(err)
			}
			a, err := parseHTML(tt.file, data)
			if err != nil {
				t.Fatalf("parseHTML(%q) error: %v", tt.file, err)
			}
			got := [][2]string{
				{"id", a.ID}, {"title", a.Title}, {"publication", a.Publication}, {"url", a.URL},
				{"date", a.Date.String()}, {"lang", a.Lang}, {"author", a.Author},
			}
			want := []string{tt.file, tt.title, tt.publication, tt.url, tt.date, tt.lang, tt.author}
			for i, g := range got {
				if g[1] != want[i] {
					t.Errorf("parseHTML(%q).%s = %q; want %q", tt.file, g[0], g[1], want[i])
				}
			}
			paras := strings.Split(a.Text, "\n\n")
			at := 0
			for _, p := range tt.paras {
				i := slices.Index(paras[at:], p)
				if i < 0 {
					t.Errorf("parseHTML(%q).Text lacks paragraph (in order) %q; text:\n%s", tt.file, p, a.Text)
					continue
				}
				at += i + 1
			}
			for _, s := range tt.absent {
				if strings.Contains(a.Text, s) {
					t.Errorf("parseHTML(%q).Text contains page furniture %q", tt.file, s)
				}
			}
		})
	}
}

func TestParseHTMLFragments(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"plain text", "Just a line of text, no markup.", "Just a line of text, no markup."},
		{"paragraphs", "<p>One.</p><p>Two.</p>", "One.\n\nTwo."},
		{"br br splits", "<div>One.<br><br>Two.<br>still two.</div>", "One.\n\nTwo. still two."},
		{"q", "<p>He called it <q>a promise</q>.</p>", "He called it “a promise”."},
		{"blockquote paragraphs", "<p>Before.</p><blockquote><p>A.</p><p>B.</p></blockquote><p>After.</p>", "Before.\n\n> A.\n\n> B.\n\nAfter."},
		{"blockquote loose text", "<blockquote>Loose <b>words</b> here</blockquote>", "> Loose words here"},
		{"nested blockquote", "<blockquote><p>Outer.</p><blockquote><p>Inner.</p></blockquote></blockquote>", "> Outer.\n\n> Inner."},
		{"list and heading", "<h2>Points</h2><ul><li>first</li><li>second</li></ul>", "Points\n\nfirst\n\nsecond"},
		{"entities and nbsp", "<p>AT&amp;T &laquo;&nbsp;oui&nbsp;&raquo;</p>", "AT&T «\u00a0oui\u00a0»"},
		{"scripts and styles dropped", "<p>Text.</p><script>var x = '<p>no</p>';</script><style>p{}</style><noscript>Enable JS</noscript>", "Text."},
		{"unclosed everything", "<div><p>Open <b>bold <i>both", "Open bold both"},
		{"stray closing tags", "</div></p>Text</span></article>", "Text"},
		{"comment", "<p>Visible<!-- hidden --> text</p>", "Visible text"},
		{"table", "<table><tr><td>a</td><td>b</td></tr><tr><td>c</td></tr></table>", "a b\n\nc"},
		{"bom", "\ufeff<p>After a BOM.</p>", "After a BOM."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, err := parseHTML("x.html", []byte(tt.in))
			if err != nil {
				t.Fatalf("parseHTML(%q) error: %v", tt.in, err)
			}
			if a.Text != tt.want {
				t.Errorf("parseHTML(%q).Text = %q; want %q", tt.in, a.Text, tt.want)
			}
		})
	}
}

// TestParseHTMLTooDeep checks that a page nested deeper than html.Parse
// allows keeps its text, metadata and quotation, read flat.
func TestParseHTMLTooDeep(t *testing.T) {
	const quote = "« Nous ne concurrencerons jamais nos clients », a déclaré Ada Varga, présidente de Nimbus Cloud."
	page := `<html lang="fr"><head><title>Nimbus Cloud rassure ses clients</title>` +
		`<meta property="og:site_name" content="Le Journal du Nuage"><meta name="author" content="Yanis Benali"></head><body>` +
		`<h1>Nimbus Cloud rassure</h1><p>` + quote + `</p><nav>Accueil</nav><blockquote>Nos données restent en France.</blockquote>` +
		strings.Repeat("<div>", 100_000) + `<p>Fin de l'article.</p>`
	a, err := ParseHTML("deep.html", []byte(page))
	if err != nil {
		t.Fatalf("ParseHTML(100,000 nested <div>) error = %v; want the page read flat", err)
	}
	want := "Nimbus Cloud rassure\n\n" + quote + "\n\n> Nos données restent en France.\n\nFin de l'article."
	if a.Text != want {
		t.Errorf("ParseHTML(100,000 nested <div>).Text = %q; want %q", a.Text, want)
	}
	if a.Title != "Nimbus Cloud rassure ses clients" || a.Publication != "Le Journal du Nuage" || a.Author != "Yanis Benali" || a.Lang != "fr" {
		t.Errorf("ParseHTML(100,000 nested <div>) = title %q, publication %q, author %q, lang %q", a.Title, a.Publication, a.Author, a.Lang)
	}
	qs := Extract(a, Builtin())
	if len(qs) == 0 || !strings.Contains(quote, qs[0].Text) {
		t.Errorf("Extract(deep page) = %+v; want the quotation %q", qs, quote)
	}
}

func TestParseHTMLProblems(t *testing.T) {
	tests := []struct {
		name   string
		in     []byte
		reason string
	}{
		{"empty", nil, "empty file"},
		{"blank", []byte(" \n\t "), "empty file"},
		{"binary", []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), "binary file"},
		{"latin-1 undeclared", []byte("<p>Donn\xe9es</p>"), "not UTF-8"},
		{"markup only", []byte("<html><head><title></title><script>x()</script></head><body><img src=a.png></body></html>"), "no text"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseHTML("dir/page.html", tt.in)
			var p *Problem
			if !errors.As(err, &p) {
				t.Fatalf("ParseHTML(%q) error = %v; want a *Problem", tt.in, err)
			}
			if p.Path != "dir/page.html" || !strings.Contains(p.Reason, tt.reason) {
				t.Errorf("ParseHTML(%q) = %q; want path dir/page.html and a reason with %q", tt.in, err, tt.reason)
			}
		})
	}
	if _, err := ParseHTML("big.html", make([]byte, MaxFileSize+1)); err == nil || !strings.Contains(err.Error(), "too large") {
		t.Errorf("ParseHTML(11 MB) error = %v; want too large", err)
	}
}

func TestLooseDate(t *testing.T) {
	tests := []struct{ in, want string }{
		{"2024-03-12", "2024-03-12"},
		{"2024-03", "2024-03"},
		{"2024-03-12T09:30:00+01:00", "2024-03-12T09:30:00+01:00"},
		{"2024-03-12T09:30:00.000Z", "2024-03-12T09:30:00Z"},
		{"2024-03-12T09:30+01:00", "2024-03-12T09:30:00+01:00"},
		{"2024-03-12T09:30:00+0100", "2024-03-12T09:30:00+01:00"},
		{"2024-03-12T09:30:00", "2024-03-12"},
		{"2024-03-12 09:30", "2024-03-12"},
		{"Tue, 12 Mar 2024 09:30:00 +0100", "2024-03-12T09:30:00+01:00"},
		{"12 mars 2024", ""},
		{"", ""},
	}
	for _, tt := range tests {
		d, _ := looseDate(tt.in)
		if got := d.String(); got != tt.want {
			t.Errorf("looseDate(%q) = %q; want %q", tt.in, got, tt.want)
		}
	}
}

// FuzzParseHTML checks that any page gives an article or a *Problem,
// within seconds: the tree reading and the flat one alike.
func FuzzParseHTML(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join("testdata", "html", "*.html"))
	for _, name := range files {
		if data, err := os.ReadFile(name); err == nil {
			f.Add(data)
		}
	}
	f.Add([]byte("<blockquote><q><br><br></q></blockquote>"))
	f.Add([]byte(`<script type="application/ld+json">{"@graph":[{"@type":["NewsArticle"],"author":{"@id":"x"}},{"@id":"x","name":"A"}]}</script><p>t</p>`))
	f.Add([]byte(strings.Repeat("<div>", 600) + "<p>t</p>"))
	f.Add([]byte("<head><title>T</title><p>no body tag</p>"))
	f.Fuzz(func(t *testing.T, data []byte) {
		watchdog := time.AfterFunc(5*time.Second, func() { panic(fmt.Sprintf("ParseHTML hung on %q", data)) })
		a, err := ParseHTML("fuzz.html", data)
		watchdog.Stop()
		if err != nil {
			var p *Problem
			if !errors.As(err, &p) {
				t.Fatalf("ParseHTML error %v is not a *Problem", err)
			}
			return
		}
		if a.Text == "" || !utf8.ValidString(a.Text) {
			t.Fatalf("ParseHTML(%q).Text = %q: want non-empty UTF-8", data, a.Text)
		}
	})
}
