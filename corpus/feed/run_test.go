package feed

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"sync"
	"testing"
	"testing/synctest"
	"time"
)

// handlerTransport serves requests in process, so that the whole poller
// runs inside a synctest bubble on its fake clock.
type handlerTransport struct{ h http.Handler }

func (t handlerTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	rec := httptest.NewRecorder()
	t.h.ServeHTTP(rec, r)
	if err := r.Context().Err(); err != nil {
		return nil, err
	}
	return rec.Result(), nil
}

var _ http.RoundTripper = handlerTransport{}

func TestRunBackoff(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		start := time.Now()
		var mu sync.Mutex
		at := map[string][]int{} // minutes since start of each request
		h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			mu.Lock()
			at[r.URL.Path] = append(at[r.URL.Path], int(time.Since(start).Round(time.Second)/time.Minute))
			mu.Unlock()
			switch r.URL.Path {
			case "/down.xml":
				http.Error(w, "maintenance", http.StatusServiceUnavailable)
			case "/up.xml":
				if r.Header.Get("If-None-Match") == `"v1"` {
					w.WriteHeader(http.StatusNotModified)
					return
				}
				w.Header().Set("ETag", `"v1"`)
				io.WriteString(w, `<rss version="2.0"><channel><title>Up</title></channel></rss>`)
			}
		})
		p := New(Options{Dir: t.TempDir(), Client: &http.Client{Transport: handlerTransport{h}}})
		ctx, cancel := context.WithTimeout(t.Context(), 2*time.Hour+time.Second)
		defer cancel()
		var rounds []Report
		p.Run(ctx, []string{"http://feeds.test/up.xml", "http://feeds.test/down.xml"}, 30*time.Minute, func(r Report) {
			rounds = append(rounds, r)
		})

		wantDown := []int{0, 1, 3, 7, 15, 31, 61, 91}
		wantUp := []int{0, 30, 60, 90, 120}
		if got := at["/down.xml"]; !slices.Equal(got, wantDown) {
			t.Errorf("failing feed polled at minutes %v; want %v", got, wantDown)
		}
		if got := at["/up.xml"]; !slices.Equal(got, wantUp) {
			t.Errorf("healthy feed polled at minutes %v; want %v", got, wantUp)
		}
		if len(rounds) == 0 || len(rounds[0].Problems) != 1 || rounds[0].Problems[0].Reason != "HTTP 503 Service Unavailable" {
			t.Errorf("first round = %+v; want the failing feed reported", rounds)
		}
	})
}
