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
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/document"
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
	// lasting: the problem is in the file's content, and lasts while
	// its stat does.
	lasting bool
	stat    fileStat // the file's stat before it was read
	at      int      // the file's index in the Sync's paths
	docs    []*document.Document
	deletes []string
}

// Sync brings the index up to date with the corpus in fsys: new files
// are indexed, deleted ones removed, and a file is read again only when
// the file system's stat of it changed or cannot vouch for it (see
// Freshness in fresh.go); a changed file whose content hash is the one
// indexed is not indexed again. progress, if not nil, is called from
// Sync's goroutine after each file.
func (ix *Index) Sync(ctx context.Context, fsys fs.FS, progress func(done, total int)) (SyncReport, error) {
	return ix.sync(ctx, &Walk{fsys: fsys}, progress, false)
}

// FullSync is Sync reading and hashing every file, whatever its stat
// says: it also finds an edit that kept the file's size and times (a
// `touch -r` after an edit), which a quick Sync cannot see.
func (ix *Index) FullSync(ctx context.Context, fsys fs.FS, progress func(done, total int)) (SyncReport, error) {
	return ix.sync(ctx, &Walk{fsys: fsys}, progress, true)
}

// sync is Sync and FullSync, with the corpus listed by w: a walk
// started by the caller, or else (walk.done nil) one started here.
func (ix *Index) sync(ctx context.Context, walk *Walk, progress func(done, total int), full bool) (SyncReport, error) {
	ix.syncMu.Lock()
	defer ix.syncMu.Unlock()
	start := time.Now()
	if walk.done == nil {
		walk = StartWalk(ctx, walk.fsys)
	}
	fsys := walk.fsys
	now := ix.now().UTC()
	// The files' stats were taken after the walk started: their racy
	// margin counts from then, on the index's clock.
	looked := now.Add(-time.Since(walk.start))
	var rep SyncReport

	// An unchanged corpus is told from the stat table mapped, without
	// decoding it (unchanged.go).
	var quick *mappedTable
	if !full {
		quick = ix.mapTable()
	}
	if quick == nil && ix.readOnly {
		return rep, ErrReadOnly
	}

	// kept is what the last Sync verified of each file, from the stat
	// table or, without one, from every article's record (with no stat
	// for a full check). It is read while the walk goes on, unless the
	// table may show the corpus unchanged.
	var tbl *statTable
	var kept []tableEntry
	var state map[string]articleRecord
	var err error
	loadKept := func() error {
		if !full {
			tbl = ix.loadTable()
		}
		if tbl != nil {
			kept = tbl.files
			return nil
		}
		if state, err = ix.fileState(ctx); err != nil {
			return err
		}
		kept = make([]tableEntry, 0, len(state))
		for p, r := range state {
			e := tableEntry{path: p, indexed: true}
			if r.Stat != nil && !full {
				e.stat = *r.Stat
			}
			kept = append(kept, e)
		}
		slices.SortFunc(kept, func(a, b tableEntry) int { return strings.Compare(a.path, b.path) })
		return nil
	}
	if quick == nil {
		if err := loadKept(); err != nil {
			return rep, err
		}
	}

	// One walk lists the files and says what each one's stat is.
	entries, err := walk.wait()
	folders, err := listProblems(err)
	if err != nil {
		if quick != nil {
			quick.unmap()
		}
		return rep, fmt.Errorf("list corpus: %w", err)
	}
	if quick != nil {
		// The listing's problems come first, as below; a file the table
		// holds that the listing did not find (under a folder that could
		// not be read, say) is a change.
		rep.Problems = append(rep.Problems, folders...)
		same := quick.unchanged(entries, &rep)
		st := quick.head.stats
		quick.unmap()
		if same {
			ix.counts.set(ix.gen.Load(), st)
			rep.Files = len(entries)
			rep.Articles, rep.Quotes, rep.Vendors = st.Articles, st.Quotes, len(st.Vendors)
			rep.Took = time.Since(start)
			return rep, nil
		}
		if ix.readOnly {
			return SyncReport{}, ErrReadOnly
		}
		rep = SyncReport{}
		if err := loadKept(); err != nil {
			return rep, err
		}
	}
	paths := make([]string, len(entries))
	for i, e := range entries {
		paths[i] = e.Path
	}
	rep.Problems = append(rep.Problems, folders...)
	rep.Files = len(paths)
	cur := make([]fileStat, len(entries))
	for i, e := range entries {
		if e.Info.usable() {
			cur[i] = e.Info.racyAt(looked)
		}
	}

	// Walk paths and kept together (both sorted): next[i] is what this
	// Sync verifies of paths[i] (nil when nothing), held back what it
	// keeps of files not listed. A file whose stat holds keeps its entry
	// in kept: an unchanged corpus copies none (9 MB at 100k files).
	next := make([]*tableEntry, len(paths))
	old := make([]*tableEntry, len(paths))
	var check []int // indexes in paths of the files to read
	var held []tableEntry
	var removed []string
	unlisted := func(e tableEntry) {
		switch {
		case !e.indexed:
		case underAny(e.path, folders):
			held = append(held, e)
		default:
			removed = append(removed, e.path)
		}
	}
	j := 0
	for i, p := range paths {
		for j < len(kept) && kept[j].path < p {
			unlisted(kept[j])
			j++
		}
		if j < len(kept) && kept[j].path == p {
			old[i] = &kept[j]
			j++
		}
		switch k := old[i]; {
		case k != nil && trusted(k.stat, cur[i]) && k.problem != "":
			next[i] = k
			rep.Problems = append(rep.Problems, &corpus.Problem{Path: p, Reason: k.problem})
		case k != nil && trusted(k.stat, cur[i]):
			next[i] = k
			rep.Unchanged++
		default:
			check = append(check, i)
		}
	}
	for ; j < len(kept); j++ {
		unlisted(kept[j])
	}
	if tbl != nil {
		// The records of the indexed files to check or remove.
		var need []string
		for _, i := range check {
			if old[i] != nil && old[i].indexed {
				need = append(need, paths[i])
			}
		}
		need = append(need, removed...)
		if state, err = ix.articleRecords(ctx, need, len(kept)); err != nil {
			return rep, err
		}
	}

	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	jobs := make(chan int)
	results := make(chan fileResult, 64)
	var wg sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			for i := range jobs {
				p := paths[i]
				r := ix.prepare(ctx, fsys, p, state[p], cur[i], now)
				r.at = i
				select {
				case results <- r:
				case <-ctx.Done():
					return
				}
			}
		})
	}
	go func() {
		defer close(jobs)
		for _, i := range check {
			select {
			case jobs <- i:
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
	// The stat table goes before the index is first written to, and
	// comes back once every write is done: a Sync stopped half-way
	// leaves none, and the next one checks the records' stats.
	wrote := false
	writing := func() error {
		if wrote {
			return nil
		}
		wrote = true
		return ix.dropTable()
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
	done := len(paths) - len(check)
	for r := range results {
		done++
		switch {
		case r.problem != nil:
			rep.Problems = append(rep.Problems, r.problem)
			e := tableEntry{path: r.path, indexed: old[r.at] != nil && old[r.at].indexed}
			if r.lasting {
				e.stat, e.problem = r.stat, r.problem.Reason
			}
			if e.indexed || e.problem != "" {
				next[r.at] = &e
			}
		case r.unchanged:
			rep.Unchanged++
			next[r.at] = &tableEntry{path: r.path, stat: r.stat, indexed: true}
		default:
			if err := writing(); err != nil {
				return rep, err
			}
			next[r.at] = &tableEntry{path: r.path, stat: r.stat, indexed: true}
			if r.updated {
				rep.Updated++
			} else {
				rep.Added++
			}
			s := shardOf(r.path)
			for _, id := range r.deletes {
				batches[s].Delete(id)
			}
			for _, d := range r.docs {
				if err := batches[s].IndexAdvanced(d); err != nil {
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
	if progress != nil && len(check) == 0 {
		progress(len(paths), len(paths))
	}

	for _, id := range removed {
		if err := writing(); err != nil {
			return rep, err
		}
		rep.Removed++
		s := shardOf(id)
		batches[s].Delete(articleID(id))
		for _, q := range state[id].QuoteIDs {
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
	var st Stats
	if tbl != nil && !wrote {
		st = tbl.stats
	} else if st, err = ix.Stats(ctx); err != nil {
		return rep, err
	}
	// The next question needs these counts: counting them here spares
	// it the wait (about 0.2 s at 100k articles).
	ix.counts.set(gen, st)
	if tbl == nil || wrote || !sameTable(next, held, tbl.files) {
		files := verified(next, held)
		docs, err := ix.docCounts()
		if err != nil {
			return rep, err
		}
		if err := ix.saveTable(&statTable{docs: docs, stats: st, files: files}); err != nil {
			return rep, err
		}
	}
	rep.Articles, rep.Quotes, rep.Vendors = st.Articles, st.Quotes, len(st.Vendors)
	rep.Took = time.Since(start)
	return rep, nil
}

// verified is the table of what a Sync verified: next's entries and
// held, sorted by path.
func verified(next []*tableEntry, held []tableEntry) []tableEntry {
	files := make([]tableEntry, 0, len(next)+len(held))
	for _, e := range next {
		if e != nil {
			files = append(files, *e)
		}
	}
	if len(held) > 0 {
		files = append(files, held...)
		slices.SortFunc(files, func(a, b tableEntry) int { return strings.Compare(a.path, b.path) })
	}
	return files
}

// sameTable reports whether what a Sync verified, next and held, is the
// table it read, files, without copying it when there is nothing held.
func sameTable(next []*tableEntry, held, files []tableEntry) bool {
	if len(held) > 0 {
		return slices.Equal(verified(next, held), files)
	}
	j := 0
	for _, e := range next {
		if e == nil {
			continue
		}
		if j == len(files) || *e != files[j] {
			return false
		}
		j++
	}
	return j == len(files)
}

// prepare reads, parses and extracts one file, unless its hash is the one
// indexed. old is the indexed state of the file (zero when new), stat
// what the file system said of it before it was read.
func (ix *Index) prepare(ctx context.Context, fsys fs.FS, path string, old articleRecord, stat fileStat, now time.Time) fileResult {
	r := fileResult{path: path, updated: old.Hash != "", stat: stat}
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
		r.problem, r.lasting = asProblem(path, err), stat.usable()
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
	r.docs = make([]*document.Document, 0, len(quotes)+1)
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
		id := quoteID(path, i)
		ids = append(ids, id)
		doc, err := ix.quoteDocument(id, rec)
		if err != nil {
			r.problem = &corpus.Problem{Path: path, Reason: "index quotation: " + err.Error()}
			return r
		}
		r.docs = append(r.docs, doc)
	}
	for _, id := range old.QuoteIDs {
		if !slices.Contains(ids, id) {
			r.deletes = append(r.deletes, id)
		}
	}
	rec := articleRecord{Source: src, Lang: a.Lang, Hash: hash, QuoteIDs: ids, Changed: now}
	if stat.usable() {
		rec.Stat = &stat
	}
	doc, err := ix.articleDocument(articleID(path), a, rec)
	if err != nil {
		r.problem = &corpus.Problem{Path: path, Reason: "index article: " + err.Error()}
		return r
	}
	r.docs = append(r.docs, doc)
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

// articleRecords reads the indexed state of some article files (paths);
// when they are many of all (total), it reads every record in one scan.
func (ix *Index) articleRecords(ctx context.Context, paths []string, total int) (map[string]articleRecord, error) {
	if len(paths) > 2000 && len(paths) > total/4 {
		return ix.fileState(ctx)
	}
	out := make(map[string]articleRecord, len(paths))
	for len(paths) > 0 {
		n := min(len(paths), 1000)
		ids := make([]string, n)
		for i, p := range paths[:n] {
			ids[i] = articleID(p)
		}
		paths = paths[n:]
		req := bleve.NewSearchRequestOptions(query.NewDocIDQuery(ids), n, 0, false)
		req.Fields = []string{fRecord}
		res, err := ix.b.SearchInContext(ctx, req)
		if err != nil {
			return nil, fmt.Errorf("read index state: %w", err)
		}
		for _, h := range res.Hits {
			var r articleRecord
			s, _ := h.Fields[fRecord].(string)
			if err := json.Unmarshal([]byte(s), &r); err != nil {
				return nil, fmt.Errorf("read indexed state of %s: %w", h.ID, err)
			}
			out[r.Source.ID] = r
		}
	}
	return out, nil
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
