package bot

import (
	"context"
	"slices"
	"testing"
	"testing/synctest"
	"time"
)

// TestAckGate: an answer yields while an envelope is on its way to its
// ack, until the ack, and never longer than maxYield.
func TestAckGate(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx := context.Background()
		g := newAckGate()
		start := time.Now()
		g.yield(ctx)
		if d := time.Since(start); d != 0 {
			t.Errorf("yield with no envelope waited %v; want 0", d)
		}

		g.enter()
		g.enter()
		done := make(chan time.Duration)
		go func() {
			start := time.Now()
			g.yield(ctx)
			done <- time.Since(start)
		}()
		time.Sleep(10 * time.Millisecond)
		g.leave()
		synctest.Wait()
		select {
		case d := <-done:
			t.Fatalf("yield returned after %v with an envelope still on its way", d)
		default:
		}
		time.Sleep(10 * time.Millisecond)
		g.leave()
		if d := <-done; d != 20*time.Millisecond {
			t.Errorf("yield waited %v; want 20ms, until the last ack", d)
		}

		g.enter() // never acknowledged
		start = time.Now()
		g.yield(ctx)
		if d := time.Since(start); d != maxYield {
			t.Errorf("yield behind a stuck envelope waited %v; want maxYield, %v", d, maxYield)
		}
	})
}

// TestAckGateBurst: an answer yields while a burst of envelopes is being
// read, until it has been quiet for burstQuiet, and at most maxYield
// after the burst's first envelope; an envelope that comes alone holds
// nothing up.
func TestAckGateBurst(t *testing.T) {
	tests := []struct {
		name string
		gaps []time.Duration // between the envelopes read, the first at 0
		want time.Duration   // how long a yield right after the last waits
	}{
		{"alone", nil, 0},
		{"after a quiet gap", []time.Duration{burstQuiet}, 0},
		{"pair", []time.Duration{time.Millisecond}, burstQuiet},
		{"burst", []time.Duration{10 * time.Microsecond, 10 * time.Microsecond, 10 * time.Microsecond}, burstQuiet},
		{"stream longer than maxYield", slices.Repeat([]time.Duration{time.Millisecond}, 150), 0},
		{"stream nearly maxYield", slices.Repeat([]time.Duration{time.Millisecond}, 99), time.Millisecond},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				g := newAckGate()
				g.arrive()
				for _, d := range tc.gaps {
					time.Sleep(d)
					g.arrive()
				}
				start := time.Now()
				g.yield(context.Background())
				if d := time.Since(start); d != tc.want {
					t.Errorf("yield after envelopes read %v apart waited %v; want %v", tc.gaps, d, tc.want)
				}
			})
		})
	}
}

// TestAckGateBurstAcks: after a burst, answers also wait burstQuiet after
// its last ack, for the ack to be written and read; after a lone
// envelope's ack they do not.
func TestAckGateBurstAcks(t *testing.T) {
	for _, burst := range []bool{true, false} {
		synctest.Test(t, func(t *testing.T) {
			g := newAckGate()
			g.arrive()
			g.enter()
			if burst {
				time.Sleep(10 * time.Microsecond)
				g.arrive()
				g.enter()
				g.leave()
			}
			time.Sleep(5 * time.Millisecond) // the store's round trip
			g.leave()
			start := time.Now()
			g.yield(context.Background())
			want := time.Duration(0)
			if burst {
				want = burstQuiet
			}
			if d := time.Since(start); d != want {
				t.Errorf("burst %v: yield after the last ack waited %v; want %v", burst, d, want)
			}
		})
	}
}
