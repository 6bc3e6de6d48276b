package index

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// writeFixtures writes the test corpus to a folder, every file modified
// at mtime.
func writeFixtures(t *testing.T, mtime time.Time) string {
	t.Helper()
	dir := t.TempDir()
	for p, f := range fixtures(t) {
		path := filepath.Join(dir, p)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, f.Data, 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.Chtimes(path, mtime, mtime); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func syncWalked(t *testing.T, ix *Index, w *Walk) SyncReport {
	t.Helper()
	rep, err := ix.SyncWalked(context.Background(), w, nil)
	if err != nil {
		t.Fatalf("SyncWalked: %v", err)
	}
	return rep
}

// TestSyncWalkedEditAfterWalk: a walk started before the index is opened
// serves its Sync; a file edited after the walk looked at it is not lost:
// the next Sync reads it.
func TestSyncWalkedEditAfterWalk(t *testing.T) {
	dir := writeFixtures(t, time.Now().Add(-time.Hour))
	fsys := os.DirFS(dir)
	ctx := context.Background()
	w := StartWalk(ctx, fsys)
	// A clock an hour ahead: no file written by this test is racy.
	ix := openTest(t, t.TempDir(), &clock{t: time.Now().Add(time.Hour)})
	n := syncWalked(t, ix, w).Added
	if n == 0 {
		t.Fatal("the walk found no article")
	}

	w = StartWalk(ctx, fsys)
	if _, err := w.Files(); err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(dir, "tessaract-success.md")
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(strings.Replace(string(b), "nothing else", "and for their peace of mind", 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	if rep := syncWalked(t, ix, w); rep.Unchanged != n || rep.Updated != 0 {
		t.Errorf("Sync from a walk before the edit = %+v; want all %d unchanged", rep, n)
	}
	if rep := syncTest(t, ix, fsys); rep.Updated != 1 {
		t.Errorf("next Sync = %+v; want the edited file updated", rep)
	}
	if !strings.Contains(askText(t, ix, "Tessaract peace of mind"), "peace of mind") {
		t.Error("the edit is not answered after the next Sync")
	}
}

// TestSyncWalkedRacyFromWalk: a file's stat is racy by the time the walk
// started, not the time its Sync ran: a Sync long after its walk still
// reads again, next time, the files modified about when the walk looked.
func TestSyncWalkedRacyFromWalk(t *testing.T) {
	// The files' change times are now (Chtimes sets them); the index's
	// clock says 10 s later, when the Sync runs, 10 s after its walk.
	now := time.Now()
	dir := writeFixtures(t, now.Add(-time.Hour))
	w := StartWalk(context.Background(), os.DirFS(dir))
	w.start = now.Add(-10 * time.Second)
	ix := openTest(t, t.TempDir(), &clock{t: now.Add(10 * time.Second)})
	syncWalked(t, ix, w)
	if len(ix.table.files) == 0 {
		t.Fatal("no stat table")
	}
	for _, e := range ix.table.files {
		if !e.stat.Racy {
			t.Errorf("%s: stat not racy, though changed when the walk looked", e.path)
		}
	}
}
