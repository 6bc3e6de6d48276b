package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/trustwatch/trustwatch/corpus"
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

Symbolic links are followed only to regular files inside the corpus: a link
out of it, to a named pipe or to a device (or such a file itself) is
reported and skipped without being opened, and a file that takes longer than
30 s to read is skipped this time.

It returns once the index's background merges are done, so that the asks
that follow only read it; after a large change (a tenth of the files or
more, as when indexing from scratch), it first merges the index into fewer,
larger segments, which makes every answer cheaper.

Prints one line per file that could not be used ("path: reason") on stderr,
then a summary. Exit status 0 even when some files could not be used (an
earlier version of such a file stays indexed); 1 when none could be indexed.`

// compactShare: `index` compacts the index (index.Compact) when at least
// one file in compactShare was added, updated or removed.
const compactShare = 10

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
	defer closeCorpus(fsys)
	defer lessGC(gcPercent, indexMemory)()
	ix, err := index.Open(dir, index.Options{Registry: reg})
	if err != nil {
		return err
	}
	defer ix.Close()

	var bar *progress // none unless stderr is a terminal
	if isTerminal(a.stderr) {
		bar = newProgress(a.stderr, progressEvery)
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
	// The merges the writes started are finished here, once, rather than
	// started and given up by every ask that follows; after a large
	// change, each part is merged into fewer segments, which every answer
	// reads faster (a small change is not worth rewriting the index).
	settle := ix.Settle
	if changed := rep.Added + rep.Updated + rep.Removed; changed > 0 && changed*compactShare >= rep.Files {
		settle = ix.Compact
	}
	if err := settle(ctx); err != nil {
		return err
	}
	for _, p := range rep.Problems {
		fmt.Fprintf(a.stderr, "%s: %s\n", p.Path, p.Reason)
	}
	fmt.Fprintf(a.stdout, "indexed %s, %s, %s; %d skipped in %s (%d added, %d updated, %d removed, %d unchanged)\n",
		plural(rep.Articles, "article"), plural(rep.Quotes, "quote"), plural(rep.Vendors, "vendor"),
		len(rep.Problems), rep.Took.Round(time.Millisecond), rep.Added, rep.Updated, rep.Removed, rep.Unchanged)
	if empty(rep) {
		fmt.Fprintln(a.stdout, noArticles(a.cfg.Corpus))
	}
	if dir == "" {
		fmt.Fprintln(a.stdout, "the built-in sample corpus is indexed in memory; set TRUSTWATCH_CORPUS to index a folder of articles")
	}
	if len(rep.Problems) > 0 && rep.Articles == 0 {
		return errReported
	}
	return nil
}

// empty reports whether a Sync found no article file at all, usable or not.
func empty(rep index.SyncReport) bool { return rep.Files == 0 && len(rep.Problems) == 0 }

// noArticles says that the corpus folder holds no article files, and which
// files those are.
func noArticles(dir string) string {
	return fmt.Sprintf("%s holds no article files (%s): put articles in it, or set TRUSTWATCH_FEEDS to fetch some",
		dir, strings.Join(corpus.ArticleExtensions(), ", "))
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
