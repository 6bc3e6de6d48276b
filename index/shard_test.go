package index

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/blevesearch/bleve/v2"
)

// TestShardOfSpreadsArticles checks that the parts share the articles
// and that an article's documents all land in one part.
func TestShardOfSpreadsArticles(t *testing.T) {
	seen := make([]int, shardCount)
	for _, p := range fixturePaths(t) {
		seen[shardOf(p)]++
	}
	for i, n := range seen {
		if n == 0 {
			t.Errorf("part %d holds none of %d fixture articles; want every part used", i, len(fixturePaths(t)))
		}
	}
	ix := openTest(t, t.TempDir(), nil)
	syncTest(t, ix, fixtures(t))
	for i, part := range ix.parts {
		req := bleve.NewSearchRequestOptions(termQuery(fKind, kindQuote), 1000, 0, false)
		req.Fields = []string{fRecord}
		res, err := part.Search(req)
		if err != nil {
			t.Fatal(err)
		}
		for _, h := range res.Hits {
			rec, ok := record(h.Fields)
			if !ok {
				t.Fatalf("part %d: unreadable record %s", i, h.ID)
			}
			if got := shardOf(rec.Article.ID); got != i {
				t.Errorf("quotation %s of %s is in part %d; shardOf says %d", h.ID, rec.Article.ID, i, got)
			}
		}
	}
}

func fixturePaths(t *testing.T) []string {
	var out []string
	for p := range fixtures(t) {
		out = append(out, p)
	}
	return out
}

// TestOpenReplacesSingleLayout opens a folder holding an index in the
// layout before parts: it is replaced, and its quotations keep the time
// they were first indexed.
func TestOpenReplacesSingleLayout(t *testing.T) {
	dir := t.TempDir()
	day1 := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	// Build an index with today's code, then move part 0 to the top of
	// the folder, where the single layout kept its files.
	ix := openTest(t, filepath.Join(t.TempDir(), "src"), &clock{t: day1})
	syncTest(t, ix, fixtures(t))
	src := ix.Dir()
	ix.Close()
	for _, name := range []string{metaFile, storeDir} {
		if err := os.Rename(filepath.Join(shardDir(src, 0), name), filepath.Join(dir, name)); err != nil {
			t.Fatal(err)
		}
	}

	ix2 := openTest(t, dir, &clock{t: day1.AddDate(0, 0, 7)})
	if !ix2.Rebuilt() {
		t.Error("single-layout index: Rebuilt() = false; want true")
	}
	for _, name := range []string{metaFile, storeDir} {
		if _, err := os.Stat(filepath.Join(dir, name)); err == nil {
			t.Errorf("%s of the single layout is still there after Open", name)
		}
	}
	syncTest(t, ix2, fixtures(t))
	all, err := ix2.Since(context.Background(), time.Time{})
	if err != nil || len(all) == 0 {
		t.Fatalf("Since(zero) = %d quotations, %v", len(all), err)
	}
	carried := 0
	for _, q := range all {
		if q.FirstIndexed.Equal(day1) {
			carried++
		}
	}
	if carried == 0 {
		t.Errorf("no quotation kept its first-indexed time across the change of layout")
	}
}
