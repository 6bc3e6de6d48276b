package corpus

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
)

// TestListEntriesStats: each entry carries the file's stat as the listing
// read it, for a corpus opened with Open (a link: its target's) and for
// any fs.FS.
func TestListEntriesStats(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{"a.md": "aaa", "sub/b.md": "bbbbbb", "sub/deeper/c.txt": "c"}
	for p, text := range files {
		p = filepath.Join(dir, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Symlink("sub/b.md", filepath.Join(dir, "link.md")); err != nil {
		t.Skipf("symlink: %v", err)
	}
	files["link.md"] = files["sub/b.md"]
	root, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer root.Close()
	mapFS := fstest.MapFS{}
	for p, text := range files {
		mapFS[p] = &fstest.MapFile{Data: []byte(text)}
	}
	for name, fsys := range map[string]fs.FS{"Open": root, "MapFS": mapFS} {
		entries, err := ListEntries(t.Context(), fsys)
		if err != nil {
			t.Fatalf("%s: ListEntries: %v", name, err)
		}
		var paths []string
		for _, e := range entries {
			paths = append(paths, e.Path)
			if e.Info == nil || !e.Info.Mode().IsRegular() || e.Info.Size() != int64(len(files[e.Path])) {
				t.Errorf("%s: ListEntries: %s has stat %v; want a regular file of %d bytes", name, e.Path, e.Info, len(files[e.Path]))
			}
		}
		if want := []string{"a.md", "link.md", "sub/b.md", "sub/deeper/c.txt"}; !slices.Equal(paths, want) {
			t.Errorf("%s: ListEntries = %q; want %q", name, paths, want)
		}
	}
}

// TestListProblemsInWalkOrder: problems come in the order a walk of the
// tree meets them, whichever goroutine listed their folder.
func TestListProblemsInWalkOrder(t *testing.T) {
	fifo := &fstest.MapFile{Mode: fs.ModeNamedPipe}
	fsys := fstest.MapFS{"a.md": fifo, "a/x.md": fifo, "a/b/y.md": fifo, "a.b/z.md": fifo, "ok.md": {Data: []byte("ok")}}
	for i := range 40 { // folders enough for several goroutines
		fsys[fmt.Sprintf("f%02d/p.md", i)] = fifo
	}
	paths, err := List(fsys)
	if !slices.Equal(paths, []string{"ok.md"}) {
		t.Errorf("List = %q; want [ok.md]", paths)
	}
	var got []string
	for _, e := range err.(interface{ Unwrap() []error }).Unwrap() {
		var p *Problem
		if !errors.As(e, &p) {
			t.Fatalf("List problem %v is not a *Problem", e)
		}
		got = append(got, p.Path)
	}
	want := []string{"a/b/y.md", "a/x.md", "a.b/z.md", "a.md"}
	for i := range 40 {
		want = append(want, fmt.Sprintf("f%02d/p.md", i))
	}
	if !slices.Equal(got, want) {
		t.Errorf("List problems = %q; want %q", got, want)
	}
}

// TestListEntriesLikeWalk: the listing, on several goroutines, finds what
// a walk of the tree finds.
func TestListEntriesLikeWalk(t *testing.T) {
	fsys := fstest.MapFS{}
	for i := range 30 {
		for j := range 20 {
			fsys[fmt.Sprintf("d%d/e%d/f%02d.md", i%7, i, j)] = &fstest.MapFile{Data: []byte("x")}
		}
	}
	var want []string
	fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".md") {
			want = append(want, p)
		}
		return nil
	})
	slices.Sort(want)
	got, err := List(fsys)
	if err != nil || !slices.Equal(got, want) {
		t.Errorf("List = %d paths, %v; want the %d a walk finds", len(got), err, len(want))
	}
}

func TestWalkOrder(t *testing.T) {
	for _, tc := range []struct {
		a, b string
		want int
	}{
		{"a/b", "a.md", -1},
		{"a.md", "a/b", 1},
		{"a", "a/b", -1},
		{"a/b/c", "a/b", 1},
		{"a/b", "a/b", 0},
		{"b", "a/z", 1},
	} {
		if got := walkOrder(tc.a, tc.b); got != tc.want {
			t.Errorf("walkOrder(%q, %q) = %d; want %d", tc.a, tc.b, got, tc.want)
		}
	}
}
