package pgstate

import (
	"context"
	"github.com/trustwatch/trustwatch/bot"
	"testing"
	"time"
)

// TestPrune: expired events, slots over eight days old and work done a
// day ago go; the rest, and every channel's last digest, stay.
func TestPrune(t *testing.T) {
	ctx := context.Background()
	c := newClock()
	s, _ := twoStores(t, c)
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	_, err := s.FirstSeen(ctx, "Ev-old", time.Minute)
	must(err)
	_, err = s.FirstSeen(ctx, "Ev-young", time.Hour)
	must(err)
	old, err := s.Claim(ctx, "C1", "old", c.Now())
	must(err)
	must(s.MarkPosted(ctx, old, "1.0", c.Now()))
	_, err = s.RecordWork(ctx, bot.Work{ID: "W-done", Kind: bot.WorkDM, Payload: []byte("x"), Owner: "a"})
	must(err)
	must(s.DoneWork(ctx, "W-done"))
	_, err = s.RecordWork(ctx, bot.Work{ID: "W-open", Kind: bot.WorkDM, Payload: []byte("x"), Owner: "a", LeaseUntil: c.Now().Add(time.Hour)})
	must(err)

	c.Advance(keepWork)
	young, err := s.Claim(ctx, "C1", "young", c.Now())
	must(err)
	c.Advance(keepSlots - keepWork + time.Second)
	_, err = s.RecordWork(ctx, bot.Work{ID: "W-new", Kind: bot.WorkDM, Payload: []byte("x"), Owner: "a"})
	must(err)
	must(s.Prune(ctx))

	for _, tc := range []struct {
		table, key string
		want       bool
	}{
		{"seen_events", "Ev-old", false},
		{"seen_events", "Ev-young", false}, // an hour is long gone too
		{"digest_slots", "old", false},
		{"digest_slots", young.Slot, true},
		{"digest_last", "C1", true},
		{"work", "W-done", false},
		{"work", "W-open", false}, // never done, and a day old: abandoned
		{"work", "W-new", true},
	} {
		col := map[string]string{"seen_events": "key", "digest_slots": "slot", "digest_last": "channel", "work": "id"}[tc.table]
		var n int
		must(s.pool.QueryRow(ctx, "SELECT count(*) FROM "+tc.table+" WHERE "+col+" = $1", tc.key).Scan(&n))
		if got := n == 1; got != tc.want {
			t.Errorf("after Prune, %s %s kept = %v; want %v", tc.table, tc.key, got, tc.want)
		}
	}
}
