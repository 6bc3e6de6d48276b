package index

import (
	"context"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/trustwatch/trustwatch/corpus"
	"github.com/trustwatch/trustwatch/corpus/realset"
)

// realDir holds real articles with golden labels and the questions asked
// of them (questions.json).
const realDir = "../corpus/testdata/real"

type realQuestion struct {
	Question string `json:"question"`
	Lang     string `json:"lang"`
	// Article is the article holding the expected quotation; on an
	// abstention question it may name the held-out article the question
	// was written from, which puts it in the held-out evaluation.
	Article  string `json:"article"`
	Fragment string `json:"fragment"`
	Speaker  string `json:"speaker"`
	Vendor   string `json:"vendor"`
	Label    string `json:"label"`
	Abstain  bool   `json:"abstain"`
	// Batch is the batch (testdata/real/BATCHES) a question was added
	// with: always set on an abstention question, and on a question added
	// as a question set of its own (a batch with no articles); other
	// questions are in their article's batch.
	Batch string `json:"batch"`
}

// realIndex is an index in memory of realCorpus, closed when the test
// ends.
func realIndex(t *testing.T) *Index {
	t.Helper()
	ix, err := Open("", Options{Registry: corpus.Builtin()})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	if _, err := ix.Sync(context.Background(), realCorpus(t), nil); err != nil {
		t.Fatal(err)
	}
	return ix
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

// realTally counts what TestRealQuestions measures.
type realTally struct {
	asked, hits, speakers, vendors, labels, abstainItems, abstained int
}

func (c realTally) String() string {
	pct := func(n, d int) float64 {
		if d == 0 {
			return 0
		}
		return 100 * float64(n) / float64(d)
	}
	return fmt.Sprintf("top-3 %d/%d = %.1f%%; of hits: speaker %d = %.1f%%, vendor %d = %.1f%%, label %d = %.1f%%; abstain %d/%d = %.1f%%",
		c.hits, c.asked, pct(c.hits, c.asked), c.speakers, pct(c.speakers, c.hits), c.vendors, pct(c.vendors, c.hits),
		c.labels, pct(c.labels, c.hits), c.abstained, c.abstainItems, pct(c.abstained, c.abstainItems))
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

	batches, err := realset.Read(realDir)
	if err != nil {
		t.Fatal(err)
	}
	// An abstention question must name a vendor that no golden quotation
	// of the set speaks for.
	quoted := map[string]bool{}
	goldens, err := filepath.Glob(filepath.Join(realDir, "*.golden.json"))
	if err != nil || len(goldens) == 0 {
		t.Fatalf("no golden files: %v", err)
	}
	for _, g := range goldens {
		b, err := os.ReadFile(g)
		if err != nil {
			t.Fatal(err)
		}
		var gold struct {
			Quotes []struct {
				Vendor string `json:"vendor"`
			} `json:"quotes"`
		}
		if err := json.Unmarshal(b, &gold); err != nil {
			t.Fatalf("%s: %v", g, err)
		}
		for _, q := range gold.Quotes {
			quoted[q.Vendor] = true
		}
	}
	for _, q := range set.Questions {
		if q.Abstain && quoted[q.Vendor] {
			t.Errorf("abstention question %q names %s, which golden quotations speak for", q.Question, q.Vendor)
		}
	}
	// The floors are on the questions of tuned batches; every batch and
	// the held-out articles are reported apart.
	var asked, hits, speakers, vendors, labels, abstainItems, abstained int
	var held, all realTally
	perBatch := map[string]*realTally{}
	for _, q := range set.Questions {
		bn := q.Batch
		if bn == "" {
			bn = batches.Batch[q.Article]
		}
		if _, ok := batches.Status[bn]; !ok {
			t.Errorf("question %q: article %q or batch %q is in no batch of BATCHES", q.Question, q.Article, q.Batch)
		}
		if !q.Abstain {
			b, err := os.ReadFile(realDir + "/" + q.Article)
			if err != nil || !strings.Contains(collapseSpace(string(b)), collapseSpace(q.Fragment)) {
				t.Errorf("question %q: fragment %q is not in article %q (%v)", q.Question, q.Fragment, q.Article, err)
			}
		}
		ho := batches.HeldOut[q.Article]
		tuned := batches.Status[bn] == "tuned" && !ho
		// A held-out question's outcome is only ever counted: printing it
		// would invite tuning on it.
		logf := t.Logf
		if ho {
			logf = func(string, ...any) {}
		}
		if perBatch[bn] == nil {
			perBatch[bn] = &realTally{}
		}
		// counts adds to every tally the question belongs to.
		counts := func(f func(c *realTally)) {
			f(&all)
			if ho {
				f(&held) // a batch's figures leave its held-out questions out
			} else {
				f(perBatch[bn])
			}
		}
		ans := ask(t, ix, Query{Question: q.Question, Limit: 3})
		var own []AnswerQuote
		for _, aq := range ans.Quotes {
			if !aq.OtherVendor {
				own = append(own, aq)
			}
		}
		if q.Abstain {
			ok := len(own) == 0
			if tuned {
				abstainItems++
				abstained += btoi(ok)
			}
			counts(func(c *realTally) { c.abstainItems++; c.abstained += btoi(ok) })
			logf("abstain=%v %q: quotes %q hint %q", ok, q.Question, texts(own), ans.Hint)
			continue
		}
		if tuned {
			asked++
		}
		counts(func(c *realTally) { c.asked++ })
		frag := collapseSpace(q.Fragment)
		var hit *AnswerQuote
		for i := range own {
			if strings.Contains(collapseSpace(own[i].Text), frag) || quotedInOtherLang(own[i], q.Article) {
				hit = &own[i]
				break
			}
		}
		if hit == nil {
			logf("MISS %q: want %q (%s, %s); got %q", q.Question, q.Fragment, q.Speaker, q.Vendor, texts(ans.Quotes))
			continue
		}
		sp, ve := sameSpeaker(hit.Speaker, q.Speaker), hit.Vendor == q.Vendor
		lb := false
		for _, l := range hit.Labels {
			lb = lb || string(l) == q.Label
		}
		if tuned {
			hits++
			speakers += btoi(sp)
			vendors += btoi(ve)
			labels += btoi(lb)
		}
		counts(func(c *realTally) {
			c.hits++
			c.speakers += btoi(sp)
			c.vendors += btoi(ve)
			c.labels += btoi(lb)
		})
		logf("hit %q: speaker %v (%q want %q) vendor %v (%q want %q) label %v (%v want %s)",
			q.Question, sp, hit.Speaker, q.Speaker, ve, hit.Vendor, q.Vendor, lb, hit.Labels, q.Label)
	}
	pct := func(n, d int) float64 {
		if d == 0 {
			return 0
		}
		return 100 * float64(n) / float64(d)
	}
	top3, sp, ve, lb, ab := pct(hits, asked), pct(speakers, hits), pct(vendors, hits), pct(labels, hits), pct(abstained, abstainItems)
	for _, bn := range batches.Order {
		if c := perBatch[bn]; c != nil {
			t.Logf("BATCH %s (%s, held-out aside): %v", bn, batches.Status[bn], *c)
		}
	}
	t.Logf("HELD-OUT (questions on the articles of testdata/real/HELDOUT, never tuned on): %v", held)
	t.Logf("TUNED (batches the code was tuned on, held-out aside): top-3 %d/%d = %.1f%%; of hits: speaker %d = %.1f%%, vendor %d = %.1f%%, label %d = %.1f%%; abstain %d/%d = %.1f%%",
		hits, asked, top3, speakers, sp, vendors, ve, labels, lb, abstained, abstainItems, ab)
	t.Logf("TOTAL: %v", all)

	// Floors, on the questions of tuned batches. top-3 was 88 on the 20
	// articles these questions were written for; with the new batches'
	// articles in the index too (85 articles) it measures 34–37/42 (81–88%), and varies
	// from run to run (the ranking is not deterministic), so its floor sits
	// under that.
	// The others: just under what is measured on all 42 of their
	// non-abstention questions (38/42
	// top-3, 37/38 hits with the right speaker, every hit with the right
	// vendor and label, 8/8 abstentions). Targets: top-3 85%, speaker 85%
	// of hits, vendor 90%, label 75%, abstain 85%. The top-3 misses are
	// questions sharing no word with the quotation ("l'aveu", "messages
	// privés" said around the quotation, not in it), an English quotation
	// outranking the expected French one, and "Open AI" finding another
	// of Sam Altman's quotations; the wrong speaker is a quotation whose
	// speaker is only "son speech" away.
	floors := []struct {
		name       string
		got, floor float64
	}{
		{"top-3", top3, 78},
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

// quotedInOtherLang reports whether the article (a file of realDir) is
// one of a quotation's sources as the same statement in the other
// language (a translation merged into it, merge.go): the expected
// quotation is shown, in the question's language.
func quotedInOtherLang(q AnswerQuote, article string) bool {
	for _, s := range q.AlsoIn {
		if s.Lang != "" && s.ID == "real/"+article {
			return true
		}
	}
	return false
}
