package corpus

import (
	"bytes"
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"math"
	"slices"
	"strconv"
	"strings"
)

// Training the label model, for cmd/trainlabels and for the test that
// rebuilds the committed weights: deterministic (examples in the order of
// a hash of their text, no randomness, no map order in any output), so
// that the same data gives the same file bit for bit.

// LabelExample is one labelled statement of the training data: a real
// quotation (Source "real:<article file>") or an invented statement
// (Source "invented").
type LabelExample struct {
	Text   string  `json:"text"`
	Lang   string  `json:"lang"`
	Labels []Label `json:"labels"`
	Topics []Topic `json:"topics"`
	Source string  `json:"source"`
}

// ReadLabelData reads the training data: every *.jsonl file of fsys's
// root, in name order, one LabelExample a line.
func ReadLabelData(fsys fs.FS) ([]LabelExample, error) {
	names, err := fs.Glob(fsys, "*.jsonl")
	if err != nil {
		return nil, fmt.Errorf("list training data: %w", err)
	}
	if len(names) == 0 {
		return nil, errors.New("no training data (*.jsonl)")
	}
	slices.Sort(names)
	var ex []LabelExample
	for _, name := range names {
		data, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, fmt.Errorf("read training data: %w", err)
		}
		for n, line := range bytes.Split(data, []byte("\n")) {
			if len(bytes.TrimSpace(line)) == 0 {
				continue
			}
			var e LabelExample
			if err := json.Unmarshal(line, &e); err != nil {
				return nil, fmt.Errorf("read training data %s:%d: %w", name, n+1, err)
			}
			ex = append(ex, e)
		}
	}
	return ex, nil
}

// Training settings.
const (
	trainEpochs = 20
	trainRate   = 0.5  // the learning rate of the first epoch, divided by the epoch's number
	trainDecay  = 0.02 // weights shrink by this share after each epoch
	minDocFreq  = 2    // a feature seen in fewer examples is dropped
	cvFolds     = 5
)

// example is a LabelExample ready for training.
type example struct {
	feats []string
	segs  []int // per feature: its sentence (-1: all of them)
	nSeg  int
	y     [numOutputs]bool
	fold  int
	real  bool
	gold  []Label
	key   uint64           // the training order: a hash of the text
	lex   [numOutputs]bool // per stance label: the lexicon found a cue
}

func prepare(ex []LabelExample) ([]example, error) {
	out := make([]example, len(ex))
	var b cueBuf
	for n, e := range ex {
		words, nLead, found, at := b.lexicon(e.Text, "")
		b.words = words
		seg, nSeg := segments(words, nil)
		var feats []string
		var segs []int
		quoteFeatures(words, nLead, &found, &at, func(prefix, a, bb string, i, j int) {
			feats = append(feats, featureName(prefix, a, bb))
			if i < 0 {
				segs = append(segs, -1)
			} else {
				segs = append(segs, int(seg[i]))
			}
		})
		x := example{feats: feats, segs: segs, nSeg: nSeg, fold: int(fnv64(fnvOffset, e.Text) % cvFolds), real: strings.HasPrefix(e.Source, "real:"),
			key: fnv64(fnv64(fnvOffset, "order\x00"), e.Text)}
		for _, l := range e.Labels {
			li := slices.Index(Labels, l)
			if li < 0 {
				return nil, fmt.Errorf("example %d %q: unknown label %q", n+1, e.Text, l)
			}
			if l != Other {
				x.y[li] = true
			}
		}
		for _, t := range e.Topics {
			ti := slices.Index(Topics, t)
			if ti < 0 {
				return nil, fmt.Errorf("example %d %q: unknown topic %q", n+1, e.Text, t)
			}
			x.y[numLabels-1+ti] = true
		}
		for li := range numLabels - 1 {
			x.lex[li] = found[li] != ""
		}
		x.gold = goldLabels(x.y)
		out[n] = x
	}
	return out, nil
}

