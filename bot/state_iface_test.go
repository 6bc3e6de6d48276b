package bot_test

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/trustwatch/trustwatch/bot"
	"github.com/trustwatch/trustwatch/bot/pgstate"
	"github.com/trustwatch/trustwatch/bot/pgstate/pgtest"
)

// stateKind opens two bot.States on one store, as two processes (or
// replicas) would: the bbolt file, and PostgreSQL.
type stateKind struct {
	name string
	// shared says whether what one State records the other sees
	// (events seen, work, leases): PostgreSQL's, not one process's file.
	shared bool
	open   func(t *testing.T) (bot.State, bot.State)
}

var stateKinds = []stateKind{
	{"bbolt", false, func(t *testing.T) (bot.State, bot.State) {
		path := filepath.Join(t.TempDir(), bot.StateFile)
		return bot.NewStore(path, bot.StoreOptions{}), bot.NewStore(path, bot.StoreOptions{})
	}},
	{"postgres", true, func(t *testing.T) (bot.State, bot.State) {
		url := pgtest.URL(t)
		open := func() bot.State {
			s, err := pgstate.Open(context.Background(), url, pgstate.Options{})
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(s.Close)
			return s
		}
		return open(), open()
	}},
}

// TestStateSemantics: both stores behind bot.State keep the same
// promises where the bot relies on them, and differ only where one
// process has no one to share with.
func TestStateSemantics(t *testing.T) {
	ctx := context.Background()
	for _, k := range stateKinds {
		t.Run(k.name, func(t *testing.T) {
			a, b := k.open(t)
			if a.Owner() == b.Owner() {
				t.Errorf("two States share the owner %q", a.Owner())
			}

			t.Run("events seen", func(t *testing.T) {
				if first, err := a.FirstSeen(ctx, "event:Ev1", time.Minute); err != nil || !first {
					t.Fatalf("FirstSeen(Ev1) = %v, %v; want true", first, err)
				}
				if first, err := a.FirstSeen(ctx, "event:Ev1", time.Minute); err != nil || first {
					t.Errorf("FirstSeen(Ev1) again = %v, %v; want false", first, err)
				}
				if first, _ := b.FirstSeen(ctx, "event:Ev1", time.Minute); first == k.shared {
					t.Errorf("FirstSeen(Ev1) on the other State = %v; want %v", first, !k.shared)
				}
			})

			t.Run("work", func(t *testing.T) {
				w := bot.Work{ID: "envelope:E1", Kind: bot.WorkSlash, Payload: []byte(`{}`), Owner: a.Owner(), LeaseUntil: time.Now().Add(time.Hour)}
				if first, err := a.RecordWork(ctx, w); err != nil || !first {
					t.Fatalf("RecordWork = %v, %v; want new", first, err)
				}
				if first, err := a.RecordWork(ctx, w); err != nil || first {
					t.Errorf("RecordWork of the redelivery = %v, %v; want not new", first, err)
				}
				if first, _ := b.RecordWork(ctx, w); first == k.shared {
					t.Errorf("RecordWork on the other State = %v; want %v", first, !k.shared)
				}
				if ok, err := a.ExtendWork(ctx, w.ID, a.Owner(), time.Hour); err != nil || !ok {
					t.Errorf("ExtendWork by its owner = %v, %v; want true", ok, err)
				}
				if got, err := b.ClaimExpiredWork(ctx, b.Owner(), time.Hour, 10); err != nil || len(got) != 0 {
					t.Errorf("ClaimExpiredWork of work under lease = %v, %v; want none", got, err)
				}
				if err := a.DoneWork(ctx, w.ID); err != nil {
					t.Fatal(err)
				}
				if ok, _ := a.ExtendWork(ctx, w.ID, a.Owner(), time.Hour); ok == k.shared {
					t.Errorf("ExtendWork of done work = %v; want %v", ok, !k.shared)
				}
			})

			t.Run("leases", func(t *testing.T) {
				if held, err := a.AcquireLease(ctx, "feeds", a.Owner(), time.Hour); err != nil || !held {
					t.Fatalf("AcquireLease = %v, %v; want held", held, err)
				}
				if held, _ := b.AcquireLease(ctx, "feeds", b.Owner(), time.Hour); held == k.shared {
					t.Errorf("AcquireLease by another owner = %v; want %v", held, !k.shared)
				}
				if err := a.ReleaseLease(ctx, "feeds", a.Owner()); err != nil {
					t.Fatal(err)
				}
				if held, _ := b.AcquireLease(ctx, "feeds", b.Owner(), time.Hour); !held {
					t.Error("AcquireLease after a release = false; want held")
				}
			})

			t.Run("slots", func(t *testing.T) {
				slot := time.Date(2030, 3, 4, 9, 0, 0, 0, time.UTC)
				rec, err := a.Claim(ctx, "C1", "S1", slot)
				if err != nil {
					t.Fatalf("Claim = %v", err)
				}
				if _, err := b.Claim(ctx, "C1", "S1", slot); !errors.Is(err, bot.ErrClaimed) {
					t.Errorf("Claim by another while claimed = %v; want ErrClaimed", err)
				}
				if err := a.MarkPosted(ctx, rec, "1.1", slot); err != nil {
					t.Fatal(err)
				}
				if _, err := b.Claim(ctx, "C1", "S1", slot); !errors.Is(err, bot.ErrPosted) {
					t.Errorf("Claim by another once posted = %v; want ErrPosted", err)
				}
				if last, ok, err := b.LastPosted(ctx, "C1"); err != nil || !ok || last.TS != "1.1" {
					t.Errorf("LastPosted on the other = %+v, %v, %v; want ts 1.1", last, ok, err)
				}
			})

			t.Run("subscriptions", func(t *testing.T) {
				if _, err := a.Subscribe(ctx, "C2", []string{"nimbus"}, "U1"); err != nil {
					t.Fatal(err)
				}
				subs, err := b.Subscriptions(ctx)
				if err != nil || len(subs) != 1 || subs[0].Channel != "C2" {
					t.Errorf("Subscriptions on the other = %+v, %v; want C2", subs, err)
				}
			})
		})
	}
}

