package bot

import (
	"testing"
	"time"
)

func TestPacer(t *testing.T) {
	now := time.Date(2026, 1, 1, 9, 0, 0, 0, time.UTC)
	p := newPacer()
	p.now = func() time.Time { return now }
	if d := p.delay(); d != 0 {
		t.Fatalf("first connection waits %v; want 0", d)
	}
	// A connection that lives long resets the pacing.
	p.connected()
	now = now.Add(time.Hour)
	if d := p.delay(); d != 0 {
		t.Errorf("after a long-lived connection: wait %v; want 0", d)
	}
	// Connections dying young (link_disabled loop): the first reconnect
	// is immediate, the next ones back off, doubling, capped.
	var last time.Duration
	for i := range 12 {
		p.connected()
		now = now.Add(time.Second)
		d := p.delay()
		switch {
		case i == 0 && d != 0:
			t.Errorf("first early reconnect waits %v; want 0", d)
		case i > 0 && (d < p.base/2 || d > p.max):
			t.Errorf("early reconnect %d waits %v; want within [%v, %v]", i, d, p.base/2, p.max)
		}
		last = d
	}
	if last < p.max/2 {
		t.Errorf("after many early reconnects: wait %v; want near the cap %v", last, p.max)
	}
	// slack-go's own retries of a failed open (no connection in between)
	// are not delayed again.
	if d := p.delay(); d != 0 {
		t.Errorf("retry of a failed open waits %v; want 0 (slack-go backs off itself)", d)
	}
}

func TestBackoff(t *testing.T) {
	for attempt := 1; attempt < 40; attempt++ {
		want := min(time.Second<<min(attempt-1, 20), time.Minute)
		for range 20 {
			if d := backoff(attempt, time.Second, time.Minute); d < want/2 || d > want {
				t.Fatalf("backoff(%d) = %v; want in [%v, %v]", attempt, d, want/2, want)
			}
		}
	}
}

// TestLinkDisabledLoopBacksOff: Slack keeps closing the connection right
// after it opens (link_disabled); the first reconnection is immediate,
// the next ones wait.
func TestLinkDisabledLoopBacksOff(t *testing.T) {
	h := start(t, &fakeIndex{})
	var gaps []time.Duration
	for n := 2; n <= 4; n++ {
		if err := h.fake.Disconnect("link_disabled"); err != nil {
			t.Fatal(err)
		}
		t0 := time.Now()
		if err := h.fake.WaitConnections(n, wait); err != nil {
			t.Fatal(err)
		}
		gaps = append(gaps, time.Since(t0))
	}
	// Waits: 0, then backoff(1) ∈ [base/2, base], then backoff(2) ∈ [base, 2·base].
	base := h.bot.pacer.base
	if gaps[1] < base/2 || gaps[2] < base {
		t.Errorf("reconnected after %v; want the 2nd after at least %v and the 3rd after at least %v", gaps, base/2, base)
	}
	if gaps[0] >= base/2 {
		t.Logf("first reconnection took %v (expected at once)", gaps[0])
	}
}