// goldLabels is the stance labels set in y, Other when none.
func goldLabels(y [numOutputs]bool) []Label {
	var ls []Label
	for li, l := range Labels[:numLabels-1] {
		if y[li] {
			ls = append(ls, l)
		}
	}
	if len(ls) == 0 {
		ls = []Label{Other}
	}
	return ls
}

// trained is a model being trained: a vocabulary and dense weights.
type trained struct {
	vocab []string       // sorted
	index map[string]int // vocab's positions
	w     []float64      // numOutputs per feature
	bias  [numOutputs]float64
}

// train fits a model on the examples xs[i] for i in idx.
func train(xs []example, idx []int) *trained {
	df := map[string]int{}
	for _, i := range idx {
		seen := map[string]bool{}
		for _, f := range xs[i].feats {
			if f != fBias && !seen[f] {
				seen[f] = true
				df[f]++
			}
		}
	}
	m := &trained{index: map[string]int{}}
	for f, n := range df {
		if n >= minDocFreq {
			m.vocab = append(m.vocab, f)
		}
	}
	slices.Sort(m.vocab)
	for i, f := range m.vocab {
		m.index[f] = i
	}
	m.w = make([]float64, len(m.vocab)*numOutputs)
	order := slices.Clone(idx)
	slices.SortFunc(order, func(a, b int) int {
		if c := cmp.Compare(xs[a].key, xs[b].key); c != 0 {
			return c
		}
		return a - b
	})
	rows := make([][]int, len(xs))
	for _, i := range order {
		rows[i] = m.rows(xs[i].feats)
	}
	for epoch := range trainEpochs {
		rate := trainRate / float64(epoch+1)
		for _, i := range order {
			z := m.logits(rows[i])
			for k := range numOutputs {
				y := 0.0
				if xs[i].y[k] {
					y = 1
				}
				g := float64(rate * (sigmoid(z[k]) - y))
				m.bias[k] -= g
				for _, r := range rows[i] {
					m.w[r*numOutputs+k] -= g
				}
			}
		}
		for k := range m.w {
			m.w[k] = float64(m.w[k] * (1 - trainDecay))
		}
	}
	return m
}

// rows is the vocabulary positions of feats, unknown ones dropped.
func (m *trained) rows(feats []string) []int {
	var rs []int
	for _, f := range feats {
		if r, ok := m.index[f]; ok {
			rs = append(rs, r)
		}
	}
	return rs
}

func (m *trained) logits(rows []int) [numOutputs]float64 {
	z := m.bias
	for _, r := range rows {
		for k := range numOutputs {
			z[k] += m.w[r*numOutputs+k]
		}
	}
	return z
}

// segLogits is the highest logit of x's sentences per output, as
// labelModel.scores gives it.
func (m *trained) segLogits(x example) [numOutputs]float64 {
	zs := make([][numOutputs]float64, x.nSeg)
	for s := range zs {
		zs[s] = m.bias
	}
	for n, f := range x.feats {
		r, ok := m.index[f]
		if !ok {
			continue
		}
		for s := range zs {
			if x.segs[n] == s || x.segs[n] < 0 {
				for k := range numOutputs {
					zs[s][k] += m.w[r*numOutputs+k]
				}
			}
		}
	}
	z := zs[0]
	for _, zz := range zs[1:] {
		for k := range z {
			z[k] = max(z[k], zz[k])
		}
	}
	return z
}

// TrainLabelModel trains the label model on the examples: 5-fold cross
// validation (folds fixed by a hash of each text) to choose a threshold
// per output and measure it, then a model on all examples. It returns
// the model file and a report of the cross-validated figures.
func TrainLabelModel(ex []LabelExample) (model []byte, report string, err error) {
	xs, err := prepare(ex)
	if err != nil {
		return nil, "", fmt.Errorf("prepare training data: %w", err)
	}
	oof, all, perFold := crossValidate(xs)
	final := train(xs, allIndices(len(xs)))
	return final.file(all.thr, all.veto), cvReport(xs, oof, all, &perFold), nil
}

