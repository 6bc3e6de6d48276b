package main

import (
	"context"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/trustwatch/trustwatch/bot/digest"
	"github.com/trustwatch/trustwatch/corpus"
	"github.com/trustwatch/trustwatch/index"
)

// When serve holds the index, digest cannot read the index's own record of
// when each quotation came in. It reads the corpus's instead: a file's
// modification time. recentSource is a temporary index in memory of the
// article files changed since the digest's start, whatever the corpus's
// size (a day's files, not the corpus); a quotation in one of them is new
// when its file changed since a channel's start. The vendors' earlier
// positions come from the quotations of the other files, extracted (not
// indexed) when the digest first asks for them.
type recentSource struct {
	ix    *index.Index
	fsys  fs.FS
	reg   *corpus.Registry
	from  time.Time
	files map[string]time.Time // changed since from: article id → modification time
	older []string             // the other article files
	// quotes are every quotation of the changed files, read once.
	quotes []index.AnswerQuote

	priorOnce sync.Once
	prior     map[string][]corpus.Label // vendor → labels in older files
	priorErr  error
}

var _ digest.DigestSource = (*recentSource)(nil)

// openRecent lists the corpus, indexes in memory the article files
// modified at or after from, and reads their quotations.
func openRecent(ctx context.Context, fsys fs.FS, reg *corpus.Registry, from time.Time) (*recentSource, error) {
	paths, err := corpus.List(fsys)
	if paths == nil && err != nil {
		return nil, err
	}
	r := &recentSource{fsys: fsys, reg: reg, from: from, files: map[string]time.Time{}}
	for _, p := range paths {
		st, err := fs.Stat(fsys, p)
		if err != nil {
			continue // gone, or unreadable: Sync would skip it too
		}
		if t := st.ModTime(); !t.Before(from) {
			r.files[p] = t
		} else {
			r.older = append(r.older, p)
		}
	}
	if r.ix, err = index.Open("", index.Options{Registry: reg}); err != nil {
		return nil, err
	}
	if _, err := r.ix.Sync(ctx, onlyFS{fsys, r.files}, nil); err != nil {
		r.ix.Close()
		return nil, fmt.Errorf("index the files changed since %s: %w", from.Format(time.RFC3339), err)
	}
	if r.quotes, err = r.ix.Since(ctx, time.Time{}); err != nil {
		r.ix.Close()
		return nil, err
	}
	return r, nil
}

// Close closes the temporary index.
func (r *recentSource) Close() error {
	defer closeCorpus(r.fsys)
	return r.ix.Close()
}

// Registry is the vendor registry the digest names vendors with.
func (r *recentSource) Registry() *corpus.Registry { return r.reg }

// changed reports whether the article id's file changed at or after t.
func (r *recentSource) changed(id string, t time.Time) bool {
	m, ok := r.files[id]
	return ok && !m.Before(t)
}

// Since returns the quotations of the files changed at or after t.
func (r *recentSource) Since(ctx context.Context, t time.Time) ([]index.AnswerQuote, error) {
	var out []index.AnswerQuote
	for _, q := range r.quotes {
		if r.changed(q.Article.ID, t) || slices.ContainsFunc(q.AlsoIn, func(s index.Source) bool { return r.changed(s.ID, t) }) {
			out = append(out, q)
		}
	}
	return out, nil
}

// VendorLabels returns the labels of the vendor's quotations in the files
// that changed before before: the older files, and those changed since
// the start but before before.
func (r *recentSource) VendorLabels(ctx context.Context, vendor string, before time.Time) ([]corpus.Label, error) {
	r.priorOnce.Do(func() { r.prior, r.priorErr = r.readPrior(ctx) })
	if r.priorErr != nil {
		return nil, r.priorErr
	}
	ls := slices.Clone(r.prior[vendor])
	for _, q := range r.quotes {
		if q.Vendor != vendor || r.changed(q.Article.ID, before) {
			continue
		}
		for _, l := range q.Labels {
			if !slices.Contains(ls, l) {
				ls = append(ls, l)
			}
		}
	}
	return ls, nil
}

// readPrior extracts the quotations of the older files, by vendor.
func (r *recentSource) readPrior(ctx context.Context) (map[string][]corpus.Label, error) {
	prior := map[string][]corpus.Label{}
	for _, p := range r.older {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		data, err := corpus.ReadFile(r.fsys, p)
		if err != nil {
			continue // as Sync does, a file that cannot be read is skipped
		}
		art, err := corpus.ParseArticle(p, data)
		if err != nil {
			continue
		}
		for _, q := range corpus.Extract(art, r.reg) {
			for _, l := range q.Labels {
				if q.Vendor != "" && !slices.Contains(prior[q.Vendor], l) {
					prior[q.Vendor] = append(prior[q.Vendor], l)
				}
			}
		}
	}
	return prior, nil
}

// onlyFS is a corpus that shows only some of its files (and the folders
// that hold them).
type onlyFS struct {
	fs.FS
	keep map[string]time.Time
}

// ReadDir lists a folder's kept files and the folders that hold some.
func (o onlyFS) ReadDir(name string) ([]fs.DirEntry, error) {
	entries, err := fs.ReadDir(o.FS, name)
	if err != nil {
		return nil, err
	}
	var out []fs.DirEntry
	for _, e := range entries {
		p := path.Join(name, e.Name())
		if _, ok := o.keep[p]; ok || e.IsDir() && o.holds(p) {
			out = append(out, e)
		}
	}
	return out, nil
}

func (o onlyFS) holds(dir string) bool {
	prefix := dir + "/"
	if dir == "." {
		prefix = ""
	}
	for p := range o.keep {
		if strings.HasPrefix(p, prefix) {
			return true
		}
	}
	return false
}

// Stat and Lstat pass through, so that the corpus reader sees the files
// as they are.
func (o onlyFS) Stat(name string) (fs.FileInfo, error)  { return fs.Stat(o.FS, name) }
func (o onlyFS) Lstat(name string) (fs.FileInfo, error) { return fs.Lstat(o.FS, name) }

// ReadLink passes through.
func (o onlyFS) ReadLink(name string) (string, error) { return fs.ReadLink(o.FS, name) }
