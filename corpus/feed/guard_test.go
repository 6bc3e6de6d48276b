package feed

import (
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"net/url"
	"strings"
	"sync"
	"testing"
)

// The tests of the guard send nothing anywhere but loopback: addresses
// that are not loopback are checked as values, through the Control hook
// called directly, or by a dialer that records what it was asked to dial
// and connects only to loopback.

func TestCheckAddr(t *testing.T) {
	none := Allow{}
	tenNet := Allow{Networks: []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8")}}
	oneLoop := Allow{Networks: []netip.Prefix{netip.MustParsePrefix("127.0.0.1/32")}}
	tests := []struct {
		addr  string
		allow Allow
		want  string // "" when allowed, else words of the reason
	}{
		{"127.0.0.1", none, "loopback"},
		{"127.8.9.10", none, "loopback"},
		{"::1", none, "loopback"},
		{"::ffff:127.0.0.1", none, "loopback"},
		{"10.1.2.3", none, "private"},
		{"172.16.0.1", none, "private"},
		{"172.31.255.255", none, "private"},
		{"192.168.1.1", none, "private"},
		{"::ffff:10.0.0.1", none, "private"},
		{"fc00::1", none, "private"},
		{"fd12:3456::1", none, "private"},
		{"169.254.169.254", none, "link-local"},
		{"169.254.169.254", none, "metadata"},
		{"::ffff:169.254.169.254", none, "link-local"},
		{"64:ff9b::a9fe:a9fe", none, "link-local"}, // NAT64 of 169.254.169.254
		{"fe80::1", none, "link-local"},
		{"fe80::1%eth0", none, "link-local"},
		{"224.0.0.1", none, "multicast"},
		{"239.1.2.3", none, "multicast"},
		{"ff02::1", none, "multicast"},
		{"0.0.0.0", none, "unspecified"},
		{"::", none, "unspecified"},
		{"0.1.2.3", none, "this network"},
		{"100.64.0.1", none, "shared"},
		{"100.127.255.255", none, "shared"},
		{"255.255.255.255", none, "broadcast"},
		{"240.0.0.1", none, "reserved"},
		{"fec0::1", none, "site-local"},
		{"::7f00:1", none, "IPv4-compatible"},
		// Public addresses pass; they are values here, never dialled.
		{"1.1.1.1", none, ""},
		{"100.128.0.1", none, ""},
		{"172.32.0.1", none, ""},
		{"203.0.113.10", none, ""},
		{"2606:4700::1111", none, ""},
		// The operator's allowances.
		{"10.1.2.3", tenNet, ""},
		{"::ffff:10.1.2.3", tenNet, ""},
		{"192.168.1.1", tenNet, "private"},
		{"169.254.169.254", tenNet, "link-local"},
		{"127.0.0.1", oneLoop, ""},
		{"127.0.0.2", oneLoop, "loopback"},
		{"169.254.169.254", Allow{All: true}, ""},
		{"::1", Allow{All: true}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.addr, func(t *testing.T) {
			err := checkAddr(tt.allow, netip.MustParseAddr(tt.addr))
			switch {
			case tt.want == "" && err != nil:
				t.Errorf("checkAddr(%+v, %s) = %v; want allowed", tt.allow, tt.addr, err)
			case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)):
				t.Errorf("checkAddr(%+v, %s) = %v; want refused as %q", tt.allow, tt.addr, err, tt.want)
			}
		})
	}
}

// TestControl calls the dialer's Control hook as net.Dialer does, before
// connecting, on addresses no test may reach.
func TestControl(t *testing.T) {
	g := &guard{}
	for _, addr := range []string{"169.254.169.254:80", "10.0.0.1:443", "[fe80::1%eth0]:80", "[::ffff:192.168.0.1]:80", "100.64.1.1:80", "[fd00::1]:443", "0.0.0.0:80"} {
		err := g.control("tcp", addr, nil)
		var re *refusedError
		if !errors.As(err, &re) {
			t.Errorf("control(%s) = %v; want refused", addr, err)
		}
	}
	if err := g.control("tcp", "203.0.113.10:443", nil); err != nil {
		t.Errorf("control(203.0.113.10:443) = %v; want allowed", err)
	}
	if err := g.control("tcp", "not-an-address", nil); err == nil {
		t.Errorf("control(not-an-address) = nil; want refused")
	}
}

