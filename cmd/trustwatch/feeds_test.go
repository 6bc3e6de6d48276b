package main

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"slices"
	"strings"
	"testing"

	"github.com/trustwatch/trustwatch/bot/slackfake"
	"github.com/trustwatch/trustwatch/corpus/feed"
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
	// The test's feeds are on loopback, which feeds refuse unless allowed.
	const allow = "TRUSTWATCH_FEEDS_ALLOW_PRIVATE"
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
		{"loopback refused", map[string]string{"TRUSTWATCH_CORPUS": dir}, []string{srv.URL + "/rss.xml"}, 1,
			"1 failed", srv.URL + "/rss.xml: refused to connect to 127.0.0.1: a loopback address"},
		{"allow not a network", map[string]string{"TRUSTWATCH_CORPUS": dir, allow: "yes please"}, []string{srv.URL + "/rss.xml"}, 2,
			"", `TRUSTWATCH_FEEDS_ALLOW_PRIVATE="yes please"`},
		{"allowed elsewhere only", map[string]string{"TRUSTWATCH_CORPUS": dir, allow: "10.0.0.0/8"}, []string{srv.URL + "/rss.xml"}, 1,
			"1 failed", "loopback address"},
		{"added", map[string]string{"TRUSTWATCH_CORPUS": dir, allow: "true", "TRUSTWATCH_FEEDS": srv.URL + "/rss.xml, " + srv.URL + "/gone.xml"}, nil, 0,
			"added feeds/127.0.0.1/2024-03-12-nuagix-la-confiance-d-abord.md\n2 feeds: 1 articles added", srv.URL + "/gone.xml: HTTP 410 Gone"},
		{"nothing new", map[string]string{"TRUSTWATCH_CORPUS": dir, allow: "127.0.0.0/8"}, []string{srv.URL + "/rss.xml"}, 0, "1 feeds: 0 articles added", ""},
		{"all failed", map[string]string{"TRUSTWATCH_CORPUS": dir, allow: "127.0.0.1, ::1"}, []string{srv.URL + "/gone.xml"}, 1, "1 failed", "HTTP 410 Gone"},
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

func TestFeedsAllowPrivate(t *testing.T) {
	tests := []struct {
		in   string
		want feed.Allow
		err  bool
	}{
		{"", feed.Allow{}, false},
		{"false", feed.Allow{}, false},
		{" TRUE ", feed.Allow{All: true}, false},
		{"10.0.0.0/8", feed.Allow{Networks: []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8")}}, false},
		{"10.0.0.0/8, fd00::/8,192.168.1.7", feed.Allow{Networks: []netip.Prefix{
			netip.MustParsePrefix("10.0.0.0/8"), netip.MustParsePrefix("fd00::/8"), netip.MustParsePrefix("192.168.1.7/32")}}, false},
		{"10.1.2.3/8", feed.Allow{Networks: []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8")}}, false},
		{"yes", feed.Allow{}, true},
		{"10.0.0.0/33", feed.Allow{}, true},
		{"true,10.0.0.0/8", feed.Allow{}, true},
		{"10.0.0.0/8,", feed.Allow{Networks: []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8")}}, false},
		{"intranet.example", feed.Allow{}, true},
	}
	for _, tt := range tests {
		got, err := feedsAllowPrivate(tt.in)
		if (err != nil) != tt.err || err == nil && (got.All != tt.want.All || !slices.Equal(got.Networks, tt.want.Networks)) {
			t.Errorf("feedsAllowPrivate(%q) = %+v, %v; want %+v (error %v)", tt.in, got, err, tt.want, tt.err)
		}
		if err != nil && (strings.Contains(err.Error(), "\n") || !strings.HasPrefix(err.Error(), "TRUSTWATCH_FEEDS_ALLOW_PRIVATE=")) {
			t.Errorf("feedsAllowPrivate(%q) error %q; want one line naming TRUSTWATCH_FEEDS_ALLOW_PRIVATE", tt.in, err)
		}
	}
}

// TestServeFeedsGuard: serve's feed poller refuses loopback too, unless
// TRUSTWATCH_FEEDS_ALLOW_PRIVATE allows it.
func TestServeFeedsGuard(t *testing.T) {
	var srv *httptest.Server
	srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/rss.xml":
			io.WriteString(w, `<rss version="2.0"><channel><title>Intranet</title>
<item><title>Admin</title><link>`+srv.URL+`/internal/admin</link><pubDate>Tue, 12 Mar 2024 08:30:00 +0000</pubDate></item></channel></rss>`)
		case "/internal/admin":
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			io.WriteString(w, `<html><body><article><p>« La confiance de nos clients est notre priorité absolue », a déclaré Ada Varga, présidente de Nimbus Cloud, mardi à Lyon.</p></article></body></html>`)
		}
	}))
	defer srv.Close()
	for _, tc := range []struct {
		name, allow, want string
	}{
		{"refused by default", "", "refused to connect to 127.0.0.1: a loopback address"},
		{"allowed", "127.0.0.0/8", "added=1"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fake := slackfake.New(t)
			s := startServe(t, slackEnv(t, fake, map[string]string{
				"TRUSTWATCH_CORPUS":              t.TempDir(),
				"TRUSTWATCH_FEEDS":               srv.URL + "/rss.xml",
				"TRUSTWATCH_FEEDS_ALLOW_PRIVATE": tc.allow,
			}))
			s.events.firstPoll(t) // logged before it is reported
			if !strings.Contains(s.stderr.String(), tc.want) {
				t.Errorf("serve's log does not say %q:\n%s", tc.want, s.stderr.String())
			}
			s.stop(t)
		})
	}
}
