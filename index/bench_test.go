package index

import (
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"syscall"
	"testing"
	"time"
)

// benchSizes are the generated corpus sizes; 100k only with
// TRUSTWATCH_BENCH_LARGE=1, since it takes minutes.
func benchSizes() []int {
	sizes := []int{1000, 10000}
	if os.Getenv("TRUSTWATCH_BENCH_LARGE") == "1" {
		sizes = append(sizes, 100000)
	}
	return sizes
}

// BenchmarkSync indexes a generated corpus from scratch into a folder.
func BenchmarkSync(b *testing.B) {
	for _, n := range benchSizes() {
		b.Run(strconv.Itoa(n), func(b *testing.B) {
			reg := genRegistry(b)
			var rep SyncReport
			var dir string
			cpu0 := cpuTime()
			for b.Loop() {
				dir = b.TempDir()
				ix, err := Open(dir, Options{Registry: reg})
				if err != nil {
					b.Fatal(err)
				}
				rep, err = ix.Sync(context.Background(), genFS{n: n}, nil)
				if err != nil {
					b.Fatal(err)
				}
				if err := ix.Close(); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(rep.Articles)/rep.Took.Seconds(), "articles/s")
			b.ReportMetric(float64(rep.Articles*b.N)/(cpuTime()-cpu0).Seconds(), "articles/cpu-s")
			b.ReportMetric(float64(rep.Quotes), "quotes")
			b.ReportMetric(dirMB(dir), "index-MB")
			b.ReportMetric(maxRSSMB(), "maxrss-MB")
		})
	}
}

// BenchmarkSyncUnchanged syncs an indexed generated corpus that did not
// change: what `ask` pays to know its index is fresh. "sync" is a Sync of
// the open index (serve's rescans); "open+sync" opens the index folder
// first, as a new process does. It reports how many files were opened
// (none: their stats vouch for them). 1k and 20k articles (building the
// 20k index takes about half a minute), 100k with TRUSTWATCH_BENCH_LARGE=1.
func BenchmarkSyncUnchanged(b *testing.B) {
	sizes := []int{1000, 20000}
	if os.Getenv("TRUSTWATCH_BENCH_LARGE") == "1" {
		sizes = append(sizes, 100000)
	}
	for _, n := range sizes {
		b.Run(strconv.Itoa(n), func(b *testing.B) { benchSyncUnchanged(b, n) })
	}
}

func benchSyncUnchanged(b *testing.B, n int) {
	ix := benchIndex(b, n)
	dir, reg := ix.Dir(), ix.Registry()
	fsys := &countingFS{FS: genFS{n: n}}
	for _, reopen := range []bool{false, true} {
		name := "sync"
		if reopen {
			name = "open+sync"
		}
		b.Run(name, func(b *testing.B) {
			fsys.opened.Store(0)
			for b.Loop() {
				if reopen {
					ix.Close()
					var err error
					if ix, err = Open(dir, Options{Registry: reg}); err != nil {
						b.Fatal(err)
					}
				}
				rep, err := ix.Sync(context.Background(), fsys, nil)
				if err != nil {
					b.Fatal(err)
				}
				if rep.Added+rep.Updated+rep.Removed > 0 {
					b.Fatalf("Sync of an unchanged corpus = %+v", rep)
				}
			}
			b.ReportMetric(float64(fsys.opened.Load())/float64(b.N), "opened/op")
			b.ReportMetric(maxRSSMB(), "maxrss-MB")
		})
	}
	ix.Close()
}

// BenchmarkAsk asks questions of an indexed generated corpus, with
// highlighting and stances, and reports latency percentiles.
func BenchmarkAsk(b *testing.B) {
	for _, n := range benchSizes() {
		b.Run(strconv.Itoa(n), func(b *testing.B) {
			ix := benchIndex(b, n)
			qs := genQuestions()
			var took []time.Duration
			i := 0
			for b.Loop() {
				start := time.Now()
				ans, err := ix.Ask(context.Background(), Query{Question: qs[i%len(qs)]})
				took = append(took, time.Since(start))
				if err != nil {
					b.Fatal(err)
				}
				if i < len(qs) && len(ans.Quotes) == 0 && ans.Hint == "" {
					b.Fatalf("Ask(%q): empty answer without a hint", qs[i%len(qs)])
				}
				i++
			}
			p50, p99 := percentiles(took)
			b.ReportMetric(p50, "p50-ms")
			b.ReportMetric(p99, "p99-ms")
			b.ReportMetric(maxRSSMB(), "maxrss-MB")
		})
	}
}

// BenchmarkOpen opens (and closes) an indexed generated corpus.
func BenchmarkOpen(b *testing.B) {
	for _, n := range benchSizes() {
		b.Run(strconv.Itoa(n), func(b *testing.B) {
			ix := benchIndex(b, n)
			dir := ix.Dir()
			reg := ix.Registry()
			ix.Close()
			for b.Loop() {
				ix, err := Open(dir, Options{Registry: reg})
				if err != nil {
					b.Fatal(err)
				}
				ix.Close()
			}
			b.ReportMetric(dirMB(dir), "index-MB")
		})
	}
}

// benchIndex indexes a generated corpus of n articles into a folder kept
// for the benchmark's run, or, with TRUSTWATCH_BENCH_DIR set, kept in
// that folder across runs (Sync then only checks the files' hashes).
func benchIndex(b *testing.B, n int) *Index {
	b.Helper()
	dir := b.TempDir()
	if d := os.Getenv("TRUSTWATCH_BENCH_DIR"); d != "" {
		dir = filepath.Join(d, strconv.Itoa(n))
	}
	ix, err := Open(dir, Options{Registry: genRegistry(b)})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { ix.Close() })
	if _, err := ix.Sync(context.Background(), genFS{n: n}, nil); err != nil {
		b.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	// As `index` leaves it: settled (asking while a fresh 100k-article
	// index merges gigabytes measures the merges more than the
	// questions), compacted.
	if err := ix.Compact(ctx); err != nil {
		b.Fatal(err)
	}
	return ix
}

func percentiles(d []time.Duration) (p50, p99 float64) {
	if len(d) == 0 {
		return 0, 0
	}
	sort.Slice(d, func(i, j int) bool { return d[i] < d[j] })
	ms := func(x time.Duration) float64 { return float64(x) / float64(time.Millisecond) }
	return ms(d[len(d)*50/100]), ms(d[min(len(d)-1, len(d)*99/100)])
}

func dirMB(dir string) float64 {
	var size int64
	filepath.WalkDir(dir, func(_ string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			if info, err := d.Info(); err == nil {
				size += info.Size()
			}
		}
		return nil
	})
	return float64(size) / (1 << 20)
}

// maxRSSMB is the process's peak resident memory so far.
func maxRSSMB() float64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return float64(ru.Maxrss) / 1024 // Linux reports KiB
}

// cpuTime is the process's user and system CPU time so far: a measure
// that holds on a machine busy with other work, unlike wall time.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
