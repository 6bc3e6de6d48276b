package index

import (
	"context"
	"fmt"
	"sync"

	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/index/scorch/mergeplan"
)

// compactMaxDocs is the most documents Compact merges into one segment.
// A question adds up scores in an array indexed by document number, one
// segment after another (flat_score.go): past about this size, the array
// no longer fits the processor's caches, and at 100k articles (267k
// documents a part) a single segment a part made each answer 11–24% dearer
// than bleve's own 5 and 15 segments, where segments of at most 64k
// documents (4 a part) made it 2–17% cheaper.
const compactMaxDocs = 1 << 16

// compactPlan merges a part's segments into as few as it can of at most
// compactMaxDocs documents each, in one pass: bleve's single-segment
// plan, with that cap and no limit of ten segments a merge.
var compactPlan = func() mergeplan.MergePlanOptions {
	o := mergeplan.SingleSegmentMergePlanOptions
	o.SegmentsPerMergeTask = 1 << 20
	o.MaxSegmentSize = compactMaxDocs
	o.FloorSegmentSize = compactMaxDocs
	return o
}()

// Compact settles the index (Settle), then merges the segments of each
// part into as few as it can of at most compactMaxDocs documents (one a
// part up to about 25k articles), and settles it again. bleve's own
// merges leave a part written in one go in ten or more segments, and a
// question reads each of its terms in each segment of each part: fewer
// segments make each answer cheaper, for the price of a merge of much
// of the index (up to a fifth of the time indexing it from scratch
// takes). A command that writes much of the index and exits, as `index`
// does, compacts it.
func (ix *Index) Compact(ctx context.Context) error {
	if ix.dir == "" {
		return nil // in memory: it lives no longer than the process
	}
	if err := ix.Settle(ctx); err != nil {
		return err
	}
	errs := make([]error, len(ix.parts))
	var wg sync.WaitGroup
	for i, p := range ix.parts {
		if ix.segments()[i] <= 1 {
			continue
		}
		wg.Go(func() {
			adv, err := p.Advanced()
			if err != nil {
				errs[i] = err
				return
			}
			s, ok := adv.(*scorch.Scorch)
			if !ok {
				return // not a scorch index: nothing to merge
			}
			opts := compactPlan
			errs[i] = s.ForceMerge(ctx, &opts)
		})
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			return fmt.Errorf("merge the segments of index %s: %w", shardDir(ix.dir, i), err)
		}
	}
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("merge the segments of index %s: %w", ix.dir, err)
	}
	return ix.Settle(ctx)
}

// segments is how many segments each part of the index is made of.
func (ix *Index) segments() []int {
	n := make([]int, len(ix.parts))
	for i, p := range ix.parts {
		st, _ := p.StatsMap()["index"].(map[string]interface{})
		files, _ := st["num_root_filesegments"].(uint64)
		mem, _ := st["num_root_memorysegments"].(uint64)
		n[i] = int(files + mem)
	}
	return n
}
