// Package index owns the search index: its bleve mapping, opening and
// closing it, incremental Sync from a corpus, and the answers built from it
// (Ask, vendor cards, comparisons, what is new since a time).
//
// It is the only package that imports bleve, and no bleve type leaves it.
// It imports corpus; it never logs and never reads the environment.
package index

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/trustwatch/trustwatch/corpus"
)

// ErrUnknownVendor is returned by Vendor and Compare for a name that is
// neither a vendor id nor an alias in the registry.
var ErrUnknownVendor = errors.New("unknown vendor")

// ErrReadOnly is returned by Open with Options.ReadOnly for an index that
// must be written before it can be read (none yet, outdated, damaged),
// and by a Sync of a read-only index that has something to write: the
// caller opens the index again without ReadOnly.
var ErrReadOnly = errors.New("index must be written")

// Options tune Open. The zero value is usable.
type Options struct {
	// Registry is the vendor registry used to extract quotations and to
	// read vendors in questions; nil is corpus.Builtin().
	Registry *corpus.Registry
	// OpenTimeout bounds the wait for an index folder that another
	// process holds; then Open fails with ErrBusy. Default 1s.
	OpenTimeout time.Duration
	// Now is the clock for "first indexed at" times; nil is time.Now.
	Now func() time.Time
	// ReadOnly opens the index in its folder for reading only, as other
	// readers may at the same time, writing nothing: an ask on an
	// unchanged corpus. Its Syncs only find the corpus unchanged, or
	// return ErrReadOnly. No effect on an index in memory.
	ReadOnly bool
}

// Index is a trustwatch search index, on disk or in memory. Its methods
// are safe for concurrent use; Syncs are serialised.
type Index struct {
	// b searches all parts at once (a bleve index alias); writes go to
	// the part of each article (shardOf).
	b     bleve.Index
	parts []bleve.Index
	dir   string
	reg   *corpus.Registry
	now   func() time.Time
	an    analyzers
	// mapping is the index's mapping; specs its fields, from which
	// Sync builds documents (document.go).
	mapping *mapping.IndexMappingImpl
	specs   docSpecs
	// gloss waits for and returns the glossary's keys, which Open
	// starts reading in the background, from the index folder's cache
	// or computed (glossary_cache.go): an ask walks the corpus meanwhile.
	gloss  func() glossIndex
	stop   map[string]bool
	people map[string]bool
	// carry holds, after a rebuild, when each quotation (article and text
	// key) was first indexed in the old index, until Sync uses it.
	carry map[string]time.Time
	// table is the stat table Sync last wrote or read (fresh.go); nil
	// until then, or when it does not describe the index.
	table  *statTable
	syncMu sync.Mutex
	// gen counts the index's writes; caches computed from the index
	// hold until it moves.
	gen          atomic.Uint64
	counts       countCache
	speakerNames speakerCache
	// order is, by part, the id order of the segments whose ties are
	// often compared (tie.go).
	order [shardCount]idOrder
	// plans are the questions last read (plan.go).
	plans planCache
	// recCache keeps the records last read for ranking (records.go).
	recCache recordCache
	// rankTap, when set, sees every ranked list of candidates: how
	// TestFitRank gathers their features. Nil outside that test.
	rankTap func(rankQuestion, []candidate)
	// questionReg keeps the registry questions are read against
	// (question_vendors.go).
	questionReg questionRegCache
	rebuilt     bool
	readOnly    bool
	close       sync.Once
	closeErr    error
}

// meta is what the index records about how it was built; any difference
// with the running program's makes Open rebuild it.
type meta struct {
	Mapping  int    `json:"mapping"`
	Extract  int    `json:"extract"`
	Registry string `json:"registry"`
}

var metaKey = []byte("trustwatch:meta")

