package bot_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/trustwatch/trustwatch/bot"
	"github.com/trustwatch/trustwatch/bot/pgstate"
	"github.com/trustwatch/trustwatch/bot/pgstate/pgtest"
	"github.com/trustwatch/trustwatch/corpus"
)

// TestCorrectionStores: both state stores keep corrections (once per id,
// undone once, listed oldest first, as a second process sees them) and
// count one vote per person per answer, the last one given.
func TestCorrectionStores(t *testing.T) {
	ctx := context.Background()
	for _, k := range stateKinds {
		t.Run(k.name, func(t *testing.T) {
			a, b := k.open(t)
			var ca, cb bot.CorrectionStore = a, b
			t0 := time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC)
			was := bot.QuoteSnapshot{Text: "We will never compete with our customers.", Article: "nimbus.md", Lang: "en",
				Speaker: "Ada Varga", Vendor: "nimbus", Labels: []corpus.Label{corpus.NoCompetePledge}, Topics: []corpus.Topic{corpus.TopicCompetition}}
			first := bot.Correction{ID: "c2", Quote: "ref1", Kind: bot.FixLabels, Labels: []corpus.Label{corpus.AcknowledgesCoopetition, corpus.TrustPriority},
				By: "U1", At: t0.Add(time.Minute), Was: was}
			second := bot.Correction{ID: "c1", Quote: "ref1", Kind: bot.FixSpeaker, Speaker: "Bo Lind", SpeakerTitle: "CTO", By: "U2", At: t0, Was: was}
			for _, c := range []bot.Correction{first, second} {
				if added, err := ca.AddCorrection(ctx, c); err != nil || !added {
					t.Fatalf("AddCorrection(%s) = %v, %v; want added", c.ID, added, err)
				}
			}
			again := first
			again.Labels = []corpus.Label{corpus.Other}
			if added, err := cb.AddCorrection(ctx, again); err != nil || added {
				t.Errorf("AddCorrection(%s) again = %v, %v; want not added (a redelivery)", again.ID, added, err)
			}
			got, err := cb.Corrections(ctx)
			if err != nil || len(got) != 2 {
				t.Fatalf("Corrections = %d, %v; want 2", len(got), err)
			}
			if got[0].ID != "c1" || got[1].ID != "c2" {
				t.Errorf("Corrections order = %s, %s; want c1, c2 (oldest first)", got[0].ID, got[1].ID)
			}
			g := got[1]
			if g.Kind != bot.FixLabels || len(g.Labels) != 2 || g.Labels[1] != corpus.TrustPriority || g.By != "U1" || !g.At.Equal(first.At) ||
				g.Was.Text != was.Text || g.Was.Topics[0] != corpus.TopicCompetition || g.Undone() {
				t.Errorf("Corrections[1] = %+v; want %+v", g, first)
			}
			if g := got[0]; g.Speaker != "Bo Lind" || g.SpeakerTitle != "CTO" {
				t.Errorf("Corrections[0] = %+v; want the speaker Bo Lind, CTO", g)
			}

			if list, err := ca.Corrections(ctx); err != nil || len(list) != 2 { // a keeps what it read
				t.Fatalf("Corrections through the first store = %d, %v; want 2", len(list), err)
			}
			u, found, err := cb.UndoCorrection(ctx, "c2", "U3")
			if err != nil || !found || !u.Undone() || u.UndoneBy != "U3" {
				t.Fatalf("UndoCorrection(c2) = %+v, %v, %v; want undone by U3", u, found, err)
			}
			u2, _, err := ca.UndoCorrection(ctx, "c2", "U4")
			if err != nil || u2.UndoneBy != "U3" || !u2.UndoneAt.Equal(u.UndoneAt) {
				t.Errorf("UndoCorrection(c2) again = %+v, %v; want it unchanged, undone by U3", u2, err)
			}
			if _, found, err := ca.UndoCorrection(ctx, "nope", "U3"); err != nil || found {
				t.Errorf("UndoCorrection(nope) = %v, %v; want not found", found, err)
			}
			got, _ = ca.Corrections(ctx)
			fx := bot.FixesOf(got)
			if f := fx["ref1"]; f.Labels != nil || f.Speaker == nil || *f.Speaker != "Bo Lind" || f.By != "U2" {
				t.Errorf("fixes after undoing the labels = %+v; want the speaker only, by U2", f)
			}

			var fa, fb bot.FeedbackStore = a, b
			votes := []bot.Vote{
				{Answer: "A1", Question: "does Nimbus compete?", User: "U1", Up: true, At: t0},
				{Answer: "A1", Question: "does Nimbus compete?", User: "U2", Up: true, At: t0.Add(time.Second)},
				{Answer: "A1", Question: "does Nimbus compete?", User: "U1", Up: false, At: t0.Add(2 * time.Second)}, // changes U1's vote
				{Answer: "A2", Question: "what about trust?", User: "U1", Up: true, At: t0.Add(time.Hour)},
			}
			for _, v := range votes {
				if err := fa.Vote(ctx, v); err != nil {
					t.Fatalf("Vote(%+v): %v", v, err)
				}
			}
			fbk, err := fb.Feedback(ctx)
			if err != nil || len(fbk) != 2 {
				t.Fatalf("Feedback = %+v, %v; want 2 answers", fbk, err)
			}
			if f := fbk[0]; f.Answer != "A2" || f.Up != 1 || f.Down != 0 {
				t.Errorf("Feedback[0] = %+v; want A2 with 1 up", f)
			}
			if f := fbk[1]; f.Answer != "A1" || f.Up != 1 || f.Down != 1 || f.Question != "does Nimbus compete?" {
				t.Errorf("Feedback[1] = %+v; want A1 with 1 up and 1 down (U1 changed their vote)", f)
			}
		})
	}
}

