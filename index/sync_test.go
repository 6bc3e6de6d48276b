package index

import (
	"context"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync/atomic"
	"testing"
	"testing/fstest"
	"time"

	"github.com/trustwatch/trustwatch/corpus"
)

func TestSyncCounts(t *testing.T) {
	ix := openTest(t, t.TempDir(), nil)
	fsys := fixtures(t)
	n := len(fsys)

	rep := syncTest(t, ix, fsys)
	if rep.Added != n || rep.Articles != n || rep.Quotes == 0 || rep.Vendors == 0 {
		t.Fatalf("first Sync = %+v; want %d added", rep, n)
	}
	quotes := rep.Quotes

	type want struct{ added, updated, removed, unchanged int }
	steps := []struct {
		name   string
		change func(fstest.MapFS)
		want   want
	}{
		{"unchanged", func(fstest.MapFS) {}, want{0, 0, 0, n}},
		{"changed", func(m fstest.MapFS) {
			f := m["tessaract-success.md"]
			f.Data = append(append([]byte{}, f.Data...), []byte("\n\n\"We will never sell our customers' data,\" said Priya Okafor.\n")...)
		}, want{0, 1, 0, n - 1}},
		{"added", func(m fstest.MapFS) {
			m["new.md"] = &fstest.MapFile{Data: []byte("---\ntitle: New\nlang: en\n---\nNew\n\n\"Trust matters most to us,\" said Clara Venn, chief executive of Nimbus.\n")}
		}, want{1, 0, 0, n}},
		{"deleted", func(m fstest.MapFS) { delete(m, "new.md") }, want{0, 0, 1, n}},
	}
	for _, s := range steps {
		s.change(fsys)
		rep := syncTest(t, ix, fsys)
		got := want{rep.Added, rep.Updated, rep.Removed, rep.Unchanged}
		if got != s.want {
			t.Errorf("%s: Sync = %+v; want %+v", s.name, got, s.want)
		}
		if rep.Articles != len(fsys) {
			t.Errorf("%s: %d articles indexed; want %d", s.name, rep.Articles, len(fsys))
		}
	}
	rep = syncTest(t, ix, fsys)
	if rep.Quotes <= quotes {
		t.Errorf("after adding a quotation: %d quotes; want more than %d", rep.Quotes, quotes)
	}
}

func TestSyncBrokenFileKeepsOldVersion(t *testing.T) {
	ix := openTest(t, "", nil)
	fsys := fixtures(t)
	syncTest(t, ix, fsys)
	ask := func() Answer {
		ans, err := ix.Ask(context.Background(), Query{Question: "Tessaract customer success"})
		if err != nil {
			t.Fatal(err)
		}
		return ans
	}
	if ans := ask(); len(ans.Quotes) == 0 || ans.Quotes[0].Vendor != "tessaract" {
		t.Fatalf("before: Ask = %+v; want Tessaract's quotation", ans.Quotes)
	}
	fsys["tessaract-success.md"] = &fstest.MapFile{Data: []byte("---\ntitle: [broken\n---\n\xff\xfe\x00\x00binary")}
	rep := syncTest(t, ix, fsys)
	if len(rep.Problems) != 1 || rep.Problems[0].Path != "tessaract-success.md" || rep.Problems[0].Reason == "" {
		t.Fatalf("Sync problems = %v; want one for tessaract-success.md", rep.Problems)
	}
	if rep.Articles != len(fsys) {
		t.Errorf("articles = %d; want %d (the old version kept)", rep.Articles, len(fsys))
	}
	if ans := ask(); len(ans.Quotes) == 0 || ans.Quotes[0].Vendor != "tessaract" {
		t.Errorf("after a broken update: Ask = %+v; want the old version still found", ans.Quotes)
	}
}