// LabelMistakes lists the real quotations of the examples that 5-fold
// cross-validation labels wrong (stance labels or topics), with what it
// gave and what the data says: what to read before writing more data.
func LabelMistakes(ex []LabelExample) (string, error) {
	xs, err := prepare(ex)
	if err != nil {
		return "", fmt.Errorf("prepare training data: %w", err)
	}
	oof, _, perFold := crossValidate(xs)
	var b strings.Builder
	for i, x := range xs {
		if !x.real {
			continue
		}
		var pred [numOutputs]bool
		for k := range numOutputs {
			pred[k] = perFold[x.fold].predict(x, k, oof[i][k])
		}
		if pred == x.y {
			continue
		}
		mark := "topics"
		if !slices.Equal(goldLabels(pred), x.gold) {
			mark = "LABELS"
		}
		fmt.Fprintf(&b, "%s %s: got %v %v (lexicon %v); want %v %v\n  %s\n", mark, ex[i].Source, goldLabels(pred), topicsIn(pred), goldLabels(x.lex), x.gold, topicsIn(x.y), ex[i].Text)
	}
	return b.String(), nil
}

// LabelCVRepeats cross-validates n times, the folds drawn anew each
// time (the first draw is the command's own), and reports the labels-exact
// figures of each draw and their mean: one draw's figure on a few hundred
// real quotations moves by a point or two with the folds alone. It does
// it again with the real quotations' folds drawn by article, the
// harder and truer figure for articles nobody tuned on (the model's own
// thresholds stay those of the folds by text).
func LabelCVRepeats(ex []LabelExample, n int) (string, error) {
	xs, err := prepare(ex)
	if err != nil {
		return "", fmt.Errorf("prepare training data: %w", err)
	}
	var b strings.Builder
	for _, byArticle := range []bool{false, true} {
		if byArticle {
			fmt.Fprintf(&b, "the same, a real quotation's fold drawn by its article:\n")
		}
		var sumAll, sumReal float64
		minReal, maxReal := math.Inf(1), math.Inf(-1)
		var per [numOutputs]counts // real quotations, pooled over the draws
		for r := range n {
			drawFolds(xs, ex, r, byArticle)
			oof, _, perFold := crossValidate(xs)
			var all, real, nReal int
			for i, x := range xs {
				var pred [numOutputs]bool
				for k := range numOutputs {
					pred[k] = perFold[x.fold].predict(x, k, oof[i][k])
				}
				ok := slices.Equal(goldLabels(pred), x.gold)
				if ok {
					all++
				}
				if x.real {
					for k := range numOutputs {
						per[k].add(pred[k], x.y[k])
					}
					nReal++
					if ok {
						real++
					}
				}
			}
			pa, pr := 100*ratio(all, len(xs)), 100*ratio(real, nReal)
			sumAll, sumReal = sumAll+pa, sumReal+pr
			minReal, maxReal = min(minReal, pr), max(maxReal, pr)
			fmt.Fprintf(&b, "draw %d: labels exact, all %.1f%%, real %.1f%%\n", r, pa, pr)
		}
		fmt.Fprintf(&b, "mean of %d draws: labels exact, all %.1f%%, real %.1f%% (%.1f–%.1f%%)\n", n, sumAll/float64(n), sumReal/float64(n), minReal, maxReal)
		fmt.Fprintf(&b, "real quotations, pooled over the draws:\n  %-26s %9s %9s\n", "label / topic", "precision", "recall")
		for k, name := range outputNames() {
			fmt.Fprintf(&b, "  %-26s %9s %9s\n", name, pctf(per[k].precision()), pctf(per[k].recall()))
		}
	}
	drawFolds(xs, ex, 0, false)
	return b.String(), nil
}

// drawFolds assigns the examples to folds by a hash of their text, the
// r-th draw (0: the command's own folds); byArticle draws a real
// quotation's fold by its article instead, so that the quotations of one
// article are measured together on a model that saw none of them, as
// those of an article nobody tuned on are.
func drawFolds(xs []example, ex []LabelExample, r int, byArticle bool) {
	for i := range xs {
		key := ex[i].Text
		if byArticle && xs[i].real {
			key = ex[i].Source
		}
		h := fnv64(fnvOffset, key)
		if r > 0 {
			h = fnv64(fnv64(fnvOffset, strconv.Itoa(r)+"\x00"), key)
		}
		xs[i].fold = int(h % cvFolds)
	}
}

