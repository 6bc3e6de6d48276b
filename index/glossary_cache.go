package index

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"runtime/debug"
	"strconv"
	"strings"

	"github.com/trustwatch/trustwatch/corpus"
)

// The glossary cache: the vocabulary's concepts and the keys of each of
// their terms (glossaryKeys), kept in the index folder. Computing them
// is parsing vocabulary.yaml and running the index's analyzers over
// every term, some 7 ms of CPU at every ask; reading them back is a
// fraction of a millisecond.
//
// Safety: the file is keyed by all it is computed from (glossKey): the
// cache format, MappingVersion, the mapping's JSON (the analyzers'
// settings, and the registry's vendors), the vocabulary file's SHA-256
// and the program's build (its version, VCS revision and modules). It
// ends with the SHA-256 of what precedes it, so a damaged or truncated
// file is not read; and some terms' keys are computed again when it is
// read, so that a build whose analyzers changed under the same key (a
// modified working tree) does not use it. A cache that fails any check
// is ignored, and replaced by an index opened for writing. It is written
// to a temporary file then renamed, by an index opened for writing only:
// a read-only open writes nothing and computes the keys itself when the
// cache is missing or stale.

// glossFile is the cache's file in the index folder. It is named after
// the stat table (tableFile) so that versions of trustwatch before the
// cache, which refuse a folder with files they do not know, accept it.
const glossFile = tableFile + ".glossary"

// glossFormat is the cache's format version; change it with the format.
const glossFormat = "1"

const glossMagic = "trustwatch glossary cache\t" + glossFormat + "\n"

// glossCheckEvery: one term in glossCheckEvery has its keys computed again
// when the cache is read.
const glossCheckEvery = 16

// glossKey is the key of the glossary cache of an index with the mapping
// whose JSON is mappingJSON.
func glossKey(mappingJSON []byte) string {
	h := sha256.New()
	fmt.Fprintf(h, "%s%d\n", glossMagic, MappingVersion)
	h.Write(mappingJSON)
	sum := corpus.VocabularySum()
	h.Write(sum[:])
	if bi, ok := debug.ReadBuildInfo(); ok {
		fmt.Fprintf(h, "\n%s %s %s\n", bi.GoVersion, bi.Main.Path, bi.Main.Version)
		for _, s := range bi.Settings {
			if strings.HasPrefix(s.Key, "vcs.") || s.Key == "-tags" {
				fmt.Fprintf(h, "%s=%s\n", s.Key, s.Value)
			}
		}
		for _, d := range bi.Deps {
			fmt.Fprintf(h, "%s %s %s\n", d.Path, d.Version, d.Sum)
		}
	}
	return hex.EncodeToString(h.Sum(nil))
}

// startGlossary starts reading the glossary's keys (Index.gloss): from the
// cache in the index folder when it is valid, else computed (and, for an
// index opened for writing, saved).
func (ix *Index) startGlossary(mappingJSON []byte) func() glossIndex {
	if ix.dir == "" || mappingJSON == nil {
		return background(ix.glossaryKeys)
	}
	path := filepath.Join(ix.dir, glossFile)
	write := !ix.readOnly
	return background(func() glossIndex {
		key := glossKey(mappingJSON)
		if b, err := os.ReadFile(path); err == nil {
			if concepts, keys, ok := decodeGloss(b, key); ok && ix.glossChecks(concepts, keys) {
				useGlossary(concepts)
				return newGlossIndex(keys)
			}
		}
		g := ix.glossaryKeys()
		if write {
			writeGloss(path, encodeGloss(key, glossary(), g.keys)) // a cache: not written, computed next time
		}
		return g
	})
}

// glossChecks computes again the keys of one term in glossCheckEvery of
// a cache's, and reports whether they are the same.
func (ix *Index) glossChecks(concepts []concept, keys [][]wordKeys) bool {
	n := 0
	for ci, c := range concepts {
		for i, t := range c.terms() {
			if n++; n%glossCheckEvery == 1 && ix.keys(t.word) != keys[ci][i] {
				return false
			}
		}
	}
	return true
}

