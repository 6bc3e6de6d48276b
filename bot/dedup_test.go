package bot

import (
	"fmt"
	"testing"
	"time"
)

func TestDedup(t *testing.T) {
	now := time.Date(2026, 1, 1, 9, 0, 0, 0, time.UTC)
	d := newDedup(10*time.Minute, 3)
	d.now = func() time.Time { return now }
	steps := []struct {
		after time.Duration
		key   string
		first bool
	}{
		{0, "event:Ev1", true},
		{time.Minute, "event:Ev1", false}, // redelivered
		{0, "event:Ev2", true},
		{8 * time.Minute, "event:Ev1", false}, // still within 10 min
		{2 * time.Minute, "event:Ev1", true},  // forgotten 10 min after first seen
		{0, "", true},
		{0, "", true},
	}
	for i, s := range steps {
		now = now.Add(s.after)
		if got := d.first(s.key); got != s.first {
			t.Errorf("step %d: first(%q) = %v; want %v", i, s.key, got, s.first)
		}
	}
}

func TestDedupBounded(t *testing.T) {
	d := newDedup(time.Hour, 100)
	for i := range 10_000 {
		d.first(fmt.Sprint("event:", i))
	}
	if n := d.len(); n > 100 {
		t.Errorf("remembers %d ids; want at most 100", n)
	}
	if len(d.order) > 2*100+1 {
		t.Errorf("order holds %d entries; want it compacted", len(d.order))
	}
	if d.first("event:9999") {
		t.Error("the newest id was forgotten")
	}
}
