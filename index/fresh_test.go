package index

import (
	"fmt"
	"math"
	"reflect"
	"testing"
)

// tableOf is a stat table of n files with varied stats.
func tableOf(n int) *statTable {
	t := &statTable{docs: []uint64{3, math.MaxUint64}, stats: Stats{Articles: n, Quotes: 2 * n}}
	for i := range n {
		e := tableEntry{
			path:    fmt.Sprintf("gen/%03d/a%06d.md", i/1000, i),
			stat:    fileStat{Size: int64(i * 37), MTime: -int64(i) * 1e9, CTime: int64(i) << 40, Ino: math.MaxUint64 - uint64(i), Dev: 7, Racy: i%3 == 0},
			indexed: i%5 != 0,
		}
		if i%7 == 0 {
			e.problem = "not UTF-8 text"
		}
		t.files = append(t.files, e)
	}
	return t
}

func TestTableRoundTrip(t *testing.T) {
	for _, n := range []int{0, 1, 300} {
		want := tableOf(n)
		got, err := decodeTable(want.encode())
		if err != nil {
			t.Fatalf("decodeTable(encode(%d files)): %v", n, err)
		}
		if n == 0 {
			want.files = []tableEntry{}
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("decodeTable(encode(%d files)) = %+v; want %+v", n, got, want)
		}
	}
}

// TestTableDamaged: a cut or altered table is refused, never misread.
func TestTableDamaged(t *testing.T) {
	b := tableOf(20).encode()
	for n := range len(b) {
		if _, err := decodeTable(b[:n]); err == nil {
			t.Fatalf("decodeTable(first %d of %d bytes) = nil error", n, len(b))
		}
	}
	for i := range b {
		c := append([]byte(nil), b...)
		c[i] ^= 0x40
		if _, err := decodeTable(c); err == nil {
			t.Fatalf("decodeTable(byte %d altered) = nil error", i)
		}
	}
}

// TestTableDecodeAllocs: reading the table, on every ask, costs a few
// allocations whatever the number of files, not one or more per file.
func TestTableDecodeAllocs(t *testing.T) {
	b := tableOf(2000).encode()
	allocs := testing.AllocsPerRun(10, func() {
		if _, err := decodeTable(b); err != nil {
			t.Fatal(err)
		}
	})
	if allocs > 20 {
		t.Errorf("decodeTable of 2,000 files: %.0f allocations; want at most 20", allocs)
	}
}

func BenchmarkDecodeTable(b *testing.B) {
	data := tableOf(100000).encode()
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := decodeTable(data); err != nil {
			b.Fatal(err)
		}
	}
}
