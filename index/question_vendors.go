package index

import (
	"context"
	"sort"
	"strings"
	"sync"

	"github.com/trustwatch/trustwatch/corpus"
)

// Vendors a question may name. Articles name vendors the registry does
// not list, by id in their front matter ("vendors: [nimbus-ai]"), and
// their quotations speak for them; a question names them too ("does
// Nimbus AI train on our data?"). The registry questions are read against
// is the index's with those ids (corpus.Registry.WithQuoted), rebuilt
// after a write of the index. An id that is a common word ("free", a
// stop word or a glossary word) or shorter than four letters is left out:
// it would be read in ordinary questions.

// questionRegCache keeps the registry questions are read against.
type questionRegCache struct {
	mu  sync.Mutex
	gen uint64
	reg *corpus.Registry
}

// questionRegistry is the registry with the vendors the index quotes.
func (ix *Index) questionRegistry(ctx context.Context) *corpus.Registry {
	c := &ix.questionReg
	gen := ix.gen.Load()
	c.mu.Lock()
	if c.reg != nil && c.gen == gen {
		r := c.reg
		c.mu.Unlock()
		return r
	}
	c.mu.Unlock()
	counts, err := ix.vendorCounts(ctx)
	if err != nil {
		return ix.reg // the registry's vendors are still read
	}
	var ids []string
	for id, n := range counts {
		if n > 0 && ix.quotedName(id) {
			ids = append(ids, id)
		}
	}
	sort.Strings(ids)
	r := ix.reg.WithQuoted(ids)
	c.mu.Lock()
	c.reg, c.gen = r, gen
	c.mu.Unlock()
	return r
}

// quotedName reports whether a vendor id the registry does not list may
// be read as a name in questions.
func (ix *Index) quotedName(id string) bool {
	if _, ok := ix.reg.Vendor(id); ok {
		return false
	}
	words := strings.Split(id, "-")
	if len(strings.Join(words, "")) < 4 {
		return false
	}
	for _, w := range words {
		if ix.stop[w] || ix.isGlossaryWord(w) {
			return false
		}
	}
	return true
}
