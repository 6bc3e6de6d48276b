package index

import (
	"context"
	"sync"
)

// countCache keeps how many quotations each vendor has, from one write of
// the index to the next: every question needs it to tell a vendor with no
// quotation, and counting a large vendor's postings each time costs more
// than the rest of a small question.
type countCache struct {
	mu      sync.Mutex
	gen     uint64 // the index's write generation it was computed at
	vendors map[string]int
}

// vendorCounts returns the number of quotations of each vendor.
func (ix *Index) vendorCounts(ctx context.Context) (map[string]int, error) {
	c := &ix.counts
	gen := ix.gen.Load()
	c.mu.Lock()
	if c.vendors != nil && c.gen == gen {
		v := c.vendors
		c.mu.Unlock()
		return v, nil
	}
	c.mu.Unlock()
	st, err := ix.Stats(ctx)
	if err != nil {
		return nil, err
	}
	return c.set(gen, st), nil
}

// set records the counts of st, computed at write generation gen.
func (c *countCache) set(gen uint64, st Stats) map[string]int {
	v := make(map[string]int, len(st.Vendors))
	for _, vc := range st.Vendors {
		v[vc.ID] = vc.Quotes
	}
	c.mu.Lock()
	c.vendors, c.gen = v, gen
	c.mu.Unlock()
	return v
}
