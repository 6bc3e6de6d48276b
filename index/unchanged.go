package index

import (
	"path/filepath"
	"strings"

	"github.com/trustwatch/trustwatch/corpus"
)

// An unchanged corpus is what most Syncs find (every ask on a corpus
// nobody edited). A Sync tells it from the stat table without decoding
// the table: the table file is mapped, and its entries are compared with
// the walk's as they are read, none copied. Only when something differs
// does the Sync decode the table and go file by file (sync.go).

// mappedTable is the index folder's stat table, mapped, with its head
// read.
type mappedTable struct {
	head  *statTable // the parts' document counts and the stats; no files
	r     *tableReader
	n     uint64 // how many entries r holds
	unmap func()
}

// mapTable maps the index folder's stat table, when no table is loaded
// and the folder's describes the index as it is; nil otherwise.
func (ix *Index) mapTable() *mappedTable {
	if ix.dir == "" || ix.table != nil {
		return nil
	}
	b, unmap, err := mapFile(filepath.Join(ix.dir, tableFile))
	if err != nil {
		return nil
	}
	t, r, n, err := tableHead(b)
	if err != nil || !t.matches(ix) {
		unmap()
		return nil
	}
	return &mappedTable{head: t, r: r, n: n, unmap: unmap}
}

// unchanged reports whether the files listed (entries, sorted by path)
// are exactly the table's, each with the stat the table kept of it and
// that stat trusted (see Freshness in fresh.go): then a Sync has nothing
// to read or write. It counts them in rep, and adds the problems the
// table keeps of files whose content could not be used, as a Sync
// reports them again.
func (m *mappedTable) unchanged(entries []corpus.Listed[fileStat], rep *SyncReport) bool {
	if uint64(len(entries)) != m.n {
		return false
	}
	r := *m.r
	var problems []*corpus.Problem
	unchanged := 0
	for _, e := range entries {
		k := r.entry()
		if r.err != nil || k.path != e.Path || !trusted(k.stat, e.Info) {
			return false
		}
		if k.problem != "" {
			// The table's memory is unmapped after: the reason is copied.
			problems = append(problems, &corpus.Problem{Path: e.Path, Reason: strings.Clone(k.problem)})
			continue
		}
		if !k.indexed {
			return false // not written by a Sync: let one look
		}
		unchanged++
	}
	if r.err != nil || len(r.s) != 0 {
		return false
	}
	rep.Problems = append(rep.Problems, problems...)
	rep.Unchanged += unchanged
	return true
}
