package index

import "testing"

// TestSameTable: what a Sync verified is its table exactly when every
// entry, held ones included, is the same in the same order.
func TestSameTable(t *testing.T) {
	a := tableEntry{path: "a.md", stat: fileStat{Size: 1, MTime: 1}, indexed: true}
	b := tableEntry{path: "b.md", stat: fileStat{Size: 2, MTime: 2}, indexed: true}
	c := tableEntry{path: "c/d.md", stat: fileStat{Size: 3, MTime: 3}, indexed: true}
	b2 := b
	b2.stat.MTime++
	for _, tt := range []struct {
		name  string
		next  []*tableEntry
		held  []tableEntry
		files []tableEntry
		same  bool
	}{
		{"unchanged", []*tableEntry{&a, &b}, nil, []tableEntry{a, b}, true},
		{"a file with nothing kept", []*tableEntry{&a, nil, &b}, nil, []tableEntry{a, b}, true},
		{"a stat changed", []*tableEntry{&a, &b2}, nil, []tableEntry{a, b}, false},
		{"a file new", []*tableEntry{&a, &b}, nil, []tableEntry{a}, false},
		{"a file gone", []*tableEntry{&a}, nil, []tableEntry{a, b}, false},
		{"a folder held", []*tableEntry{&a, &c}, []tableEntry{b}, []tableEntry{a, b, c}, true},
		{"a folder held, changed", []*tableEntry{&a, &c}, []tableEntry{b2}, []tableEntry{a, b, c}, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := sameTable(tt.next, tt.held, tt.files); got != tt.same {
				t.Errorf("sameTable = %v; want %v", got, tt.same)
			}
		})
	}
}
