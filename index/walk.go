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
	start time.Time
	done  chan struct{}
	// entries are the article files and their stats (Racy unset); the
	// zero stat for a file whose stat cannot vouch for it, which Sync
	// then reads (and reports its problem).
	entries []corpus.Listed[fileStat]
	err     error
}

// StartWalk starts listing the article files of fsys with their stats
// (corpus.ListKept, keeping what a fileStat holds), in the background.
func StartWalk(ctx context.Context, fsys fs.FS) *Walk {
	w := &Walk{fsys: fsys, start: time.Now(), done: make(chan struct{})}
	go func() {
		defer close(w.done)
		w.entries, w.err = corpus.ListKept(ctx, fsys, func(p string, info fs.FileInfo) fileStat {
			if info == nil { // the listing has none: ask for it
				var err error
				if info, err = fs.Stat(fsys, p); err != nil {
					return fileStat{}
				}
			}
			s, _ := readStat(info)
			return s
		})
	}()
	return w
}

// Files waits for the walk and returns how many article files it found,
// and the error corpus.ListEntries would have returned.
func (w *Walk) Files() (int, error) {
	entries, err := w.wait()
	return len(entries), err
}

func (w *Walk) wait() ([]corpus.Listed[fileStat], error) {
	<-w.done
	return w.entries, w.err
}

// SyncWalked is Sync with the corpus's listing taken from w, which must
// have been started just before (a Sync trusts the stats it holds). A
// file changed after the walk looked at it is seen by the next Sync.
func (ix *Index) SyncWalked(ctx context.Context, w *Walk, progress func(done, total int)) (SyncReport, error) {
	return ix.sync(ctx, w, progress, false)
}
