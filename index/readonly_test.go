package index

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"testing/fstest"
	"time"
)

// folderState is the size and modification time of every file of an
// index folder.
func folderState(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		out[p] = fmt.Sprint(info.ModTime(), " ", info.Size())
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func openReadOnlyTest(t *testing.T, dir string, c *clock) (*Index, error) {
	t.Helper()
	ix, err := Open(dir, Options{Registry: testRegistry(t), Now: c.now, ReadOnly: true})
	if err == nil {
		t.Cleanup(func() { ix.Close() })
	}
	return ix, err
}

// TestReadOnlySync: an index opened read-only answers from an unchanged
// corpus without writing a byte of its folder, beside another reader;
// when the corpus changed, its Sync says the index must be written
// (ErrReadOnly), and the index opened for writing then takes the change.
func TestReadOnlySync(t *testing.T) {
	corpusDir := writeFixtures(t, time.Now().Add(-time.Hour))
	fsys := os.DirFS(corpusDir)
	dir := t.TempDir()
	c := &clock{t: time.Now().Add(time.Hour)} // no file is racy

	if _, err := openReadOnlyTest(t, dir, c); !errors.Is(err, ErrReadOnly) {
		t.Fatalf("Open read-only of an empty folder: %v; want ErrReadOnly", err)
	}
	ix := openTest(t, dir, c)
	first := syncTest(t, ix, fsys)
	ix.Close()
	before := folderState(t, dir)

	ro, err := openReadOnlyTest(t, dir, c)
	if err != nil {
		t.Fatalf("Open read-only: %v", err)
	}
	other, err := openReadOnlyTest(t, dir, c)
	if err != nil {
		t.Fatalf("Open read-only beside another reader: %v", err)
	}
	for _, r := range []*Index{ro, other} {
		rep, err := r.Sync(context.Background(), fsys, nil)
		if err != nil {
			t.Fatalf("read-only Sync of an unchanged corpus: %v", err)
		}
		if rep.Unchanged != first.Added || rep.Articles != first.Articles || rep.Quotes != first.Quotes || rep.Vendors != first.Vendors || rep.Files != first.Files {
			t.Errorf("read-only Sync = %+v; want all %d unchanged and the counts of %+v", rep, first.Added, first)
		}
		if !strings.Contains(askText(t, r, "Tessaract customers"), "nothing else") {
			t.Error("the read-only index does not answer")
		}
	}
	if _, err := Open(dir, Options{Registry: testRegistry(t), OpenTimeout: 50 * time.Millisecond}); !errors.Is(err, ErrBusy) {
		t.Errorf("Open for writing while readers hold the index: %v; want ErrBusy", err)
	}
	ro.Close()
	other.Close()
	if after := folderState(t, dir); !reflect.DeepEqual(after, before) {
		t.Errorf("read-only opens and Syncs changed the index folder:\nbefore %v\nafter  %v", before, after)
	}

	p := filepath.Join(corpusDir, "tessaract-success.md")
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(strings.Replace(string(b), "nothing else", "and for their peace of mind", 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	ro, err = openReadOnlyTest(t, dir, c)
	if err != nil {
		t.Fatalf("Open read-only: %v", err)
	}
	if _, err := ro.Sync(context.Background(), fsys, nil); !errors.Is(err, ErrReadOnly) {
		t.Fatalf("read-only Sync of an edited corpus: %v; want ErrReadOnly", err)
	}
	ro.Close()
	ix = openTest(t, dir, c)
	if rep := syncTest(t, ix, fsys); rep.Updated != 1 {
		t.Errorf("Sync for writing after the edit = %+v; want 1 updated", rep)
	}
	if !strings.Contains(askText(t, ix, "Tessaract peace of mind"), "peace of mind") {
		t.Error("the edit is not answered")
	}

	// Busy: a writer holds the index.
	if _, err := Open(dir, Options{Registry: testRegistry(t), OpenTimeout: 50 * time.Millisecond, ReadOnly: true}); !errors.Is(err, ErrBusy) {
		t.Errorf("Open read-only while a writer holds the index: %v; want ErrBusy", err)
	}
}

// TestQuickSyncLikeSlow: a Sync that finds the corpus unchanged from the
// stat table on disk, without decoding it, reports what a Sync going
// file by file reports: counts, and problems of files that cannot be
// used and of the listing, in the same order.
func TestQuickSyncLikeSlow(t *testing.T) {
	m := stamp(fixtures(t), time.Now().Add(-time.Hour))
	m["broken.md"] = &fstest.MapFile{Data: []byte("\xff\xfe\x00binary"), ModTime: time.Now().Add(-time.Hour)}
	m["a/pipe.md"] = &fstest.MapFile{Mode: fs.ModeNamedPipe, ModTime: time.Now().Add(-time.Hour)}
	dir := t.TempDir()
	ix := openTest(t, dir, nil)
	syncTest(t, ix, m)
	slow := syncTest(t, ix, m) // the table in memory: file by file
	if ix.table == nil {
		t.Fatal("no stat table in memory after a Sync")
	}
	ix.Close()
	ix = openTest(t, dir, nil)
	quick := syncTest(t, ix, m)
	if ix.table != nil {
		t.Error("the quick Sync decoded the stat table")
	}
	slow.Took, quick.Took = 0, 0
	if !reflect.DeepEqual(quick, slow) || len(slow.Problems) != 2 || slow.Unchanged == 0 {
		t.Errorf("quick Sync = %+v\nSync file by file = %+v; want the same, 2 problems", quick, slow)
	}
}
