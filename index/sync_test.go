package index

import (
	"context"
	"errors"
	"io"
	"io/fs"
	"strings"
	"testing"
	"testing/fstest"
	"time"
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
