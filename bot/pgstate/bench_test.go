package pgstate

import (
	"context"
	"fmt"
	"github.com/trustwatch/trustwatch/bot"
	"slices"
	"testing"
	"time"

	"github.com/trustwatch/trustwatch/bot/pgstate/pgtest"
)

// latencies reports the p50 and p99 of the durations measured by op, one
// per iteration: what the store adds to an ack.
func latencies(b *testing.B, op func(i int) error) {
	var took []time.Duration
	i := 0
	for b.Loop() {
		start := time.Now()
		if err := op(i); err != nil {
			b.Fatal(err)
		}
		took = append(took, time.Since(start))
		i++
	}
	slices.Sort(took)
	at := func(q float64) float64 { return float64(took[int(q*float64(len(took)-1))].Microseconds()) / 1000 }
	b.ReportMetric(at(0.50), "p50-ms")
	b.ReportMetric(at(0.99), "p99-ms")
}

// BenchmarkFirstSeen measures recording a new event id, as each envelope
// does before its ack.
func BenchmarkFirstSeen(b *testing.B) {
	s := openStore(b, pgtest.URL(b), Options{})
	ctx := context.Background()
	latencies(b, func(i int) error {
		_, err := s.FirstSeen(ctx, fmt.Sprintf("Ev%08d", i), 15*time.Minute)
		return err
	})
}

// BenchmarkRecordWork measures recording a slash command before its ack.
func BenchmarkRecordWork(b *testing.B) {
	s := openStore(b, pgtest.URL(b), Options{})
	ctx := context.Background()
	payload := []byte(`{"command":"/trust","text":"nimbus cloud","response_url":"https://hooks.example/commands/T1/123/abc","user_id":"U1","channel_id":"C1"}`)
	latencies(b, func(i int) error {
		_, err := s.RecordWork(ctx, bot.Work{ID: fmt.Sprintf("Env%08d", i), Kind: bot.WorkSlash, Payload: payload, Owner: s.Owner(), LeaseUntil: time.Now().Add(10 * time.Second)})
		return err
	})
}
