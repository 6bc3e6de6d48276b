package index

import (
	"context"
	"testing"
	"time"
)

// TestSettle: once Settle returns, no part of the index merges or writes
// in the background, so the next process to open it has nothing to
// finish.
func TestSettle(t *testing.T) {
	old := batchDocs
	batchDocs = 3 // many small segments, for the merger to work on
	t.Cleanup(func() { batchDocs = old })
	ix := openTest(t, t.TempDir(), nil)
	syncTest(t, ix, fixtures(t))
	ctx, cancel := context.WithTimeout(t.Context(), time.Minute)
	defer cancel()
	if err := ix.Settle(ctx); err != nil {
		t.Fatalf("Settle: %v", err)
	}
	checkSettled(t, ix)
	// Reopened, with a part left alone: it is not taken as busy.
	dir := ix.Dir()
	ix.Close()
	ix = openTest(t, dir, nil)
	fsys := fixtures(t)
	for k := range fsys {
		delete(fsys, k) // one article removed: one part written
		break
	}
	syncTest(t, ix, fsys)
	if err := ix.Settle(ctx); err != nil {
		t.Fatalf("Settle after a removal: %v", err)
	}
	checkSettled(t, ix)
	if err := openTest(t, "", nil).Settle(ctx); err != nil {
		t.Errorf("Settle of an index in memory: %v", err)
	}
}

func checkSettled(t *testing.T, ix *Index) {
	t.Helper()
	for i, p := range ix.parts {
		st, _ := p.StatsMap()["index"].(map[string]interface{})
		cur := st["CurRootEpoch"]
		if st["TotFileMergeZapBeg"] != st["TotFileMergeZapEnd"] || cur != uint64(0) && (st["LastMergedEpoch"] != cur || st["LastPersistedEpoch"] != cur) {
			t.Errorf("after Settle, part %d: merges begun %v ended %v; epoch %v, merged %v, persisted %v", i,
				st["TotFileMergeZapBeg"], st["TotFileMergeZapEnd"], cur, st["LastMergedEpoch"], st["LastPersistedEpoch"])
		}
	}
}
