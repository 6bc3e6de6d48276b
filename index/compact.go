package index

import (
	"context"
	"fmt"
	"sync"

	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/index/scorch/mergeplan"
)

// compactPlan merges all of a part's segments into one, in one merge:
// bleve's single-segment plan, but with no limit of ten segments a merge,
// which would leave two or more segments of a part with more than ten.
var compactPlan = func() mergeplan.MergePlanOptions {
	o := mergeplan.SingleSegmentMergePlanOptions
	o.SegmentsPerMergeTask = 1 << 20
	return o
}()

// Compact settles the index (Settle), then merges each part of it into a
// single segment, and settles it again. bleve's own merges leave a part
// written in one go in ten or so segments, and a question reads each of
// its terms in each segment of each part: one segment a part makes each
// answer cheaper, for the price of one merge of the whole index (about a
// tenth of indexing it from scratch). A command that writes much of the
// index and exits, as `index` does, compacts it.
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
