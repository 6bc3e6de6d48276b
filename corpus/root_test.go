//go:build unix

package corpus

import (
	"context"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"testing/fstest"
	"testing/synctest"
	"time"
)

// linkTree builds a corpus folder and a folder outside it:
//
//	corpus/ok.md           an article
//	corpus/in.md           -> ok.md (a link inside the corpus)
//	corpus/sub/rel.md      -> ../ok.md
//	corpus/pipe            a FIFO (not an article name)
//	corpus/fifo-in.md      -> pipe
//	corpus/direct.md       a FIFO named like an article
//	corpus/broken.md       -> missing.md
//	corpus/out.md          -> outside/secret.md
//	corpus/fifo-out.md     -> outside/pipe (a FIFO)
//	corpus/abs.md          -> /…/corpus/ok.md (an absolute link inside)
//	corpus/abs-via.md      -> /…/corpus/out.md (inside, to a link out)
//
// A reader stuck opening one of the FIFOs is released when the test ends,
// so that a failing test fails rather than hangs.
func linkTree(t *testing.T) (corpusDir, outside string) {
	t.Helper()
	base := t.TempDir()
	corpusDir, outside = filepath.Join(base, "corpus"), filepath.Join(base, "outside")
	for _, d := range []string{filepath.Join(corpusDir, "sub"), outside} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	write(t, filepath.Join(corpusDir, "ok.md"), "hello")
	write(t, filepath.Join(outside, "secret.md"), "root:x:0:0")
	fifos := []string{filepath.Join(corpusDir, "pipe"), filepath.Join(corpusDir, "direct.md"), filepath.Join(outside, "pipe")}
	for _, p := range fifos {
		mkfifo(t, p)
	}
	for link, target := range map[string]string{
		"in.md":       "ok.md",
		"sub/rel.md":  "../ok.md",
		"fifo-in.md":  "pipe",
		"broken.md":   "missing.md",
		"out.md":      filepath.Join(outside, "secret.md"),
		"fifo-out.md": filepath.Join(outside, "pipe"),
		"abs.md":      filepath.Join(corpusDir, "ok.md"),
		"abs-via.md":  filepath.Join(corpusDir, "out.md"),
	} {
		if err := os.Symlink(target, filepath.Join(corpusDir, link)); err != nil {
			t.Fatal(err)
		}
	}
	return corpusDir, outside
}

// mkfifo makes a FIFO at p, and releases anyone stuck opening it for
// reading when the test ends.
func mkfifo(t *testing.T, p string) {
	t.Helper()
	if err := syscall.Mkfifo(p, 0o644); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
	t.Cleanup(func() {
		// Opening for writing without blocking succeeds only if a reader
		// waits, and lets it go on (to read end of file).
		if f, err := os.OpenFile(p, os.O_WRONLY|syscall.O_NONBLOCK, 0); err == nil {
			f.Close()
		}
	})
}

// within runs f, failing the test if it has not returned after 10 s: the
// code under test hangs.
func within[T any](t *testing.T, what string, f func() T) T {
	t.Helper()
	done := make(chan T, 1)
	go func() { done <- f() }()
	select {
	case v := <-done:
		return v
	case <-time.After(10 * time.Second):
		t.Fatalf("%s is still running after 10 s: it hangs", what)
		panic("unreachable")
	}
}

type listed struct {
	paths []string
	err   error
}

// problemsOf maps each *Problem in err (joined or not) to its reason.
func problemsOf(err error) map[string]string {
	out := map[string]string{}
	errs := []error{err}
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		errs = j.Unwrap()
	}
	for _, e := range errs {
		var p *Problem
		if errors.As(e, &p) {
			out[p.Path] = p.Reason
		}
	}
	return out
}

func TestListLinks(t *testing.T) {
	dir, _ := linkTree(t)
	root, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer root.Close()
	for _, tc := range []struct {
		name     string
		fsys     fs.FS
		paths    []string
		problems map[string]string // path: a part of the reason
	}{
		{
			name:  "root",
			fsys:  root,
			paths: []string{"abs.md", "in.md", "ok.md", "sub/rel.md"},
			problems: map[string]string{
				"out.md":      "outside the corpus",
				"abs-via.md":  "outside the corpus",
				"fifo-out.md": "outside the corpus",
				"fifo-in.md":  "not a regular file (a named pipe)",
				"direct.md":   "not a regular file (a named pipe)",
				"broken.md":   "does not exist",
			},
		},
		{
			// Without a root, a link out cannot be told from one in; the
			// FIFOs are still never listed.
			name:  "DirFS",
			fsys:  os.DirFS(dir),
			paths: []string{"abs-via.md", "abs.md", "in.md", "ok.md", "out.md", "sub/rel.md"},
			problems: map[string]string{
				"fifo-out.md": "not a regular file (a named pipe)",
				"fifo-in.md":  "not a regular file (a named pipe)",
				"direct.md":   "not a regular file (a named pipe)",
				"broken.md":   "does not exist",
			},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := within(t, "List", func() listed { p, err := List(tc.fsys); return listed{p, err} })
			if !slices.Equal(got.paths, tc.paths) {
				t.Errorf("List paths = %q; want %q", got.paths, tc.paths)
			}
			probs := problemsOf(got.err)
			for p, want := range tc.problems {
				if !strings.Contains(probs[p], want) {
					t.Errorf("List problem for %s = %q; want it to say %q", p, probs[p], want)
				}
			}
			if len(probs) != len(tc.problems) {
				t.Errorf("List problems = %q; want %d", probs, len(tc.problems))
			}
		})
	}
}

