package bot

import (
	"context"
	"errors"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/trustwatch/trustwatch/index"
)

// TestAskShare: a request is given the answer to the same question put
// to the index after it arrived (done, or still being worked out), never
// one put before; other questions, other vendors, errors and requests
// with no arrival time ask anew.
func TestAskShare(t *testing.T) {
	q := index.Query{Question: "does Nimbus Cloud train on my data?", Limit: 5}
	other := index.Query{Question: "does Nimbus Cloud train on my data?", Vendors: []string{"nimbus"}, Limit: 5}
	type ask struct {
		q       index.Query
		arrived time.Duration // before the ask, 0 for none
	}
	tests := []struct {
		name string
		asks []ask // one after another, a millisecond apart
		want int   // questions put to the index
	}{
		{"arrived before the first was asked", []ask{{q, 3 * time.Millisecond}, {q, 2 * time.Millisecond}}, 1},
		{"arrived after", []ask{{q, time.Microsecond}, {q, time.Microsecond}}, 2},
		{"no arrival time", []ask{{q, 0}, {q, 0}}, 2},
		{"other vendors", []ask{{q, 3 * time.Millisecond}, {other, 3 * time.Millisecond}}, 2},
		{"a burst", []ask{{q, 9 * time.Millisecond}, {q, 8 * time.Millisecond}, {other, 8 * time.Millisecond}, {q, 8 * time.Millisecond}, {other, 8 * time.Millisecond}}, 2},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				n := 0
				ix := &fakeIndex{ask: func(ctx context.Context, q index.Query) (index.Answer, error) {
					n++
					return index.Answer{Question: q.Question, Total: n}, nil
				}}
				s := newAskShare()
				for _, a := range tc.asks {
					var arrived time.Time
					if a.arrived > 0 {
						arrived = time.Now().Add(-a.arrived)
					}
					if _, err := s.ask(context.Background(), ix, a.q, arrived); err != nil {
						t.Fatal(err)
					}
					time.Sleep(time.Millisecond)
				}
				if n != tc.want {
					t.Errorf("%d asks put %d questions to the index; want %d", len(tc.asks), n, tc.want)
				}
			})
		})
	}
}

// TestAskShareInFlight: requests that arrived before a question was put
// to the index wait for its answer; when it fails, each asks anew.
func TestAskShareInFlight(t *testing.T) {
	for _, fail := range []bool{false, true} {
		synctest.Test(t, func(t *testing.T) {
			release := make(chan struct{})
			var mu sync.Mutex
			n := 0
			ix := &fakeIndex{ask: func(ctx context.Context, q index.Query) (index.Answer, error) {
				mu.Lock()
				n++
				first := n == 1
				mu.Unlock()
				if first {
					<-release
					if fail {
						return index.Answer{}, errors.New("took too long")
					}
				}
				return index.Answer{Question: q.Question, Total: 7}, nil
			}}
			s := newAskShare()
			q := index.Query{Question: "who keeps customer data in Europe?", Limit: 5}
			arrived := time.Now()
			time.Sleep(time.Millisecond)
			var wg sync.WaitGroup
			totals := make([]int, 4)
			for i := range totals {
				wg.Go(func() {
					a, _ := s.ask(context.Background(), ix, q, arrived)
					totals[i] = a.Total
				})
				synctest.Wait() // the first is being worked out, the others wait for it
			}
			close(release)
			wg.Wait()
			want := 1
			if fail {
				want = len(totals)
			}
			if n != want {
				t.Errorf("failing %v: %d requests put %d questions to the index; want %d", fail, len(totals), n, want)
			}
			if !fail {
				for i, got := range totals {
					if got != 7 {
						t.Errorf("request %d got the answer with Total %d; want the shared one's, 7", i, got)
					}
				}
			}
		})
	}
}
