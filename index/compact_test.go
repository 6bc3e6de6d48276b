package index

import (
	"context"
	"encoding/json"
	"testing"
	"time"
)

// TestCompact: Compact leaves each part of an index written in many
// batches (fewer than compactMaxDocs documents) as one segment, settled,
// and the answers as they were.
func TestCompact(t *testing.T) {
	old := batchDocs
	// Batches above bleve's floor segment size (2000 documents), which
	// its own merges leave apart, up to ten a part.
	batchDocs = 2500
	t.Cleanup(func() { batchDocs = old })
	ix, err := Open(t.TempDir(), Options{Registry: genRegistry(t)})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	syncTest(t, ix, genFS{n: 1500})
	ctx, cancel := context.WithTimeout(t.Context(), time.Minute)
	defer cancel()
	if err := ix.Settle(ctx); err != nil {
		t.Fatalf("Settle: %v", err)
	}
	questions := genQuestions()[:12]
	answers := func() []string {
		var out []string
		for _, q := range questions {
			a, err := ix.Ask(ctx, Query{Question: q})
			if err != nil {
				t.Fatalf("Ask(%q): %v", q, err)
			}
			j, err := json.Marshal(a)
			if err != nil {
				t.Fatal(err)
			}
			out = append(out, string(j))
		}
		return out
	}
	before := answers()
	if n := ix.segments(); n[0] < 2 || n[1] < 2 {
		t.Fatalf("segments per part before Compact: %v; want several in each, for Compact to merge", n)
	}
	if err := ix.Compact(ctx); err != nil {
		t.Fatalf("Compact: %v", err)
	}
	if n := ix.segments(); n[0] != 1 || n[1] != 1 {
		t.Errorf("segments per part after Compact: %v; want 1 each", n)
	}
	checkSettled(t, ix)
	for i, a := range answers() {
		if a != before[i] {
			t.Errorf("Ask(%q) changed with Compact:\n before: %s\n after:  %s", questions[i], before[i], a)
		}
	}
	// Reopened, the index is still one segment a part.
	dir := ix.Dir()
	ix.Close()
	if ix, err = Open(dir, Options{Registry: genRegistry(t)}); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	if n := ix.segments(); n[0] != 1 || n[1] != 1 {
		t.Errorf("segments per part after reopening: %v; want 1 each", n)
	}
	if err := openTest(t, "", nil).Compact(ctx); err != nil {
		t.Errorf("Compact of an index in memory: %v", err)
	}
}
