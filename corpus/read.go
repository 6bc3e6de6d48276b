package corpus

import (
	"bytes"
	"context"
	"embed"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"slices"
	"strings"
	"time"
)

// MaxFileSize is the largest article file read, in bytes (10 MB). Larger
// files are reported as a *Problem rather than read into memory.
const MaxFileSize = 10 << 20

//go:embed sample
var sampleFS embed.FS

// Sample is the built-in sample corpus: a few real articles, so that
// trustwatch answers something before it is given a corpus of its own.
func Sample() fs.FS {
	s, err := fs.Sub(sampleFS, "sample")
	if err != nil { // cannot happen: "sample" is a valid, embedded path
		return sampleFS
	}
	return s
}

// articleExts are the file name extensions of article files, lower case.
var articleExts = []string{".md", ".markdown", ".txt", ".html", ".htm"}

// ArticleExtensions are the file name extensions of article files (in any
// case), to tell a user which files a corpus is made of.
func ArticleExtensions() []string { return slices.Clone(articleExts) }

// IsArticle reports whether a file name is that of an article file, by its
// extension (in any case). Hidden files are not articles.
func IsArticle(name string) bool {
	base := path.Base(name)
	if strings.HasPrefix(base, ".") {
		return false
	}
	return slices.Contains(articleExts, strings.ToLower(path.Ext(base)))
}

// List returns the paths of the article files of a corpus, sorted. Other
// files, and hidden files and folders (names starting with "."), are
// skipped. If the root cannot be read, List returns an error. If only some
// sub-folders or files cannot be used, it returns the paths it found
// together with a *Problem per unusable one (joined with errors.Join), so
// that a caller can report them and go on with the rest.
//
// An article file that is not a regular file (a named pipe, a device, a
// socket) is such a problem, and so is a symbolic link to one, to nothing,
// or, in a corpus opened with Open, to anything outside the corpus: List
// looks at what a link leads to (a stat, through fsys) without opening it.
// Links to regular files inside the corpus are listed like the files.
func List(fsys fs.FS) ([]string, error) {
	return ListContext(context.Background(), fsys)
}

// ListContext is List, given up when ctx ends: a folder on a stuck network
// mount can block a listing for good, and the caller still returns then
// (the listing goes on in the background until its system call returns).
func ListContext(ctx context.Context, fsys fs.FS) ([]string, error) {
	type result struct {
		paths []string
		err   error
	}
	done := make(chan result, 1)
	go func() {
		paths, err := list(ctx, fsys)
		done <- result{paths, err}
	}()
	select {
	case r := <-done:
		return r.paths, r.err
	case <-ctx.Done():
		return nil, fmt.Errorf("list corpus: %w", ctx.Err())
	}
}

func list(ctx context.Context, fsys fs.FS) ([]string, error) {
	entries, err := listEntries(ctx, fsys, func(string, fs.FileInfo) struct{} { return struct{}{} })
	if entries == nil {
		return nil, err
	}
	paths := make([]string, len(entries))
	for i, e := range entries {
		paths[i] = e.Path
	}
	return paths, err
}

// unusable is the problem with an article file of type t, or nil when it
// is a regular file or a link to one inside the corpus. It opens nothing.
// info is what a link leads to, when it was looked at.
func unusable(fsys fs.FS, p string, t fs.FileMode) (info fs.FileInfo, prob *Problem) {
	if t.IsRegular() {
		return nil, nil
	}
	if t&fs.ModeSymlink == 0 {
		return nil, &Problem{Path: p, Reason: notRegular{t}.Error(), err: ErrNotRegular}
	}
	info, err := fs.Stat(fsys, p)
	if err != nil {
		return nil, linkProblem(fsys, p, err)
	}
	if m := info.Mode(); !m.IsRegular() {
		return nil, &Problem{Path: p, Reason: "link to something that is " + notRegular{m}.Error(), err: ErrNotRegular}
	}
	return info, nil
}

// linkProblem is the problem with a link that cannot be followed.
func linkProblem(fsys fs.FS, p string, err error) *Problem {
	to := ""
	if target, err := fs.ReadLink(fsys, p); err == nil {
		to = " (to " + target + ")"
	}
	switch {
	case errors.Is(err, ErrOutside):
		return &Problem{Path: p, Reason: ErrOutside.Error() + to + "; only links to files inside it are read", err: ErrOutside}
	case errors.Is(err, fs.ErrNotExist):
		return &Problem{Path: p, Reason: "link to a file that does not exist" + to, err: err}
	}
	return &Problem{Path: p, Reason: "link cannot be followed" + to + ": " + reason(err), err: err}
}

