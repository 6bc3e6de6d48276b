package feed

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"syscall"
	"time"
)

// Allow names the addresses that feeds and pages may be fetched from
// although they are not public. The zero value allows none: a feed, an
// entry's link or a redirect that leads to a loopback, private,
// link-local, multicast or otherwise internal address is refused, so that
// a feed cannot make a server deployment read its own network (an admin
// page, a cloud metadata endpoint) into the corpus and into answers.
type Allow struct {
	// All allows every address.
	All bool
	// Networks are allowed as well as public addresses.
	Networks []netip.Prefix
}

// allows reports whether a is in one of the allowed networks.
func (al Allow) allows(a netip.Addr) bool {
	if al.All {
		return true
	}
	for _, n := range al.Networks {
		if n.Contains(a) || a.Is4In6() && n.Contains(a.Unmap()) {
			return true
		}
	}
	return false
}

// internal are the networks refused unless allowed, besides what netip's
// own predicates (loopback, private, link-local, multicast, unspecified)
// name, with the words that say why.
var internal = []struct {
	net  netip.Prefix
	what string
}{
	{netip.MustParsePrefix("0.0.0.0/8"), `a "this network" address (0.0.0.0/8), which reaches this machine`},
	{netip.MustParsePrefix("100.64.0.0/10"), "a shared (carrier-grade NAT) address"},
	{netip.MustParsePrefix("192.0.0.0/24"), "an IETF protocol address"},
	{netip.MustParsePrefix("198.18.0.0/15"), "a benchmarking address"},
	{netip.MustParsePrefix("255.255.255.255/32"), "the broadcast address"},
	{netip.MustParsePrefix("240.0.0.0/4"), "a reserved address"},
	{netip.MustParsePrefix("fec0::/10"), "a site-local address"},
	{netip.MustParsePrefix("::/96"), "an IPv4-compatible IPv6 address (deprecated)"},
}

// nat64 is the well-known NAT64 prefix: its addresses reach the IPv4
// address in their last 32 bits.
var nat64 = netip.MustParsePrefix("64:ff9b::/96")

// refusedError is a connection the guard would not make.
type refusedError struct {
	host string     // the URL's host name, when it is not the address itself
	addr netip.Addr // the address it resolved to
	why  string
}

func (e *refusedError) Error() string {
	at := e.addr.String()
	if e.host != "" && e.host != at {
		at = e.host + " (" + at + ")"
	}
	return "refused to connect to " + at + ": " + e.why +
		", which feeds may not reach unless TRUSTWATCH_FEEDS_ALLOW_PRIVATE allows it"
}

// checkAddr returns a *refusedError when a may not be reached.
func checkAddr(allow Allow, a netip.Addr) error {
	if !a.IsValid() {
		return &refusedError{why: "not an IP address"}
	}
	addr := a
	a = a.WithZone("")
	if allow.allows(a) {
		return nil
	}
	a = a.Unmap() // ::ffff:127.0.0.1 is 127.0.0.1
	if nat64.Contains(a) {
		b := a.As16()
		a = netip.AddrFrom4([4]byte(b[12:]))
	}
	if allow.allows(a) {
		return nil
	}
	why := ""
	switch {
	case a.IsUnspecified():
		why = "the unspecified address, which reaches this machine"
	case a.IsLoopback():
		why = "a loopback address"
	case a.IsPrivate():
		why = "a private address"
	case a == netip.AddrFrom4([4]byte{169, 254, 169, 254}):
		why = "a link-local address (the cloud metadata service)"
	case a.IsLinkLocalUnicast():
		why = "a link-local address"
	case a.IsMulticast():
		why = "a multicast address"
	default:
		for _, n := range internal {
			if n.net.Contains(a) {
				why = n.what
				break
			}
		}
	}
	if why == "" {
		return nil
	}
	return &refusedError{addr: addr, why: why}
}

// guard makes the connections of feed requests, refusing internal
// addresses at dial time: the check runs in the dialer's Control hook on
// the address about to be connected, after name resolution, so a name
// that resolves to a public address when checked and to an internal one
// when dialled (DNS rebinding) cannot slip past, and every redirect's
// connection is checked the same way.
type guard struct {
	allow Allow
	// lookup and dial stand in, in tests, for name resolution and for the
	// connection; nil in use.
	lookup func(ctx context.Context, host string) (netip.Addr, bool)
	dial   func(ctx context.Context, network, address string) (net.Conn, error)
}

// control is the net.Dialer Control hook: it is called with the resolved
// address before each connection attempt.
func (g *guard) control(network, address string, _ syscall.RawConn) error {
	ap, err := netip.ParseAddrPort(address)
	if err != nil {
		return &refusedError{why: fmt.Sprintf("%q is not an IP address and port", address)}
	}
	return checkAddr(g.allow, ap.Addr())
}

// netDialer is the dialer of every feed connection.
func (g *guard) netDialer() *net.Dialer {
	return &net.Dialer{Timeout: 10 * time.Second, KeepAlive: 30 * time.Second, Control: g.control}
}

// dialContext is the transport's DialContext: it dials through the
// guarded dialer and names the URL's host in a refusal.
func (g *guard) dialContext(ctx context.Context, network, address string) (net.Conn, error) {
	host, port, err := net.SplitHostPort(address)
	if err != nil {
		return nil, fmt.Errorf("dial %s: %w", address, err)
	}
	target := address
	if g.lookup != nil {
		if a, ok := g.lookup(ctx, host); ok {
			target = net.JoinHostPort(a.String(), port)
		}
	}
	dial := g.dial
	if dial == nil {
		dial = g.netDialer().DialContext
	}
	c, err := dial(ctx, network, target)
	if re := (*refusedError)(nil); errors.As(err, &re) && re.host == "" {
		re.host = host
	}
	return c, err
}

// newTransport is the HTTP transport of feed requests. It uses no proxy,
// not even one named by HTTP_PROXY or HTTPS_PROXY: the guard would then
// check the proxy's address, and the proxy would reach any address for
// us.
func newTransport(g *guard) *http.Transport {
	return &http.Transport{
		Proxy:                 nil,
		DialContext:           g.dialContext,
		ForceAttemptHTTP2:     true,
		MaxIdleConns:          100,
		IdleConnTimeout:       90 * time.Second,
		TLSHandshakeTimeout:   10 * time.Second,
		ExpectContinueTimeout: time.Second,
	}
}
