package pgstate

import (
	"context"
	"fmt"
	"github.com/trustwatch/trustwatch/bot"
	"slices"
	"sync"
	"testing"
	"time"
)

// TestWork follows acknowledged work through a replica that dies: it is
// recorded once, taken over when its lease expires, and never again once
// done.
func TestWork(t *testing.T) {
	ctx := context.Background()
	c := newClock()
	dead, live := twoStores(t, c)
	const lease = 10 * time.Second
	payload := []byte(`{"command":"/trust","text":"nimbus","response_url":"https://hooks.example/commands/T1/1"}`)
	w := bot.Work{ID: "Env01", Kind: bot.WorkSlash, Payload: payload, Owner: dead.Owner(), LeaseUntil: c.Now().Add(lease)}
	if isNew, err := dead.RecordWork(ctx, w); err != nil || !isNew {
		t.Fatalf("RecordWork = %v, %v; want new", isNew, err)
	}
	// The redelivery, to the other replica, is not recorded again.
	again := w
	again.Owner, again.Payload = live.Owner(), []byte("{}")
	if isNew, err := live.RecordWork(ctx, again); err != nil || isNew {
		t.Fatalf("RecordWork of the redelivery = %v, %v; want not new", isNew, err)
	}
	if _, err := dead.RecordWork(ctx, bot.Work{ID: "Env02", Kind: bot.WorkDM, Payload: []byte("dm"), Owner: dead.Owner(), LeaseUntil: c.Now().Add(lease)}); err != nil {
		t.Fatal(err)
	}
	if err := dead.DoneWork(ctx, "Env02"); err != nil { // answered before its replica died
		t.Fatal(err)
	}
	if got, err := live.ClaimExpiredWork(ctx, live.Owner(), lease, 10); err != nil || len(got) != 0 {
		t.Fatalf("ClaimExpiredWork within the lease = %+v, %v; want nothing", got, err)
	}
	c.Advance(lease)
	got, err := live.ClaimExpiredWork(ctx, live.Owner(), lease, 10)
	want := bot.Work{ID: "Env01", Kind: bot.WorkSlash, Payload: payload, Owner: live.Owner(), LeaseUntil: c.Now().Add(lease), Attempts: 2}
	if err != nil || len(got) != 1 || !sameWork(got[0], want) {
		t.Fatalf("ClaimExpiredWork after the lease = %+v, %v; want %+v", got, err, want)
	}
	if got, _ := dead.ClaimExpiredWork(ctx, dead.Owner(), lease, 10); len(got) != 0 {
		t.Fatalf("ClaimExpiredWork of work just taken over = %+v; want nothing", got)
	}
	// The first owner, only slow, learns it must not answer.
	if ok, err := dead.ExtendWork(ctx, "Env01", dead.Owner(), lease); err != nil || ok {
		t.Fatalf("ExtendWork by the owner it was taken from = %v, %v; want false", ok, err)
	}
	if ok, err := live.ExtendWork(ctx, "Env01", live.Owner(), 2*lease); err != nil || !ok {
		t.Fatalf("ExtendWork by its owner = %v, %v; want true", ok, err)
	}
	c.Advance(lease) // within the extended lease
	if got, _ := dead.ClaimExpiredWork(ctx, dead.Owner(), lease, 10); len(got) != 0 {
		t.Fatalf("ClaimExpiredWork within an extended lease = %+v; want nothing", got)
	}
	if err := live.DoneWork(ctx, "Env01"); err != nil {
		t.Fatal(err)
	}
	c.Advance(time.Hour)
	if got, _ := dead.ClaimExpiredWork(ctx, dead.Owner(), lease, 10); len(got) != 0 {
		t.Fatalf("ClaimExpiredWork of done work = %+v; want nothing", got)
	}
	if ok, _ := live.ExtendWork(ctx, "Env01", live.Owner(), lease); ok {
		t.Fatalf("ExtendWork of done work = true; want false")
	}
	// Work recorded with no lease is due at once.
	if _, err := live.RecordWork(ctx, bot.Work{ID: "Env03", Kind: bot.WorkMention, Payload: []byte("m"), Owner: live.Owner()}); err != nil {
		t.Fatal(err)
	}
	if got, _ := dead.ClaimExpiredWork(ctx, dead.Owner(), lease, 10); len(got) != 1 || got[0].ID != "Env03" {
		t.Fatalf("ClaimExpiredWork of work recorded without a lease = %+v; want Env03", got)
	}
}

