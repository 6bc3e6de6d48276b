package feed

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/text/encoding/charmap"

	"github.com/trustwatch/trustwatch/corpus"
)

// allowLoopback lets the poller reach the tests' httptest servers, which
// the guard refuses by default.
var allowLoopback = Allow{Networks: []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8"), netip.MustParsePrefix("::1/128")}}

// site is an httptest server with the feeds and pages of the tests. It
// counts requests per path, and honours conditional requests on the two
// good feeds: the French one by ETag, the English one by Last-Modified.
type site struct {
	*httptest.Server
	mu    sync.Mutex
	hits  map[string]int
	not   map[string]int // 304 answers
	agent string
}

func newSite(t *testing.T) *site {
	t.Helper()
	s := &site{hits: map[string]int{}, not: map[string]int{}}
	read := func(name string) string {
		data, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			t.Fatal(err)
		}
		return string(data)
	}
	mux := http.NewServeMux()
	feed := func(path, file, ctype string, validate func(w http.ResponseWriter, r *http.Request) bool) {
		mux.HandleFunc(path, func(w http.ResponseWriter, r *http.Request) {
			if validate(w, r) {
				s.count(path, true)
				w.WriteHeader(http.StatusNotModified)
				return
			}
			w.Header().Set("Content-Type", ctype)
			io.WriteString(w, strings.ReplaceAll(read(file), "BASE", s.URL))
		})
	}
	feed("/fr/rss.xml", "rss-fr.xml", "application/rss+xml; charset=utf-8", func(w http.ResponseWriter, r *http.Request) bool {
		w.Header().Set("ETag", `"fr-v1"`)
		return r.Header.Get("If-None-Match") == `"fr-v1"`
	})
	const lastMod = "Fri, 17 May 2024 15:00:00 GMT"
	feed("/en/atom.xml", "atom-en.xml", "application/atom+xml", func(w http.ResponseWriter, r *http.Request) bool {
		w.Header().Set("Last-Modified", lastMod)
		return r.Header.Get("If-Modified-Since") == lastMod
	})
	page := func(path, file, ctype string) {
		mux.HandleFunc(path, func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", ctype)
			body := read(file)
			if strings.Contains(ctype, "iso-8859-1") {
				body, _ = charmap.ISO8859_1.NewEncoder().String(body)
			}
			io.WriteString(w, body)
		})
	}
	page("/fr/cloud/nuagix-neutralite-12345.html", "page-fr-jsonld.html", "text/html; charset=utf-8")
	page("/fr/souverainete-hexacloud.html", "page-fr-latin1.html", "text/html; charset=iso-8859-1")
	page("/en/2024/05/stratocumulus-coopetition", "page-en-opengraph.html", "text/html")
	mux.HandleFunc("/fr/entretien-supprime.html", http.NotFound)
	mux.HandleFunc("/en/huge.html", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		chunk := strings.Repeat("<p>padding padding padding padding padding padding</p>\n", 1000)
		io.WriteString(w, "<html><body>")
		for n := 0; n < 20<<20; n += len(chunk) {
			if _, err := io.WriteString(w, chunk); err != nil {
				return // the client stopped reading
			}
		}
	})
	mux.HandleFunc("/broken/feed.xml", func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "database on fire", http.StatusInternalServerError)
	})
	mux.HandleFunc("/slow/feed.xml", func(w http.ResponseWriter, r *http.Request) {
		<-r.Context().Done()
	})
	mux.HandleFunc("/invalid/feed.xml", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/rss+xml")
		io.WriteString(w, `<?xml version="1.0"?><rss version="2.0"><channel><title>Oops</title><item><title>Unclosed <b></item></channel>`)
	})
	mux.HandleFunc("/big/feed.xml", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/rss+xml")
		w.Header().Set("Content-Length", strconv.Itoa(20<<20))
		io.WriteString(w, `<?xml version="1.0"?><rss version="2.0"><channel>`)
	})
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		s.agent = r.UserAgent()
		s.mu.Unlock()
		s.count(r.URL.Path, false)
		mux.ServeHTTP(w, r)
	}))
	t.Cleanup(s.Close)
	return s
}

func (s *site) count(path string, notModified bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if notModified {
		s.not[path]++
	} else {
		s.hits[path]++
	}
}

func (s *site) snapshot() (hits, not map[string]int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	hits, not = map[string]int{}, map[string]int{}
	for k, v := range s.hits {
		hits[k] = v
	}
	for k, v := range s.not {
		not[k] = v
	}
	return hits, not
}

