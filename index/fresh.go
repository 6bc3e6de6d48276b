package index

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"hash/crc32"
	"io/fs"
	"os"
	"path/filepath"
	"time"
	"unsafe"
)

// Freshness: how Sync tells a changed file without reading it.
//
// Like git's index, Sync keeps, for every indexed article file, what the
// file system said of it when Sync last verified it: size, modification
// and change times in nanoseconds, inode and device (fileStat). A quick
// Sync reads and hashes a file only when
//
//   - its stat differs from the one kept (any field), or
//   - the stat kept is "racy": the file was modified (mtime or ctime) at
//     or after racyMargin before the start of the Sync that kept it, so
//     that an edit made just after that Sync's look could have left the
//     same timestamps (file systems keep times at a granularity, up to
//     2 s), or
//   - the file system gives no usable stat: not a regular file, or no
//     modification time (an embed.FS, as the built-in sample corpus).
//
// A file whose stat is unchanged is not opened: an unchanged corpus
// costs one walk and one stat per file. A file whose content could not
// be used (not UTF-8, bad front matter) is reported again from the table
// while its stat holds; one that could not be read is tried each time.
// What a stat cannot show is an edit that keeps the size and puts back
// both times: on Linux, where the change time is read and cannot be set,
// that takes a change of the clock; elsewhere, and on an fs.FS without
// change times, an edit followed by `touch -r` is enough. FullSync reads
// and hashes every file, as `index --full` and serve's hourly check do;
// that catches it.
//
// The stats live in each article's record (articleRecord.Stat, the
// truth) and in a compact table written with each Sync (statTable,
// tableFile in the index folder), because loading every article record
// from bleve costs more than the rest of a quick Sync (1.6 s at 20k
// articles). The table is dropped before a Sync writes to the index and
// written again once its writes are done, and it records each part's
// document count: a table that does not match the index (a Sync killed
// half-way, a part lost, another version) is ignored, and the next Sync
// falls back to the records' stats.
//
// A corpus found unchanged, every file listed trusted by the table and
// no other, is told from the table mapped, without decoding it or
// writing anything (unchanged.go): so an index opened ReadOnly, as ask
// opens it, can Sync an unchanged corpus; anything else is ErrReadOnly,
// and ask opens the index again to write it.

// racyMargin is how close to a Sync's start a file's timestamps must be
// for its stat to be racy: the coarsest timestamp granularity of common
// file systems (FAT's 2 s), with some room for clock skew.
const racyMargin = 3 * time.Second

// tableFile is the stat table's file in the index folder; tableFile+".tmp"
// is the file it is written to before being renamed.
const tableFile = "freshness"

// tableMagic starts a table file; its last byte is the format version.
var tableMagic = []byte("twfresh\x01")

// fileStat is what the file system says of an article file. The zero
// value (MTime 0) means no usable stat: the file is read to be checked.
type fileStat struct {
	Size  int64  `json:"z"`
	MTime int64  `json:"m"` // Unix nanoseconds
	CTime int64  `json:"c,omitempty"`
	Ino   uint64 `json:"i,omitempty"`
	Dev   uint64 `json:"d,omitempty"`
	// Racy: the file was modified about when this stat was taken (see
	// racyMargin), so the next Sync reads it again.
	Racy bool `json:"r,omitempty"`
}

// statOf is the stat of a file from info, taken by a Sync that started
// at start; false when info says too little to trust (not a regular
// file, no modification time).
func statOf(info fs.FileInfo, start time.Time) (fileStat, bool) {
	s, ok := readStat(info)
	if !ok {
		return fileStat{}, false
	}
	return s.racyAt(start), true
}

// racyAt is s, racy if the file was modified (mtime or ctime) at or after
// racyMargin before start, when its stat was taken.
func (s fileStat) racyAt(start time.Time) fileStat {
	s.Racy = max(s.MTime, s.CTime) >= start.Add(-racyMargin).UnixNano()
	return s
}

// readStat is statOf without Racy.
func readStat(info fs.FileInfo) (fileStat, bool) {
	s, regular, raw := rawStat(info)
	if !raw {
		if !info.Mode().IsRegular() || info.ModTime().IsZero() {
			return fileStat{}, false
		}
		s = fileStat{Size: info.Size(), MTime: info.ModTime().UnixNano()}
		sysStat(info, &s)
	} else if !regular {
		return fileStat{}, false
	}
	if s.MTime == 0 {
		return fileStat{}, false
	}
	return s, true
}