func sameWork(a, b bot.Work) bool {
	return a.ID == b.ID && a.Kind == b.Kind && slices.Equal(a.Payload, b.Payload) && a.Owner == b.Owner &&
		a.LeaseUntil.Equal(b.LeaseUntil) && a.Attempts == b.Attempts
}

// TestClaimExpiredWorkRace: replicas taking over the same expired work at
// once, a few pieces at a time, each get different pieces, and together
// all of them.
func TestClaimExpiredWorkRace(t *testing.T) {
	ctx := context.Background()
	c := newClock()
	a, b := twoStores(t, c)
	for round := range 10 {
		const n = 40
		var ids []string
		for i := range n {
			id := fmt.Sprintf("Env%02d-%02d", round, i)
			ids = append(ids, id)
			if _, err := a.RecordWork(ctx, bot.Work{ID: id, Kind: bot.WorkSlash, Payload: []byte(id), Owner: "died", LeaseUntil: c.Now()}); err != nil {
				t.Fatal(err)
			}
		}
		var mu sync.Mutex
		var taken []string
		var wg sync.WaitGroup
		for i := range 6 {
			s := []*Store{a, b}[i%2]
			wg.Go(func() {
				for {
					got, err := s.ClaimExpiredWork(ctx, fmt.Sprintf("%s/%d", s.Owner(), i), time.Minute, 3)
					if err != nil {
						t.Errorf("ClaimExpiredWork: %v", err)
						return
					}
					if len(got) == 0 {
						return
					}
					mu.Lock()
					for _, w := range got {
						taken = append(taken, w.ID)
					}
					mu.Unlock()
				}
			})
		}
		wg.Wait()
		slices.Sort(taken)
		if !slices.Equal(taken, ids) {
			t.Fatalf("round %d: work taken over = %v; want each of %v once", round, taken, ids)
		}
		for _, id := range ids {
			if err := a.DoneWork(ctx, id); err != nil {
				t.Fatal(err)
			}
		}
	}
}

// TestRecordWorks: a batch is recorded in one statement, each piece
// new once, whether repeated in the batch or recorded before.
func TestRecordWorks(t *testing.T) {
	ctx := context.Background()
	a, _ := twoStores(t, newClock())
	if _, err := a.RecordWork(ctx, bot.Work{ID: "W0", Kind: bot.WorkDM, Payload: []byte("0"), Owner: "a"}); err != nil {
		t.Fatal(err)
	}
	ws := []bot.Work{
		{ID: "W1", Kind: bot.WorkSlash, Payload: []byte("1"), Owner: "a"},
		{ID: "W0", Kind: bot.WorkDM, Payload: []byte("0"), Owner: "a"},
		{ID: "W1", Kind: bot.WorkSlash, Payload: []byte("1"), Owner: "a"},
		{ID: "W2", Kind: bot.WorkMention, Payload: []byte("2"), Owner: "a"},
	}
	got, err := a.RecordWorks(ctx, ws)
	if want := []bool{true, false, false, true}; err != nil || !slices.Equal(got, want) {
		t.Errorf("RecordWorks = %v, %v; want %v", got, err, want)
	}
}

// TestDoneWorks: work marked done in one statement is never taken over;
// the rest is.
func TestDoneWorks(t *testing.T) {
	ctx := context.Background()
	c := newClock()
	a, b := twoStores(t, c)
	for _, id := range []string{"D1", "D2", "D3"} {
		if _, err := a.RecordWork(ctx, bot.Work{ID: id, Kind: bot.WorkSlash, Payload: []byte(id), Owner: a.Owner(), LeaseUntil: c.Now().Add(time.Second)}); err != nil {
			t.Fatal(err)
		}
	}
	if err := a.DoneWorks(ctx, []string{"D1", "D3", "D9"}); err != nil {
		t.Fatalf("DoneWorks = %v", err)
	}
	c.Advance(time.Minute)
	got, err := b.ClaimExpiredWork(ctx, b.Owner(), time.Minute, 10)
	if err != nil || len(got) != 1 || got[0].ID != "D2" {
		t.Errorf("ClaimExpiredWork after DoneWorks(D1, D3, D9) = %+v, %v; want D2 only", got, err)
	}
}