// LabelLearningCurve cross-validates over n draws of the folds with a
// share of the training folds' real quotations, then of their invented
// statements, left out (the same ones in every draw, by a hash of their
// text), and reports the real quotations' labels exact: how much a
// quarter more of either kind of data adds, to tell which to write next.
func LabelLearningCurve(ex []LabelExample, n int) (string, error) {
	xs, err := prepare(ex)
	if err != nil {
		return "", fmt.Errorf("prepare training data: %w", err)
	}
	exact := func(keep func(example) bool) float64 {
		sum := 0.0
		for r := range n {
			drawFolds(xs, ex, r, false)
			oof, _, perFold := crossValidateKeep(xs, keep)
			ok, nReal := 0, 0
			for i, x := range xs {
				if !x.real {
					continue
				}
				var pred [numOutputs]bool
				for k := range numLabels - 1 {
					pred[k] = perFold[x.fold].predict(x, k, oof[i][k])
				}
				nReal++
				if slices.Equal(goldLabels(pred), x.gold) {
					ok++
				}
			}
			sum += 100 * ratio(ok, nReal)
		}
		return sum / float64(n)
	}
	var b strings.Builder
	fmt.Fprintf(&b, "real quotations' labels exact, mean of %d draws, training on a share of the training folds:\n", n)
	fmt.Fprintf(&b, "  %-9s %16s %20s\n", "share", "of real ones", "of invented ones")
	for _, share := range []float64{0.25, 0.5, 0.75, 1} {
		in := func(x example) bool { return share >= 1 || float64(x.key%1000) < 1000*share }
		r := exact(func(x example) bool { return !x.real || in(x) })
		v := r
		if share < 1 {
			v = exact(func(x example) bool { return x.real || in(x) })
		}
		fmt.Fprintf(&b, "  %-9s %15.1f%% %19.1f%%\n", strconv.Itoa(int(100*share))+"%", r, v)
	}
	return b.String(), nil
}

// topicsIn is the topics set in y.
func topicsIn(y [numOutputs]bool) []Topic {
	var ts []Topic
	for ti, t := range Topics {
		if y[numLabels-1+ti] {
			ts = append(ts, t)
		}
	}
	return ts
}

// decision is a threshold and a veto per output.
type decision struct{ thr, veto [numOutputs]float64 }

// crossValidate gives the out-of-fold probabilities of every example
// (folds fixed by a hash of each text), the thresholds and vetoes chosen
// on all of them (the model file's), and per fold those chosen on the
// other folds' alone, which the cross-validated figures use: a threshold
// chosen on the quotations it is measured on would flatter it.
func crossValidate(xs []example) (oof [][numOutputs]float64, all decision, perFold [cvFolds]decision) {
	return crossValidateKeep(xs, nil)
}

// crossValidateKeep is crossValidate training each fold's model on the
// examples of the other folds that keep accepts (all when nil).
func crossValidateKeep(xs []example, keep func(example) bool) (oof [][numOutputs]float64, all decision, perFold [cvFolds]decision) {
	oof = make([][numOutputs]float64, len(xs))
	for fold := range cvFolds {
		var in, out []int
		for i, x := range xs {
			if x.fold == fold {
				out = append(out, i)
			} else if keep == nil || keep(x) {
				in = append(in, i)
			}
		}
		m := train(xs, in)
		for _, i := range out {
			z := m.segLogits(xs[i])
			for k := range z {
				oof[i][k] = sigmoid(z[k])
			}
		}
	}
	all = chooseDecision(xs, oof, -1)
	for f := range perFold {
		perFold[f] = chooseDecision(xs, oof, f)
	}
	return oof, all, perFold
}

// chooseDecision chooses the thresholds and vetoes on the out-of-fold
// probabilities of the examples outside fold skip (-1: of all).
func chooseDecision(xs []example, oof [][numOutputs]float64, skip int) decision {
	var d decision
	for k := range numOutputs {
		d.thr[k] = bestThreshold(xs, oof, k, skip)
	}
	for k := range numLabels - 1 {
		d.veto[k] = bestVeto(xs, oof, k, skip)
	}
	return d
}

