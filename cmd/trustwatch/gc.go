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
	// gcLimit is the memory past which the collector runs as often as it
	// must, whatever gcPercent says.
	gcLimit = 1 << 30
)

// lessGC sets the collector for a command that runs to an end, and
// returns what puts the process's settings back (run is called from
// tests, and serve may follow in the same process).
func lessGC() (restore func()) {
	percent := debug.SetGCPercent(gcPercent)
	limit := debug.SetMemoryLimit(gcLimit)
	return func() {
		debug.SetGCPercent(percent)
		debug.SetMemoryLimit(limit)
	}
}