// Open opens the index in dir, creating it if needed; dir == "" is an
// index in memory. An index written by another mapping or extraction
// version, or with another vendor registry, is emptied so that the next
// Sync rebuilds it.
func Open(dir string, opts Options) (*Index, error) {
	if opts.Registry == nil {
		opts.Registry = corpus.Builtin()
	}
	if opts.OpenTimeout <= 0 {
		opts.OpenTimeout = time.Second
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	var ids []string
	for _, v := range opts.Registry.Vendors() {
		ids = append(ids, v.ID)
	}
	m, err := newMapping(ids)
	if err != nil {
		return nil, fmt.Errorf("build index mapping: %w", err)
	}
	mappingJSON := rememberMapping(m) // bleve's open then need not decode it (mapping_known.go)
	want := meta{Mapping: MappingVersion, Extract: ExtractVersion, Registry: registryHash(opts.Registry)}
	specs, err := newDocSpecs(m)
	if err != nil {
		return nil, fmt.Errorf("build index mapping: %w", err)
	}
	ix := &Index{dir: dir, reg: opts.Registry, now: opts.Now, mapping: m, specs: specs}
	if dir == "" {
		if ix.parts, err = memParts(m); err != nil {
			return nil, err
		}
		ix.b = bleve.NewIndexAlias(ix.parts...)
	} else if opts.ReadOnly {
		if ix.parts, err = openReadOnly(dir, opts.OpenTimeout); err != nil {
			return nil, err
		}
		ix.b = bleve.NewIndexAlias(ix.parts...)
		if got, ok := ix.meta(); !ok || got != want {
			closeParts(ix.parts)
			return nil, ErrReadOnly
		}
		ix.readOnly = true
	} else {
		ix.parts, ix.rebuilt, ix.carry, err = openParts(dir, m, opts.OpenTimeout)
		if err != nil {
			return nil, err
		}
		ix.b = bleve.NewIndexAlias(ix.parts...)
		if got, ok := ix.meta(); !ok || got != want {
			// Keep when each quotation was first indexed across the
			// rebuild: the digest tells what is new by it.
			if carry := ix.firstIndexedAll(); carry != nil {
				ix.carry = carry
			}
			if err := closeParts(ix.parts); err != nil {
				return nil, fmt.Errorf("close outdated index %s: %w", dir, err)
			}
			if ix.parts, err = recreateParts(dir, m); err != nil {
				return nil, err
			}
			ix.b = bleve.NewIndexAlias(ix.parts...)
			ix.rebuilt = true
		}
	}
	if ix.rebuilt || ix.carry != nil {
		if err := ix.dropTable(); err != nil {
			closeParts(ix.parts)
			return nil, fmt.Errorf("open index %s: %w", dir, err)
		}
	}
	if err := ix.setMeta(want); err != nil {
		closeParts(ix.parts)
		return nil, fmt.Errorf("open index %s: %w", dir, err)
	}
	ix.an, err = newAnalyzers(m)
	if err != nil {
		closeParts(ix.parts)
		return nil, fmt.Errorf("open index %s: %w", dir, err)
	}
	// What reading a question needs, read while the caller walks the
	// corpus (an ask) or before the first article is extracted.
	go corpus.Preload()
	ix.gloss = ix.startGlossary(mappingJSON)
	ix.stop = stopWords()
	ix.people = ix.personWords()
	return ix, nil
}

// Close closes the index, releasing its folder for other processes.
// A second Close does nothing.
func (ix *Index) Close() error {
	ix.close.Do(func() {
		ix.gloss() // the analyzers are the index's
		if err := closeParts(ix.parts); err != nil {
			ix.closeErr = fmt.Errorf("close index %s: %w", ix.dir, err)
		}
	})
	return ix.closeErr
}

// Registry is the vendor registry the index was opened with.
func (ix *Index) Registry() *corpus.Registry { return ix.reg }

// Dir is the index's folder; "" for an index in memory.
func (ix *Index) Dir() string { return ix.dir }

// Rebuilt reports whether Open found no usable index in its folder (new,
// outdated or damaged) and started an empty one, so that the next Sync
// indexes the whole corpus.
func (ix *Index) Rebuilt() bool { return ix.rebuilt }

func (ix *Index) meta() (meta, bool) {
	b, err := ix.parts[0].GetInternal(metaKey)
	if err != nil || b == nil {
		return meta{}, false
	}
	var m meta
	if json.Unmarshal(b, &m) != nil {
		return meta{}, false
	}
	return m, true
}

func (ix *Index) setMeta(m meta) error {
	if got, ok := ix.meta(); ok && got == m {
		return nil
	}
	b, _ := json.Marshal(m)
	if err := ix.parts[0].SetInternal(metaKey, b); err != nil {
		return fmt.Errorf("record index version: %w", err)
	}
	return nil
}

// registryHash identifies a registry's content: quotations' vendors
// depend on it, so a changed registry means re-extracting.
func registryHash(r *corpus.Registry) string {
	b, _ := json.Marshal(r.Vendors())
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:8])
}

// firstIndexedAll reads when every quotation of the index was first
// indexed, by carryKey; nil if the index cannot be read.
func (ix *Index) firstIndexedAll() map[string]time.Time {
	out := map[string]time.Time{}
	err := ix.scan(context.Background(), kindQuote, nil, func(_ string, b []byte) error {
		var rec quoteRecord
		if json.Unmarshal(b, &rec) == nil && rec.Key != "" && !rec.First.IsZero() {
			k := carryKey(rec.Article.ID, rec.Key)
			if t, ok := out[k]; !ok || rec.First.Before(t) {
				out[k] = rec.First
			}
		}
		return nil
	})
	if err != nil || len(out) == 0 {
		return nil
	}
	return out
}

func carryKey(article, key string) string { return article + "\x00" + key }
