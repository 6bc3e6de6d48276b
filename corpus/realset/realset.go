// Package realset reads how the real development articles of
// corpus/testdata/real were added: their batches, each scored before any
// change, and the fixed held-out fifth that nothing is tuned on. The
// golden tests of corpus and index and the label trainer read it; it
// imports nothing of ours.
package realset

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// Batches is how the real articles were added: corpus/testdata/real/BATCHES
// names each batch in the order it came, with its status, and the article
// files in it; corpus/testdata/real/HELDOUT names the fixed held-out articles,
// which no rule, cue, glossary entry or model may be tuned on.
type Batches struct {
	Order   []string          // batch names, in the order added
	Status  map[string]string // batch name → "tuned", "learned" or "new"
	Batch   map[string]string // article file name → batch name
	HeldOut map[string]bool   // article file name → held out for good
}

// Tuned reports whether the article's mistakes fail the test: it is in a
// batch the code has been tuned on, and not held out.
func (b Batches) Tuned(file string) bool {
	return !b.HeldOut[file] && b.Status[b.Batch[file]] == "tuned"
}

// Read reads BATCHES and HELDOUT in dir. BATCHES has lines
// "batch NAME STATUS" followed by one article file name a line; HELDOUT
// one file name a line; "#" starts a comment in both.
func Read(dir string) (Batches, error) {
	b := Batches{Status: map[string]string{}, Batch: map[string]string{}, HeldOut: map[string]bool{}}
	lines := func(name string, each func(fields []string) error) error {
		f, err := os.Open(filepath.Join(dir, name))
		if err != nil {
			return fmt.Errorf("read real-article %s: %w", name, err)
		}
		defer f.Close()
		sc := bufio.NewScanner(f)
		for n := 1; sc.Scan(); n++ {
			line, _, _ := strings.Cut(sc.Text(), "#")
			if fields := strings.Fields(line); len(fields) > 0 {
				if err := each(fields); err != nil {
					return fmt.Errorf("%s:%d: %w", name, n, err)
				}
			}
		}
		return sc.Err()
	}
	cur := ""
	err := lines("BATCHES", func(fields []string) error {
		switch {
		case fields[0] == "batch" && len(fields) == 3:
			if fields[2] != "tuned" && fields[2] != "learned" && fields[2] != "new" {
				return fmt.Errorf("batch %s: status %q is not tuned, learned or new", fields[1], fields[2])
			}
			cur = fields[1]
			b.Order = append(b.Order, cur)
			b.Status[cur] = fields[2]
		case len(fields) == 1 && cur != "":
			if prev, dup := b.Batch[fields[0]]; dup {
				return fmt.Errorf("%s is in batch %s already", fields[0], prev)
			}
			b.Batch[fields[0]] = cur
		default:
			return fmt.Errorf("want \"batch NAME STATUS\" or a file name, got %q", strings.Join(fields, " "))
		}
		return nil
	})
	if err != nil {
		return b, err
	}
	err = lines("HELDOUT", func(fields []string) error {
		if len(fields) != 1 {
			return fmt.Errorf("want one file name, got %q", strings.Join(fields, " "))
		}
		if _, ok := b.Batch[fields[0]]; !ok {
			return fmt.Errorf("%s is in no batch", fields[0])
		}
		b.HeldOut[fields[0]] = true
		return nil
	})
	return b, err
}
