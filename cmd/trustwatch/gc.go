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
	// askGCPercent turns the proportional collector off for an ask: an
	// unchanged corpus's ask allocates 20 MB at 20k articles, and
	// collecting it, twice by gcPercent (once more at 100k), costs more
	// than the memory it gives back, which the process returns at its end
	// anyway. askMemory still bounds it.
	askGCPercent = -1
	// askMemory and indexMemory are the memory (Go's own, index files
	// mapped aside) past which the collector runs as often as it must,
	// whatever gcPercent says: an ask at 100k articles has 25 MB live,
	// and its peak resident memory, index pages included, stays under
	// 300 MB; indexing 100k has a few hundred MB live.
	askMemory   = 48 << 20
	indexMemory = 1 << 30
)

// lessGC sets the collector for a command that runs to an end, with
// percent for GOGC and memory the limit past which it collects as usual,
// and returns what puts the process's settings back (run is called from
// tests, and serve may follow in the same process).
func lessGC(gogc int, memory int64) (restore func()) {
	percent := debug.SetGCPercent(gogc)
	limit := debug.SetMemoryLimit(memory)
	return func() {
		debug.SetGCPercent(percent)
		debug.SetMemoryLimit(limit)
	}
}
