package corpus

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/trustwatch/trustwatch/corpus/realset"
)

// realTopics are the topics of the contract a golden quotation may carry.
var realTopics = []string{"competition", "customer-data", "sovereignty", "trust", "government-access", "partnership"}

// realScore counts what TestExtractReal measures.
type realScore struct {
	golden, found            int // golden quotations, and those found
	attributed               int // golden quotations with a speaker
	speakerRight             int // found with the golden (or a tolerated) speaker
	judged, judgedRight      int // extracted quotations with a speaker that match golden ones
	vendorRight              int
	labelsCover, labelsExact int
	extracted, spurious      int
}

func (s *realScore) add(o realScore) {
	s.golden += o.golden
	s.found += o.found
	s.attributed += o.attributed
	s.speakerRight += o.speakerRight
	s.judged += o.judged
	s.judgedRight += o.judgedRight
	s.vendorRight += o.vendorRight
	s.labelsCover += o.labelsCover
	s.labelsExact += o.labelsExact
	s.extracted += o.extracted
	s.spurious += o.spurious
}

func pct(n, d int) float64 {
	if d == 0 {
		return 100
	}
	return 100 * float64(n) / float64(d)
}

func (s realScore) String() string {
	return fmt.Sprintf("quote recall %d/%d (%.0f%%); speaker precision %d/%d (%.0f%%), recall %d/%d (%.0f%%); vendor %d/%d (%.0f%%); labels ⊇ %d/%d (%.0f%%), exact %d/%d (%.0f%%); spurious %d of %d extracted",
		s.found, s.golden, pct(s.found, s.golden),
		s.judgedRight, s.judged, pct(s.judgedRight, s.judged),
		s.speakerRight, s.attributed, pct(s.speakerRight, s.attributed),
		s.vendorRight, s.found, pct(s.vendorRight, s.found),
		s.labelsCover, s.found, pct(s.labelsCover, s.found),
		s.labelsExact, s.found, pct(s.labelsExact, s.found),
		s.spurious, s.extracted)
}

