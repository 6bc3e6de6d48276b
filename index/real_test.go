package index

import (
	"context"
	"encoding/json"
	"io/fs"
	"os"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/trustwatch/trustwatch/corpus"
)

// realDir holds real articles with golden labels and the questions asked
// of them (questions.json).
const realDir = "../corpus/testdata/real"

type realQuestion struct {
	Question string `json:"question"`
	Lang     string `json:"lang"`
	Article  string `json:"article"`
	Fragment string `json:"fragment"`
	Speaker  string `json:"speaker"`
	Vendor   string `json:"vendor"`
	Label    string `json:"label"`
	Abstain  bool   `json:"abstain"`
}

// realCorpus is the real articles (only the article files: SOURCES and
// the golden and question files are left out) with the seed article, in
// one file system for a single Sync.
func realCorpus(t *testing.T) fs.FS {
	t.Helper()
	m := fstest.MapFS{}
	add := func(fsys fs.FS, prefix string) {
		paths, err := corpus.List(fsys)
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range paths {
			b, err := fs.ReadFile(fsys, p)
			if err != nil {
				t.Fatal(err)
			}
			m[prefix+p] = &fstest.MapFile{Data: b, Mode: 0o644}
		}
	}
	add(os.DirFS(realDir), "real/")
	add(corpus.Sample(), "sample/")
	return m
}

func collapseSpace(s string) string { return strings.Join(strings.Fields(s), " ") }

// sameSpeaker reports whether got names the expected speaker: the same
// name in any case, or the same surname.
func sameSpeaker(got, want string) bool {
	g, w := strings.Fields(strings.ToLower(got)), strings.Fields(strings.ToLower(want))
	if len(g) == 0 || len(w) == 0 {
		return false
	}
	return strings.Join(g, " ") == strings.Join(w, " ") || g[len(g)-1] == w[len(w)-1]
}

// TestRealQuestions asks realistic questions of real articles and measures
// how often the expected quotation is in the top three, with the right
// speaker, vendor and label, and how often Ask abstains when it should.
// The floors sit just under the measured figures, to catch regressions.
func TestRealQuestions(t *testing.T) {
	b, err := os.ReadFile(realDir + "/questions.json")
	if err != nil {
		t.Fatal(err)
	}
	var set struct {
		Questions []realQuestion `json:"questions"`
	}
	if err := json.Unmarshal(b, &set); err != nil {
		t.Fatal(err)
	}
	ix, err := Open("", Options{Registry: corpus.Builtin()})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	rep, err := ix.Sync(context.Background(), realCorpus(t), nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range rep.Problems {
		t.Logf("sync problem: %v", p)
	}

	var asked, hits, speakers, vendors, labels, abstainItems, abstained int
	for _, q := range set.Questions {
		ans := ask(t, ix, Query{Question: q.Question, Limit: 3})
		var own []AnswerQuote
		for _, aq := range ans.Quotes {
			if !aq.OtherVendor {
				own = append(own, aq)
			}
		}
		if q.Abstain {
			abstainItems++
			ok := len(own) == 0
			if ok {
				abstained++
			}
			t.Logf("abstain=%v %q: quotes %q hint %q", ok, q.Question, texts(own), ans.Hint)
			continue
		}
		asked++
		frag := collapseSpace(q.Fragment)
		var hit *AnswerQuote
		for i := range own {
			if strings.Contains(collapseSpace(own[i].Text), frag) {
				hit = &own[i]
				break
			}
		}
		if hit == nil {
			t.Logf("MISS %q: want %q (%s, %s); got %q", q.Question, q.Fragment, q.Speaker, q.Vendor, texts(ans.Quotes))
			continue
		}
		hits++
		sp, ve := sameSpeaker(hit.Speaker, q.Speaker), hit.Vendor == q.Vendor
		lb := false
		for _, l := range hit.Labels {
			lb = lb || string(l) == q.Label
		}
		if sp {
			speakers++
		}
		if ve {
			vendors++
		}
		if lb {
			labels++
		}
		t.Logf("hit %q: speaker %v (%q want %q) vendor %v (%q want %q) label %v (%v want %s)",
			q.Question, sp, hit.Speaker, q.Speaker, ve, hit.Vendor, q.Vendor, lb, hit.Labels, q.Label)
	}
	pct := func(n, d int) float64 {
		if d == 0 {
			return 0
		}
		return 100 * float64(n) / float64(d)
	}
	top3, sp, ve, lb, ab := pct(hits, asked), pct(speakers, hits), pct(vendors, hits), pct(labels, hits), pct(abstained, abstainItems)
	t.Logf("top-3 %d/%d = %.1f%%; of hits: speaker %d = %.1f%%, vendor %d = %.1f%%, label %d = %.1f%%; abstain %d/%d = %.1f%%",
		hits, asked, top3, speakers, sp, vendors, ve, labels, lb, abstained, abstainItems, ab)

	// Floors: just under what is measured (24/29 top-3, all hits right on
	// speaker, vendor and label, 5/5 abstentions). Targets: top-3 85%,
	// speaker 85% of hits, vendor 90%, label 75%, abstain 85%; the top-3
	// misses are the Zoom terms pledge (an unmarked quotation the corpus
	// does not extract), "Zooom" and "Open AI" (not resolved to vendors),
	// and two questions whose words the quotation does not share.
	floors := []struct {
		name       string
		got, floor float64
	}{
		{"top-3", top3, 80},
		{"speaker", sp, 95},
		{"vendor", ve, 95},
		{"label", lb, 95},
		{"abstain", ab, 95},
	}
	for _, f := range floors {
		if f.got < f.floor {
			t.Errorf("%s = %.1f%%; want at least %.0f%%", f.name, f.got, f.floor)
		}
	}
}
