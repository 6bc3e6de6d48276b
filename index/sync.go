package index

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"runtime"
	"strings"
	"sync"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"
	"github.com/trustwatch/trustwatch/corpus"
)

// batchDocs is about how many documents go in one bleve batch. An
// article's documents and its file hash always travel in the same batch,
// so a process killed mid-sync leaves each article either wholly old or
// wholly new, and the next Sync completes the rest.
var batchDocs = 1000

// SyncReport says what a Sync did. Articles, Quotes and Vendors count the
// whole index after it; Added, Updated, Removed and Unchanged count files.
type SyncReport struct {
	Articles  int `json:"articles"`
	Quotes    int `json:"quotes"`
	Vendors   int `json:"vendors"`
	Added     int `json:"added"`
	Updated   int `json:"updated"`
	Removed   int `json:"removed"`
	Unchanged int `json:"unchanged"`
	// Files counts the article files found in the corpus, those listed as
	// problems left out: with no Problems, 0 says it holds no article file.
	Files int `json:"files"`
	// Problems are the files that could not be used. An earlier version
	// of a file that could not be read or parsed stays indexed; one that
	// is now a link out of the corpus, or not a regular file, is removed.
	Problems []*corpus.Problem `json:"problems,omitempty"`
	Took     time.Duration     `json:"took"`
}

// fileResult is one file's outcome, from a worker to the writer.
type fileResult struct {
	path      string
	unchanged bool
	updated   bool
	problem   *corpus.Problem
	docs      map[string]map[string]interface{}
	deletes   []string
}

// Sync brings the index up to date with the corpus in fsys: files whose
// content hash changed are read again, deleted files are removed, and
// unchanged ones skipped. progress, if not nil, is called from Sync's
// goroutine after each file.
func (ix *Index) Sync(ctx context.Context, fsys fs.FS, progress func(done, total int)) (SyncReport, error) {
	ix.syncMu.Lock()
	defer ix.syncMu.Unlock()
	start := time.Now()
	var rep SyncReport

	paths, err := corpus.ListContext(ctx, fsys)
	folders, err := listProblems(err)
	if err != nil {
		return rep, fmt.Errorf("list corpus: %w", err)
	}
	rep.Problems = append(rep.Problems, folders...)
	rep.Files = len(paths)
	state, err := ix.fileState(ctx)
	if err != nil {
		return rep, err
	}

	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	jobs := make(chan string)
	results := make(chan fileResult, 64)
	now := ix.now().UTC()
	var wg sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			for p := range jobs {
				select {
				case results <- ix.prepare(ctx, fsys, p, state[p], now):
				case <-ctx.Done():
					return
				}
			}
		})
	}
	go func() {
		defer close(jobs)
		for _, p := range paths {
			select {
			case jobs <- p:
			case <-ctx.Done():
				return
			}
		}
	}()
	go func() { wg.Wait(); close(results) }()

	w := ix.newWriter()
	defer w.wait()
	batches := make([]*bleve.Batch, len(ix.parts))
	for i, p := range ix.parts {
		batches[i] = p.NewBatch()
	}
	flush := func(i int) error {
		if batches[i].Size() == 0 {
			return w.err()
		}
		w.write(ix.parts[i], batches[i])
		batches[i] = ix.parts[i].NewBatch()
		return w.err()
	}
	flushAll := func() error {
		for i := range batches {
			if err := flush(i); err != nil {
				return err
			}
		}
		return nil
	}
	done := 0
	for r := range results {
		done++
		switch {
		case r.problem != nil:
			rep.Problems = append(rep.Problems, r.problem)
		case r.unchanged:
			rep.Unchanged++
		default:
			if r.updated {
				rep.Updated++
			} else {
				rep.Added++
			}
			s := shardOf(r.path)
			for _, id := range r.deletes {
				batches[s].Delete(id)
			}
			for id, d := range r.docs {
				if err := batches[s].Index(id, d); err != nil {
					return rep, fmt.Errorf("index %s: %w", r.path, err)
				}
			}
			if batches[s].Size() >= batchDocs {
				if err := flush(s); err != nil {
					return rep, err
				}
			}
		}
		if progress != nil {
			progress(done, len(paths))
		}
	}
	if err := ctx.Err(); err != nil {
		return rep, fmt.Errorf("sync index: %w", err)
	}

	listed := make(map[string]bool, len(paths))
	for _, p := range paths {
		listed[p] = true
	}
	for id, rec := range state {
		if listed[id] || underAny(id, folders) {
			continue
		}
		rep.Removed++
		s := shardOf(id)
		batches[s].Delete(articleID(id))
		for _, q := range rec.QuoteIDs {
			batches[s].Delete(q)
		}
		if batches[s].Size() >= batchDocs {
			if err := flush(s); err != nil {
				return rep, err
			}
		}
	}
	if err := flushAll(); err != nil {
		return rep, err
	}
	if err := w.wait(); err != nil {
		return rep, err
	}
	ix.carry = nil // every file has been through prepare
	gen := ix.gen.Load()
	st, err := ix.Stats(ctx)
	if err != nil {
		return rep, err
	}
	// The next question needs these counts: counting them here spares
	// it the wait (about 0.2 s at 100k articles).
	ix.counts.set(gen, st)
	rep.Articles, rep.Quotes, rep.Vendors = st.Articles, st.Quotes, len(st.Vendors)
	rep.Took = time.Since(start)
	return rep, nil
}

