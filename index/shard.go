package index

import (
	"errors"
	"fmt"
	"hash/fnv"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/mapping"
)

// shardCount is how many bleve indexes a trustwatch index is split into.
// bleve scores every document a question matches, on one goroutine per
// index; split by article, a question's work is shared by that many
// goroutines (bleve's index alias searches the parts at once and merges
// their best hits), and each part merges its segments on its own. Two
// suits the 2-core machine the figures are taken on; the number is
// fixed because it decides where each article is stored.
const shardCount = 2

// shardPrefix names a part's folder inside the index folder.
const shardPrefix = "shard"

// shardOf is the part an article's documents are stored in. An article's
// documents all go to the same part, so that a batch, which is
// all-or-nothing within a part, never splits an article.
func shardOf(articleID string) int {
	h := fnv.New32a()
	h.Write([]byte(articleID))
	return int(h.Sum32() % shardCount)
}

func shardDir(dir string, i int) string {
	return filepath.Join(dir, shardPrefix+strconv.Itoa(i))
}

// openParts opens (or creates) every part of the index in dir. rebuilt
// reports that part 0, which holds the index's metadata, was started
// afresh. A folder holding the single-index layout of trustwatch before
// parts is read for when its quotations were first indexed (carry), then
// replaced.
func openParts(dir string, m mapping.IndexMapping, timeout time.Duration) (parts []bleve.Index, rebuilt bool, carry map[string]time.Time, err error) {
	if err := checkFolder(dir); err != nil {
		return nil, false, nil, err
	}
	if _, err := os.Stat(filepath.Join(dir, metaFile)); err == nil {
		if carry, err = readLegacy(dir, timeout); err != nil {
			return nil, false, nil, err
		}
	}
	if parts, err := openExisting(dir, timeout); parts != nil || err != nil {
		return parts, false, carry, err
	}
	for i := range shardCount {
		b, fresh, err := openDisk(shardDir(dir, i), m, timeout)
		if err != nil {
			closeParts(parts)
			return nil, false, nil, err
		}
		parts = append(parts, b)
		if i == 0 {
			rebuilt = fresh
		}
	}
	return parts, rebuilt, carry, nil
}

// openExisting opens the parts of an index that has them all, side by
// side: bleve reads each part's mapping and segments (some 5 ms a part,
// at every ask). It returns no parts and no error for anything that is
// not a plain open, which openDisk then handles one part after the
// other, and ErrBusy as openDisk would.
func openExisting(dir string, timeout time.Duration) ([]bleve.Index, error) {
	return openSideBySide(dir, map[string]interface{}{boltKey: timeout.String()}, nil)
}

// openReadOnly opens the parts of the index in dir for reading only,
// side by side, as openExisting does. An index that is not there whole,
// or that bleve cannot open, is ErrReadOnly: opened for writing, it is
// created or started afresh.
func openReadOnly(dir string, timeout time.Duration) ([]bleve.Index, error) {
	if err := checkFolder(dir); err != nil {
		return nil, err
	}
	if _, err := os.Stat(filepath.Join(dir, metaFile)); err == nil {
		return nil, ErrReadOnly // the layout before parts: replaced
	}
	return openSideBySide(dir, map[string]interface{}{boltKey: timeout.String(), "read_only": true}, ErrReadOnly)
}

// openSideBySide opens every part of the index in dir with bleve's
// options opts, side by side. A part that is missing, or that bleve cannot open,
// gives no parts and the error missing (nil for none); a part another
// process holds gives ErrBusy.
func openSideBySide(dir string, opts map[string]interface{}, missing error) ([]bleve.Index, error) {
	for i := range shardCount {
		if _, err := os.Stat(filepath.Join(shardDir(dir, i), metaFile)); err != nil {
			return nil, missing
		}
	}
	parts := make([]bleve.Index, shardCount)
	errs := make([]error, shardCount)
	var wg sync.WaitGroup
	for i := range shardCount {
		d := shardDir(dir, i)
		wg.Go(func() {
			parts[i], errs[i] = bleve.OpenUsing(d, opts)
		})
	}
	wg.Wait()
	var opened []bleve.Index
	for i, b := range parts {
		if errs[i] == nil { // bleve returns a nil *indexImpl with an error
			opened = append(opened, b)
		}
	}
	for i, err := range errs {
		if err != nil {
			closeParts(opened)
			if isBusy(err) {
				return nil, fmt.Errorf(busyLabel, shardDir(dir, i), ErrBusy)
			}
			return nil, missing
		}
	}
	return parts, nil
}

// checkFolder refuses a folder that holds files trustwatch did not write:
// an index folder is a cache that trustwatch may empty. (The glossary
// cache, glossFile, is named under tableFile.)
func checkFolder(dir string) error {
	entries, err := os.ReadDir(dir)
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("open index %s: %w", dir, err)
	}
	for _, e := range entries {
		n := e.Name()
		if n == metaFile || n == storeDir || strings.HasPrefix(n, shardPrefix) || strings.HasPrefix(n, tableFile) {
			continue
		}
		return fmt.Errorf("open index %s: the folder holds other files than a trustwatch index (%s); choose another folder", dir, n)
	}
	return nil
}

// readLegacy reads when each quotation of a single-layout index was first
// indexed, and removes that index.
func readLegacy(dir string, timeout time.Duration) (map[string]time.Time, error) {
	b, err := bleve.OpenUsing(dir, map[string]interface{}{boltKey: timeout.String()})
	var carry map[string]time.Time
	switch {
	case err == nil:
		old := &Index{b: b, parts: []bleve.Index{b}}
		carry = old.firstIndexedAll()
		if err := b.Close(); err != nil {
			return nil, fmt.Errorf("close outdated index %s: %w", dir, err)
		}
	case isBusy(err):
		return nil, fmt.Errorf(busyLabel, dir, ErrBusy)
	}
	for _, name := range []string{metaFile, storeDir} {
		if err := os.RemoveAll(filepath.Join(dir, name)); err != nil {
			return nil, fmt.Errorf("remove outdated index %s: %w", dir, err)
		}
	}
	return carry, nil
}

// memParts creates the parts of an index in memory.
func memParts(m mapping.IndexMapping) ([]bleve.Index, error) {
	var parts []bleve.Index
	for range shardCount {
		// scorch, as on disk, rather than bleve's default in-memory
		// engine: one engine to search, and to read directly (flat.go).
		b, err := bleve.NewUsing("", m, scorch.Name, scorch.Name, nil)
		if err != nil {
			closeParts(parts)
			return nil, fmt.Errorf("create index in memory: %w", err)
		}
		parts = append(parts, b)
	}
	return parts, nil
}

// recreateParts empties every part of the index in dir.
func recreateParts(dir string, m mapping.IndexMapping) ([]bleve.Index, error) {
	var parts []bleve.Index
	for i := range shardCount {
		b, err := recreate(shardDir(dir, i), m)
		if err != nil {
			closeParts(parts)
			return nil, err
		}
		parts = append(parts, b)
	}
	return parts, nil
}

// closeParts closes the parts and returns the first error.
func closeParts(parts []bleve.Index) error {
	var first error
	for _, p := range parts {
		if err := p.Close(); err != nil && first == nil {
			first = err
		}
	}
	return first
}