// encodeGloss writes the cache: the magic line, the key, then per
// concept a line "c role labels topics nEN" and a line "t word fold en fr"
// per term (English first, as concept.terms()), tab-separated, and last
// "sum" and the SHA-256 of all before it. nil if a word cannot be written
// so (a tab or a line break in it).
func encodeGloss(key string, concepts []concept, keys [][]wordKeys) []byte {
	var b bytes.Buffer
	b.WriteString(glossMagic)
	b.WriteString(key + "\n")
	ok := true
	field := func(s string) {
		if strings.ContainsAny(s, "\t\n") {
			ok = false
		}
		b.WriteString("\t" + s)
	}
	for ci, c := range concepts {
		ls := make([]string, len(c.labels))
		for i, l := range c.labels {
			ls[i] = string(l)
		}
		ts := make([]string, len(c.topics))
		for i, t := range c.topics {
			ts[i] = string(t)
		}
		b.WriteString("c")
		field(strconv.FormatBool(c.role))
		for _, s := range append(ls, ts...) {
			if s == "" || strings.ContainsAny(s, "\t\n,") {
				ok = false
			}
		}
		b.WriteString("\t" + strings.Join(ls, ",") + "\t" + strings.Join(ts, ","))
		field(strconv.Itoa(len(c.en)))
		b.WriteString("\n")
		for i, t := range c.terms() {
			k := keys[ci][i]
			b.WriteString("t")
			field(t.word)
			field(k.fold)
			field(k.en)
			field(k.fr)
			b.WriteString("\n")
		}
	}
	if !ok {
		return nil
	}
	sum := sha256.Sum256(b.Bytes())
	b.WriteString("sum\t" + hex.EncodeToString(sum[:]) + "\n")
	return b.Bytes()
}

// decodeGloss reads a cache written by encodeGloss under key; ok is false
// for any other file.
func decodeGloss(data []byte, key string) (concepts []concept, keys [][]wordKeys, ok bool) {
	body, last, found := bytes.Cut(data, []byte("\nsum\t"))
	if !found || len(last) != 2*sha256.Size+1 || last[len(last)-1] != '\n' || bytes.Contains(last, []byte("\nsum\t")) {
		return nil, nil, false
	}
	body = data[:len(body)+1] // with its last line break
	sum := sha256.Sum256(body)
	if hex.EncodeToString(sum[:]) != string(last[:len(last)-1]) {
		return nil, nil, false
	}
	text := string(body)
	text, found = strings.CutPrefix(text, glossMagic+key+"\n")
	if !found {
		return nil, nil, false
	}
	split := func(s string) []string {
		if s == "" {
			return nil
		}
		return strings.Split(s, ",")
	}
	for text != "" {
		line, rest, _ := strings.Cut(text, "\n")
		text = rest
		f := strings.Split(line, "\t")
		switch {
		case len(f) == 5 && f[0] == "c":
			role, err1 := strconv.ParseBool(f[1])
			nEN, err2 := strconv.Atoi(f[4])
			if err1 != nil || err2 != nil || nEN < 0 {
				return nil, nil, false
			}
			c := concept{role: role}
			for _, l := range split(f[2]) {
				c.labels = append(c.labels, corpus.Label(l))
			}
			for _, t := range split(f[3]) {
				c.topics = append(c.topics, corpus.Topic(t))
			}
			c.en = make([]string, 0, nEN) // nEN words are English; filled by the term lines
			concepts = append(concepts, c)
			keys = append(keys, nil)
		case len(f) == 5 && f[0] == "t" && len(concepts) > 0:
			ci := len(concepts) - 1
			c := &concepts[ci]
			if len(c.en) < cap(c.en) {
				c.en = append(c.en, f[1])
			} else {
				c.fr = append(c.fr, f[1])
			}
			keys[ci] = append(keys[ci], wordKeys{fold: f[2], en: f[3], fr: f[4]})
		default:
			return nil, nil, false
		}
	}
	for _, c := range concepts {
		if len(c.en) == 0 || len(c.en) < cap(c.en) || len(c.fr) == 0 {
			return nil, nil, false // the vocabulary has both languages in every concept
		}
	}
	return concepts, keys, len(concepts) > 0
}

// writeGloss saves a cache file by way of a temporary file in its folder,
// renamed over it; errors leave no file but the old one.
func writeGloss(path string, data []byte) {
	if data == nil {
		return
	}
	f, err := os.CreateTemp(filepath.Dir(path), filepath.Base(path)+".tmp*")
	if err != nil {
		return
	}
	_, err = f.Write(data)
	if err == nil {
		err = f.Chmod(0o644) // as the stat table
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(f.Name(), path)
	}
	if err != nil {
		os.Remove(f.Name())
	}
}