// usable reports whether s is a stat that can vouch for a file.
func (s fileStat) usable() bool { return s.MTime != 0 }

// same reports whether two stats describe the same file content, by the
// file system's account (Racy aside).
func (s fileStat) same(o fileStat) bool {
	return s.Size == o.Size && s.MTime == o.MTime && s.CTime == o.CTime && s.Ino == o.Ino && s.Dev == o.Dev
}

// trusted reports whether a file with the current stat cur can be taken
// as unchanged since kept was verified.
func trusted(kept, cur fileStat) bool {
	return kept.usable() && cur.usable() && !kept.Racy && kept.same(cur)
}

// statTable is what Sync last verified of each file of the corpus, and
// what the index held when it was written.
type statTable struct {
	// docs is each part's document count.
	docs  []uint64
	stats Stats
	// files are sorted by path, as corpus.List sorts paths.
	files []tableEntry
}

// tableEntry is what a Sync verified of one file.
type tableEntry struct {
	path string
	// stat is the file's stat when Sync verified it; zero when the file
	// must be checked (an indexed article whose file could not be used).
	stat fileStat
	// indexed: the file has an article in the index (maybe an older
	// version, when problem is set).
	indexed bool
	// problem is why the file's content, with this stat, could not be
	// used: it is reported again, without reading the file, while the
	// stat holds.
	problem string
}

// matches reports whether the table describes the index as it is.
func (t *statTable) matches(ix *Index) bool {
	if t == nil || len(t.docs) != len(ix.parts) {
		return false
	}
	for i, p := range ix.parts {
		n, err := p.DocCount()
		if err != nil || n != t.docs[i] {
			return false
		}
	}
	return true
}

// docCounts are the index's parts' document counts.
func (ix *Index) docCounts() ([]uint64, error) {
	out := make([]uint64, len(ix.parts))
	for i, p := range ix.parts {
		n, err := p.DocCount()
		if err != nil {
			return nil, fmt.Errorf("count index documents: %w", err)
		}
		out[i] = n
	}
	return out, nil
}

func (t *statTable) encode() []byte {
	b := append([]byte(nil), tableMagic...)
	b = binary.AppendUvarint(b, uint64(len(t.docs)))
	for _, n := range t.docs {
		b = binary.AppendUvarint(b, n)
	}
	st, _ := json.Marshal(t.stats)
	b = binary.AppendUvarint(b, uint64(len(st)))
	b = append(b, st...)
	b = binary.AppendUvarint(b, uint64(len(t.files)))
	for _, e := range t.files {
		s := e.stat
		b = binary.AppendUvarint(b, uint64(len(e.path)))
		b = append(b, e.path...)
		b = binary.AppendVarint(b, s.Size)
		b = binary.AppendVarint(b, s.MTime)
		b = binary.AppendVarint(b, s.CTime)
		b = binary.AppendUvarint(b, s.Ino)
		b = binary.AppendUvarint(b, s.Dev)
		var flags byte
		if s.Racy {
			flags |= 1
		}
		if e.indexed {
			flags |= 2
		}
		b = append(b, flags)
		b = binary.AppendUvarint(b, uint64(len(e.problem)))
		b = append(b, e.problem...)
	}
	return binary.LittleEndian.AppendUint32(b, crc32.ChecksumIEEE(b))
}

var errBadTable = errors.New("stat table damaged")

// decodeTable reads a table that encode wrote. The table's paths and
// problems are b's memory: b must not be changed afterwards.
func decodeTable(b []byte) (*statTable, error) {
	t, r, n, err := tableHead(b)
	if err != nil {
		return nil, err
	}
	t.files = make([]tableEntry, 0, min(n, uint64(len(r.s))))
	for i := uint64(0); i < n && r.err == nil; i++ {
		e := r.entry()
		if i > 0 && e.path <= t.files[i-1].path {
			return nil, errBadTable
		}
		t.files = append(t.files, e)
	}
	if r.err != nil || len(r.s) != 0 {
		return nil, errBadTable
	}
	return t, nil
}

