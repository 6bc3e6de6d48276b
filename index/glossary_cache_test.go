package index

import (
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// TestGlossaryCache: an index opened for writing saves the glossary's keys
// in its folder; the next opens, read-only ones too, read them there and
// find the same as computing them; a damaged, truncated or differently
// keyed cache is ignored (computed again), and replaced by the next open
// for writing; a read-only open writes none.
func TestGlossaryCache(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, glossFile)
	ix := openTest(t, dir, nil)
	syncTest(t, ix, fixtures(t))
	want := ix.gloss()
	ix.Close()
	good, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("no glossary cache after an open for writing: %v", err)
	}
	if fresh := (&Index{an: ix.an}).glossaryKeys(); !reflect.DeepEqual(fresh, want) {
		t.Fatal("the keys an index computes are not glossaryKeys'")
	}

	open := func(ro bool) (glossIndex, bool) {
		t.Helper()
		before := glossComputed.Load()
		ix, err := Open(dir, Options{Registry: testRegistry(t), ReadOnly: ro})
		if err != nil {
			t.Fatalf("Open(ReadOnly %v): %v", ro, err)
		}
		g := ix.gloss()
		if !strings.Contains(askText(t, ix, "Tessaract customers"), "nothing else") {
			t.Errorf("ReadOnly %v: the index does not answer", ro)
		}
		ix.Close()
		return g, glossComputed.Load() == before
	}
	for _, ro := range []bool{true, false} {
		if g, cached := open(ro); !cached || !reflect.DeepEqual(g, want) {
			t.Errorf("ReadOnly %v with the cache: read from it %v, same keys %v", ro, cached, reflect.DeepEqual(g, want))
		}
	}

	text := string(good)
	body := text[:strings.LastIndex(text, "sum\t")]
	key := strings.SplitN(body, "\n", 3)[1]
	bad := map[string][]byte{
		"a changed byte":  []byte(strings.Replace(text, "\tconfiance\t", "\tconfiancE\t", 1)),
		"truncated":       good[:len(good)*2/3],
		"without its sum": []byte(body),
		"empty":           nil,
		"another key":     withSum(strings.Replace(body, key, strings.Repeat("0", len(key)), 1)),
		"another format":  withSum(strings.Replace(body, glossMagic, "trustwatch glossary cache\t0\n", 1)),
		// what a program whose analyzers changed under the same key
		// (a modified working tree) would have saved: the first term's
		// stems, which glossChecks computes again
		"other analyzers": withSum(strings.Replace(body, "\nt\ttrust\ttrust\ttrust\ttrust\n", "\nt\ttrust\ttrust\ttrus\ttrust\n", 1)),
	}
	for name, b := range bad {
		if string(b) == string(good) {
			t.Fatalf("%s: the test's cache is the good one", name)
		}
		for _, ro := range []bool{true, false} {
			if err := os.WriteFile(path, b, 0o644); err != nil {
				t.Fatal(err)
			}
			g, cached := open(ro)
			if cached || !reflect.DeepEqual(g, want) {
				t.Errorf("%s, ReadOnly %v: read from the cache %v, same keys %v; want computed, the same", name, ro, cached, reflect.DeepEqual(g, want))
			}
			after, _ := os.ReadFile(path)
			if ro && string(after) != string(b) || !ro && string(after) != string(good) {
				t.Errorf("%s, ReadOnly %v: cache rewritten %v", name, ro, string(after) != string(b))
			}
		}
	}

	os.Remove(path)
	if _, cached := open(true); cached {
		t.Error("read-only open without a cache read one")
	}
	if _, err := os.Stat(path); err == nil {
		t.Error("a read-only open wrote the glossary cache")
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if strings.Contains(e.Name(), ".tmp") {
			t.Errorf("temporary file left: %s", e.Name())
		}
	}
}

// withSum ends a cache's body with its sum, as encodeGloss does.
func withSum(body string) []byte {
	sum := sha256.Sum256([]byte(body))
	return []byte(body + "sum\t" + hex.EncodeToString(sum[:]) + "\n")
}
