package index

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/mapping"
	bolterrors "go.etcd.io/bbolt/errors"
)

// ErrBusy is returned by Open when another process holds the index
// folder (a scorch index admits one process at a time) and did not let
// go within Options.OpenTimeout.
var ErrBusy = errors.New("index in use by another process")

// The files bleve keeps in an index folder; nothing else is ever removed.
const (
	metaFile  = "index_meta.json"
	storeDir  = "store"
	boltKey   = "bolt_timeout"
	busyLabel = "the index at %s is in use by another trustwatch process (serve?); stop it, or set TRUSTWATCH_INDEX to another folder: %w"
)

// openDisk opens the scorch index in dir, or creates it when dir is
// missing or empty. It waits at most timeout for another process's lock.
// An index that cannot be opened for another reason is a cache of the
// corpus, so it is started afresh (rebuilt reports it).
func openDisk(dir string, m mapping.IndexMapping, timeout time.Duration) (b bleve.Index, rebuilt bool, err error) {
	_, statErr := os.Stat(filepath.Join(dir, metaFile))
	switch {
	case statErr == nil:
		b, err = bleve.OpenUsing(dir, map[string]interface{}{boltKey: timeout.String()})
		if err == nil {
			return b, false, nil
		}
		if isBusy(err) {
			return nil, false, fmt.Errorf(busyLabel, dir, ErrBusy)
		}
		b, err = recreate(dir, m)
		return b, true, err
	case !errors.Is(statErr, os.ErrNotExist):
		return nil, false, fmt.Errorf("open index %s: %w", dir, statErr)
	}
	if entries, err := os.ReadDir(dir); err == nil && len(entries) > 0 {
		return nil, false, fmt.Errorf("open index %s: the folder is not empty and holds no trustwatch index; choose another folder", dir)
	}
	b, err = create(dir, m)
	return b, true, err
}

// isBusy reports whether bleve could not open an index because another
// process holds its lock.
func isBusy(err error) bool { return errors.Is(err, bolterrors.ErrTimeout) }

func create(dir string, m mapping.IndexMapping) (bleve.Index, error) {
	b, err := bleve.NewUsing(dir, m, scorch.Name, scorch.Name, nil)
	if err != nil {
		return nil, fmt.Errorf("create index %s: %w", dir, err)
	}
	return b, nil
}

// recreate removes bleve's files from dir, and only those, and creates an
// empty index there.
func recreate(dir string, m mapping.IndexMapping) (bleve.Index, error) {
	for _, name := range []string{metaFile, storeDir} {
		if err := os.RemoveAll(filepath.Join(dir, name)); err != nil {
			return nil, fmt.Errorf("remove outdated index %s: %w", dir, err)
		}
	}
	return create(dir, m)
}
