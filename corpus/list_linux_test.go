package corpus

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"syscall"
	"testing"
)

// plainDir is a *Dir that ListEntries does not know as one: it lists it
// through fs.ReadDir, as any fs.FS.
type plainDir struct{ *Dir }

// TestRawListLikeFS: the raw listing of a corpus folder finds the files,
// stats and problems that the listing through fs.FS finds: links in and
// out, FIFOs, hidden and other files, a folder's files among those of its
// sub-folders, names in any case, and a folder of many files.
func TestRawListLikeFS(t *testing.T) {
	dir, _ := linkTree(t)
	for _, p := range []string{"a/b.md", "a/b/c.md", "a/b0.md", "a/b-x.md", "a-b/y.md", "a/.hidden/z.md",
		".git/x.md", "a/notes.pdf", "A/UPPER.MD", "a/b/d/e.Markdown", "x.txt", "y.html", "z.htm", "noext"} {
		write(t, filepath.Join(dir, filepath.FromSlash(p)), "text of "+p)
	}
	for i := range 3000 { // several getdents64 calls
		write(t, filepath.Join(dir, "many", fmt.Sprintf("article-with-a-long-name-%04d.md", i)), "x")
	}
	if err := os.Symlink("a", filepath.Join(dir, "folder-link.md")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("a", filepath.Join(dir, "folder-link")); err != nil {
		t.Fatal(err)
	}
	root, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer root.Close()
	got, gotErr := ListEntries(t.Context(), root)
	want, wantErr := ListEntries(t.Context(), plainDir{root})
	if len(got) != len(want) {
		t.Fatalf("raw listing: %d files; fs.FS listing: %d", len(got), len(want))
	}
	for i := range got {
		g, w := got[i], want[i]
		if g.Path != w.Path {
			t.Fatalf("file %d: raw %s, fs.FS %s", i, g.Path, w.Path)
		}
		gs, ws := g.Info.Sys().(*syscall.Stat_t), w.Info.Sys().(*syscall.Stat_t)
		if g.Info.Name() != w.Info.Name() || g.Info.Size() != w.Info.Size() || g.Info.Mode() != w.Info.Mode() ||
			!g.Info.ModTime().Equal(w.Info.ModTime()) || !reflect.DeepEqual(gs, ws) {
			t.Errorf("%s: raw stat %s %d %v %v; fs.FS %s %d %v %v", g.Path, g.Info.Name(), g.Info.Size(), g.Info.Mode(), g.Info.ModTime(),
				w.Info.Name(), w.Info.Size(), w.Info.Mode(), w.Info.ModTime())
		}
	}
	if gp, wp := problemsOf(gotErr), problemsOf(wantErr); !reflect.DeepEqual(gp, wp) || fmt.Sprint(gotErr) != fmt.Sprint(wantErr) {
		t.Errorf("raw listing problems:\n%v\nfs.FS listing problems:\n%v", gotErr, wantErr)
	}
	if len(got) < 3000 || len(problemsOf(gotErr)) < 5 {
		t.Errorf("%d files, %d problems: the tree is not what the test means", len(got), len(problemsOf(gotErr)))
	}
}

// TestRawListUnreadableFolder: a folder that cannot be read is a problem,
// as in the fs.FS listing, and the rest is listed.
func TestRawListUnreadableFolder(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("root reads any folder")
	}
	dir := t.TempDir()
	write(t, filepath.Join(dir, "ok.md"), "ok")
	write(t, filepath.Join(dir, "shut", "x.md"), "x")
	if err := os.Chmod(filepath.Join(dir, "shut"), 0); err != nil {
		t.Fatal(err)
	}
	defer os.Chmod(filepath.Join(dir, "shut"), 0o755)
	root, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer root.Close()
	got, gotErr := List(root)
	want, wantErr := List(plainDir{root})
	if !reflect.DeepEqual(got, want) || !reflect.DeepEqual(problemsOf(gotErr), problemsOf(wantErr)) {
		t.Errorf("raw listing %q, %v; fs.FS listing %q, %v", got, gotErr, want, wantErr)
	}
}

var _ fs.ReadDirFS = plainDir{}
