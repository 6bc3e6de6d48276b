package index

import (
	"context"
	"encoding/json"
	"flag"
	"hash/crc32"
	"math"
	"os"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/trustwatch/trustwatch/corpus"
	"github.com/trustwatch/trustwatch/corpus/realset"
)

var (
	fitRank  = flag.Bool("fitrank", false, "fit the ranking weights on the development questions and rewrite rank_weights.json")
	rankHeld = flag.Bool("rankheldout", false, "with -fitrank, print the held-out top-3 last: once, when the features are final")
	rankLOBO = flag.Bool("ranklobo", false, "with -fitrank, also print the leave-one-batch-out top-3: fitted on every batch but one, tested on it")
)

// rankSample is one question's candidates, with which of them hold the
// expected quotation.
type rankSample struct {
	question string
	fragment string
	article  string       // the expected quotation's, in realCorpus
	batch    string       // the batch the question was added with (BATCHES)
	rq       rankQuestion // what ranking read of the question
	cands    []candidate
	pos      []bool
	memo     *mergeMemo // what merging its candidates remembers, from one try of weights to the next
}

// rankSamples asks every non-abstention question of the real set and
// keeps the candidates its first search ranked, split into development
// and held-out questions.
func rankSamples(t *testing.T) (dev, held []rankSample) {
	t.Helper()
	set, batches, ix := fitIndex(t)
	defer ix.Close()
	var first []candidate
	var firstQ rankQuestion
	ix.rankTap = func(rq rankQuestion, cs []candidate) {
		if first == nil {
			first, firstQ = slices.Clone(cs), rq
		}
	}
	for _, q := range set.Questions {
		// a question added with a new batch is that batch's, even when it
		// asks about an older article (a comparison): TestRealQuestions
		// counts it there, so the fit must not read it yet either
		if q.Abstain || batches.Status[batches.Batch[q.Article]] == "new" || batches.Status[q.Batch] == "new" {
			continue
		}
		first = nil
		ask(t, ix, Query{Question: q.Question, Limit: 3})
		bn := q.Batch
		if bn == "" {
			bn = batches.Batch[q.Article]
		}
		s := rankSample{question: q.Question, fragment: collapseSpace(q.Fragment), cands: first, rq: firstQ, article: "real/" + q.Article, batch: bn, memo: newMergeMemo()}
		for _, c := range first {
			s.pos = append(s.pos, strings.Contains(collapseSpace(c.rec.Quote.Text), s.fragment))
		}
		if batches.HeldOut[q.Article] {
			held = append(held, s)
		} else {
			dev = append(dev, s)
		}
	}
	return dev, held
}

// top3 counts the samples whose expected quotation is among the first
// three statements shown under w: ranked and merged as Ask does.
func top3(samples []rankSample, w rankWeights) int {
	n := 0
	for _, s := range samples {
		cs := slices.Clone(s.cands)
		for i := range cs {
			cs[i].rank = w.score(cs[i].feat)
		}
		sortCandidates(cs)
		rs := s.rq.shownWith(cs, s.memo)
		for i := 0; i < len(rs) && i < 3; i++ {
			if strings.Contains(collapseSpace(rs[i].rec.Quote.Text), s.fragment) ||
				slices.ContainsFunc(rs[i].translations, func(src Source) bool { return src.ID == s.article }) {
				n++
				break
			}
		}
	}
	return n
}

// fitWeights fits the weights by a listwise loss (softmax), then climbs
// on the top three; l2 is the weight of the L2 penalty.
func fitWeights(samples []rankSample) rankWeights {
	return climb(samples, softmax(samples, l2))
}

// l2 is the L2 penalty of the fit: small, for features that are often
// all the same in a question's candidates (vendor_named under a vendor
// filter) not to drift.
const l2 = 0.002

// climb then moves one weight at a time by fixed steps, keeping a move
// only when it puts more expected quotations in the top three: the
// listwise loss weighs every candidate, the top three only the first
// places.
func climb(samples []rankSample, w rankWeights) rankWeights {
	steps := []float64{-1, -0.5, -0.25, -0.1, 0.1, 0.25, 0.5, 1}
	best := top3(samples, w)
	for range 4 {
		moved := false
		for k := range w {
			if k == featText {
				continue // the scale
			}
			for _, d := range steps {
				try := w
				try[k] += d
				if try.project() != try {
					continue
				}
				if n := top3(samples, try); n > best {
					w, best, moved = try, n, true
				}
			}
		}
		if !moved {
			break
		}
	}
	return w
}

// agreeing are the features that say a candidate is what the question
// asks (its words, its vendor, its speaker, its labels and topics): their
// weights are never below zero. Alone, a fit on a few hundred questions
// can give one a negative weight where the features overlap (the speaker
// named is mostly also in the text score), and a question naming a
// person would then put that person's quotations last.
var agreeing = []int{featText, featCoord, featVendorNamed, featSpeakerNamed, featLabel, featTopic, featTopicShare, featWords, featTitle, featMentions}

// project is w with the agreeing features' negative weights set to zero.
func (w rankWeights) project() rankWeights {
	for _, k := range agreeing {
		w[k] = max(w[k], 0)
	}
	return w
}

// folds is the number of folds of the cross-validation.
const folds = 5

// foldOf is the fold of a sample: by the article of its expected
// quotation, so that no article's questions are both fitted and tested.
func foldOf(s rankSample) int { return int(crc32.ChecksumIEEE([]byte(s.article)) % folds) }

