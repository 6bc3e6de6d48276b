package index

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	segment "github.com/blevesearch/scorch_segment_api/v2"
)

// alsoInMax bounds how many other sources are listed per quotation.
const alsoInMax = 100

// alsoIn fills each quotation's AlsoIn with the other articles carrying
// the same text, in id order: the documents with its key, but for those
// shown, read from each part's segments directly as the flat search
// does. Through bleve, a search of the keys that left out the shown
// documents by id and loaded every stored field of the others to read
// two of them took a quarter of an answer.
func (ix *Index) alsoIn(ctx context.Context, quotes []AnswerQuote) error {
	if len(quotes) == 0 {
		return nil
	}
	var keys []string
	shown := make(map[string]bool, len(quotes))
	for _, q := range quotes {
		if !slices.Contains(keys, q.key) {
			keys = append(keys, q.key)
		}
		if q.id != "" {
			shown[q.id] = true
		}
	}
	var others []keyDoc
	for _, p := range ix.parts {
		var err error
		if others, err = keyDocs(ctx, p, keys, shown, &ix.recCache, others); err != nil {
			return fmt.Errorf("search other sources: %w", err)
		}
	}
	// As many as a search for alsoInMax per quotation would return, the
	// first by id.
	slices.SortFunc(others, func(a, b keyDoc) int { return strings.Compare(a.id, b.id) })
	if n := alsoInMax * len(quotes); len(others) > n {
		others = others[:n]
	}
	byKey := map[string][]Source{}
	for _, o := range others {
		byKey[o.key] = append(byKey[o.key], o.article)
	}
	for i := range quotes {
		seen := map[string]bool{quotes[i].Article.ID: true}
		for _, s := range byKey[quotes[i].key] {
			if !seen[s.ID] && len(quotes[i].AlsoIn) < alsoInMax {
				seen[s.ID] = true
				quotes[i].AlsoIn = append(quotes[i].AlsoIn, s)
			}
		}
	}
	return nil
}

// keyDoc is a quotation document found by its key, with what alsoIn
// reads of its record.
type keyDoc struct {
	id, key string
	article Source
}

// keyDocs appends to out the documents of an index part that have one
// of the keys, but for those whose id is in skip, their records read
// through cache.
func keyDocs(ctx context.Context, p bleve.Index, keys []string, skip map[string]bool, cache *recordCache, out []keyDoc) ([]keyDoc, error) {
	snap, closer, err := openSnapshot(p)
	if err != nil {
		return out, err
	}
	defer closer.Close()
	segs := snap.Segments()
	lists := postingsLists{segs: segs, dicts: map[string][]segment.TermDictionary{}}
	var it segment.PostingsIterator
	for _, k := range keys {
		if err := ctx.Err(); err != nil {
			return out, err
		}
		ls, _, err := lists.open(flatTerm{field: fKey, term: k})
		if err != nil {
			return out, err
		}
		for si, l := range ls {
			it = l.Iterator(false, false, false, it)
			for {
				pst, err := it.Next()
				if err != nil {
					return out, fmt.Errorf("read term %s:%s: %w", fKey, k, err)
				}
				if pst == nil {
					break
				}
				id, err := segs[si].DocID(pst.Number())
				if err != nil {
					return out, fmt.Errorf("read document id: %w", err)
				}
				if skip[string(id)] {
					continue
				}
				rec, _, err := cache.record(segs[si], pst.Number())
				if err != nil {
					continue // as a search skips a record it cannot read
				}
				out = append(out, keyDoc{id: string(id), key: rec.Key, article: rec.Article})
			}
		}
	}
	return out, nil
}

// openSnapshot opens the scorch snapshot of an index part, to be closed
// by the caller.
func openSnapshot(p bleve.Index) (*scorch.IndexSnapshot, interface{ Close() error }, error) {
	adv, err := p.Advanced()
	if err != nil {
		return nil, nil, err
	}
	r, err := adv.Reader()
	if err != nil {
		return nil, nil, err
	}
	snap, ok := r.(*scorch.IndexSnapshot)
	if !ok {
		r.Close()
		return nil, nil, errNotScorch
	}
	return snap, r, nil
}
