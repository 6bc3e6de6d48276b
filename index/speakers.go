package index

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"sync"

	"github.com/blevesearch/bleve/v2"
)

// speakerCache keeps the names of the people quoted in the index (as
// indexed: lower case), from one write of the index to the next, so that
// a question's misspelt names are read against them.
type speakerCache struct {
	mu    sync.Mutex
	gen   uint64
	names []string
	ok    bool
}

// speakers returns the names of the people quoted in the index, lower
// case, sorted.
func (ix *Index) speakers() ([]string, error) {
	c := &ix.speakerNames
	gen := ix.gen.Load()
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.ok && c.gen == gen {
		return c.names, nil
	}
	seen := map[string]bool{}
	var names []string
	for _, p := range ix.parts {
		d, err := p.FieldDict(fSpeaker)
		if err != nil {
			return nil, fmt.Errorf("list speakers: %w", err)
		}
		for {
			e, err := d.Next()
			if err != nil {
				d.Close()
				return nil, fmt.Errorf("list speakers: %w", err)
			}
			if e == nil {
				break
			}
			if !seen[e.Term] && strings.Contains(e.Term, " ") {
				seen[e.Term] = true
				names = append(names, e.Term)
			}
		}
		if err := d.Close(); err != nil {
			return nil, fmt.Errorf("list speakers: %w", err)
		}
	}
	sort.Strings(names)
	c.names, c.gen, c.ok = names, gen, true
	return names, nil
}

// speakerName is how the quotations spell a speaker indexed as lower
// (lower case); lower itself when none does.
func (ix *Index) speakerName(ctx context.Context, lower string) string {
	req := bleve.NewSearchRequestOptions(termQuery(fSpeaker, lower), 1, 0, false)
	req.Fields = []string{fRecord}
	res, err := ix.b.SearchInContext(ctx, req)
	if err != nil || len(res.Hits) == 0 {
		return lower
	}
	if rec, ok := record(res.Hits[0].Fields); ok && rec.Quote.Speaker != "" {
		return rec.Quote.Speaker
	}
	return lower
}
