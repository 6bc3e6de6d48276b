package index

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
	"testing/fstest"
	"time"

	"github.com/trustwatch/trustwatch/corpus"
)

// testRegistry is the built-in registry with the invented vendors of
// testdata/vendors.yaml merged over it.
func testRegistry(t testing.TB) *corpus.Registry {
	t.Helper()
	data, err := os.ReadFile("testdata/vendors.yaml")
	if err != nil {
		t.Fatal(err)
	}
	extra, err := corpus.LoadRegistry(data)
	if err != nil {
		t.Fatalf("LoadRegistry(testdata/vendors.yaml): %v", err)
	}
	return corpus.Builtin().Merge(extra)
}

// fixtures is the invented corpus of testdata/corpus as a MapFS that
// tests may change.
func fixtures(t testing.TB) fstest.MapFS {
	t.Helper()
	m := fstest.MapFS{}
	err := fs.WalkDir(os.DirFS("testdata/corpus"), ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile("testdata/corpus/" + p)
		m[p] = &fstest.MapFile{Data: b}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// clock is a settable clock for "first indexed at" times.
type clock struct{ t time.Time }

func (c *clock) now() time.Time { return c.t }

func openTest(t testing.TB, dir string, c *clock) *Index {
	t.Helper()
	opts := Options{Registry: testRegistry(t)}
	if c != nil {
		opts.Now = c.now
	}
	ix, err := Open(dir, opts)
	if err != nil {
		t.Fatalf("Open(%q): %v", dir, err)
	}
	t.Cleanup(func() { ix.Close() })
	return ix
}

func syncTest(t testing.TB, ix *Index, fsys fs.FS) SyncReport {
	t.Helper()
	rep, err := ix.Sync(context.Background(), fsys, nil)
	if err != nil {
		t.Fatalf("Sync: %v", err)
	}
	return rep
}

func TestOpenBusy(t *testing.T) {
	dir := t.TempDir()
	first := openTest(t, dir, nil)
	_ = first
	start := time.Now()
	second, err := Open(dir, Options{Registry: testRegistry(t), OpenTimeout: 200 * time.Millisecond})
	took := time.Since(start)
	if err == nil {
		second.Close()
		t.Fatal("second Open of a held index succeeded; want ErrBusy")
	}
	if !errors.Is(err, ErrBusy) {
		t.Fatalf("second Open = %v; want ErrBusy", err)
	}
	if took > 2*time.Second {
		t.Errorf("second Open took %v; want under 2s", took)
	}
}

func TestOpenVersionChangeRebuilds(t *testing.T) {
	dir := t.TempDir()
	day1 := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	ix := openTest(t, dir, &clock{t: day1})
	if !ix.Rebuilt() {
		t.Error("new index: Rebuilt() = false; want true")
	}
	rep := syncTest(t, ix, fixtures(t))
	if rep.Quotes == 0 {
		t.Fatal("fixture corpus gave no quotations")
	}
	// Pretend the index was written by an older mapping.
	if err := ix.setMeta(meta{Mapping: MappingVersion - 1, Extract: ExtractVersion}); err != nil {
		t.Fatal(err)
	}
	ix.Close()

	ix2, err := Open(dir, Options{Registry: testRegistry(t), Now: (&clock{t: day1.AddDate(0, 0, 7)}).now})
	if err != nil {
		t.Fatalf("reopen: %v", err)
	}
	defer ix2.Close()
	if !ix2.Rebuilt() {
		t.Error("outdated index: Rebuilt() = false; want true")
	}
	st, err := ix2.Stats(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if st.Quotes != 0 || st.Articles != 0 {
		t.Errorf("outdated index after Open: %d articles, %d quotes; want it emptied", st.Articles, st.Quotes)
	}
	rep = syncTest(t, ix2, fixtures(t))
	if rep.Added != len(fixtures(t)) || rep.Quotes == 0 {
		t.Errorf("Sync after rebuild = %+v; want every file added", rep)
	}
	// Quotations keep the time they were first indexed across a rebuild.
	if got, err := ix2.Since(context.Background(), day1.Add(time.Hour)); err != nil || len(got) != 0 {
		t.Errorf("Since(after the first sync) = %d quotations, %v; want none new after a rebuild", len(got), err)
	}
}

func TestOpenKeepsIndexAcrossRuns(t *testing.T) {
	dir := t.TempDir()
	ix := openTest(t, dir, nil)
	syncTest(t, ix, fixtures(t))
	ix.Close()
	ix2 := openTest(t, dir, nil)
	if ix2.Rebuilt() {
		t.Error("reopened index: Rebuilt() = true; want false")
	}
	rep := syncTest(t, ix2, fixtures(t))
	if rep.Unchanged != len(fixtures(t)) || rep.Added+rep.Updated+rep.Removed != 0 {
		t.Errorf("second Sync = %+v; want all unchanged", rep)
	}
}

func TestOpenRefusesForeignFolder(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(dir+"/notes.txt", []byte("mine"), 0o600); err != nil {
		t.Fatal(err)
	}
	if ix, err := Open(dir, Options{}); err == nil {
		ix.Close()
		t.Fatal("Open of a folder with other files succeeded; want an error")
	}
	if _, err := os.Stat(dir + "/notes.txt"); err != nil {
		t.Errorf("Open removed a file it does not own: %v", err)
	}
}

// TestOpenDamagedPart opens an index one part of which bleve cannot
// read: the parts are opened side by side first, and the one that did
// open is closed again before they are opened one by one (else its own
// lock would make the index busy), which recreates the damaged part.
func TestOpenDamagedPart(t *testing.T) {
	dir := t.TempDir()
	ix := openTest(t, dir, nil)
	want := syncTest(t, ix, fixtures(t))
	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(shardDir(dir, 1), metaFile), []byte("{damaged"), 0o644); err != nil {
		t.Fatal(err)
	}
	again, err := Open(dir, Options{Registry: testRegistry(t), OpenTimeout: 200 * time.Millisecond})
	if err != nil {
		t.Fatalf("Open of an index with a damaged part = %v; want it rebuilt", err)
	}
	t.Cleanup(func() { again.Close() })
	if got := syncTest(t, again, fixtures(t)); got.Quotes != want.Quotes {
		t.Errorf("Sync after the damaged part was recreated: %d quotations; want %d", got.Quotes, want.Quotes)
	}
}