type read struct {
	data []byte
	err  error
}

func TestReadFileLinks(t *testing.T) {
	dir, outside := linkTree(t)
	root, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer root.Close()
	for _, tc := range []struct {
		name, file string
		fsys       fs.FS
		data       string // the content, or else a part of the reason
		ok         bool
	}{
		{"link inside", "in.md", root, "hello", true},
		{"link up inside", "sub/rel.md", root, "hello", true},
		{"absolute link inside", "abs.md", root, "hello", true},
		{"link outside", "out.md", root, "link leads outside the corpus", false},
		{"absolute link to a link outside", "abs-via.md", root, "link leads outside the corpus", false},
		{"link outside to a FIFO", "fifo-out.md", root, "link leads outside the corpus", false},
		{"link to a FIFO", "fifo-in.md", root, "not a regular file (a named pipe)", false},
		{"FIFO", "direct.md", root, "not a regular file (a named pipe)", false},
		{"DirFS link to a FIFO", "fifo-out.md", os.DirFS(dir), "not a regular file (a named pipe)", false},
		{"DirFS FIFO", "direct.md", os.DirFS(dir), "not a regular file (a named pipe)", false},
		{"DirFS of the outside", "secret.md", os.DirFS(outside), "root:x:0:0", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := within(t, "ReadFile("+tc.file+")", func() read { b, err := ReadFile(tc.fsys, tc.file); return read{b, err} })
			if tc.ok {
				if got.err != nil || string(got.data) != tc.data {
					t.Errorf("ReadFile(%s) = %q, %v; want %q", tc.file, got.data, got.err, tc.data)
				}
				return
			}
			var p *Problem
			if !errors.As(got.err, &p) || p.Path != tc.file || !strings.Contains(p.Reason, tc.data) {
				t.Errorf("ReadFile(%s) = %q, %v; want a *Problem saying %q", tc.file, got.data, got.err, tc.data)
			}
		})
	}
}

func TestOpenNotAFolder(t *testing.T) {
	f := filepath.Join(t.TempDir(), "a.md")
	write(t, f, "x")
	if r, err := Open(f); err == nil {
		r.Close()
		t.Errorf("Open(%s) = nil error; want one for a file", f)
	}
	if _, err := Open(filepath.Join(t.TempDir(), "nope")); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("Open(missing) error = %v; want fs.ErrNotExist", err)
	}
}

// stuckFS is a corpus on a stuck mount: reading any file, or listing any
// folder, blocks until release is closed.
type stuckFS struct {
	fstest.MapFS
	release chan struct{}
}

func (s stuckFS) Open(name string) (fs.File, error) {
	f, err := s.MapFS.Open(name)
	if err != nil {
		return nil, err
	}
	return stuckFile{f, s.release}, nil
}

func (s stuckFS) ReadDir(name string) ([]fs.DirEntry, error) {
	<-s.release
	return s.MapFS.ReadDir(name)
}

type stuckFile struct {
	fs.File
	release chan struct{}
}

func (f stuckFile) Read(b []byte) (int, error) {
	<-f.release
	return 0, io.EOF
}

func TestReadFileDeadline(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		fsys := stuckFS{fstest.MapFS{"a.md": {Data: []byte("never read")}}, make(chan struct{})}
		defer close(fsys.release)
		start := time.Now()
		_, err := ReadFile(fsys, "a.md")
		var p *Problem
		if !errors.As(err, &p) || p.Path != "a.md" || !strings.Contains(p.Reason, "took longer than") {
			t.Errorf("ReadFile of a stuck file = %v; want a *Problem saying it took too long", err)
		}
		if took := time.Since(start); took != ReadTimeout {
			t.Errorf("ReadFile of a stuck file returned after %v; want %v", took, ReadTimeout)
		}
	})
}

func TestContextEndsStuckReads(t *testing.T) {
	for _, tc := range []struct {
		name string
		call func(ctx context.Context, fsys fs.FS) error
	}{
		{"ReadFileContext", func(ctx context.Context, fsys fs.FS) error {
			_, err := ReadFileContext(ctx, fsys, "a.md")
			return err
		}},
		{"ListContext", func(ctx context.Context, fsys fs.FS) error {
			_, err := ListContext(ctx, fsys)
			return err
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				fsys := stuckFS{fstest.MapFS{"a.md": {Data: []byte("never read")}}, make(chan struct{})}
				defer close(fsys.release)
				ctx, cancel := context.WithTimeout(context.Background(), time.Second)
				defer cancel()
				start := time.Now()
				err := tc.call(ctx, fsys)
				if !errors.Is(err, context.DeadlineExceeded) {
					t.Errorf("%s on a stuck corpus, context ended = %v; want context.DeadlineExceeded", tc.name, err)
				}
				if took := time.Since(start); took != time.Second {
					t.Errorf("%s returned %v after its context ended; want at once", tc.name, took-time.Second)
				}
			})
		})
	}
}