// TestDialerRefusesBeforeConnect dials a loopback listener through the
// guarded dialer: the refusal comes before any connection is made, so the
// first connection the listener accepts is the one dialled afterwards.
func TestDialerRefusesBeforeConnect(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	g := &guard{}
	_, err = g.dialContext(t.Context(), "tcp", ln.Addr().String())
	var re *refusedError
	if !errors.As(err, &re) || !strings.Contains(err.Error(), "loopback") {
		t.Fatalf("guarded dial of %s = %v; want refused as loopback", ln.Addr(), err)
	}
	c, err := net.Dial("tcp", ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	io.WriteString(c, "second")
	c.Close()
	first, err := ln.Accept()
	if err != nil {
		t.Fatal(err)
	}
	defer first.Close()
	got, _ := io.ReadAll(first)
	if string(got) != "second" {
		t.Errorf("first connection accepted sent %q; want %q: the refused dial connected", got, "second")
	}

	allowed := &guard{allow: Allow{Networks: []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8")}}}
	c, err = allowed.dialContext(t.Context(), "tcp", ln.Addr().String())
	if err != nil {
		t.Fatalf("dial of %s with 127.0.0.0/8 allowed: %v", ln.Addr(), err)
	}
	c.Close()
}

// internalSite serves a feed whose entry points at an internal page.
func internalSite(t *testing.T) (*httptest.Server, *int) {
	t.Helper()
	var mu sync.Mutex
	admin := 0
	var srv *httptest.Server
	srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/x.xml":
			io.WriteString(w, `<rss version="2.0"><channel><title>Intranet</title><item><title>Admin</title><link>`+srv.URL+`/internal/admin</link><pubDate>Mon, 03 Jun 2024 10:00:00 +0000</pubDate></item></channel></rss>`)
		case "/internal/admin":
			mu.Lock()
			admin++
			mu.Unlock()
			w.Header().Set("Content-Type", "text/html")
			io.WriteString(w, `<html><body><article><p>« Le mot de passe de la base est dans ce tableau », écrit Ada Varga, administratrice de Nimbus Cloud, à son équipe.</p></article></body></html>`)
		}
	}))
	t.Cleanup(srv.Close)
	return srv, &admin
}