// BenchmarkAckPathStore measures what the state store adds to an ack:
// the one call made before it (RecordWork for a slash command), with
// each store, as p50 and p99.
func BenchmarkAckPathStore(b *testing.B) {
	for _, k := range []string{"bbolt", "postgres"} {
		b.Run(k, func(b *testing.B) {
			var st bot.State
			if k == "bbolt" {
				st = bot.NewStore(filepath.Join(b.TempDir(), bot.StateFile), bot.StoreOptions{})
			} else {
				pg, err := pgstate.Open(context.Background(), pgtest.URL(b), pgstate.Options{})
				if err != nil {
					b.Fatal(err)
				}
				defer pg.Close()
				st = pg
			}
			bt, err := bot.New(bot.Config{BotToken: "xoxb-x", AppToken: "xapp-x", Index: noIndex{}, State: st})
			if err != nil {
				b.Fatal(err)
			}
			ctx := context.Background()
			var took []time.Duration
			i := 0
			for b.Loop() {
				i++
				start := time.Now()
				if !bot.AdmitCommand(ctx, bt, fmt.Sprintf("T%08d", i)) {
					b.Fatal("a new command was taken for a redelivery")
				}
				took = append(took, time.Since(start))
			}
			slices.Sort(took)
			at := func(p float64) float64 {
				return float64(took[min(len(took)-1, int(float64(len(took))*p))].Microseconds()) / 1000
			}
			b.ReportMetric(at(0.50), "p50-ms")
			b.ReportMetric(at(0.99), "p99-ms")
		})
	}
}

// noIndex is an index the benchmark never asks.
type noIndex struct{ bot.Index }
