package index

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/util"
)

// TestKnownMapping: bleve, opening an index on disk, gets the mapping Open
// built instead of decoding the same JSON (mapping_known.go), and that
// mapping is what decoding would give: decoded, its JSON is the same.
func TestKnownMapping(t *testing.T) {
	dir := t.TempDir()
	ix := openTest(t, dir, nil)
	syncTest(t, ix, fixtures(t))
	ix.Close()

	for _, ro := range []bool{false, true} {
		ix, err := Open(dir, Options{Registry: testRegistry(t), ReadOnly: ro})
		if err != nil {
			t.Fatalf("Open(ReadOnly %v): %v", ro, err)
		}
		for i, p := range ix.parts {
			if got, ok := p.Mapping().(*mapping.IndexMappingImpl); !ok || got != ix.mapping {
				t.Errorf("ReadOnly %v: part %d's mapping was decoded, not the one Open built", ro, i)
			}
		}
		if !bytes.Contains([]byte(askText(t, ix, "Tessaract customers")), []byte("nothing else")) {
			t.Errorf("ReadOnly %v: the reopened index does not answer", ro)
		}
		ix.Close()
	}

	built, err := util.MarshalJSON(ix.mapping)
	if err != nil {
		t.Fatal(err)
	}
	var decoded *mapping.IndexMappingImpl
	if err := json.Unmarshal(built, &decoded); err != nil {
		t.Fatal(err)
	}
	again, err := util.MarshalJSON(decoded)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(again, built) {
		t.Error("the mapping Open builds and the one bleve would decode from its JSON differ")
	}

	// Any other JSON is decoded as before.
	other := bytes.Replace(built, []byte(`"default_analyzer":"`), []byte(`"default_analyzer":"x`), 1)
	if bytes.Equal(other, built) {
		t.Fatal("test JSON unchanged")
	}
	var m *mapping.IndexMappingImpl
	if err := util.UnmarshalJSON(other, &m); err != nil {
		t.Fatal(err)
	}
	if m == ix.mapping || m.DefaultAnalyzer == ix.mapping.DefaultAnalyzer {
		t.Errorf("a different mapping JSON was not decoded: default analyzer %q", m.DefaultAnalyzer)
	}
}
