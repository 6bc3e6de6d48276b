package index

import (
	"sync"

	"github.com/blevesearch/bleve/v2/index/scorch"
	segment "github.com/blevesearch/scorch_segment_api/v2"
)

// recordCache keeps the records last read from the segments for ranking
// (rankRecord) with their stored bytes: the candidates of a question
// asked again, or of questions about the same vendor, are the same
// documents, and decoding their JSON was a tenth of an answer. A
// segment never changes, so neither do its records; the cache holds the
// last recordCacheSize read, whatever their segment. The records it
// returns are shared: read, never changed.
type recordCache struct {
	mu    sync.Mutex
	m     map[recordKey]storedRec
	order []recordKey // a ring of the keys, oldest at next
	next  int
	size  int // how many are kept; recordCacheSize when 0
}

type recordKey struct {
	seg segment.Segment
	doc uint64
}

type storedRec struct {
	rec  quoteRecord
	blob []byte
}

// recordCacheSize bounds the records kept: a few megabytes.
const recordCacheSize = 4096

// record returns the record of document doc of s, from the cache or read
// and kept. A nil cache reads.
func (c *recordCache) record(s *scorch.SegmentSnapshot, doc uint64) (quoteRecord, []byte, error) {
	if c == nil {
		return storedRecord(s, doc)
	}
	k := recordKey{s.Segment(), doc}
	c.mu.Lock()
	r, ok := c.m[k]
	c.mu.Unlock()
	if ok {
		return r.rec, r.blob, nil
	}
	rec, blob, err := storedRecord(s, doc)
	if err != nil {
		return rec, blob, err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.size == 0 {
		c.size = recordCacheSize
	}
	if c.m == nil {
		c.m = make(map[recordKey]storedRec, c.size)
		c.order = make([]recordKey, 0, c.size)
	}
	if _, ok := c.m[k]; ok {
		return rec, blob, nil
	}
	if len(c.order) < c.size {
		c.order = append(c.order, k)
	} else {
		delete(c.m, c.order[c.next])
		c.order[c.next] = k
		c.next = (c.next + 1) % c.size
	}
	c.m[k] = storedRec{rec, blob}
	return rec, blob, nil
}
