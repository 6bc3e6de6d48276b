package backoff

import (
	"testing"
	"time"
)

func TestWait(t *testing.T) {
	p := Policy{Base: time.Minute, Max: 30 * time.Minute}
	want := []time.Duration{0, time.Minute, 2 * time.Minute, 4 * time.Minute, 8 * time.Minute, 16 * time.Minute, 30 * time.Minute, 30 * time.Minute}
	for n, w := range want {
		if got := p.Wait(n); got != w {
			t.Errorf("Wait(%d) = %v; want %v", n, got, w)
		}
	}
	if got := p.Wait(1 << 20); got != 30*time.Minute {
		t.Errorf("Wait(1<<20) = %v; want the cap, 30m", got)
	}
	if got := (Policy{Base: 10 * time.Second, Max: time.Second}).Wait(3); got != 10*time.Second {
		t.Errorf("Wait(3) with Max under Base = %v; want Base, 10s", got)
	}
	if got := (Policy{}).Wait(3); got != 0 {
		t.Errorf("zero Policy's Wait(3) = %v; want 0", got)
	}
}

func TestWaitJitter(t *testing.T) {
	p := Policy{Base: time.Second, Max: time.Minute, Jitter: true}
	for n := 1; n < 40; n++ {
		want := min(time.Second<<min(n-1, 20), time.Minute)
		seen := map[time.Duration]bool{}
		for range 50 {
			d := p.Wait(n)
			if d < want/2 || d > want {
				t.Fatalf("Wait(%d) = %v; want in [%v, %v]", n, d, want/2, want)
			}
			seen[d] = true
		}
		if len(seen) < 10 {
			t.Errorf("Wait(%d) drew %d distinct waits in 50; want them spread", n, len(seen))
		}
	}
}
