package corpus

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"runtime"
	"slices"
	"strings"
	"sync"
)

// Entry is an article file found by ListEntries, with what the file
// system said of it when it was listed: Info is the file's stat (for a
// link, its target's) as the listing read it, nil when the listing could
// not have it.
type Entry = Listed[fs.FileInfo]

// Listed is an article file found by ListKept, with what the caller kept
// of its stat.
type Listed[S any] struct {
	Path string
	Info S
}

// ListEntries is ListContext with each file's stat. Listing a folder
// opened with Open already reads the stat of every entry (os.Root does),
// so a caller that needs every file's stat, as the index's freshness check
// does, has it without a second look per file. Folders are listed on
// GOMAXPROCS goroutines; entries are sorted by path, and problems are in
// the order a walk of the tree meets them, as ListContext's.
func ListEntries(ctx context.Context, fsys fs.FS) ([]Entry, error) {
	return ListKept(ctx, fsys, func(_ string, info fs.FileInfo) fs.FileInfo { return ownInfo(info) })
}

// ListKept is ListEntries keeping of each file's stat only what keep makes
// of it (info is nil when the listing has none), called as each folder is
// listed: a caller that needs a few fields of every stat does not hold
// the file system's whole stat of each file (some 270 bytes) until the
// walk ends, 27 MB at 100k files. info is valid during the call only
// (the listing may reuse it): keep copies what it keeps.
func ListKept[S any](ctx context.Context, fsys fs.FS, keep func(path string, info fs.FileInfo) S) ([]Listed[S], error) {
	type result struct {
		entries []Listed[S]
		err     error
	}
	done := make(chan result, 1)
	go func() {
		entries, err := listEntries(ctx, fsys, keep)
		done <- result{entries, err}
	}()
	select {
	case r := <-done:
		return r.entries, r.err
	case <-ctx.Done():
		return nil, fmt.Errorf("list corpus: %w", ctx.Err())
	}
}

// listEntries lists the article files of fsys. It returns nil entries
// with an error when the root cannot be listed; else the entries it found
// and the problems joined.
func listEntries[S any](ctx context.Context, fsys fs.FS, keep func(string, fs.FileInfo) S) ([]Listed[S], error) {
	if _, err := fs.Stat(fsys, "."); err != nil {
		return nil, fmt.Errorf("list corpus: %w", err)
	}
	w := &walker[S]{ctx: ctx, fsys: fsys, keep: keep, free: make(chan struct{}, runtime.GOMAXPROCS(0)-1)}
	if d, ok := fsys.(*Dir); ok && rawList {
		w.raw = d
		if err := w.rawFolder("."); err != nil {
			w.wg.Wait()
			return nil, fmt.Errorf("list corpus: %w", err)
		}
	} else {
		root, err := fs.ReadDir(fsys, ".")
		if err != nil {
			return nil, fmt.Errorf("list corpus: %w", err)
		}
		w.entries(".", root)
	}
	w.wg.Wait()
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("list corpus: %w", err)
	}
	found := w.found()
	slices.SortFunc(w.problems, func(a, b *Problem) int { return walkOrder(a.Path, b.Path) })
	errs := make([]error, len(w.problems))
	for i, p := range w.problems {
		errs[i] = p
	}
	return found, errors.Join(errs...)
}

// walker lists a corpus's folders, several at a time.
type walker[S any] struct {
	ctx  context.Context
	fsys fs.FS
	keep func(string, fs.FileInfo) S
	// raw, when set, is fsys, listed with the system calls themselves
	// (rawFolder).
	raw *Dir
	// free holds a token per goroutine that may list a folder besides
	// the caller's; a folder met when none is free is listed in place.
	free chan struct{}
	wg   sync.WaitGroup
	mu   sync.Mutex
	// chunks are the article files found, a folder's files sorted by
	// path in each.
	chunks   [][]Listed[S]
	problems []*Problem
}

// found is every article file found, sorted by path: the folders' chunks
// in the order of their first paths, which is the files' order but for
// the files of a folder that sort among those of its sub-folders
// ("a/b.md" before "a/b/c.md", "a/b0.md" after), which the sort, quick
// on sorted runs, puts in place.
func (w *walker[S]) found() []Listed[S] {
	chunks := slices.DeleteFunc(w.chunks, func(c []Listed[S]) bool { return len(c) == 0 })
	slices.SortFunc(chunks, func(a, b []Listed[S]) int { return strings.Compare(a[0].Path, b[0].Path) })
	n := 0
	for _, c := range chunks {
		n += len(c)
	}
	found := make([]Listed[S], 0, n)
	for _, c := range chunks {
		found = append(found, c...)
	}
	slices.SortFunc(found, func(a, b Listed[S]) int { return strings.Compare(a.Path, b.Path) })
	return found
}

// sub lists the folder at p on a goroutine of its own if one is free,
// else in place.
func (w *walker[S]) sub(p string) {
	select {
	case w.free <- struct{}{}:
		w.wg.Go(func() {
			defer func() { <-w.free }()
			w.folder(p)
		})
	default:
		w.folder(p)
	}
}

// folder lists the folder at p.
func (w *walker[S]) folder(p string) {
	if w.ctx.Err() != nil {
		return
	}
	if w.raw != nil {
		if err := w.rawFolder(p); err != nil {
			w.mu.Lock()
			w.problems = append(w.problems, &Problem{Path: p, Reason: "folder cannot be read: " + reason(err), err: err})
			w.mu.Unlock()
		}
		return
	}
	entries, err := fs.ReadDir(w.fsys, p)
	if err != nil {
		w.mu.Lock()
		w.problems = append(w.problems, &Problem{Path: p, Reason: "folder cannot be read: " + reason(err), err: err})
		w.mu.Unlock()
	}
	w.entries(p, entries) // what could be read of it
}

// entries goes through the entries of the folder dir.
func (w *walker[S]) entries(dir string, entries []fs.DirEntry) {
	var found []Listed[S]
	var problems []*Problem
	for _, d := range entries {
		if strings.HasPrefix(d.Name(), ".") {
			continue // hidden files and folders
		}
		p := path.Join(dir, d.Name())
		if d.IsDir() {
			w.sub(p)
			continue
		}
		if !IsArticle(p) {
			continue
		}
		info, prob := unusable(w.fsys, p, d.Type())
		if prob != nil {
			problems = append(problems, prob)
			continue
		}
		if info == nil {
			var err error
			if info, err = d.Info(); err != nil {
				info = nil // the file went away: its reader will say so
			}
		}
		found = append(found, Listed[S]{Path: p, Info: w.keep(p, info)})
	}
	w.mu.Lock()
	w.chunks = append(w.chunks, found)
	w.problems = append(w.problems, problems...)
	w.mu.Unlock()
}

// walkOrder orders paths as a walk of the tree meets them: by folder,
// each folder's entries by name ("a/b" before "a.md").
func walkOrder(a, b string) int {
	for {
		ha, ra, moreA := strings.Cut(a, "/")
		hb, rb, moreB := strings.Cut(b, "/")
		if c := strings.Compare(ha, hb); c != 0 {
			return c
		}
		switch {
		case !moreA && !moreB:
			return 0
		case !moreA:
			return -1 // a folder before what is in it
		case !moreB:
			return 1
		}
		a, b = ra, rb
	}
}
