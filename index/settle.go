package index

import (
	"context"
	"fmt"
	"time"
)

// settlePoll is how often Settle looks at the parts' merges.
const settlePoll = 20 * time.Millisecond

// Settle waits until the merges and writes to disk that the index's
// writes started are done, or ctx ends. bleve merges an index's segments
// in the background; a process that exits before they are done leaves
// the index as it was, and the next process to open it starts them again:
// an ask, which lives a fraction of a second, would pay part of a merge
// it then gives up (half of an ask's CPU at 100k articles, on every ask).
// A command that writes the index and exits, as `index` does, settles it
// first, so that those that follow only read it.
func (ix *Index) Settle(ctx context.Context) error {
	if ix.dir == "" {
		return nil // in memory: nothing is left for another process
	}
	tick := time.NewTicker(settlePoll)
	defer tick.Stop()
	for !ix.settled() {
		select {
		case <-ctx.Done():
			return fmt.Errorf("settle index %s: %w", ix.dir, ctx.Err())
		case <-tick.C:
		}
	}
	return nil
}

// settled reports whether no part has background work left: no merge
// under way, and, in a part this process wrote to (its current snapshot
// made here), the last merge plan and the last write to disk are of the
// current snapshot. (scorch's own "index_bgthreads_active" cannot serve:
// it counts a part opened and left alone as busy for good, its current
// epoch being recorded only when a snapshot is made.)
func (ix *Index) settled() bool {
	for _, p := range ix.parts {
		st, _ := p.StatsMap()["index"].(map[string]interface{})
		n := func(k string) uint64 { v, _ := st[k].(uint64); return v }
		if n("TotFileMergeZapBeg") != n("TotFileMergeZapEnd") {
			return false
		}
		if cur := n("CurRootEpoch"); cur != 0 && (n("LastMergedEpoch") != cur || n("LastPersistedEpoch") != cur) {
			return false
		}
	}
	return true
}
