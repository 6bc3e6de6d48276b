package bot_test

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/trustwatch/trustwatch/bot"
	"github.com/trustwatch/trustwatch/bot/pgstate"
	"github.com/trustwatch/trustwatch/bot/pgstate/pgtest"
)

// severable is Leases that stop answering once cut, as a replica's
// link to the database when the replica hangs or dies.
type severable struct {
	bot.Leases
	cut atomic.Bool
}

var errCut = errors.New("connection refused")

func (s *severable) AcquireLease(ctx context.Context, name, owner string, ttl time.Duration) (bool, error) {
	if s.cut.Load() {
		return false, errCut
	}
	return s.Leases.AcquireLease(ctx, name, owner, ttl)
}

func (s *severable) RenewLease(ctx context.Context, name, owner string, ttl time.Duration) (bool, error) {
	if s.cut.Load() {
		return false, errCut
	}
	return s.Leases.RenewLease(ctx, name, owner, ttl)
}

func (s *severable) ReleaseLease(ctx context.Context, name, owner string) error {
	if s.cut.Load() {
		return errCut
	}
	return s.Leases.ReleaseLease(ctx, name, owner)
}

// TestRunLeasedOneAtATime: two owners run the feeds' job under one
// lease: one runs it, never both; when the holder is cut off from the
// database, its job stops and the other takes over once the lease
// expires; when that one stops, it gives the lease up.
func TestRunLeasedOneAtATime(t *testing.T) {
	url := pgtest.URL(t)
	open := func() *pgstate.Store {
		s, err := pgstate.Open(context.Background(), url, pgstate.Options{})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(s.Close)
		return s
	}
	const ttl = 600 * time.Millisecond
	var running atomic.Int32
	started := make(chan string, 10)
	job := func(name string) func(context.Context) {
		return func(ctx context.Context) {
			if n := running.Add(1); n > 1 {
				t.Errorf("%s runs the job while another does", name)
			}
			started <- name
			<-ctx.Done()
			running.Add(-1)
		}
	}
	a, b := &severable{Leases: open()}, &severable{Leases: open()}
	ctxA, stopA := context.WithCancel(context.Background())
	ctxB, stopB := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	defer func() { stopA(); stopB(); wg.Wait() }()
	wg.Go(func() { bot.RunLeased(ctxA, a, "feeds", "a", ttl, nil, job("a")) })
	if got := <-started; got != "a" {
		t.Fatalf("%s took the lease first; want a", got)
	}
	wg.Go(func() { bot.RunLeased(ctxB, b, "feeds", "b", ttl, nil, job("b")) })

	a.cut.Store(true) // a hangs: it cannot renew, b takes over once the lease expired
	cut := time.Now()
	if got := <-started; got != "b" {
		t.Fatalf("%s took the lease after a was cut off; want b", got)
	}
	if took := time.Since(cut); took > 3*ttl {
		t.Errorf("b took over %v after a was cut off; want within %v", took, 3*ttl)
	}
	stopA()
	stopB() // b gives the lease up as it stops
	wg.Wait()
	if held, err := open().AcquireLease(context.Background(), "feeds", "c", time.Minute); err != nil || !held {
		t.Errorf("lease after b stopped = %v, %v; want free", held, err)
	}
}