// prepare reads, parses and extracts one file, unless its hash is the one
// indexed. old is the indexed state of the file (zero when new).
func (ix *Index) prepare(ctx context.Context, fsys fs.FS, path string, old articleRecord, now time.Time) fileResult {
	r := fileResult{path: path, updated: old.Hash != ""}
	data, err := corpus.ReadFileContext(ctx, fsys, path)
	if err != nil {
		r.problem = asProblem(path, err)
		return r
	}
	sum := sha256.Sum256(data)
	hash := hex.EncodeToString(sum[:])
	if hash == old.Hash {
		r.unchanged = true
		return r
	}
	a, err := corpus.ParseArticle(path, data)
	if err != nil {
		r.problem = asProblem(path, err)
		return r
	}
	quotes := corpus.Extract(a, ix.reg)
	var firsts map[string]time.Time
	if r.updated {
		if firsts, err = ix.firstTimes(ctx, old.QuoteIDs); err != nil {
			r.problem = &corpus.Problem{Path: path, Reason: err.Error()}
			return r
		}
	}
	src := sourceOf(a)
	r.docs = make(map[string]map[string]interface{}, len(quotes)+1)
	ids := make([]string, 0, len(quotes))
	for i, q := range quotes {
		if q.Lang == "" {
			q.Lang = a.Lang
		}
		rec := quoteRecord{Quote: q, Article: src, Key: textKey(q.Text), First: now}
		if t, ok := firsts[rec.Key]; ok {
			rec.First = t
		} else if t, ok := ix.carry[carryKey(path, rec.Key)]; ok {
			rec.First = t
		}
		id := quoteID(path, i, headOf(rec))
		ids = append(ids, id)
		r.docs[id] = quoteDoc(rec)
	}
	for _, id := range old.QuoteIDs {
		if _, ok := r.docs[id]; !ok {
			r.deletes = append(r.deletes, id)
		}
	}
	r.docs[articleID(path)] = articleDoc(a, articleRecord{Source: src, Lang: a.Lang, Hash: hash, QuoteIDs: ids, Changed: now})
	return r
}

// listProblems splits corpus.List's error into the folders and files it
// could not use, which are reported, and any other error, which stops the
// sync.
func listProblems(err error) ([]*corpus.Problem, error) {
	if err == nil {
		return nil, nil
	}
	errs := []error{err}
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		errs = j.Unwrap()
	}
	var out []*corpus.Problem
	for _, e := range errs {
		var p *corpus.Problem
		if !errors.As(e, &p) {
			return nil, err
		}
		out = append(out, p)
	}
	return out, nil
}

// underAny reports whether a corpus path is inside one of the folders that
// could not be read: its articles stay indexed as they were.
func underAny(path string, folders []*corpus.Problem) bool {
	for _, f := range folders {
		if strings.HasPrefix(path, strings.TrimSuffix(f.Path, "/")+"/") {
			return true
		}
	}
	return false
}

func asProblem(path string, err error) *corpus.Problem {
	var p *corpus.Problem
	if errors.As(err, &p) {
		return p
	}
	return &corpus.Problem{Path: path, Reason: err.Error()}
}

// fileState reads the indexed state of every article file.
func (ix *Index) fileState(ctx context.Context) (map[string]articleRecord, error) {
	state := map[string]articleRecord{}
	err := ix.scan(ctx, kindArticle, nil, func(id string, rec []byte) error {
		var r articleRecord
		if err := json.Unmarshal(rec, &r); err != nil {
			return fmt.Errorf("read indexed state of %s: %w", id, err)
		}
		state[r.Source.ID] = r
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("read index state: %w", err)
	}
	return state, nil
}

// firstTimes returns when each quotation of an article (by text key) was
// first indexed, from the ids of its indexed quotations.
func (ix *Index) firstTimes(ctx context.Context, ids []string) (map[string]time.Time, error) {
	recs, err := ix.records(ctx, ids)
	if err != nil {
		return nil, err
	}
	out := map[string]time.Time{}
	for _, rec := range recs {
		if t, ok := out[rec.Key]; !ok || rec.First.Before(t) {
			out[rec.Key] = rec.First
		}
	}
	return out, nil
}

// scan calls fn with the stored record of every document of a kind that
// matches filter (nil: all), in id order, a page at a time.
func (ix *Index) scan(ctx context.Context, kind string, filter query.Query, fn func(id string, rec []byte) error) error {
	var q query.Query = termQuery(fKind, kind)
	if filter != nil {
		q = query.NewConjunctionQuery([]query.Query{q, filter})
	}
	const page = 2000
	var after []string
	for {
		req := bleve.NewSearchRequestOptions(q, page, 0, false)
		req.Fields = []string{fRecord}
		req.SortBy([]string{"_id"})
		if after != nil {
			req.SearchAfter = after
		}
		res, err := ix.b.SearchInContext(ctx, req)
		if err != nil {
			return err
		}
		for _, h := range res.Hits {
			s, _ := h.Fields[fRecord].(string)
			if err := fn(h.ID, []byte(s)); err != nil {
				return err
			}
		}
		if len(res.Hits) < page {
			return nil
		}
		after = []string{res.Hits[len(res.Hits)-1].ID}
	}
}

func termQuery(field, term string) *query.TermQuery {
	q := query.NewTermQuery(term)
	q.SetField(field)
	return q
}
