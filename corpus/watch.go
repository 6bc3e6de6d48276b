package corpus

import (
	"context"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/fsnotify/fsnotify"
)

// WatchOptions tunes Watch. The zero value gives the defaults.
type WatchOptions struct {
	// Debounce is how long the tree must stay quiet, and every article
	// file's size and modification time unchanged, before changed is
	// called: a burst of writes becomes one call. Default 500 ms.
	Debounce time.Duration
	// Rescan is how often the tree is listed (paths, sizes, modification
	// times) as a safety net for events the platform dropped or never
	// sends (network file systems, a queue overflow). Default 1 minute.
	Rescan time.Duration
	// Ready, if not nil, is called once the watches are in place, before
	// any change is reported. A caller that indexed the tree before
	// calling Watch should index it again there: a file written between
	// its last look and the watches would otherwise wait for a change
	// that already happened.
	Ready func()
}

// Watch calls changed whenever article files under root are created,
// modified, renamed or deleted, until ctx is done; it then returns nil. It
// returns an error only when it cannot start watching.
//
// Changes are debounced: changed is called once a burst is over and the
// listing of article files (path, size, modification time) has stayed the
// same for a whole Debounce window, so that a file being written is not
// read half-written as long as its writer keeps writing. A writer that
// pauses for longer than that should write to a hidden temporary file
// (".name.tmp", which is not an article) and rename it into place, as
// corpus/feed does: the rename is atomic, and Watch sees the whole file.
//
// Folders created under root are watched as they appear; hidden files and
// folders are ignored, as List ignores them. changed is called from Watch's
// goroutine, never concurrently: changes made while it runs are gathered
// into the next call. It should start a Sync of the index, which is
// incremental: a spurious call costs a listing and a hash per file.
func Watch(ctx context.Context, root string, opts WatchOptions, changed func()) error {
	if opts.Debounce <= 0 {
		opts.Debounce = 500 * time.Millisecond
	}
	if opts.Rescan <= 0 {
		opts.Rescan = time.Minute
	}
	w, err := fsnotify.NewWatcher()
	if err != nil {
		return fmt.Errorf("watch corpus %s: %w", root, err)
	}
	defer w.Close()
	tw := &treeWatch{root: root, w: w, dirs: map[string]bool{}}
	last, err := tw.scan(ctx)
	if err != nil {
		if ctx.Err() != nil {
			return nil
		}
		return fmt.Errorf("watch corpus %s: %w", root, err)
	}
	if opts.Ready != nil {
		opts.Ready()
	}

	quiet := time.NewTimer(opts.Debounce)
	quiet.Stop()
	rescan := time.NewTicker(opts.Rescan)
	defer rescan.Stop()
	var candidate listing // the listing when the tree last went quiet
	pending := false
	arm := func() {
		pending, candidate = true, nil
		quiet.Reset(opts.Debounce)
	}
	for {
		select {
		case <-ctx.Done():
			return nil
		case ev, ok := <-w.Events:
			if !ok {
				return nil
			}
			if tw.relevant(ev) {
				arm()
			}
		case _, ok := <-w.Errors:
			if !ok {
				return nil
			}
			// An overflow loses events; anything else is a transient read
			// error. Either way the listing tells what changed.
			arm()
		case <-rescan.C:
			if pending {
				continue
			}
			if now, err := tw.scan(ctx); err == nil && !maps.Equal(now, last) {
				arm()
			}
		case <-quiet.C:
			now, err := tw.scan(ctx)
			if err != nil { // the root went away (or ctx ended); try again later
				arm()
				continue
			}
			if candidate == nil || !maps.Equal(now, candidate) {
				candidate = now // still settling: one more window
				quiet.Reset(opts.Debounce)
				continue
			}
			pending, candidate = false, nil
			if !maps.Equal(now, last) {
				last = now
				changed()
			}
		}
	}
}

// fileState is what the listing keeps of an article file.
type fileState struct {
	size  int64
	mtime int64 // UnixNano
}

// listing maps an article file's path to its state.
type listing map[string]fileState

// treeWatch keeps fsnotify watches on every folder of a tree.
type treeWatch struct {
	root string
	w    *fsnotify.Watcher
	dirs map[string]bool // folders watched
}

// relevant reports whether an event may change the corpus: one on an
// article file, or on a folder (created, removed or renamed).
func (tw *treeWatch) relevant(ev fsnotify.Event) bool {
	if ev.Op == fsnotify.Chmod || strings.HasPrefix(filepath.Base(ev.Name), ".") {
		return false
	}
	if IsArticle(ev.Name) || tw.dirs[ev.Name] {
		return true
	}
	if ev.Has(fsnotify.Create) {
		// Lstat: a link to a folder is not followed, by List nor here (it
		// may lead out of the corpus).
		if st, err := os.Lstat(ev.Name); err == nil && st.IsDir() {
			tw.add(ev.Name)
			return true // files may have landed in it before it was watched
		}
	}
	return false
}

// add watches a folder; a failure is left to the next scan.
func (tw *treeWatch) add(dir string) {
	if tw.dirs[dir] {
		return
	}
	if err := tw.w.Add(dir); err == nil {
		tw.dirs[dir] = true
	}
}

// scan lists the article files of the tree and makes sure that every folder
// of it, and only those, is watched. It gives up when ctx ends, even if a
// folder on a stuck mount blocks the walk (which then ends in the
// background when its system call returns).
func (tw *treeWatch) scan(ctx context.Context) (listing, error) {
	type result struct {
		l    listing
		dirs []string
		err  error
	}
	done := make(chan result, 1)
	go func() {
		l, dirs, err := walkTree(ctx, tw.root)
		done <- result{l, dirs, err}
	}()
	var r result
	select {
	case r = <-done:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	if r.err != nil {
		return nil, r.err
	}
	seen := map[string]bool{}
	for _, dir := range r.dirs {
		seen[dir] = true
		tw.add(dir)
	}
	for dir := range tw.dirs {
		if !seen[dir] {
			// Removed or renamed away: fsnotify may already have dropped
			// it, and then Remove fails, which is fine.
			_ = tw.w.Remove(dir)
			delete(tw.dirs, dir)
		}
	}
	return r.l, nil
}

// walkTree lists the article files and the folders of the tree at root. It
// opens no file: a link's state is the link's own (Lstat).
func walkTree(ctx context.Context, root string) (listing, []string, error) {
	l := listing{}
	var dirs []string
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err := ctx.Err(); err != nil {
			return err
		}
		if err != nil {
			if p == root {
				return err
			}
			return nil // an unreadable folder: List reports it
		}
		if p != root && strings.HasPrefix(d.Name(), ".") {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if d.IsDir() {
			dirs = append(dirs, p)
			return nil
		}
		if !IsArticle(p) {
			return nil
		}
		if info, err := d.Info(); err == nil {
			l[p] = fileState{info.Size(), info.ModTime().UnixNano()}
		}
		return nil
	})
	if err != nil {
		return nil, nil, fmt.Errorf("list %s: %w", root, err)
	}
	return l, dirs, nil
}
