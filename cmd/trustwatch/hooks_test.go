package main

import (
	"sync"
	"testing"
)

// TestGate: serve's readiness opens once, when the last of its parts
// (connected, watching) has happened, whatever their order, and a part
// that happens again (a reconnection) opens nothing more.
func TestGate(t *testing.T) {
	for _, tc := range []struct {
		name  string
		parts int
		calls []int // indexes of the parts called, in order
		want  int   // times open was called
	}{
		{"one part", 1, []int{0}, 1},
		{"all parts", 2, []int{0, 1}, 1},
		{"other order", 2, []int{1, 0}, 1},
		{"one part missing", 2, []int{0, 0, 0}, 0},
		{"reconnections", 2, []int{0, 1, 0, 0}, 1},
		{"none yet", 2, nil, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			opened := 0
			g := &gate{open: func() { opened++ }}
			parts := make([]func(), tc.parts)
			for i := range parts {
				parts[i] = g.part()
			}
			for _, i := range tc.calls {
				parts[i]()
			}
			if opened != tc.want {
				t.Errorf("parts %v of %d: open called %d times; want %d", tc.calls, tc.parts, opened, tc.want)
			}
		})
	}
}

// TestGateConcurrent: parts happening at once on different goroutines
// open the gate exactly once.
func TestGateConcurrent(t *testing.T) {
	var mu sync.Mutex
	opened := 0
	g := &gate{open: func() { mu.Lock(); opened++; mu.Unlock() }}
	parts := []func(){g.part(), g.part(), g.part()}
	var wg sync.WaitGroup
	for range 4 {
		for _, p := range parts {
			wg.Go(p)
		}
	}
	wg.Wait()
	if opened != 1 {
		t.Errorf("open called %d times; want 1", opened)
	}
}