func TestPollRefusesLoopbackByDefault(t *testing.T) {
	srv, admin := internalSite(t)
	p := New(Options{Dir: t.TempDir()})
	r := p.Poll(t.Context(), []string{srv.URL + "/x.xml"})
	if len(r.Added) != 0 || len(r.Failed) != 1 || len(r.Problems) != 1 || *admin != 0 {
		t.Fatalf("Poll of a loopback feed = %+v (admin fetched %d times); want it refused", r, *admin)
	}
	for _, want := range []string{"refused", "127.0.0.1", "loopback", "TRUSTWATCH_FEEDS_ALLOW_PRIVATE"} {
		if !strings.Contains(r.Problems[0].Reason, want) {
			t.Errorf("Poll problem %q; want it to say %q", r.Problems[0].Error(), want)
		}
	}

	for name, allow := range map[string]Allow{
		"all":         {All: true},
		"127.0.0.0/8": {Networks: []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8")}},
	} {
		t.Run("allowed "+name, func(t *testing.T) {
			before := *admin
			r := New(Options{Dir: t.TempDir(), Allow: allow}).Poll(t.Context(), []string{srv.URL + "/x.xml"})
			if len(r.Added) != 1 || len(r.Problems) != 0 || *admin != before+1 {
				t.Errorf("Poll with %+v allowed = %+v; want the page fetched", allow, r)
			}
		})
	}
}

// testNet is a guard whose name lookups and connections the test
// controls: names resolve through hosts, a connection to a public address
// in nat goes to a loopback server instead (after the guard's check, as a
// real one would), a loopback address is dialled by the real guarded
// dialer, and any other address is checked and recorded but never dialled.
type testNet struct {
	g      *guard
	hosts  map[string]netip.Addr
	nat    map[string]string
	mu     sync.Mutex
	dialed []string
}

func newTestNet(allow Allow, hosts map[string]netip.Addr, nat map[string]string) *testNet {
	n := &testNet{hosts: hosts, nat: nat}
	n.g = &guard{
		allow: allow,
		lookup: func(ctx context.Context, host string) (netip.Addr, bool) {
			a, ok := n.hosts[host]
			return a, ok
		},
	}
	n.g.dial = func(ctx context.Context, network, address string) (net.Conn, error) {
		n.mu.Lock()
		n.dialed = append(n.dialed, address)
		n.mu.Unlock()
		ap, err := netip.ParseAddrPort(address)
		if err == nil && ap.Addr().Unmap().IsLoopback() {
			return n.g.netDialer().DialContext(ctx, network, address)
		}
		if err := n.g.control(network, address, nil); err != nil {
			return nil, err
		}
		if to, ok := n.nat[address]; ok {
			return (&net.Dialer{}).DialContext(ctx, network, to)
		}
		return nil, errors.New("test network: no route to " + address)
	}
	return n
}

func (n *testNet) client() *http.Client {
	return &http.Client{Transport: newTransport(n.g)}
}

func TestPollRefusesRedirectToInternal(t *testing.T) {
	var mu sync.Mutex
	hits := map[string]int{}
	var srv *httptest.Server
	srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		hits[r.Host+r.URL.Path]++
		mu.Unlock()
		switch r.URL.Path {
		case "/feed.xml":
			io.WriteString(w, `<rss version="2.0"><channel><title>Nimbus News</title>
<item><title>Story one</title><link>http://news.example.test/one</link><pubDate>Mon, 03 Jun 2024 10:00:00 +0000</pubDate></item>
<item><title>Story two</title><link>http://news.example.test/two</link><pubDate>Mon, 03 Jun 2024 11:00:00 +0000</pubDate></item>
<item><title>Story three</title><link>http://news.example.test/three</link><pubDate>Mon, 03 Jun 2024 12:00:00 +0000</pubDate></item>
</channel></rss>`)
		case "/one":
			http.Redirect(w, r, "http://intranet.test:"+srv.URL[strings.LastIndexByte(srv.URL, ':')+1:]+"/internal/admin", http.StatusFound)
		case "/two":
			http.Redirect(w, r, "http://169.254.169.254/latest/meta-data/", http.StatusFound)
		case "/three":
			w.Header().Set("Content-Type", "text/html")
			io.WriteString(w, `<html><body><article><p>« Nous ne lirons jamais vos données », affirme Ada Varga, présidente de Nimbus Cloud, devant ses clients réunis à Lyon.</p></article></body></html>`)
		case "/internal/admin":
			io.WriteString(w, "<html><body><p>secret</p></body></html>")
		}
	}))
	defer srv.Close()
	u, _ := url.Parse(srv.URL)
	n := newTestNet(Allow{}, map[string]netip.Addr{
		"news.example.test": netip.MustParseAddr("203.0.113.10"),
		"intranet.test":     netip.MustParseAddr("127.0.0.1"),
	}, map[string]string{"203.0.113.10:80": u.Host})
	dir := t.TempDir()
	r := New(Options{Dir: dir, Client: n.client()}).Poll(t.Context(), []string{"http://news.example.test/feed.xml"})

	if len(r.Added) != 1 || !strings.HasSuffix(r.Added[0], "story-three.md") {
		t.Errorf("Poll added %q; want only story three", r.Added)
	}
	want := map[string][]string{
		"http://news.example.test/one": {"refused", "intranet.test", "127.0.0.1", "loopback"},
		"http://news.example.test/two": {"refused", "169.254.169.254", "link-local"},
	}
	for _, pr := range r.Problems {
		words, ok := want[pr.URL]
		if !ok {
			t.Errorf("Poll problem %q; want none for %s", pr.Error(), pr.URL)
			continue
		}
		delete(want, pr.URL)
		for _, w := range words {
			if !strings.Contains(pr.Reason, w) {
				t.Errorf("Poll problem %q; want it to say %q", pr.Error(), w)
			}
		}
	}
	for u := range want {
		t.Errorf("Poll did not report %s", u)
	}
	mu.Lock()
	defer mu.Unlock()
	for path := range hits {
		if strings.Contains(path, "/internal/") {
			t.Errorf("the internal page was fetched: %s", path)
		}
	}
	for _, d := range n.dialed {
		if d == "169.254.169.254:80" {
			continue // checked and refused, never connected
		}
		if d != "203.0.113.10:80" && !strings.HasPrefix(d, "127.0.0.1:") {
			t.Errorf("dialled %s; want only the news site and the intranet attempt", d)
		}
	}
}

// TestTransportIgnoresProxy: a proxy from the environment would be dialled
// instead of the site, and would reach the site for us, past the guard.
func TestTransportIgnoresProxy(t *testing.T) {
	if tr := newTransport(&guard{}); tr.Proxy != nil {
		t.Errorf("newTransport(…).Proxy is set; want no proxy, so that every connection is checked")
	}
}
