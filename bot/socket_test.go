package bot

import (
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/trustwatch/trustwatch/bot/slackfake"
)

// TestPacer: what the pacer waits before each apps.connections.open,
// after what happened since the last one.
func TestPacer(t *testing.T) {
	type step struct {
		do   func(p *pacer)
		want [2]time.Duration // the wait lies within
	}
	var (
		opened   = func(p *pacer) { p.openedOK() }
		hello    = func(p *pacer) { p.openedOK(); p.hello() }
		answered = func(p *pacer) { p.failed(false, 0) }
		down     = func(p *pacer) { p.failed(true, 0) }
		limited  = func(p *pacer) { p.failed(false, 7*time.Second) }
		refresh  = func(p *pacer) { hello(p); p.disconnected("refresh_requested") }
		warning  = func(p *pacer) { hello(p); p.disconnected("warning") }
		disabled = func(p *pacer) { hello(p); p.disconnected("link_disabled") }
		none     = func(p *pacer) {}
		now      = [2]time.Duration{0, 0}
	)
	within := func(lo, hi time.Duration) [2]time.Duration { return [2]time.Duration{lo, hi} }
	repeat := func(n int, s step) []step {
		out := make([]step, n)
		for i := range out {
			out[i] = s
		}
		return out
	}
	tests := []struct {
		name  string
		steps []step
	}{
		{"first connection", []step{{none, now}}},
		{"a storm of requested disconnects", append(repeat(10, step{refresh, now}), repeat(10, step{warning, now})...)},
		{"failures back off, capped while the Web API answers", []step{
			{answered, within(reconnectBase/2, reconnectBase)},
			{answered, within(reconnectBase, 2*reconnectBase)},
			{answered, within(2*reconnectBase, 4*reconnectBase)},
			{answered, within(4*reconnectBase, 8*reconnectBase)},
			{answered, within(8*reconnectBase, 16*reconnectBase)},
			{answered, within(reconnectMax/2, reconnectMax)},
			{answered, within(reconnectMax/2, reconnectMax)},
		}},
		{"a websocket that opens but never says hello is a failure", []step{
			{opened, within(reconnectBase/2, reconnectBase)},
			{opened, within(reconnectBase, 2*reconnectBase)},
		}},
		{"hello resets the backoff", append(repeat(8, step{answered, within(0, reconnectMax)}), step{hello, now})},
		{"a Web API that does not answer waits longer", append(repeat(10, step{down, within(0, reconnectMaxDown)}),
			step{down, within(reconnectMaxDown/2, reconnectMaxDown)})},
		{"Retry-After is waited out", []step{{limited, within(7*time.Second, 7*time.Second)}}},
		{"link_disabled waits long until a hello", []step{
			{disabled, within(disabledWait, disabledWait)},
			{answered, within(disabledWait, disabledWait)},
			{hello, now},
		}},
		{"too_many_websockets is a failure", []step{{func(p *pacer) { hello(p); p.disconnected("too_many_websockets") },
			within(reconnectBase/2, reconnectBase)}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := newPacer(slog.New(slog.DiscardHandler))
			for i, s := range tt.steps {
				s.do(p)
				if d := p.delay(); d < s.want[0] || d > s.want[1] {
					t.Fatalf("step %d: wait %v; want within [%v, %v]", i, d, s.want[0], s.want[1])
				}
			}
		})
	}
}

// TestDisconnectStormStillAnswers: Slack asks for 20 reconnections in a
// row (refresh_requested, warning); each is made at once, and a slash
// command sent right after is acknowledged within Slack's 3 s.
func TestDisconnectStormStillAnswers(t *testing.T) {
	h := start(t, &fakeIndex{})
	stormStart := time.Now()
	for n := 2; n <= 21; n++ {
		reason := "refresh_requested"
		if n%2 == 0 {
			reason = "warning"
		}
		if err := h.fake.Disconnect(reason); err != nil {
			t.Fatal(err)
		}
		if err := h.fake.WaitConnections(n, wait); err != nil {
			t.Fatalf("after %d disconnects: %v", n-1, err)
		}
	}
	storm := time.Since(stormStart)
	sent := time.Now()
	id := h.fake.SendSlashCommand(slackfake.SlashCommand{Text: "help"})
	ack, err := h.fake.WaitAck(id, wait)
	if err != nil {
		t.Fatal(err)
	}
	if took := ack.Received.Sub(sent); took > 3*time.Second {
		t.Errorf("slash command acknowledged %v after it was sent; Slack wants 3s", took)
	}
	if storm > 20*reconnectBase {
		t.Errorf("20 requested reconnections took %v; want each at once", storm)
	}
	t.Logf("20 reconnections in %v; ack %v after sending", storm, ack.Received.Sub(sent))
}