func TestPoll(t *testing.T) {
	s := newSite(t)
	dir := t.TempDir()
	good := []string{s.URL + "/fr/rss.xml", s.URL + "/en/atom.xml"}
	bad := []string{s.URL + "/broken/feed.xml", s.URL + "/slow/feed.xml", s.URL + "/invalid/feed.xml", s.URL + "/big/feed.xml"}
	now := func() time.Time { return time.Date(2024, 6, 1, 12, 0, 0, 0, time.UTC) }
	p := New(Options{Dir: dir, Timeout: time.Second, Now: now, Allow: allowLoopback})

	r := p.Poll(context.Background(), append(slices.Clone(good), bad...))

	host := "feeds/127.0.0.1/"
	wantAdded := []string{
		host + "2024-03-12-cloud-nuagix-promet-de-ne-jamais-concurrencer-ses-clients.md",
		host + "2022-02-14-souverainete-hexacloud-mise-sur-le-stockage-en-france.md",
		host + "2024-03-13-entretien-nous-n-utiliserons-jamais-vos-donnees.md",
		host + "2024-05-17-stratocumulus-ceo-we-compete-with-some-customers-and-that-s.md",
		host + "2023-11-02-datavault-pledges-eu-only-hosting.md",
	}
	if !slices.Equal(r.Added, wantAdded) {
		t.Errorf("Poll added:\n%s\nwant:\n%s", strings.Join(r.Added, "\n"), strings.Join(wantAdded, "\n"))
	}
	wantProblems := map[string]string{
		s.URL + "/broken/feed.xml":            "HTTP 500 Internal Server Error",
		s.URL + "/slow/feed.xml":              "no answer within 1s",
		s.URL + "/invalid/feed.xml":           "not an RSS or Atom feed",
		s.URL + "/big/feed.xml":               "too large (over 5 MB)",
		s.URL + "/en/huge.html":               "too large (over 5 MB); kept the feed entry's text instead",
		s.URL + "/fr/entretien-supprime.html": "HTTP 404 Not Found; kept the feed entry's text instead",
	}
	for _, pr := range r.Problems {
		want, ok := wantProblems[pr.URL]
		if !ok || !strings.Contains(pr.Reason, want) {
			t.Errorf("Poll problem %q; want %q", pr.Error(), want)
		}
		delete(wantProblems, pr.URL)
	}
	for u, reason := range wantProblems {
		t.Errorf("Poll did not report %s: %s", u, reason)
	}
	if !slices.Equal(r.Failed, bad) || r.Feeds != 6 {
		t.Errorf("Poll failed feeds = %q of %d; want %q of 6", r.Failed, r.Feeds, bad)
	}
	s.mu.Lock() // a request may still be in a handler: the slow feed's
	agent := s.agent
	s.mu.Unlock()
	if agent == "" || !strings.HasPrefix(agent, "trustwatch/") {
		t.Errorf("User-Agent = %q; want trustwatch/…", agent)
	}

	// The files read back as the articles they were made of.
	type fields struct{ title, publication, url, date, lang, author string }
	want := []struct {
		fields
		paras []string
	}{{
		fields{"Cloud : Nuagix promet de ne jamais concurrencer ses clients", "Le Journal du Nuage",
			"https://www.lejournaldunuage.fr/cloud/nuagix-neutralite-12345.html", "2024-03-12T08:30:00Z", "fr", "Camille Rousseau, Yanis Benali"},
		[]string{
			"> La confiance de nos clients est notre priorité absolue. Leurs données restent en France, sous leur contrôle.",
			"Ce message, la dirigeante l'avait déjà publié sur son blog en janvier. Son directeur technique, Marc-Antoine Delorme, est allé plus loin\u00a0: il parle d'une “charte de neutralité” qui sera annexée aux contrats dès le mois de juin.",
		},
	}, {
		fields{"Souveraineté : Hexacloud mise sur le stockage en France", "Réseaux Hebdo",
			s.URL + "/fr/souverainete-hexacloud.html", "2022-02-14T10:00:00+01:00", "fr", "Élodie Marchand"},
		[]string{"« Vos données sont hébergées en France et ne sont soumises à aucune loi extraterritoriale », a assuré son directeur général, Thibault Lemaire, lors d'une conférence de presse à Paris."},
	}, {
		fields{"Entretien : « Nous n'utiliserons jamais vos données »", "Le Journal du Nuage - Cloud",
			s.URL + "/fr/entretien-supprime.html", "2024-03-13T07:00:00Z", "fr", "Yanis Benali"},
		[]string{
			"Pour la directrice juridique de Nuagix, Sophie Lambert, la règle est simple.",
			"> Nous n'utiliserons jamais les données de nos clients pour entraîner nos modèles.",
		},
	}, {
		fields{`Stratocumulus CEO: "We compete with some customers, and that's fine"`, "Cloudwire Weekly",
			"https://cloudwire.example/2024/05/stratocumulus-coopetition", "2024-05-17T14:05:00Z", "en", "Priya Natarajan"},
		[]string{
			"> We compete with some of our customers and partner with them at the same time. That is how this industry has always worked.",
			`Okafor pointed to the company's database service, which competes directly with at least three vendors that also sell through the Stratocumulus marketplace. "Customer trust is our top priority," he told reporters after the keynote, "and trust means being honest about where we overlap."`,
		},
	}, {
		fields{"Datavault pledges EU-only hosting", "Cloudwire Weekly", s.URL + "/en/huge.html", "2023-11-02T09:00:00Z", "en", "Tomas Brennan"},
		[]string{`"Your data stays in the EU, full stop," said chief operating officer Aoife Gallagher in an interview.`},
	}}
	for i, w := range want {
		if i >= len(r.Added) {
			break
		}
		name := r.Added[i]
		data, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		a, err := corpus.ParseArticle(name, data)
		if err != nil {
			t.Errorf("ParseArticle(%s) error: %v\n%s", name, err, data)
			continue
		}
		got := fields{a.Title, a.Publication, a.URL, a.Date.String(), a.Lang, a.Author}
		if got != w.fields {
			t.Errorf("ParseArticle(%s) = %+v; want %+v", name, got, w.fields)
		}
		paras := strings.Split(a.Text, "\n\n")
		for _, p := range w.paras {
			if !slices.Contains(paras, p) {
				t.Errorf("ParseArticle(%s).Text lacks paragraph %q; file:\n%s", name, p, data)
			}
		}
	}

	// The corpus holds the articles and nothing else it would index.
	listed, err := corpus.List(os.DirFS(dir))
	if err != nil || !slices.Equal(listed, slices.Sorted(slices.Values(wantAdded))) {
		t.Errorf("List(corpus) = %q, %v; want the added files only", listed, err)
	}

	// A second poll, by a new Poller as after a restart, fetches nothing:
	// the feeds answer 304 to the validators kept, and no page is fetched
	// again.
	hits1, _ := s.snapshot()
	r2 := New(Options{Dir: dir, Now: now, Allow: allowLoopback}).Poll(context.Background(), good)
	hits2, not2 := s.snapshot()
	if len(r2.Added) != 0 || len(r2.Problems) != 0 || r2.Unchanged != 2 {
		t.Errorf("second Poll = %+v; want nothing added, no problem, 2 unchanged", r2)
	}
	for _, f := range []string{"/fr/rss.xml", "/en/atom.xml"} {
		if not2[f] != 1 {
			t.Errorf("second Poll: %s answered 304 %d times; want once", f, not2[f])
		}
	}
	for path, n := range hits2 {
		if path != "/fr/rss.xml" && path != "/en/atom.xml" && n != hits1[path] {
			t.Errorf("second Poll fetched %s again", path)
		}
	}
}