// tableHead checks a table's magic and checksum and reads its head (the
// parts' document counts and the stats), and returns the reader of its n
// entries, which are b's memory, as decodeTable's.
func tableHead(b []byte) (t *statTable, r *tableReader, n uint64, err error) {
	if len(b) < len(tableMagic)+4 || !bytes.HasPrefix(b, tableMagic) {
		return nil, nil, 0, errBadTable
	}
	body := b[:len(b)-4]
	if crc32.ChecksumIEEE(body) != binary.LittleEndian.Uint32(b[len(b)-4:]) {
		return nil, nil, 0, errBadTable
	}
	// One string of the whole table, which the entries' paths are
	// slices of: no allocation per file (100k of them at 100k articles).
	// It is b's own memory, not a copy (5 MB at 100k files, a tenth of
	// reading the table): b is not changed after, as the caller promises.
	rest := body[len(tableMagic):]
	r = &tableReader{s: unsafe.String(unsafe.SliceData(rest), len(rest))}
	t = &statTable{}
	nparts := r.uvarint()
	for i := uint64(0); i < nparts && r.err == nil; i++ {
		t.docs = append(t.docs, r.uvarint())
	}
	if err := json.Unmarshal([]byte(r.bytes(r.uvarint())), &t.stats); err != nil || r.err != nil {
		return nil, nil, 0, errBadTable
	}
	n = r.uvarint()
	if r.err != nil {
		return nil, nil, 0, errBadTable
	}
	return t, r, n, nil
}

// entry reads the next entry of a table.
func (r *tableReader) entry() tableEntry {
	e := tableEntry{path: r.bytes(r.uvarint())}
	e.stat = fileStat{Size: r.varint(), MTime: r.varint(), CTime: r.varint(), Ino: r.uvarint(), Dev: r.uvarint()}
	flags := r.byte()
	e.stat.Racy, e.indexed = flags&1 != 0, flags&2 != 0
	e.problem = r.bytes(r.uvarint())
	return e
}

// tableReader reads a table's fields; the first short read sets err.
type tableReader struct {
	s   string
	err error
}

func (r *tableReader) fail() {
	r.err, r.s = errBadTable, ""
}

func (r *tableReader) byte() byte {
	if b := r.bytes(1); len(b) == 1 {
		return b[0]
	}
	return 0
}

// uvarint reads an unsigned varint, as binary.Uvarint does.
func (r *tableReader) uvarint() uint64 {
	var x uint64
	var shift uint
	for i := 0; i < len(r.s) && i < binary.MaxVarintLen64; i++ {
		c := r.s[i]
		if c < 0x80 {
			if i == binary.MaxVarintLen64-1 && c > 1 {
				break // overflows 64 bits
			}
			r.s = r.s[i+1:]
			return x | uint64(c)<<shift
		}
		x |= uint64(c&0x7f) << shift
		shift += 7
	}
	r.fail()
	return 0
}

// varint reads a signed varint, as binary.Varint does.
func (r *tableReader) varint() int64 {
	ux := r.uvarint()
	x := int64(ux >> 1)
	if ux&1 != 0 {
		x = ^x
	}
	return x
}

func (r *tableReader) bytes(n uint64) string {
	if uint64(len(r.s)) < n {
		r.fail()
		return ""
	}
	out := r.s[:n]
	r.s = r.s[n:]
	return out
}

// loadTable returns the stat table if it describes the index as it is:
// the one this Index last wrote, or else the index folder's.
func (ix *Index) loadTable() *statTable {
	if ix.table == nil && ix.dir != "" {
		if b, err := os.ReadFile(filepath.Join(ix.dir, tableFile)); err == nil {
			ix.table, _ = decodeTable(b)
		}
	}
	if !ix.table.matches(ix) {
		ix.table = nil
	}
	return ix.table
}

// dropTable forgets the stat table, before the index is written to.
func (ix *Index) dropTable() error {
	ix.table = nil
	if ix.dir == "" {
		return nil
	}
	if err := os.Remove(filepath.Join(ix.dir, tableFile)); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("drop stat table: %w", err)
	}
	return nil
}

// saveTable keeps t as the index's stat table, in the index folder by
// way of a temporary file renamed over the old one.
func (ix *Index) saveTable(t *statTable) error {
	ix.table = t
	if ix.dir == "" {
		return nil
	}
	path := filepath.Join(ix.dir, tableFile)
	if err := os.WriteFile(path+".tmp", t.encode(), 0o644); err != nil {
		return fmt.Errorf("write stat table: %w", err)
	}
	if err := os.Rename(path+".tmp", path); err != nil {
		return fmt.Errorf("write stat table: %w", err)
	}
	return nil
}