// TestFailedOpensBackOffCapped: apps.connections.open keeps failing while
// the Web API answers (internal_error); the bot retries with a backoff
// capped at a few seconds, not slack-go's own (which grows to 5 minutes),
// and answers once Slack is back.
func TestFailedOpensBackOffCapped(t *testing.T) {
	const base, cap = 20 * time.Millisecond, 80 * time.Millisecond
	h := startBot(t, &fakeIndex{}, func(b *Bot) { b.pacer.base, b.pacer.max = base, cap })
	const failures = 10
	h.fake.FailNext("apps.connections.open", failures, "internal_error")
	if err := h.fake.DropConnection(); err != nil {
		t.Fatal(err)
	}
	if err := h.fake.WaitConnections(2, wait); err != nil {
		t.Fatal(err)
	}
	opens := h.fake.CallsTo("apps.connections.open")
	if len(opens) != failures+2 {
		t.Fatalf("%d apps.connections.open calls; want %d (the first, %d failed, the one that worked)", len(opens), failures+2, failures)
	}
	var gaps []time.Duration
	for i := 2; i < len(opens); i++ {
		gaps = append(gaps, opens[i].Time.Sub(opens[i-1].Time))
	}
	// Gaps: backoff(1) ∈ [base/2, base], doubling, then capped: never a
	// tight loop, never past the cap (plus scheduling).
	for i, g := range gaps {
		if g < base/2 || g > cap+time.Second {
			t.Errorf("retry %d after %v; want within [%v, %v]", i+1, g, base/2, cap)
		}
	}
	if last := gaps[len(gaps)-1]; last < cap/2 {
		t.Errorf("last retry after %v; want the backoff near its cap %v", last, cap)
	}
	id := h.fake.SendSlashCommand(slackfake.SlashCommand{Text: "help"})
	if _, err := h.fake.WaitAck(id, wait); err != nil {
		t.Fatal(err)
	}
}

// TestLinkDisabledWaitsAndSaysSo: Slack says Socket Mode was turned off
// for the app; the bot does not reconnect in a loop but waits long, and
// says why in its log.
func TestLinkDisabledWaitsAndSaysSo(t *testing.T) {
	const long = 500 * time.Millisecond
	h := startBot(t, &fakeIndex{}, func(b *Bot) { b.pacer.disabledWait = long })
	for n := 2; n <= 3; n++ {
		if err := h.fake.Disconnect("link_disabled"); err != nil {
			t.Fatal(err)
		}
		t0 := time.Now()
		if err := h.fake.WaitConnections(n, wait); err != nil {
			t.Fatal(err)
		}
		if gap := time.Since(t0); gap < long {
			t.Errorf("reconnected %v after link_disabled; want after %v", gap, long)
		}
	}
	if logs := h.logs.String(); !strings.Contains(logs, "socket mode disabled") || !strings.Contains(logs, "turn it on again") {
		t.Errorf("the log does not say Socket Mode was turned off:\n%s", logs)
	}
	// The hello of the new connection ends the long wait: a refresh is
	// immediate again.
	if err := h.fake.Disconnect("refresh_requested"); err != nil {
		t.Fatal(err)
	}
	t0 := time.Now()
	if err := h.fake.WaitConnections(4, wait); err != nil {
		t.Fatal(err)
	}
	if gap := time.Since(t0); gap >= long {
		t.Errorf("refresh after a working connection took %v; want at once", gap)
	}
}
