//go:build unix

package index

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/trustwatch/trustwatch/corpus"
)

// linkArticle is an article with one quotation of an invented person.
const linkArticle = "---\ntitle: Nimbus pledge\nlang: en\n---\nNimbus\n\n\"Trust matters most to us, whatever happens,\" said Clara Venn, chief executive of Nimbus.\n"

// TestSyncLinks: a link to a FIFO neither hangs Sync nor is indexed, a
// link out of the corpus is not indexed, and a link inside it is; each
// one left out is reported with its path.
func TestSyncLinks(t *testing.T) {
	base := t.TempDir()
	dir, outside := filepath.Join(base, "corpus"), filepath.Join(base, "outside")
	for _, d := range []string{dir, outside} {
		if err := os.Mkdir(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	for p, text := range map[string]string{filepath.Join(dir, "ok.md"): linkArticle, filepath.Join(outside, "passwd.md"): "root:x:0:0:root:/root:/bin/sh\n"} {
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	fifo := filepath.Join(outside, "p")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
	t.Cleanup(func() { // lets a reader stuck opening the FIFO go
		if f, err := os.OpenFile(fifo, os.O_WRONLY|syscall.O_NONBLOCK, 0); err == nil {
			f.Close()
		}
	})
	for link, target := range map[string]string{"x.md": fifo, "passwd.md": filepath.Join(outside, "passwd.md"), "in.md": "ok.md"} {
		if err := os.Symlink(target, filepath.Join(dir, link)); err != nil {
			t.Fatal(err)
		}
	}
	root, err := corpus.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer root.Close()

	ix := openTest(t, "", nil)
	type result struct {
		rep SyncReport
		err error
	}
	done := make(chan result, 1)
	go func() { rep, err := ix.Sync(t.Context(), root, nil); done <- result{rep, err} }()
	var r result
	select {
	case r = <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("Sync of a corpus with a link to a FIFO is still running after 10 s")
	}
	if r.err != nil {
		t.Fatalf("Sync: %v", r.err)
	}
	var skipped []string
	for _, p := range r.rep.Problems {
		skipped = append(skipped, p.Path)
		if p.Reason == "" {
			t.Errorf("problem %s has no reason", p.Path)
		}
	}
	slices.Sort(skipped)
	if want := []string{"passwd.md", "x.md"}; !slices.Equal(skipped, want) {
		t.Errorf("Sync problems = %v; want %q", r.rep.Problems, want)
	}
	if r.rep.Articles != 2 || r.rep.Files != 2 {
		t.Errorf("Sync = %d articles of %d files; want ok.md and in.md", r.rep.Articles, r.rep.Files)
	}
}

// TestSyncUnchangedOneWalk: a quick Sync of an unchanged corpus folder has
// every file's stat from the listing of its folders: it opens no article
// file and stats none apart, but for a link, whose target's stat it takes.
func TestSyncUnchangedOneWalk(t *testing.T) {
	dir := t.TempDir()
	for _, p := range []string{"a.md", "sub/b.md", "sub/deeper/c.md"} {
		p = filepath.Join(dir, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(strings.Replace(linkArticle, "Nimbus pledge", filepath.Base(p), 1)), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Symlink("a.md", filepath.Join(dir, "in.md")); err != nil {
		t.Fatal(err)
	}
	root, err := corpus.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer root.Close()
	// A clock an hour ahead: no file is modified about when Sync looks.
	ix := openTest(t, t.TempDir(), &clock{t: time.Now().Add(time.Hour)})
	fsys := &countingFS{FS: root}
	if rep := syncTest(t, ix, fsys); rep.Added != 4 {
		t.Fatalf("first Sync = %+v; want 4 added", rep)
	}
	fsys.opened.Store(0)
	fsys.stats.Store(0)
	rep := syncTest(t, ix, fsys)
	if rep.Unchanged != 4 || rep.Added+rep.Updated+rep.Removed != 0 {
		t.Fatalf("Sync of an unchanged corpus = %+v; want 4 unchanged", rep)
	}
	if n := fsys.opened.Load(); n != 0 {
		t.Errorf("Sync of an unchanged corpus opened %d files; want none", n)
	}
	if n := fsys.stats.Load(); n != 1 {
		t.Errorf("Sync of an unchanged corpus stat'ed %d article files; want 1 (the link in.md)", n)
	}
}