// TestPollSeen: a feed without validators is fetched again, but its
// entries' pages are not, and a file already in the corpus is not written
// again even without state.
func TestPollSeen(t *testing.T) {
	var mu sync.Mutex
	pages := 0
	var srv *httptest.Server
	srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/feed" {
			io.WriteString(w, `<rss version="2.0"><channel><title>Plain</title><item><title>Orbital SA : la confiance d'abord</title><link>`+srv.URL+`/a</link><pubDate>Mon, 03 Jun 2024 10:00:00 +0000</pubDate></item></channel></rss>`)
			return
		}
		mu.Lock()
		pages++
		mu.Unlock()
		w.Header().Set("Content-Type", "text/html")
		io.WriteString(w, `<html><body><article><p>« La confiance de nos clients passe avant tout », affirme Louise Garnier, présidente d'Orbital SA, qui ne veut pas entendre parler de publicité ciblée.</p></article></body></html>`)
	}))
	defer srv.Close()
	dir := t.TempDir()
	p := New(Options{Dir: dir, Allow: allowLoopback})
	if r := p.Poll(context.Background(), []string{srv.URL + "/feed"}); len(r.Added) != 1 || len(r.Problems) != 0 {
		t.Fatalf("first Poll = %+v; want one file added", r)
	}
	if r := p.Poll(context.Background(), []string{srv.URL + "/feed"}); len(r.Added) != 0 || pages != 1 {
		t.Errorf("second Poll = %+v after %d page fetches; want nothing, 1 fetch", r, pages)
	}
	os.Remove(filepath.Join(dir, "feeds", ".state.json"))
	if r := p.Poll(context.Background(), []string{srv.URL + "/feed"}); len(r.Added) != 0 || len(r.Problems) != 0 {
		t.Errorf("Poll without state = %+v; want nothing added (the file is there)", r)
	}
}