// ReadTimeout is how long reading one article file may take. Past it the
// file is reported as a *Problem, and the read is left to finish (or not)
// in the background: a regular file on a stuck network mount blocks in a
// system call that no deadline can interrupt (os.File's deadlines work only
// for pipes and sockets), so the caller stops waiting instead.
const ReadTimeout = 30 * time.Second

// readSlots bounds the reads in flight, those given up on included, so that
// a stuck mount ties up a few threads rather than one per file: when all
// slots are held by stuck reads, the next read waits for one, within its
// own deadline.
var readSlots = make(chan struct{}, 64)

// ReadFile reads one article file of a corpus. A file over MaxFileSize, a
// file that is not a regular file (checked before it is opened and again
// once open), a link leading outside a corpus opened with Open, and a file
// that takes longer than ReadTimeout to read are refused with a *Problem;
// other failures (the file vanished, permissions) are returned wrapped, so
// errors.Is(err, fs.ErrNotExist) works.
func ReadFile(fsys fs.FS, name string) ([]byte, error) {
	return ReadFileContext(context.Background(), fsys, name)
}

// ReadFileContext is ReadFile, given up when ctx ends.
func ReadFileContext(ctx context.Context, fsys fs.FS, name string) ([]byte, error) {
	deadline := time.NewTimer(ReadTimeout)
	defer deadline.Stop()
	select {
	case readSlots <- struct{}{}:
	case <-ctx.Done():
		return nil, fmt.Errorf("read article %s: %w", name, ctx.Err())
	case <-deadline.C:
		return nil, tooSlow(name)
	}
	type result struct {
		data []byte
		err  error
	}
	done := make(chan result, 1)
	go func() {
		defer func() { <-readSlots }()
		data, err := readFile(fsys, name)
		done <- result{data, err}
	}()
	select {
	case r := <-done:
		return r.data, r.err
	case <-ctx.Done():
		return nil, fmt.Errorf("read article %s: %w", name, ctx.Err())
	case <-deadline.C:
		return nil, tooSlow(name)
	}
}

func readFile(fsys fs.FS, name string) ([]byte, error) {
	// A Dir opens without blocking and checks what it opened; any other
	// file system is asked first, if it can say without opening.
	if _, safe := fsys.(*Dir); !safe {
		if sfs, ok := fsys.(fs.StatFS); ok {
			info, err := sfs.Stat(name)
			if err != nil {
				return nil, readProblem(name, err)
			}
			if m := info.Mode(); !m.IsRegular() {
				return nil, &Problem{Path: name, Reason: notRegular{m}.Error(), err: ErrNotRegular}
			}
		}
	}
	f, err := fsys.Open(name)
	if err != nil {
		return nil, readProblem(name, err)
	}
	defer f.Close()
	var size int64
	if info, err := f.Stat(); err == nil {
		if m := info.Mode(); !m.IsRegular() {
			return nil, &Problem{Path: name, Reason: notRegular{m}.Error(), err: ErrNotRegular}
		}
		if size = info.Size(); size > MaxFileSize {
			return nil, tooLarge(name, size)
		}
	}
	// Read into a buffer of the file's size (one more byte to see the
	// end), rather than io.ReadAll's doubling from 512 bytes.
	buf := bytes.NewBuffer(make([]byte, 0, max(size, 0)+bytes.MinRead))
	if _, err := buf.ReadFrom(io.LimitReader(f, MaxFileSize+1)); err != nil {
		return nil, fmt.Errorf("read article %s: %w", name, err)
	}
	data := buf.Bytes()
	if len(data) > MaxFileSize {
		return nil, tooLarge(name, int64(len(data)))
	}
	return data, nil
}

// readProblem is the error of a file that could not be opened: a *Problem
// when it is one a user can act on, else err wrapped.
func readProblem(name string, err error) error {
	switch {
	case errors.Is(err, ErrOutside):
		return &Problem{Path: name, Reason: ErrOutside.Error() + "; only files inside it are read", err: ErrOutside}
	case errors.Is(err, ErrNotRegular):
		return &Problem{Path: name, Reason: reason(err), err: err}
	}
	return fmt.Errorf("read article: %w", err)
}

func tooSlow(name string) *Problem {
	return &Problem{Path: name, Reason: fmt.Sprintf("reading took longer than %s (a stuck network mount?); skipped this time", ReadTimeout)}
}

func tooLarge(name string, size int64) *Problem {
	return &Problem{Path: name, Reason: fmt.Sprintf("too large (%d bytes; the limit is %d MB)", size, MaxFileSize>>20)}
}

// reason is err's message without the path an fs.PathError repeats.
func reason(err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}