// TestSyncResumes simulates a process killed mid-sync: the batches that
// were applied hold whole articles, so a later run completes the rest.
func TestSyncResumes(t *testing.T) {
	dir := t.TempDir()
	full := fixtures(t)
	partial := fstest.MapFS{}
	i := 0
	for p, f := range full {
		if i%2 == 0 {
			partial[p] = f
		}
		i++
	}
	ix := openTest(t, dir, nil)
	syncTest(t, ix, partial)
	ix.Close()

	ix = openTest(t, dir, nil)
	rep := syncTest(t, ix, full)
	if rep.Added != len(full)-len(partial) || rep.Unchanged != len(partial) {
		t.Errorf("resumed Sync = %+v; want %d added, %d unchanged", rep, len(full)-len(partial), len(partial))
	}
	fresh := openTest(t, "", nil)
	want := syncTest(t, fresh, full)
	if rep.Quotes != want.Quotes || rep.Articles != want.Articles {
		t.Errorf("resumed index has %d articles, %d quotes; a fresh one %d, %d", rep.Articles, rep.Quotes, want.Articles, want.Quotes)
	}
}

func TestSyncKeepsFirstIndexed(t *testing.T) {
	c := &clock{t: time.Date(2024, 1, 1, 9, 0, 0, 0, time.UTC)}
	ix := openTest(t, "", c)
	fsys := fixtures(t)
	syncTest(t, ix, fsys)
	day2 := c.t.Add(24 * time.Hour)
	c.t = day2
	f := fsys["nimbus-trust.md"]
	f.Data = []byte(strings.Replace(string(f.Data), "held its annual", "held its yearly", 1) +
		"\n\"Our sovereign cloud keeps data in Europe,\" said Clara Venn, chief executive of Nimbus.\n")
	syncTest(t, ix, fsys)

	got, err := ix.Since(context.Background(), day2)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || !strings.Contains(got[0].Text, "sovereign cloud") {
		var texts []string
		for _, q := range got {
			texts = append(texts, q.Text)
		}
		t.Fatalf("Since(day 2) = %q; want only the new quotation", texts)
	}
	all, err := ix.Since(context.Background(), time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	if len(all) < 2 || !all[0].FirstIndexed.Equal(day2) {
		t.Errorf("Since(zero)[0] first indexed %v; want newest first (%v)", all[0].FirstIndexed, day2)
	}
	labels, err := ix.VendorLabels(context.Background(), "nimbus", day2)
	if err != nil {
		t.Fatal(err)
	}
	if len(labels) == 0 {
		t.Errorf("VendorLabels(nimbus, day 2) = none; want the labels known on day 1")
	}
}

// stuckFS is a corpus whose file slow.md never finishes reading (a stuck
// network mount) until release is closed; started is closed when its read
// begins.
type stuckFS struct {
	fstest.MapFS
	started, release chan struct{}
}

func (s stuckFS) Open(name string) (fs.File, error) {
	f, err := s.MapFS.Open(name)
	if err != nil || name != "slow.md" {
		return f, err
	}
	return stuckFile{f, s}, nil
}

type stuckFile struct {
	fs.File
	fs stuckFS
}

func (f stuckFile) Read([]byte) (int, error) {
	close(f.fs.started)
	<-f.fs.release
	return 0, io.EOF
}

// TestSyncCanceledDuringRead: SIGTERM (its context ending) stops a Sync
// stuck reading a file.
func TestSyncCanceledDuringRead(t *testing.T) {
	fsys := stuckFS{fixtures(t), make(chan struct{}), make(chan struct{})}
	fsys.MapFS["slow.md"] = &fstest.MapFile{Data: []byte("never read")}
	defer close(fsys.release)
	ix := openTest(t, "", nil)
	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan error, 1)
	go func() { _, err := ix.Sync(ctx, fsys, nil); done <- err }()
	<-fsys.started
	cancel()
	select {
	case err := <-done:
		if !errors.Is(err, context.Canceled) {
			t.Errorf("Sync canceled while reading = %v; want context.Canceled", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Sync is still running 10 s after its context was canceled")
	}
}

// countingFS counts the files (not folders) opened through it, and the
// article files stat'ed through it. It implements fs.StatFS, as os.DirFS
// does, so that a stat is not an open.
type countingFS struct {
	fs.FS
	opened atomic.Int64
	stats  atomic.Int64
}

func (c *countingFS) Open(name string) (fs.File, error) {
	f, err := c.FS.Open(name)
	if err == nil {
		if st, err := f.Stat(); err == nil && !st.IsDir() {
			c.opened.Add(1)
		}
	}
	return f, err
}

func (c *countingFS) Stat(name string) (fs.FileInfo, error) {
	if corpus.IsArticle(name) {
		c.stats.Add(1)
	}
	return fs.Stat(c.FS, name)
}

// stamp gives every file of m the modification time t.
func stamp(m fstest.MapFS, t time.Time) fstest.MapFS {
	for _, f := range m {
		f.ModTime = t
	}
	return m
}

// sameSizeEdit rewrites Tessaract's quotation with as many bytes, keeping
// the file's modification time: what `touch -r` after an edit leaves.
func sameSizeEdit(t *testing.T, f *fstest.MapFile) {
	t.Helper()
	edited := strings.Replace(string(f.Data), "nothing else", "quokkas only", 1)
	if edited == string(f.Data) {
		t.Fatal("fixture tessaract-success.md no longer says \"nothing else\"")
	}
	f.Data = []byte(edited)
}

func askText(t *testing.T, ix *Index, question string) string {
	t.Helper()
	ans, err := ix.Ask(context.Background(), Query{Question: question})
	if err != nil {
		t.Fatalf("Ask(%q): %v", question, err)
	}
	var texts []string
	for _, q := range ans.Quotes {
		texts = append(texts, q.Text)
	}
	return strings.Join(texts, "\n")
}

// TestSyncUnchangedOpensNothing: a corpus whose files' stats did not
// change is synced without opening any of them, by the same index or by
// the next process (the stat table on disk).
func TestSyncUnchangedOpensNothing(t *testing.T) {
	dir := t.TempDir()
	fsys := &countingFS{FS: stamp(fixtures(t), time.Now().Add(-time.Hour))}
	ix := openTest(t, dir, nil)
	first := syncTest(t, ix, fsys)
	if got := fsys.opened.Load(); got == 0 {
		t.Fatalf("first Sync opened no file")
	}
	for _, tt := range []struct {
		name string
		ix   func() *Index
	}{
		{"same index", func() *Index { return ix }},
		{"reopened", func() *Index { ix.Close(); return openTest(t, dir, nil) }},
	} {
		t.Run(tt.name, func(t *testing.T) {
			ix := tt.ix()
			fsys.opened.Store(0)
			rep := syncTest(t, ix, fsys)
			if got := fsys.opened.Load(); got != 0 {
				t.Errorf("Sync of an unchanged corpus opened %d files; want 0", got)
			}
			if rep.Unchanged != first.Added || rep.Articles != first.Articles || rep.Quotes != first.Quotes || rep.Vendors != first.Vendors {
				t.Errorf("Sync = %+v; want all %d unchanged and the counts of %+v", rep, first.Added, first)
			}
		})
	}
}

// TestSyncSameStatEdit: an edit that keeps the size and the modification
// time is not seen by a quick Sync, which trusts the file's stat, and is
// seen by FullSync, which reads every file. A file modified at about the
// time of the Sync that recorded it ("racy": a later edit could keep its
// timestamp) is read again by the next quick Sync.
func TestSyncSameStatEdit(t *testing.T) {
	for _, tt := range []struct {
		name      string
		modified  time.Duration // before the first Sync
		quickSees bool
	}{
		{"an hour before the sync", -time.Hour, false},
		{"at the sync (racy)", 0, true},
		{"after the sync (racy)", time.Second, true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			fsys := stamp(fixtures(t), time.Now().Add(tt.modified))
			ix := openTest(t, t.TempDir(), nil)
			syncTest(t, ix, fsys)
			sameSizeEdit(t, fsys["tessaract-success.md"])

			rep := syncTest(t, ix, fsys)
			seen := strings.Contains(askText(t, ix, "Tessaract customers quokkas"), "quokkas only")
			if seen != tt.quickSees || (rep.Updated == 1) != tt.quickSees {
				t.Errorf("quick Sync = %+v, edit answered %v; want %v", rep, seen, tt.quickSees)
			}
			rep, err := ix.FullSync(context.Background(), fsys, nil)
			if err != nil {
				t.Fatalf("FullSync: %v", err)
			}
			if !strings.Contains(askText(t, ix, "Tessaract customers quokkas"), "quokkas only") {
				t.Errorf("after FullSync (%+v): the edit is not answered", rep)
			}
		})
	}
}

// TestSyncFolder: on a real folder, edits, deletions and new files are
// seen from the files' stats, and an edit whose modification time is put
// back is still seen where the file system keeps a change time (ctime).
func TestSyncFolder(t *testing.T) {
	dir := t.TempDir()
	for p, f := range fixtures(t) {
		if err := os.MkdirAll(filepath.Dir(filepath.Join(dir, p)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, p), f.Data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	// A clock an hour ahead: no file written by this test is racy.
	ix := openTest(t, t.TempDir(), &clock{t: time.Now().Add(time.Hour)})
	fsys := &countingFS{FS: os.DirFS(dir)}
	n := syncTest(t, ix, fsys).Added
	write := func(name, from, to string) {
		t.Helper()
		p := filepath.Join(dir, name)
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(strings.Replace(string(b), from, to, 1)), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	type want struct{ added, updated, removed, unchanged, opened int }
	steps := []struct {
		name   string
		change func()
		want   want
		answer string // a question and the text its answer must hold
		holds  string
	}{
		{"unchanged", func() {}, want{0, 0, 0, n, 0}, "", ""},
		{"edited", func() { write("tessaract-success.md", "nothing else", "and for their peace of mind") },
			want{0, 1, 0, n - 1, 1}, "Tessaract peace of mind", "peace of mind"},
		{"touched back", func() {
			p := filepath.Join(dir, "tessaract-success.md")
			st, err := os.Stat(p)
			if err != nil {
				t.Fatal(err)
			}
			write("tessaract-success.md", "peace of mind", "quiet of mind")
			if err := os.Chtimes(p, st.ModTime(), st.ModTime()); err != nil {
				t.Fatal(err)
			}
		}, want{0, 1, 0, n - 1, 1}, "Tessaract quiet of mind", "quiet of mind"},
		{"added", func() {
			if err := os.WriteFile(filepath.Join(dir, "new.md"), []byte("---\ntitle: New\nlang: en\n---\nNew\n\n\"Trust matters most to us,\" said Clara Venn, chief executive of Nimbus.\n"), 0o644); err != nil {
				t.Fatal(err)
			}
		}, want{1, 0, 0, n, 1}, "Nimbus trust matters most", "Trust matters most"},
		{"deleted", func() {
			if err := os.Remove(filepath.Join(dir, "new.md")); err != nil {
				t.Fatal(err)
			}
		}, want{0, 0, 1, n, 0}, "", ""},
	}
	for _, s := range steps {
		s.change()
		fsys.opened.Store(0)
		rep := syncTest(t, ix, fsys)
		got := want{rep.Added, rep.Updated, rep.Removed, rep.Unchanged, int(fsys.opened.Load())}
		if s.name == "touched back" && runtime.GOOS != "linux" {
			continue // the change time is read on Linux only: elsewhere FullSync sees it (TestSyncSameStatEdit)
		}
		if got != s.want {
			t.Errorf("%s: Sync = %+v; want %+v", s.name, got, s.want)
		}
		if s.answer != "" && !strings.Contains(askText(t, ix, s.answer), s.holds) {
			t.Errorf("%s: Ask(%q) does not hold %q", s.name, s.answer, s.holds)
		}
	}
	if txt := askText(t, ix, "Nimbus trust matters most"); strings.Contains(txt, "Trust matters most") {
		t.Errorf("after deleting new.md, Ask still answers from it: %s", txt)
	}
}

// TestSyncWithoutStatTable: when the stat table is missing or damaged
// (a Sync stopped half-way drops it), the articles' records vouch for
// their files, and the table is written again.
func TestSyncWithoutStatTable(t *testing.T) {
	for _, tt := range []struct {
		name  string
		spoil func(path string) error
	}{
		{"missing", os.Remove},
		{"damaged", func(path string) error {
			b, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			b[len(b)/2] ^= 0xff
			return os.WriteFile(path, b, 0o644)
		}},
		{"truncated", func(path string) error { return os.Truncate(path, 20) }},
	} {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			fsys := &countingFS{FS: stamp(fixtures(t), time.Now().Add(-time.Hour))}
			ix := openTest(t, dir, nil)
			first := syncTest(t, ix, fsys)
			ix.Close()
			if err := tt.spoil(filepath.Join(dir, tableFile)); err != nil {
				t.Fatal(err)
			}
			ix = openTest(t, dir, nil)
			fsys.opened.Store(0)
			rep := syncTest(t, ix, fsys)
			if got := fsys.opened.Load(); got != 0 || rep.Unchanged != first.Added || rep.Quotes != first.Quotes {
				t.Errorf("Sync with the table %s = %+v, %d files opened; want all %d unchanged, none opened", tt.name, rep, got, first.Added)
			}
			if _, err := os.Stat(filepath.Join(dir, tableFile)); err != nil {
				t.Errorf("stat table not written again: %v", err)
			}
		})
	}
}

// TestSyncBrokenFiles: a file whose content cannot be used is reported
// at every Sync, without being read again while its stat holds; an
// article whose file broke keeps its old version until the file is
// fixed, or deleted.
func TestSyncBrokenFiles(t *testing.T) {
	m := stamp(fixtures(t), time.Now().Add(-time.Hour))
	fsys := &countingFS{FS: m}
	ix := openTest(t, t.TempDir(), nil)
	n := syncTest(t, ix, fsys).Articles
	broken := func() *fstest.MapFile {
		return &fstest.MapFile{Data: []byte("\xff\xfe\x00binary"), ModTime: time.Now().Add(-time.Minute)}
	}
	m["tessaract-success.md"] = broken() // indexed before
	m["never.md"] = broken()             // never indexed
	for i := range 2 {
		fsys.opened.Store(0)
		rep := syncTest(t, ix, fsys)
		if len(rep.Problems) != 2 || rep.Articles != n {
			t.Fatalf("Sync %d of broken files = %+v; want both reported, %d articles kept", i+1, rep, n)
		}
		if want := int64(2 - 2*i); fsys.opened.Load() != want {
			t.Errorf("Sync %d of broken files opened %d files; want %d", i+1, fsys.opened.Load(), want)
		}
	}
	delete(m, "tessaract-success.md")
	m["never.md"] = &fstest.MapFile{Data: []byte("---\ntitle: Fixed\nlang: en\n---\nFixed\n\n\"Trust matters most to us,\" said Clara Venn, chief executive of Nimbus.\n"), ModTime: time.Now().Add(-time.Minute)}
	rep := syncTest(t, ix, fsys)
	if rep.Removed != 1 || rep.Added != 1 || rep.Articles != n || len(rep.Problems) != 0 {
		t.Errorf("Sync after deleting one broken file and fixing the other = %+v; want 1 removed, 1 added", rep)
	}
}