// TestFitRank, with -fitrank, fits the ranking weights on the
// development questions, prints their cross-validated top-3 (five folds
// by article) next to hand weights', rewrites rank_weights.json with the
// weights fitted on all of them, and only then, with -rankheldout, prints
// the held-out top-3. Without the flag it checks that the committed
// weights are the ones the fit gives: a change to what ranking reads (the
// corpus, attribution, labels, the question reader) is refitted with it.
func TestFitRank(t *testing.T) {
	if testing.Short() {
		t.Skip("indexes the real articles")
	}
	dev, held := rankSamples(t)
	fitted := fitWeights(dev)
	committed, err := parseWeights(fitted.marshal())
	if err != nil {
		t.Fatal(err)
	}
	if !*fitRank {
		if committed != weights {
			t.Errorf("rank_weights.json = %v; the fit gives %v: run go test ./index -run TestFitRank -fitrank", weights, committed)
		}
		return
	}
	pooled := 0
	for _, s := range dev {
		pooled += btoi(slices.Contains(s.pos, true))
	}
	t.Logf("development questions: %d, with the expected quotation among the candidates: %d", len(dev), pooled)
	// The former ranking's hand weights, as a yardstick: the text score,
	// less without a speaker or a vendor.
	var hand rankWeights
	hand[featText], hand[featSpeaker], hand[featVendor] = 1, 0.3, 0.15
	var cvFit, cvHand int
	for fold := range folds {
		var train, test []rankSample
		for _, s := range dev {
			if fold == foldOf(s) {
				test = append(test, s)
			} else {
				train = append(train, s)
			}
		}
		cvFit += top3(test, fitWeights(train))
		cvHand += top3(test, hand)
	}
	pct := func(n, d int) float64 { return 100 * float64(n) / float64(max(d, 1)) }
	t.Logf("CROSS-VALIDATED top-3 (%d folds by article): fitted %d/%d = %.1f%%; hand weights %d/%d = %.1f%%",
		folds, cvFit, len(dev), pct(cvFit, len(dev)), cvHand, len(dev), pct(cvHand, len(dev)))
	if *rankLOBO {
		// Leave one batch out: each batch's questions tested with the
		// weights fitted on all the others', as a new batch would be.
		var order []string
		for _, s := range dev {
			if !slices.Contains(order, s.batch) {
				order = append(order, s.batch)
			}
		}
		lobo := 0
		for _, b := range order {
			var train, test []rankSample
			for _, s := range dev {
				if s.batch == b {
					test = append(test, s)
				} else {
					train = append(train, s)
				}
			}
			n := top3(test, fitWeights(train))
			lobo += n
			t.Logf("leave-one-batch-out %s: %d/%d", b, n, len(test))
		}
		t.Logf("LEAVE-ONE-BATCH-OUT top-3 (%d batches): fitted %d/%d = %.1f%%", len(order), lobo, len(dev), pct(lobo, len(dev)))
	}
	t.Logf("development top-3, fitted on all of them: %d/%d", top3(dev, fitted), len(dev))
	if err := os.WriteFile("rank_weights.json", fitted.marshal(), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("wrote rank_weights.json:\n%s", fitted.marshal())
	// Last, once the weights are written, and only when asked: the
	// held-out questions, never used to choose a feature.
	if !*rankHeld {
		return
	}
	t.Logf("HELD-OUT top-3 of the candidates: fitted %d/%d = %.1f%%", top3(held, fitted), len(held), pct(top3(held, fitted), len(held)))
}

// softmax fits the weights by a listwise loss: the log of the share of
// the softmax of the ranks that goes to the candidates holding the
// expected quotation, each question weighing the same; plain gradient
// descent from fixed weights, so the fit is deterministic.
func softmax(samples []rankSample, lambda float64) rankWeights {
	var w rankWeights
	w[featText] = 1
	const (
		rate  = 0.5
		steps = 3000
	)
	var used []rankSample
	for _, s := range samples {
		if slices.Contains(s.pos, true) && slices.Contains(s.pos, false) {
			used = append(used, s)
		}
	}
	for range steps {
		var grad rankWeights
		for _, s := range used {
			var zAll, zPos float64
			var eAll, ePos rankWeights
			top := math.Inf(-1)
			for _, c := range s.cands {
				top = max(top, w.score(c.feat))
			}
			for i, c := range s.cands {
				e := math.Exp(w.score(c.feat) - top)
				zAll += e
				for k := range eAll {
					eAll[k] += e * c.feat[k]
				}
				if s.pos[i] {
					zPos += e
					for k := range ePos {
						ePos[k] += e * c.feat[k]
					}
				}
			}
			for k := range grad {
				grad[k] += eAll[k]/zAll - ePos[k]/zPos
			}
		}
		for k := range w {
			w[k] -= rate * (grad[k]/float64(max(len(used), 1)) + lambda*w[k])
		}
		w = w.project()
	}
	return w
}

// fitIndex reads the real questions and batches, and indexes the real
// articles but those of batches only scored so far ("new"): they are
// neither fitted on nor in the corpus the fit reads, so that adding one
// leaves the committed weights true. The caller closes the index.
func fitIndex(t *testing.T) (set struct {
	Questions []realQuestion `json:"questions"`
}, batches realset.Batches, ix *Index) {
	t.Helper()
	b, err := os.ReadFile(realDir + "/questions.json")
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &set); err != nil {
		t.Fatal(err)
	}
	if batches, err = realset.Read(realDir); err != nil {
		t.Fatal(err)
	}
	if ix, err = Open("", Options{Registry: corpus.Builtin()}); err != nil {
		t.Fatal(err)
	}
	fsys := realCorpus(t).(fstest.MapFS)
	for p := range fsys {
		if name, ok := strings.CutPrefix(p, "real/"); ok && batches.Status[batches.Batch[name]] == "new" {
			delete(fsys, p)
		}
	}
	if _, err := ix.Sync(context.Background(), fsys, nil); err != nil {
		ix.Close()
		t.Fatal(err)
	}
	return set, batches, ix
}
