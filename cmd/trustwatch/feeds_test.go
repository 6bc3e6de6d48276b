package main

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func TestFeedsCommand(t *testing.T) {
	var srv *httptest.Server
	srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/rss.xml":
			io.WriteString(w, `<rss version="2.0"><channel><title>Le Journal du Nuage</title><language>fr</language>
<item><title>Nuagix : la confiance d'abord</title><link>`+srv.URL+`/a.html</link><pubDate>Tue, 12 Mar 2024 08:30:00 +0000</pubDate></item></channel></rss>`)
		case "/a.html":
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			io.WriteString(w, `<html><body><article><p>« La confiance de nos clients est notre priorité absolue », a déclaré Hélène Vasseur, présidente de Nuagix, mardi à Lyon devant les éditeurs.</p></article></body></html>`)
		default:
			http.Error(w, "gone", http.StatusGone)
		}
	}))
	defer srv.Close()
	dir := t.TempDir()
	tests := []struct {
		name           string
		env            map[string]string
		args           []string
		code           int
		stdout, stderr string
	}{
		{"no corpus", map[string]string{"TRUSTWATCH_FEEDS": srv.URL + "/rss.xml"}, nil, 2, "", "TRUSTWATCH_CORPUS"},
		{"no feeds", map[string]string{"TRUSTWATCH_CORPUS": dir}, nil, 2, "", "TRUSTWATCH_FEEDS"},
		{"argument not a URL", map[string]string{"TRUSTWATCH_CORPUS": dir}, []string{"ftp://x"}, 2, "", "not an http(s) URL"},
		{"added", map[string]string{"TRUSTWATCH_CORPUS": dir, "TRUSTWATCH_FEEDS": srv.URL + "/rss.xml, " + srv.URL + "/gone.xml"}, nil, 0,
			"added feeds/127.0.0.1/2024-03-12-nuagix-la-confiance-d-abord.md\n2 feeds: 1 articles added", srv.URL + "/gone.xml: HTTP 410 Gone"},
		{"nothing new", map[string]string{"TRUSTWATCH_CORPUS": dir}, []string{srv.URL + "/rss.xml"}, 0, "1 feeds: 0 articles added", ""},
		{"all failed", map[string]string{"TRUSTWATCH_CORPUS": dir}, []string{srv.URL + "/gone.xml"}, 1, "1 failed", "HTTP 410 Gone"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			err := run(context.Background(), append([]string{"feeds"}, tt.args...), func(k string) string { return tt.env[k] }, &stdout, &stderr)
			if code := exitCode(err); err != nil && code != tt.code || err == nil && tt.code != 0 {
				t.Fatalf("feeds %v: err %v (exit %d); want exit %d\nstderr: %s", tt.args, err, exitCode(err), tt.code, stderr.String())
			}
			if err != nil {
				stderr.WriteString(err.Error())
			}
			if !strings.Contains(stdout.String(), tt.stdout) || !strings.Contains(stderr.String(), tt.stderr) {
				t.Errorf("feeds %v:\nstdout %q\nstderr %q\nwant %q and %q", tt.args, stdout.String(), stderr.String(), tt.stdout, tt.stderr)
			}
		})
	}
}

func TestFeedInterval(t *testing.T) {
	tests := []struct {
		in   string
		want string
		err  bool
	}{{"", "30m0s", false}, {"2h", "2h0m0s", false}, {" 5m ", "5m0s", false}, {"30s", "", true}, {"soon", "", true}}
	for _, tt := range tests {
		d, err := feedInterval(func(string) string { return tt.in })
		if (err != nil) != tt.err || err == nil && d.String() != tt.want {
			t.Errorf("feedInterval(%q) = %v, %v; want %s (error %v)", tt.in, d, err, tt.want, tt.err)
		}
		if err != nil && (exitCode(err) != 2 || !strings.Contains(err.Error(), "TRUSTWATCH_FEED_INTERVAL")) {
			t.Errorf("feedInterval(%q) error %q; want a usage error naming TRUSTWATCH_FEED_INTERVAL", tt.in, err)
		}
	}
}
