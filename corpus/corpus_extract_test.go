package corpus

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files of testdata/articles")

// truth is what a careful reader extracts from a test article
// (testdata/articles/*.truth.json, written by hand): each quotation by a
// verbatim fragment, its speaker ("" when the article does not say) and
// its labels.
type truth struct {
	Quotes []struct {
		Fragment string  `json:"fragment"`
		Speaker  string  `json:"speaker"`
		Labels   []Label `json:"labels"`
	} `json:"quotes"`
}

// TestExtractCorpus runs Extract over the invented articles of
// testdata/articles. A wrong speaker is worse than none: speaker precision
// must be 100%, and nothing that is not a quotation may come out; recall
// and label precision are reported. The extractor's full output is kept in
// *.golden.json (go test -run TestExtractCorpus -update rewrites them) so
// that a change shows up in review as a diff.
func TestExtractCorpus(t *testing.T) {
	reg := testRegistry(t)
	paths, err := filepath.Glob(filepath.Join("testdata", "articles", "*.md"))
	if err != nil || len(paths) == 0 {
		t.Fatalf("no test articles: %v", err)
	}
	var total, attributed, right, wrong, labelsRight, labelsWrong int
	for _, path := range paths {
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		a, err := ParseArticle(filepath.Base(path), data)
		if err != nil {
			t.Fatalf("ParseArticle(%s): %v", path, err)
		}
		got := Extract(a, reg)
		base := strings.TrimSuffix(path, ".md")
		checkGolden(t, base+".golden.json", got)

		var want truth
		b, err := os.ReadFile(base + ".truth.json")
		if err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal(b, &want); err != nil {
			t.Fatalf("%s.truth.json: %v", base, err)
		}
		matched := make([]bool, len(got))
		for _, w := range want.Quotes {
			total++
			i := slices.IndexFunc(got, func(q Quote) bool { return strings.Contains(q.Text, w.Fragment) })
			if i < 0 {
				t.Logf("%s: missed %q", a.ID, w.Fragment)
				continue
			}
			matched[i] = true
			q := got[i]
			switch {
			case q.Speaker == "" && w.Speaker != "":
				t.Logf("%s: no speaker for %q; want %q", a.ID, w.Fragment, w.Speaker)
			case q.Speaker != "" && q.Speaker != w.Speaker:
				wrong++
				t.Errorf("%s: speaker of %q = %q (%s: %q); want %q", a.ID, w.Fragment, q.Speaker, q.Attribution.Rule, q.Attribution.Evidence, w.Speaker)
			case q.Speaker != "":
				right++
			}
			if w.Speaker != "" {
				attributed++
			}
			for _, l := range q.Labels {
				if slices.Contains(w.Labels, l) {
					labelsRight++
				} else {
					labelsWrong++
					t.Logf("%s: label %s on %q (cue %q); want %v", a.ID, l, w.Fragment, q.Cues[l], w.Labels)
				}
			}
		}
		for i, q := range got {
			if !matched[i] {
				t.Errorf("%s: %q (%s) is not a quotation of the article", a.ID, q.Text, q.Speaker)
			}
		}
	}
	t.Logf("quotations: %d; speakers: %d right, %d wrong, %d to find: recall %.0f%%, precision %.0f%%",
		total, right, wrong, attributed, 100*float64(right)/float64(attributed), 100*float64(right)/float64(max(right+wrong, 1)))
	t.Logf("labels: %d right, %d wrong: precision %.0f%%", labelsRight, labelsWrong, 100*float64(labelsRight)/float64(max(labelsRight+labelsWrong, 1)))
	if labelsWrong*10 > labelsRight+labelsWrong {
		t.Errorf("label precision below 90%%")
	}
	if total < 60 {
		t.Errorf("the test corpus has %d quotations; want at least 60", total)
	}
}

// checkGolden compares quotations with a golden file, or rewrites it.
func checkGolden(t *testing.T, path string, got []Quote) {
	t.Helper()
	b, err := json.MarshalIndent(got, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	b = append(b, '\n')
	if *update {
		if err := os.WriteFile(path, b, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -run TestExtractCorpus -update to write it)", err)
	}
	if !bytes.Equal(b, want) {
		t.Errorf("Extract output differs from %s; run go test -run TestExtractCorpus -update and review the diff", path)
	}
}
