package index

import (
	"fmt"
	"sync"

	"github.com/blevesearch/bleve/v2"
)

// inFlight is how many batches may be written at once. Scorch returns
// from a batch once it is persisted (fsync'ed); with two in flight, the
// next batch is analysed while the last one is written, and the
// persister may write both at once.
const inFlight = 2

// writer writes batches to the index, a few at a time; each batch stays
// all-or-nothing, as no two batches of a Sync touch the same document.
type writer struct {
	ix    *Index
	sem   chan struct{}
	wg    sync.WaitGroup
	mu    sync.Mutex
	first error
}

func (ix *Index) newWriter() *writer { return &writer{ix: ix, sem: make(chan struct{}, inFlight)} }

// write writes batch b to part p of the index.
func (w *writer) write(p bleve.Index, b *bleve.Batch) {
	w.sem <- struct{}{}
	w.wg.Go(func() {
		defer func() { <-w.sem }()
		defer w.ix.gen.Add(1)
		if err := p.Batch(b); err != nil {
			w.mu.Lock()
			if w.first == nil {
				w.first = fmt.Errorf("write index batch: %w", err)
			}
			w.mu.Unlock()
		}
	})
}

func (w *writer) err() error {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.first
}

// wait waits for the batches in flight and returns the first error.
func (w *writer) wait() error {
	w.wg.Wait()
	return w.err()
}
