package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/trustwatch/trustwatch/index"
)

func init() {
	register("index", "build or update the search index from the corpus", cmdIndex)
}

const indexDoc = `
Builds or updates the search index from the corpus (TRUSTWATCH_CORPUS, or the
built-in sample) in TRUSTWATCH_INDEX (default: a folder per corpus in the
user's cache folder; the built-in sample is indexed in memory on each run).
Only files that changed since the last run are read again, as the file system
tells (size, modification and change times, inode); --full reads and hashes
every file, to catch an edit that kept a file's size and times (touch -r).

Prints one line per file that could not be used ("path: reason") on stderr,
then a summary. Exit status 0 even when some files could not be used (an
earlier version of such a file stays indexed); 1 when none could be indexed.`

func cmdIndex(ctx context.Context, a *app, args []string) error {
	fs := a.newFlags("index", "[--full]", indexDoc)
	full := fs.Bool("full", false, "read and hash every file, even those whose size and times are unchanged")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usageErr("index takes no arguments (got %q)", strings.Join(fs.Args(), " "))
	}
	fsys, reg, dir, err := a.cfg.sources()
	if err != nil {
		return err
	}
	ix, err := index.Open(dir, index.Options{Registry: reg})
	if err != nil {
		return err
	}
	defer ix.Close()

	var bar *progressBar
	if isTerminal(a.stderr) {
		bar = &progressBar{w: a.stderr}
	}
	syncFn := ix.Sync
	if *full {
		syncFn = ix.FullSync
	}
	rep, err := syncFn(ctx, fsys, bar.update)
	bar.finish()
	if err != nil {
		return err
	}
	for _, p := range rep.Problems {
		fmt.Fprintf(a.stderr, "%s: %s\n", p.Path, p.Reason)
	}
	fmt.Fprintf(a.stdout, "indexed %s, %s, %s; %d skipped in %s (%d added, %d updated, %d removed, %d unchanged)\n",
		plural(rep.Articles, "article"), plural(rep.Quotes, "quote"), plural(rep.Vendors, "vendor"),
		len(rep.Problems), rep.Took.Round(time.Millisecond), rep.Added, rep.Updated, rep.Removed, rep.Unchanged)
	if dir == "" {
		fmt.Fprintln(a.stdout, "the built-in sample corpus is indexed in memory; set TRUSTWATCH_CORPUS to index a folder of articles")
	}
	if len(rep.Problems) > 0 && rep.Articles == 0 {
		return errReported
	}
	return nil
}

// isTerminal reports whether w is a terminal (a character device).
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

// progressBar draws "[#####     ] 123/456" on one terminal line, at most
// every 100ms. A nil bar draws nothing.
type progressBar struct {
	w     io.Writer
	last  time.Time
	drawn bool
}

func (b *progressBar) update(done, total int) {
	if b == nil || total == 0 || (time.Since(b.last) < 100*time.Millisecond && done != total) {
		return
	}
	b.last = time.Now()
	const width = 30
	n := done * width / total
	fmt.Fprintf(b.w, "\rindexing [%s%s] %d/%d", strings.Repeat("#", n), strings.Repeat(" ", width-n), done, total)
	b.drawn = true
}

func (b *progressBar) finish() {
	if b != nil && b.drawn {
		fmt.Fprint(b.w, "\r\033[K")
	}
}

// openIndex opens the configured index. When another process holds it
// and the corpus is small, it builds a temporary index in memory instead
// and says so on stderr; else the error says what to do.
func openIndex(a *app, dir string, opts index.Options, smallCorpus func() bool) (*index.Index, error) {
	ix, err := index.Open(dir, opts)
	if err == nil || !errors.Is(err, index.ErrBusy) {
		return ix, err
	}
	if !smallCorpus() {
		return nil, err
	}
	fmt.Fprintf(a.stderr, "trustwatch: the index at %s is in use by another trustwatch process (serve?); answering from a temporary index in memory\n", dir)
	return index.Open("", opts)
}

// plural is "1 article", "2 articles".
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
