package bot

import (
	"context"
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
