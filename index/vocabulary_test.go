package index

import (
	"sync"
	"testing"
)

// TestBackground checks that background's result is f's, once, to every
// caller, whichever goroutine asks (go test -race checks the hand-over).
func TestBackground(t *testing.T) {
	calls := 0
	get := background(func() []int { calls++; return []int{1, 2} })
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			if v := get(); len(v) != 2 || v[1] != 2 {
				t.Errorf("background(f)() = %v; want [1 2]", v)
			}
		})
	}
	wg.Wait()
	if get(); calls != 1 {
		t.Errorf("f ran %d times; want once", calls)
	}
}
