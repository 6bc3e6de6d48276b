package index

import (
	"context"
	"io/fs"
	"time"

	"github.com/trustwatch/trustwatch/corpus"
)

// Walk is a walk of a corpus, the one look at every file's stat that a
// quick Sync needs, started ahead of the Sync that uses it (SyncWalked):
// at 20k articles it costs more than the rest of a whole ask, and it
// needs no index, so a caller starts it first and opens the index
// meanwhile.
type Walk struct {
	fsys fs.FS
	// start is when the walk began: the files' stats are taken after it,
	// so their racy margin is counted from it (fresh.go).
	start   time.Time
	done    chan struct{}
	entries []corpus.Entry
	err     error
}

// StartWalk starts listing the article files of fsys with their stats
// (corpus.ListEntries), in the background.
func StartWalk(ctx context.Context, fsys fs.FS) *Walk {
	w := &Walk{fsys: fsys, start: time.Now(), done: make(chan struct{})}
	go func() {
		defer close(w.done)
		w.entries, w.err = corpus.ListEntries(ctx, fsys)
	}()
	return w
}

// FS is the corpus the walk lists.
func (w *Walk) FS() fs.FS { return w.fsys }

// Entries waits for the walk and returns what corpus.ListEntries did.
func (w *Walk) Entries() ([]corpus.Entry, error) {
	<-w.done
	return w.entries, w.err
}

// SyncWalked is Sync with the corpus's listing taken from w, which must
// have been started just before (a Sync trusts the stats it holds). A
// file changed after the walk looked at it is seen by the next Sync.
func (ix *Index) SyncWalked(ctx context.Context, w *Walk, progress func(done, total int)) (SyncReport, error) {
	return ix.sync(ctx, w, progress, false)
}
