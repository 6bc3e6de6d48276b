package index

import (
	"reflect"
	"testing"
)

// TestRecordCache reads every quotation document of an index through a
// small recordCache, twice, and requires the records and bytes the
// segments store, and no more kept than its size.
func TestRecordCache(t *testing.T) {
	ix := fixtureIndex(t)
	c := &recordCache{size: 5}
	read := 0
	for _, p := range ix.parts {
		snap, closer, err := openSnapshot(p)
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range snap.Segments() {
			for d := range s.Segment().Count() {
				want, wantBlob, err := storedRecord(s, d)
				if err != nil || want.Key == "" {
					continue // an article's document, or a deleted one
				}
				for range 2 {
					got, gotBlob, err := c.record(s, d)
					if err != nil {
						t.Fatalf("record(%d): %v", d, err)
					}
					if !reflect.DeepEqual(got, want) || string(gotBlob) != string(wantBlob) {
						t.Fatalf("record(%d) = %+v; want %+v", d, got, want)
					}
				}
				read++
				if len(c.m) > c.size || len(c.order) > c.size {
					t.Fatalf("after %d records the cache keeps %d (%d keys); want at most %d", read, len(c.m), len(c.order), c.size)
				}
			}
		}
		closer.Close()
	}
	if read <= c.size {
		t.Fatalf("read %d quotation records; want more than the cache's %d", read, c.size)
	}
}