// TestExtractReal measures Extract on real news articles
// (testdata/real/*.md) against hand-made golden quotations: quote recall,
// speaker precision and recall, vendor and label accuracy, and spurious
// quotations. A wrong speaker is the worst error: speaker precision must
// stay near 100%.
func TestExtractReal(t *testing.T) {
	reg := Builtin()
	paths, err := filepath.Glob(filepath.Join("testdata", "real", "*.md"))
	if err != nil || len(paths) == 0 {
		t.Fatalf("no real articles: %v", err)
	}
	batches, err := realset.Read(filepath.Join("testdata", "real"))
	if err != nil {
		t.Fatal(err)
	}
	var total, tuned, heldOut realScore
	perBatch := map[string]*realScore{}
	for _, path := range paths {
		base := strings.TrimSuffix(filepath.Base(path), ".md")
		file := filepath.Base(path)
		// A held-out article's mistakes are only ever counted: printing
		// them would invite tuning on them.
		logf := t.Logf
		if batches.HeldOut[file] {
			logf = func(string, ...any) {}
		}
		bn, ok := batches.Batch[file]
		if !ok {
			t.Errorf("%s is in no batch of testdata/real/BATCHES", file)
		}
		// A mistake on an article the code was never tuned on is a
		// figure to record, not a failure.
		errorf := t.Errorf
		if !batches.Tuned(file) {
			errorf = logf
		}
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		a, err := ParseArticle(filepath.Base(path), data)
		if err != nil {
			t.Fatalf("ParseArticle(%s): %v", path, err)
		}
		var want realGolden
		b, err := os.ReadFile(strings.TrimSuffix(path, ".md") + ".golden.json")
		if err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal(b, &want); err != nil {
			t.Fatalf("%s.golden.json: %v", base, err)
		}
		for _, w := range want.Quotes {
			for _, l := range w.Labels {
				if !slices.Contains(Labels, l) {
					t.Errorf("%s.golden.json: %q has label %q, not a contract label", base, w.Fragment, l)
				}
			}
			for _, tp := range w.Topics {
				if !slices.Contains(realTopics, tp) {
					t.Errorf("%s.golden.json: %q has topic %q, not a contract topic", base, w.Fragment, tp)
				}
			}
			if strings.HasSuffix(w.Fragment, ",") {
				t.Errorf("%s.golden.json: fragment %q ends with the comma of the sentence around it, not of the quotation", base, w.Fragment)
			}
			if !strings.Contains(normSpace(a.Text), normSpace(w.Fragment)) {
				t.Errorf("%s.golden.json: fragment %q is not in the article's text", base, w.Fragment)
			}
		}
		got := Extract(a, reg)
		speakerOK := func(q Quote, gi int) bool { return want.accepts(reg, gi, q.Speaker) }

		var s realScore
		s.golden, s.extracted = len(want.Quotes), len(got)
		// Golden side: the best extracted quotation for each fragment (a
		// fragment may occur twice, in a standfirst and in the body).
		for gi, w := range want.Quotes {
			if w.Speaker != "" {
				s.attributed++
			}
			best, bestScore := -1, -1
			for i, q := range got {
				if !fragmentIn(w.Fragment, q.Text) {
					continue
				}
				score := 0
				if speakerOK(q, gi) {
					score += 4
				}
				if q.Vendor == w.Vendor {
					score += 2
				}
				if score > bestScore {
					best, bestScore = i, score
				}
			}
			if best < 0 {
				logf("%s: missed %q (%s)", base, w.Fragment, w.Speaker)
				continue
			}
			s.found++
			q := got[best]
			switch {
			case speakerOK(q, gi) && w.Speaker != "":
				s.speakerRight++
			case q.Speaker == "" && w.Speaker != "":
				logf("%s: no speaker for %q; want %q", base, w.Fragment, w.Speaker)
			}
			if q.Vendor == w.Vendor || slices.Contains(want.Quotes[gi].AlsoVendors, q.Vendor) {
				s.vendorRight++
			} else {
				logf("%s: vendor of %q = %q; want %q", base, w.Fragment, q.Vendor, w.Vendor)
			}
			switch {
			case slices.Equal(q.Labels, w.Labels):
				s.labelsExact++
				s.labelsCover++
			case !slices.ContainsFunc(w.Labels, func(l Label) bool { return !slices.Contains(q.Labels, l) }):
				s.labelsCover++
				logf("%s: labels of %q = %v; want %v (extra tolerated)", base, w.Fragment, q.Labels, w.Labels)
			default:
				logf("%s: labels of %q = %v (cues %q); want %v", base, w.Fragment, q.Labels, q.Cues, w.Labels)
			}
		}
		// Extracted side: every quotation is a golden one (its speaker
		// judged against each golden fragment it holds), a tolerated scare
		// quote, or spurious.
		note := strings.ToLower(normSpace(want.AlsoAcceptable))
		for _, q := range got {
			var holds []int
			for gi, w := range want.Quotes {
				if fragmentIn(w.Fragment, q.Text) {
					holds = append(holds, gi)
				}
			}
			if len(holds) == 0 {
				if txt := strings.ToLower(normSpace(q.Text)); txt == "" || !strings.Contains(note, txt) {
					s.spurious++
					errorf("%s: spurious quotation %q (speaker %q, %s: %q)", base, q.Text, q.Speaker, q.Attribution.Rule, q.Attribution.Evidence)
				}
				continue
			}
			if q.Speaker == "" {
				continue
			}
			s.judged++
			right := !slices.ContainsFunc(holds, func(gi int) bool { return !speakerOK(q, gi) })
			if right {
				s.judgedRight++
			} else {
				errorf("%s: speaker of %q = %q (%s: %q); want %q", base, q.Text, q.Speaker, q.Attribution.Rule, q.Attribution.Evidence, want.Quotes[holds[0]].Speaker)
			}
		}
		logf("%s: %v", base, s)
		total.add(s)
		switch {
		case batches.HeldOut[file]:
			heldOut.add(s)
		default:
			// A batch's figures leave its held-out articles out: they are
			// the HELD-OUT line's alone.
			if perBatch[bn] == nil {
				perBatch[bn] = &realScore{}
			}
			perBatch[bn].add(s)
			if batches.Tuned(file) {
				tuned.add(s)
			}
		}
	}
	for _, bn := range batches.Order {
		if s := perBatch[bn]; s != nil {
			t.Logf("BATCH %s (%s, held-out aside): %v", bn, batches.Status[bn], *s)
		}
	}
	t.Logf("HELD-OUT (%d articles of testdata/real/HELDOUT, never tuned on): %v", len(batches.HeldOut), heldOut)
	t.Logf("TUNED (batches the code was tuned on, held-out aside): %v", tuned)
	t.Logf("TOTAL: %v", total)
	// Floors, on the tuned batches only: a little under what the
	// extractor reaches today on their 20 articles (recall 99%, speaker precision 100%, speaker recall 96% with the learned step,
	// vendor 100%, labels 96% covering and 93% exact). Raise them as it
	// improves; never lower speaker precision: a wrong speaker is worse
	// than none.
	for _, f := range []struct {
		what  string
		n, d  int
		floor float64
	}{
		{"quote recall", tuned.found, tuned.golden, 95},
		{"speaker precision", tuned.judgedRight, tuned.judged, 95},
		{"speaker recall", tuned.speakerRight, tuned.attributed, 94},
		{"vendor accuracy", tuned.vendorRight, tuned.found, 95},
		{"label accuracy (golden ⊆ extracted)", tuned.labelsCover, tuned.found, 90},
		{"label accuracy (exact)", tuned.labelsExact, tuned.found, 85},
	} {
		if p := pct(f.n, f.d); p < f.floor {
			t.Errorf("%s %.1f%% (%d/%d); want at least %.0f%%", f.what, p, f.n, f.d, f.floor)
		}
	}
}
