package main

import "runtime/debug"

// The garbage collector's settings for commands that run to an end (ask,
// index), as against serve's long life.
const (
	// gcPercent lets the heap grow to five times what is live before a
	// collection, against Go's default of twice. An ask's heap stays
	// small (15 MB at 20k articles), so it then ends before the first
	// collection, where the default made seven, a tenth of its CPU;
	// indexing spends a fifth less CPU.
	gcPercent = 400
	// askMemory and indexMemory are the memory (Go's own, index files
	// mapped aside) past which the collector runs as often as it must,
	// whatever gcPercent says: an ask at 100k articles has 25 MB live,
	// and its peak resident memory, index pages included, stays under
	// 300 MB; indexing 100k has a few hundred MB live.
	askMemory   = 48 << 20
	indexMemory = 1 << 30
)

// lessGC sets the collector for a command that runs to an end, with
// memory the limit past which it collects as usual, and returns what puts
// the process's settings back (run is called from tests, and serve may
// follow in the same process).
func lessGC(memory int64) (restore func()) {
	percent := debug.SetGCPercent(gcPercent)
	limit := debug.SetMemoryLimit(memory)
	return func() {
		debug.SetGCPercent(percent)
		debug.SetMemoryLimit(limit)
	}
}
