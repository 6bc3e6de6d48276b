//go:build fts5

// The SQLite FTS5 baseline: the same generated corpora and questions as
// bench_test.go, indexed into an FTS5 table and ranked by bm25. Behind
// the fts5 build tag so that ordinary test runs do not compile SQLite:
//
//	go test -tags fts5 -run XXX -bench FTS5 ./index/

package index

import (
	"context"
	"database/sql"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/trustwatch/trustwatch/corpus"
	_ "modernc.org/sqlite"
)

type ftsRow struct{ text, speaker, vendor, article string }

// ftsIndex builds an FTS5 index of the quotations of a generated corpus,
// parsing and extracting on GOMAXPROCS workers as Sync does.
func ftsIndex(b *testing.B, dir string, n int, reg *corpus.Registry) (*sql.DB, time.Duration) {
	b.Helper()
	start := time.Now()
	db, err := sql.Open("sqlite", filepath.Join(dir, "fts.db"))
	if err != nil {
		b.Fatal(err)
	}
	for _, s := range []string{
		"PRAGMA journal_mode=WAL",
		"CREATE VIRTUAL TABLE quotes USING fts5(text, speaker, vendor UNINDEXED, article UNINDEXED, tokenize='unicode61 remove_diacritics 2')",
	} {
		if _, err := db.Exec(s); err != nil {
			b.Fatalf("%s: %v", s, err)
		}
	}
	g := genFS{n: n}
	paths, err := corpus.List(g)
	if err != nil {
		b.Fatal(err)
	}
	jobs := make(chan string)
	rows := make(chan []ftsRow, 64)
	var wg sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			for p := range jobs {
				data, err := corpus.ReadFile(g, p)
				if err != nil {
					continue
				}
				a, err := corpus.ParseArticle(p, data)
				if err != nil {
					continue
				}
				var rs []ftsRow
				for _, q := range corpus.Extract(a, reg) {
					rs = append(rs, ftsRow{q.Text, q.Speaker, q.Vendor, p})
				}
				rows <- rs
			}
		})
	}
	go func() {
		for _, p := range paths {
			jobs <- p
		}
		close(jobs)
		wg.Wait()
		close(rows)
	}()
	tx, _ := db.Begin()
	stmt, _ := tx.Prepare("INSERT INTO quotes(text, speaker, vendor, article) VALUES (?, ?, ?, ?)")
	count := 0
	for rs := range rows {
		for _, r := range rs {
			if _, err := stmt.Exec(r.text, r.speaker, r.vendor, r.article); err != nil {
				b.Fatal(err)
			}
			count++
			if count%500 == 0 {
				stmt.Close()
				if err := tx.Commit(); err != nil {
					b.Fatal(err)
				}
				tx, _ = db.Begin()
				stmt, _ = tx.Prepare("INSERT INTO quotes(text, speaker, vendor, article) VALUES (?, ?, ?, ?)")
			}
		}
	}
	stmt.Close()
	if err := tx.Commit(); err != nil {
		b.Fatal(err)
	}
	return db, time.Since(start)
}

// ftsMatch turns a question into an FTS5 query: its content words,
// quoted, OR'ed; vendor words go to a separate filter.
func ftsMatch(ix *Index, question string) (string, []string) {
	q := ix.read(context.Background(), question, nil)
	var words []string
	for _, w := range q.words {
		words = append(words, `"`+strings.ReplaceAll(w, `"`, `""`)+`"`)
	}
	return strings.Join(words, " OR "), q.vendors
}

func BenchmarkFTS5Sync(b *testing.B) {
	for _, n := range benchSizes() {
		b.Run(strconv.Itoa(n), func(b *testing.B) {
			reg := genRegistry(b)
			var took time.Duration
			var dir string
			for b.Loop() {
				dir = b.TempDir()
				db, t := ftsIndex(b, dir, n, reg)
				took = t
				db.Close()
			}
			b.ReportMetric(float64(n)/took.Seconds(), "articles/s")
			b.ReportMetric(dirMB(dir), "index-MB")
			b.ReportMetric(maxRSSMB(), "maxrss-MB")
		})
	}
}

func BenchmarkFTS5Ask(b *testing.B) {
	for _, n := range benchSizes() {
		b.Run(strconv.Itoa(n), func(b *testing.B) {
			reg := genRegistry(b)
			db, _ := ftsIndex(b, b.TempDir(), n, reg)
			defer db.Close()
			ix, err := Open("", Options{Registry: reg}) // only to read questions alike
			if err != nil {
				b.Fatal(err)
			}
			defer ix.Close()
			qs := genQuestions()
			var took []time.Duration
			i := 0
			for b.Loop() {
				start := time.Now() // reading the question counts, as in BenchmarkAsk
				match, vendors := ftsMatch(ix, qs[i%len(qs)])
				i++
				var rows *sql.Rows
				if len(vendors) > 0 {
					rows, err = db.Query("SELECT text, speaker, vendor, article, bm25(quotes) FROM quotes WHERE quotes MATCH ? AND vendor = ? ORDER BY bm25(quotes) LIMIT 5", match, vendors[0])
				} else {
					rows, err = db.Query("SELECT text, speaker, vendor, article, bm25(quotes) FROM quotes WHERE quotes MATCH ? ORDER BY bm25(quotes) LIMIT 5", match)
				}
				if err != nil {
					b.Fatalf("MATCH %q: %v", match, err)
				}
				for rows.Next() {
					var r ftsRow
					var score float64
					rows.Scan(&r.text, &r.speaker, &r.vendor, &r.article, &score)
				}
				rows.Close()
				took = append(took, time.Since(start))
			}
			p50, p99 := percentiles(took)
			b.ReportMetric(p50, "p50-ms")
			b.ReportMetric(p99, "p99-ms")
			b.ReportMetric(maxRSSMB(), "maxrss-MB")
		})
	}
}
