package index

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// realBatches is how the real articles were added: testdata/real/BATCHES
// names each batch in the order it came, with its status, and the article
// files in it; testdata/real/HELDOUT names the fixed held-out articles,
// which no rule, cue, glossary entry or model may be tuned on.
type realBatches struct {
	order   []string          // batch names, in the order added
	status  map[string]string // batch name → "tuned" or "new"
	batch   map[string]string // article file name → batch name
	heldOut map[string]bool   // article file name → held out for good
}

// tuned reports whether the article's mistakes fail the test: it is in a
// batch the code has been tuned on, and not held out.
func (b realBatches) tuned(file string) bool {
	return !b.heldOut[file] && b.status[b.batch[file]] == "tuned"
}

// readRealBatches reads BATCHES and HELDOUT in dir. BATCHES has lines
// "batch NAME STATUS" followed by one article file name a line; HELDOUT
// one file name a line; "#" starts a comment in both.
func readRealBatches(dir string) (realBatches, error) {
	b := realBatches{status: map[string]string{}, batch: map[string]string{}, heldOut: map[string]bool{}}
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
			if fields[2] != "tuned" && fields[2] != "new" {
				return fmt.Errorf("batch %s: status %q is neither tuned nor new", fields[1], fields[2])
			}
			cur = fields[1]
			b.order = append(b.order, cur)
			b.status[cur] = fields[2]
		case len(fields) == 1 && cur != "":
			if prev, dup := b.batch[fields[0]]; dup {
				return fmt.Errorf("%s is in batch %s already", fields[0], prev)
			}
			b.batch[fields[0]] = cur
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
		if _, ok := b.batch[fields[0]]; !ok {
			return fmt.Errorf("%s is in no batch", fields[0])
		}
		b.heldOut[fields[0]] = true
		return nil
	})
	return b, err
}
