package corpus

import (
	"context"
	"io/fs"
	"testing"
	"testing/fstest"
)

// TestListKept: ListKept lists what ListEntries lists, in the same order,
// each file with what keep made of its path and stat.
func TestListKept(t *testing.T) {
	fsys := fstest.MapFS{
		"b.md":        {Data: []byte("bb")},
		"a/c.txt":     {Data: []byte("ccc")},
		"a.md":        {Data: []byte("a")},
		".hidden.md":  {Data: []byte("h")},
		"notes.pdf":   {Data: []byte("p")},
		"a/b/d.html":  {Data: []byte("dddd")},
		"a/.git/x.md": {Data: []byte("x")},
	}
	type kept struct {
		path string
		size int64
	}
	got, err := ListKept(context.Background(), fsys, func(p string, info fs.FileInfo) kept {
		return kept{p, info.Size()}
	})
	if err != nil {
		t.Fatal(err)
	}
	want, err := ListEntries(context.Background(), fsys)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(want) || len(got) != 4 {
		t.Fatalf("ListKept = %v; ListEntries = %v; want 4 files each", got, want)
	}
	for i, e := range got {
		if e.Path != want[i].Path || e.Info.path != e.Path || e.Info.size != want[i].Info.Size() {
			t.Errorf("entry %d = %+v; want %s with size %d", i, e, want[i].Path, want[i].Info.Size())
		}
	}
}
