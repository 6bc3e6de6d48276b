package corpus

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
)

func TestList(t *testing.T) {
	fsys := fstest.MapFS{
		"b.md":                 {Data: []byte("b")},
		"a.txt":                {Data: []byte("a")},
		"notes.pdf":            {Data: []byte("x")},
		"sub/c.markdown":       {Data: []byte("c")},
		"sub/d.HTML":           {Data: []byte("d")},
		"sub/e.htm":            {Data: []byte("e")},
		"sub/.hidden.md":       {Data: []byte("h")},
		".git/config.md":       {Data: []byte("g")},
		"sub/.drafts/f.md":     {Data: []byte("f")},
		"sub/deeper/g.md":      {Data: []byte("g")},
		"README":               {Data: []byte("r")},
		"image.md.png":         {Data: []byte("i")},
		"dir.md/h.txt":         {Data: []byte("h")},
		"sub/deeper/Z-last.md": {Data: []byte("z")},
	}
	got, err := List(fsys)
	want := []string{"a.txt", "b.md", "dir.md/h.txt", "sub/c.markdown", "sub/d.HTML", "sub/deeper/Z-last.md", "sub/deeper/g.md", "sub/e.htm"}
	if err != nil || !slices.Equal(got, want) {
		t.Errorf("List = %q, %v; want %q", got, err, want)
	}
}

func TestListSample(t *testing.T) {
	got, err := List(Sample())
	if err != nil || !slices.Contains(got, "silicon-2022-02-microsoft-tacle-amazon.md") {
		t.Errorf("List(Sample()) = %q, %v", got, err)
	}
}

func TestListMissingRoot(t *testing.T) {
	if _, err := List(fstest.MapFS{}); err != nil {
		t.Errorf("List(empty) error = %v; want none", err)
	}
	sub, _ := fs.Sub(fstest.MapFS{"a.md": {}}, "nope")
	if got, err := List(sub); err == nil {
		t.Errorf("List(missing) = %q, nil; want an error", got)
	}
}

func TestReadFile(t *testing.T) {
	fsys := fstest.MapFS{
		"ok.md":  {Data: []byte("hello")},
		"big.md": {Data: make([]byte, MaxFileSize+1)},
	}
	if b, err := ReadFile(fsys, "ok.md"); err != nil || string(b) != "hello" {
		t.Errorf("ReadFile(ok.md) = %q, %v", b, err)
	}
	_, err := ReadFile(fsys, "big.md")
	var p *Problem
	if !errors.As(err, &p) || p.Path != "big.md" || !strings.HasPrefix(p.Reason, "too large") {
		t.Errorf("ReadFile(big.md) error = %v; want a too-large *Problem", err)
	}
	if _, err := ReadFile(fsys, "gone.md"); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("ReadFile(gone.md) error = %v; want fs.ErrNotExist", err)
	}
}

func TestIsArticle(t *testing.T) {
	for name, want := range map[string]bool{"a.md": true, "a/b.Markdown": true, "x.htm": true, ".a.md": false, "a.mdx": false, "md": false} {
		if got := IsArticle(name); got != want {
			t.Errorf("IsArticle(%q) = %v; want %v", name, got, want)
		}
	}
}

// BenchmarkReadFile reads a 20 KB article from disk, through os.DirFS and
// through Open (os.Root, the checks, the deadline).
func BenchmarkReadFile(b *testing.B) {
	dir := b.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "a.md"), bytes.Repeat([]byte("Trust matters. "), 20000/15), 0o644); err != nil {
		b.Fatal(err)
	}
	root, err := Open(dir)
	if err != nil {
		b.Fatal(err)
	}
	defer root.Close()
	for name, fsys := range map[string]fs.FS{"DirFS": os.DirFS(dir), "Open": root} {
		b.Run(name, func(b *testing.B) {
			for b.Loop() {
				if _, err := ReadFile(fsys, "a.md"); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