// BenchmarkCorrectionsRead is what each answer adds to read the
// corrections in force, with none and with 200 stored, from the bbolt
// file (its last write older than a second, as in a bot's life) and
// from PostgreSQL.
func BenchmarkCorrectionsRead(b *testing.B) {
	ctx := context.Background()
	stores := []struct {
		name string
		open func(b *testing.B) bot.CorrectionStore
	}{
		{"bbolt", func(b *testing.B) bot.CorrectionStore {
			s := bot.NewStore(filepath.Join(b.TempDir(), bot.StateFile), bot.StoreOptions{})
			if _, err := s.Subscribe(ctx, "C1", nil, "U1"); err != nil { // the file exists
				b.Fatal(err)
			}
			return s
		}},
		{"postgres", func(b *testing.B) bot.CorrectionStore {
			s, err := pgstate.Open(ctx, pgtest.URL(b), pgstate.Options{})
			if err != nil {
				b.Fatal(err)
			}
			b.Cleanup(s.Close)
			return s
		}},
	}
	for _, st := range stores {
		for _, n := range []int{0, 200} {
			b.Run(fmt.Sprintf("%s/%d", st.name, n), func(b *testing.B) {
				s := st.open(b)
				t0 := time.Now()
				for i := range n {
					c := bot.Correction{ID: fmt.Sprintf("c%016x", i), Quote: fmt.Sprintf("ref%d", i), Kind: bot.FixLabels,
						Labels: []corpus.Label{corpus.TrustPriority}, By: "U1", At: t0.Add(time.Duration(i) * time.Second),
						Was: bot.QuoteSnapshot{Text: strings.Repeat("words ", 30), Article: "a.md"}}
					if _, err := s.AddCorrection(ctx, c); err != nil {
						b.Fatal(err)
					}
				}
				if bs, ok := s.(*bot.Store); ok {
					old := time.Now().Add(-time.Hour)
					if err := os.Chtimes(bs.Path(), old, old); err != nil {
						b.Fatal(err)
					}
				}
				for b.Loop() {
					list, err := s.Corrections(ctx)
					if err != nil || len(list) != n {
						b.Fatalf("Corrections = %d, %v", len(list), err)
					}
					_ = bot.FixesOf(list)
				}
			})
		}
	}
}

// TestCorrectionsCacheSeesOtherWriters: the bbolt store keeps the
// corrections it read, and still sees one another process wrote since.
func TestCorrectionsCacheSeesOtherWriters(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), bot.StateFile)
	a, b := bot.NewStore(path, bot.StoreOptions{}), bot.NewStore(path, bot.StoreOptions{})
	add := func(s *bot.Store, id string) {
		t.Helper()
		if _, err := s.AddCorrection(ctx, bot.Correction{ID: id, Quote: "r", Kind: bot.FixNotStatement, By: "U1", At: time.Now()}); err != nil {
			t.Fatal(err)
		}
	}
	add(a, "c1")
	old := time.Now().Add(-time.Hour)
	if err := os.Chtimes(path, old, old); err != nil {
		t.Fatal(err)
	}
	for range 2 { // the second read comes from the cache
		if list, err := a.Corrections(ctx); err != nil || len(list) != 1 {
			t.Fatalf("Corrections = %d, %v; want 1", len(list), err)
		}
	}
	add(b, "c2")
	if list, err := a.Corrections(ctx); err != nil || len(list) != 2 {
		t.Errorf("after another store's write, Corrections = %d, %v; want 2", len(list), err)
	}
	if _, _, err := b.UndoCorrection(ctx, "c1", "U2"); err != nil {
		t.Fatal(err)
	}
	if list, _ := a.Corrections(ctx); len(list) != 2 || !list[0].Undone() {
		t.Errorf("after another store's undo, Corrections = %+v; want c1 undone", list)
	}
}
