package bot

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/trustwatch/trustwatch/corpus/backoff"
)

// Defaults of the pacer.
const (
	// reconnectBase is the first wait after a failed connection attempt.
	reconnectBase = 250 * time.Millisecond
	// reconnectMax caps the wait while the Web API answers (its errors,
	// a websocket that will not open): a few seconds, so a command sent
	// when Slack comes back is answered.
	reconnectMax = 5 * time.Second
	// reconnectMaxDown caps it while the Web API does not answer at all
	// (connection refused, DNS, timeouts).
	reconnectMaxDown = 30 * time.Second
	// disabledWait is the wait after Slack said Socket Mode was turned
	// off for the app (link_disabled): nothing comes back until someone
	// turns it on again, so the bot checks now and then, not in a loop.
	disabledWait = 2 * time.Minute
)

// pacer says how long to wait before each apps.connections.open. A
// disconnect Slack asked for (refresh_requested, warning) and any
// connection that said hello are followed by a new connection at once;
// failed attempts back off, capped; the wait resets when hello arrives;
// link_disabled waits long, and says why.
type pacer struct {
	base, max, maxDown, disabledWait time.Duration
	log                              *slog.Logger
	sleep                            func(context.Context, time.Duration) error

	mu         sync.Mutex
	failures   int           // failed attempts since the last hello
	down       bool          // the last failure had no answer from the Web API
	retryAfter time.Duration // Slack's Retry-After for the next open
	opened     bool          // an open succeeded and no hello came since
	disabled   bool          // Slack said link_disabled; until the next hello
	cut        func()        // ends the running RunContext; nil between runs
}

func newPacer(log *slog.Logger) *pacer {
	return &pacer{base: reconnectBase, max: reconnectMax, maxDown: reconnectMaxDown,
		disabledWait: disabledWait, log: log, sleep: sleep}
}

// delay is how long to wait before the next apps.connections.open.
func (p *pacer) delay() time.Duration {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.opened {
		// The last connection opened but never said hello: the dial
		// failed, or it died at once.
		p.opened = false
		p.failures++
	}
	switch {
	case p.disabled:
		return p.disabledWait
	case p.failures == 0:
		return 0
	}
	limit := p.max
	if p.down {
		limit = p.maxDown
	}
	d := max(backoff.Policy{Base: p.base, Max: limit, Jitter: true}.Wait(p.failures), p.retryAfter)
	p.retryAfter = 0
	return d
}

// hello records that a connection said hello: it works, and the next
// reconnection is immediate.
func (p *pacer) hello() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.failures, p.down, p.retryAfter, p.opened, p.disabled = 0, false, 0, false, false
}

// opened records a successful apps.connections.open.
func (p *pacer) openedOK() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.opened = true
}

// failed records a failed attempt: down when the Web API did not answer,
// with the Retry-After Slack asked for, if any.
func (p *pacer) failed(down bool, retryAfter time.Duration) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.failures++
	p.opened = false
	p.down = down
	p.retryAfter = max(p.retryAfter, retryAfter)
}

// disconnected records a disconnect message from Slack. refresh_requested
// and warning ask for a new connection now; link_disabled means Socket
// Mode was turned off for the app; anything else (too_many_websockets)
// counts as a failure.
func (p *pacer) disconnected(reason string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	switch reason {
	case "refresh_requested", "warning":
		return
	case "link_disabled":
		p.disabled = true
		p.log.Warn("socket mode disabled", "reason", reason,
			"hint", "Socket Mode was turned off for this app: turn it on again (api.slack.com/apps → your app → Socket Mode); until then no command reaches the bot",
			"retry_in", p.disabledWait.String())
	default:
		p.failures++
		p.log.Warn("disconnected by slack", "reason", reason)
	}
}

// running sets the function that ends the running RunContext (nil when
// none runs).
func (p *pacer) running(cut func()) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.cut = cut
}

// attemptFailed ends the running RunContext, whose own retry loop would
// wait as slack-go says: the pacer's wait applies instead.
func (p *pacer) attemptFailed() {
	p.mu.Lock()
	cut := p.cut
	p.mu.Unlock()
	if cut != nil {
		cut()
	}
}

// sleep waits for d or until ctx ends.
func sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// pacedClient is the Web API's HTTP client: it waits as the pacer says
// before each apps.connections.open, and tells the pacer how the open
// went. Both happen here, in the order slack-go opens connections, rather
// than when the event loop gets to an event, which under load can come
// after the next open.
type pacedClient struct {
	c *http.Client
	p *pacer
}

func (pc *pacedClient) Do(r *http.Request) (*http.Response, error) {
	if !strings.HasSuffix(r.URL.Path, "/apps.connections.open") {
		return pc.c.Do(r)
	}
	if d := pc.p.delay(); d > 0 {
		pc.p.log.Info("reconnecting after a wait", "wait_ms", d.Milliseconds())
		if err := pc.p.sleep(r.Context(), d); err != nil {
			return nil, err
		}
	}
	resp, err := pc.c.Do(r)
	if err != nil {
		if r.Context().Err() == nil {
			pc.p.failed(true, 0)
		}
		return resp, err
	}
	if resp.StatusCode != http.StatusOK {
		var wait time.Duration
		if s, err := strconv.Atoi(resp.Header.Get("Retry-After")); err == nil {
			wait = time.Duration(s) * time.Second
		}
		pc.p.failed(resp.StatusCode >= 500, wait)
		return resp, nil
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	resp.Body.Close()
	if err != nil {
		pc.p.failed(true, 0)
		return nil, fmt.Errorf("read apps.connections.open: %w", err)
	}
	resp.Body = io.NopCloser(bytes.NewReader(body))
	var ok struct {
		OK bool `json:"ok"`
	}
	if json.Unmarshal(body, &ok) == nil && ok.OK {
		pc.p.openedOK()
	} else {
		pc.p.failed(false, 0)
	}
	return resp, nil
}