func allIndices(n int) []int {
	idx := make([]int, n)
	for i := range idx {
		idx[i] = i
	}
	return idx
}

// minPrecision is the out-of-fold precision a stance label's threshold
// must give, topicMinPrecision a topic's: a topic only brings a quotation
// and a question together, so it may trade some precision for recall
// (out of fold, real quotations: customer-data F1 76% → 81%,
// government-access 56% → 58%).
const (
	minPrecision      = 0.875
	topicMinPrecision = 0.8
)

// bestThreshold is the probability, from 0.05 to 0.95 by 0.05, that
// gives output k its best F1 out of fold (fold skip left out) (the one nearest 0.5 on ties)
// with a precision of at least minPrecision (topicMinPrecision for a
// topic). For a stance label it is chosen on the examples where the
// lexicon found no cue for it: where the lexicon finds one, the label
// stands unless the model vetoes it (bestVeto).
func bestThreshold(xs []example, oof [][numOutputs]float64, k, skip int) float64 {
	best, bestF := 0.95, -1.0
	floor := minPrecision
	if k >= numLabels-1 {
		floor = topicMinPrecision
	}
	for step := 1; step <= 19; step++ {
		t := float64(step) / 20
		var c counts
		for i, x := range xs {
			if !x.lex[k] && x.fold != skip {
				c.add(oof[i][k] > t, x.y[k])
			}
		}
		if c.precision() < floor {
			continue
		}
		f := c.f1()
		if f > bestF+1e-12 || math.Abs(f-bestF) <= 1e-12 && math.Abs(t-0.5) < math.Abs(best-0.5) {
			best, bestF = t, f
		}
	}
	return best
}

// vetoes are the probabilities below which the model may overrule a
// label the lexicon found a cue for ("we cannot guarantee that we will
// never compete"): 0 never does.
var vetoes = []float64{0, 0.02, 0.05, 0.1, 0.15, 0.2}

// bestVeto is the veto that gives label k its best F1 out of fold (fold
// skip left out) on the examples where the lexicon found a cue for it
// (the lowest on ties).
func bestVeto(xs []example, oof [][numOutputs]float64, k, skip int) float64 {
	best, bestF := 0.0, -1.0
	for _, v := range vetoes {
		var c counts
		for i, x := range xs {
			if x.lex[k] && x.fold != skip {
				c.add(oof[i][k] >= v, x.y[k])
			}
		}
		if f := c.f1(); f > bestF+1e-12 {
			best, bestF = v, f
		}
	}
	return best
}

// predict is the model's decision for output k of example x with
// out-of-fold probability p, as the labeller takes it.
func (d *decision) predict(x example, k int, p float64) bool {
	if x.lex[k] {
		return p >= d.veto[k]
	}
	return p > d.thr[k]
}

// counts are a binary classifier's outcomes.
type counts struct{ tp, fp, fn, n int }

func (c *counts) add(pred, gold bool) {
	switch {
	case pred && gold:
		c.tp++
	case pred:
		c.fp++
	case gold:
		c.fn++
	}
	if gold {
		c.n++
	}
}

func ratio(a, b int) float64 {
	if b == 0 {
		return math.NaN()
	}
	return float64(a) / float64(b)
}

func (c counts) precision() float64 { return ratio(c.tp, c.tp+c.fp) }
func (c counts) recall() float64    { return ratio(c.tp, c.tp+c.fn) }
func (c counts) f1() float64        { return ratio(2*c.tp, 2*c.tp+c.fp+c.fn) }

