package index

import (
	"io/fs"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// hiddenSys is a FileInfo that shows no system stat, so that statOf reads
// it through fs.FileInfo alone.
type hiddenSys struct{ fs.FileInfo }

func (hiddenSys) Sys() any { return nil }

// TestStatOfRaw: the stat read straight from the system's stat is the one
// fs.FileInfo gives (with the Unix fields sysStat adds), and a folder has
// none.
func TestStatOfRaw(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "a.md")
	if err := os.WriteFile(p, []byte("some words"), 0o644); err != nil {
		t.Fatal(err)
	}
	// Modified an hour ago, changed (ctime) now: the two times differ.
	if err := os.Chtimes(p, time.Now().Add(-time.Hour), time.Now().Add(-time.Hour)); err != nil {
		t.Fatal(err)
	}
	start := time.Now() // the file was just changed: racy
	for _, tt := range []struct {
		name    string
		path    string
		regular bool
	}{
		{"file", p, true},
		{"folder", dir, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			info, err := os.Lstat(tt.path)
			if err != nil {
				t.Fatal(err)
			}
			got, ok := statOf(info, start)
			if ok != tt.regular {
				t.Fatalf("statOf(%s) usable = %v; want %v", tt.name, ok, tt.regular)
			}
			if !ok {
				return
			}
			want, ok := statOf(hiddenSys{info}, start)
			if !ok {
				t.Fatal("statOf through fs.FileInfo: not usable")
			}
			sysStat(info, &want)
			want.Racy = got.Racy // it counts the change time, which want lacked
			if got != want {
				t.Errorf("statOf = %+v; from fs.FileInfo %+v", got, want)
			}
			if !got.Racy {
				t.Errorf("a file changed just before the sync is racy; got %+v", got)
			}
		})
	}
}
