package feed

import (
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"
)

// TestPollMaxEntries: a feed of 10,000 new entries gives its 100 newest in
// one poll, the next 100 in the next.
func TestPollMaxEntries(t *testing.T) {
	const n = 10000
	var b strings.Builder
	b.WriteString(`<rss version="2.0"><channel><title>Flood</title>`)
	start := time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := range n { // oldest first
		fmt.Fprintf(&b, "<item><guid>e%d</guid><title>Entry %d</title><pubDate>%s</pubDate><description>Ada Varga, présidente de Nimbus Cloud, parle de confiance, épisode %d.</description></item>\n",
			i, i, start.Add(time.Duration(i)*time.Hour).Format(time.RFC1123Z), i)
	}
	b.WriteString(`</channel></rss>`)
	body := b.String()
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, body) })
	dir := t.TempDir()
	p := New(Options{Dir: dir, Client: &http.Client{Transport: handlerTransport{h}}})

	for round, wantNewest := range []int{n - 1, n - 101} {
		r := p.Poll(t.Context(), []string{"http://flood.test/feed.xml"})
		if len(r.Added) != DefaultMaxEntries || r.Pending != n-(round+1)*DefaultMaxEntries {
			t.Fatalf("Poll %d added %d files, %d pending; want %d, %d", round+1, len(r.Added), r.Pending, DefaultMaxEntries, n-(round+1)*DefaultMaxEntries)
		}
		newest := start.Add(time.Duration(wantNewest) * time.Hour).Format(time.DateOnly)
		oldest := start.Add(time.Duration(wantNewest-DefaultMaxEntries+1) * time.Hour).Format(time.DateOnly)
		for _, a := range r.Added {
			day := strings.TrimPrefix(a, "feeds/flood.test/")[:10]
			if day > newest || day < oldest {
				t.Errorf("Poll %d added %s; want entries of %s to %s", round+1, a, oldest, newest)
				break
			}
		}
	}
	files, err := os.ReadDir(filepath.Join(dir, "feeds", "flood.test"))
	if err != nil || len(files) != 2*DefaultMaxEntries {
		t.Errorf("feeds/flood.test holds %d files (%v); want %d", len(files), err, 2*DefaultMaxEntries)
	}
}

// slowSite serves a feed of n entries whose pages each take 20 s, and
// counts how many are being served at once.
type slowSite struct {
	mu             sync.Mutex
	inFlight, peak int
	served         int
}

func (s *slowSite) handler(n int) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/feed.xml" {
			io.WriteString(w, `<rss version="2.0"><channel><title>Slow</title>`)
			for i := range n {
				fmt.Fprintf(w, "<item><title>Page %d</title><link>http://slow.test/page/%d</link><pubDate>Mon, 03 Jun 2024 10:%02d:00 +0000</pubDate></item>\n", i, i, i)
			}
			io.WriteString(w, `</channel></rss>`)
			return
		}
		s.mu.Lock()
		s.inFlight++
		s.peak = max(s.peak, s.inFlight)
		s.mu.Unlock()
		defer func() {
			s.mu.Lock()
			s.inFlight--
			s.mu.Unlock()
		}()
		select {
		case <-time.After(20 * time.Second):
		case <-r.Context().Done():
			return
		}
		s.mu.Lock()
		s.served++
		s.mu.Unlock()
		w.Header().Set("Content-Type", "text/html")
		io.WriteString(w, `<html><body><article><p>« La confiance de nos clients passe avant tout », affirme Ada Varga, présidente de Nimbus Cloud, devant la presse.</p></article></body></html>`)
	})
}

// TestPollSlowPages: pages are fetched four at a time, and the poll stops
// at its deadline, leaving the rest for the next poll.
func TestPollSlowPages(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		s := &slowSite{}
		client := &http.Client{Transport: handlerTransport{s.handler(50)}}
		dir := t.TempDir()
		p := New(Options{Dir: dir, Client: client, Timeout: 30 * time.Second, PollTimeout: 110 * time.Second})

		start := time.Now()
		r := p.Poll(t.Context(), []string{"http://slow.test/feed.xml"})
		took := time.Since(start)
		if took > 110*time.Second {
			t.Errorf("Poll took %v; want at most its 110s deadline", took)
		}
		if s.peak != DefaultPageConcurrency {
			t.Errorf("at most %d pages fetched at once; want %d", s.peak, DefaultPageConcurrency)
		}
		// Five rounds of four pages in 100 s; the sixth is cut short.
		if len(r.Added) != 20 || r.Pending != 30 {
			t.Errorf("Poll added %d, %d pending; want 20 added, 30 left for the next poll", len(r.Added), r.Pending)
		}
		if len(r.Problems) != 1 || !strings.Contains(r.Problems[0].Reason, "time limit") {
			t.Errorf("Poll problems %v; want one saying the poll's time limit ran out", r.Problems)
		}

		start = time.Now()
		r = New(Options{Dir: dir, Client: client, Timeout: 30 * time.Second}).Poll(t.Context(), []string{"http://slow.test/feed.xml"})
		took = time.Since(start)
		if len(r.Added) != 30 || r.Pending != 0 || len(r.Problems) != 0 {
			t.Errorf("second Poll added %d, %d pending, problems %v; want the 30 left", len(r.Added), r.Pending, r.Problems)
		}
		// 30 pages, four at a time: eight rounds of 20 s, not 600 s.
		if took != 160*time.Second {
			t.Errorf("second Poll took %v; want 2m40s", took)
		}
	})
}