// cvReport prints the out-of-fold precision and recall per label and
// topic, on all examples and on the real quotations alone, each fold
// decided by the thresholds chosen on the other folds; the thresholds it
// lists are those chosen on all folds, the model file's.
func cvReport(xs []example, oof [][numOutputs]float64, all decision, perFold *[cvFolds]decision) string {
	var b strings.Builder
	names := outputNames()
	for _, part := range []struct {
		title string
		keep  func(example) bool
	}{
		{"all statements", func(example) bool { return true }},
		{"real quotations only", func(x example) bool { return x.real }},
	} {
		var per [numOutputs]counts
		var other counts
		exact, lexExact, n := 0, 0, 0
		for i, x := range xs {
			if !part.keep(x) {
				continue
			}
			n++
			var pred [numOutputs]bool
			for k := range numOutputs {
				pred[k] = perFold[x.fold].predict(x, k, oof[i][k])
				per[k].add(pred[k], x.y[k])
			}
			pl := goldLabels(pred)
			other.add(slices.Equal(pl, []Label{Other}), slices.Equal(x.gold, []Label{Other}))
			if slices.Equal(pl, x.gold) {
				exact++
			}
			if slices.Equal(goldLabels(x.lex), x.gold) {
				lexExact++
			}
		}
		fmt.Fprintf(&b, "%d-fold cross-validation, %s (%d): labels exact %d/%d (%.1f%%); the lexicon alone %d/%d (%.1f%%)\n",
			cvFolds, part.title, n, exact, n, 100*ratio(exact, n), lexExact, n, 100*ratio(lexExact, n))
		fmt.Fprintf(&b, "  %-26s %5s %9s %9s %16s\n", "label / topic", "n", "precision", "recall", "threshold")
		for k := range numOutputs {
			if k == numLabels-1 {
				fmt.Fprintf(&b, "  %-26s %5d %9s %9s %16s\n", Other, other.n, pctf(other.precision()), pctf(other.recall()), "-")
			}
			t := strconv.FormatFloat(all.thr[k], 'f', 2, 64)
			if k < numLabels-1 {
				t += " veto " + strconv.FormatFloat(all.veto[k], 'f', 2, 64)
			}
			fmt.Fprintf(&b, "  %-26s %5d %9s %9s %16s\n", names[k], per[k].n, pctf(per[k].precision()), pctf(per[k].recall()), t)
		}
	}
	return b.String()
}

func pctf(v float64) string {
	if math.IsNaN(v) {
		return "-"
	}
	return strconv.FormatFloat(100*v, 'f', 1, 64) + "%"
}

// file writes the model: outputs, thresholds (as logits) and biases, then
// each feature with its non-zero weights, rounded to three decimals.
func (m *trained) file(thr, veto [numOutputs]float64) []byte {
	var b bytes.Buffer
	b.WriteString("# trustwatch stance and topic model: one-vs-rest logistic regression over corpus/model_features.go.\n")
	b.WriteString("# Generated by `go run ./cmd/trainlabels` from corpus/model/data; do not edit.\n")
	b.WriteString("outputs\t" + strings.Join(outputNames(), " ") + "\n")
	b.WriteString("threshold\t")
	for k, t := range thr {
		if k > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(strconv.FormatFloat(math.Log(t/(1-t)), 'f', 4, 64))
	}
	b.WriteString("\nveto\t")
	for k, v := range veto {
		if k > 0 {
			b.WriteByte(' ')
		}
		if v == 0 {
			b.WriteString("-inf")
		} else {
			b.WriteString(strconv.FormatFloat(math.Log(v/(1-v)), 'f', 4, 64))
		}
	}
	b.WriteString("\nbias\t")
	for k, v := range m.bias {
		if k > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(strconv.FormatFloat(v, 'f', 3, 64))
	}
	b.WriteByte('\n')
	for r, f := range m.vocab {
		var line []byte
		for k := range numOutputs {
			v := m.w[r*numOutputs+k]
			if math.Abs(v) < 0.0005 {
				continue
			}
			line = append(line, ' ')
			line = strconv.AppendInt(line, int64(k), 10)
			line = append(line, ':')
			line = strconv.AppendFloat(line, v, 'f', 3, 64)
		}
		if line == nil {
			continue
		}
		b.WriteString(f)
		b.WriteByte('\t')
		b.Write(line[1:])
		b.WriteByte('\n')
	}
	return b.Bytes()
}
