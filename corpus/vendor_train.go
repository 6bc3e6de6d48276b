package corpus

import (
	"bytes"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
)

// Training the vendor model (vendor_model.go), for cmd/trainspeakers and
// the test that rebuilds the committed weights: the speaker model's
// articles (ReadSpeakerData), each extracted with a speaker model fitted
// on the other folds (so that the vendor step learns from speakers as
// they come out on articles the speaker model has not seen), every
// quotation holding golden ones whose speaker gives no vendor an example;
// full-batch Newton steps from zero weights, deterministic as the speaker
// model's. Cross-validation folds by article, as the speaker model's.

const (
	vendorL2          = 1.0 // on the summed log loss, none's bias not shrunk: of 0.1, 0.3, 1, 3 and 10, the best pooled CV accuracy (tied with 0.1), the larger penalty on ties
	vendorNewtonSteps = 12
)

// vendorExample is one quotation whose vendor the learned step decides.
type vendorExample struct {
	doc       int
	cands     []vendorFeats
	right     []bool
	ids       []string
	ruleRight bool
	text      string
	want      string
}

// vendorData are the vendor examples, and the figures of the quotations
// whose vendor their speaker gives (the learned step does not decide
// them): how many, how many right.
type vendorData struct {
	xs                []vendorExample
	fixed, fixedRight int
}

// toSpeakerModel is a loaded model of weights w and thresholds.
func toSpeakerModel(w *[numSpeakerFeats]float64, add, veto float64) *speakerModel {
	m := &speakerModel{add: add, veto: veto}
	for k := range w {
		m.w[k] = float32(w[k])
	}
	return m
}

// vendorExamples extracts every document with the speaker model fitted
// on the other folds of draw 0 (thresholds add, veto) and collects the
// vendor examples.
func vendorExamples(docs []SpeakerDoc, sxs []speakerExample, add, veto float64) vendorData {
	reg := Builtin()
	var vd vendorData
	var foldModel [speakerFolds]*speakerModel
	for fold := range speakerFolds {
		var in []int
		for i, e := range sxs {
			if speakerFold(docs[e.doc].File, 0) != fold {
				in = append(in, i)
			}
		}
		w := fitSpeakers(sxs, in)
		foldModel[fold] = toSpeakerModel(&w, add, veto)
	}
	for di := range docs {
		d := &docs[di]
		x := newExtractor(d.Article, reg)
		x.speakers = foldModel[speakerFold(d.File, 0)]
		x.seen = func(q *Quote, a *attribution) {
			holds := d.golden.holding(q.Text)
			if len(holds) == 0 {
				return
			}
			ok := func(id string) bool {
				return !slices.ContainsFunc(holds, func(gi int) bool {
					w := d.golden.Quotes[gi]
					return w.Vendor != id && !slices.Contains(w.AlsoVendors, id)
				})
			}
			if !a.vopen {
				vd.fixed++
				if ok(q.Vendor) {
					vd.fixedRight++
				}
				return
			}
			e := vendorExample{doc: di, ruleRight: ok(a.vrule), text: q.Text, want: d.golden.Quotes[holds[0]].Vendor}
			for _, c := range a.vcands {
				e.cands = append(e.cands, c.feats)
				e.right = append(e.right, ok(c.id))
				e.ids = append(e.ids, c.id)
			}
			vd.xs = append(vd.xs, e)
		}
		x.extract()
		x.buf.release()
	}
	return vd
}

// fitVendors fits the weights on the examples xs[i], i in idx: a logistic
// regression of "this candidate is the quotation's vendor"
// (fitCandidates; the "none" feature, the bias, not penalised).
func fitVendors(xs []vendorExample, idx []int, l2 float64) [numVendorFeats]float64 {
	var w [numVendorFeats]float64
	fitCandidates(w[:], vendorNewtonSteps, vfNone, l2, func(visit func([]float32, bool)) {
		for _, i := range idx {
			for c := range xs[i].cands {
				visit(xs[i].cands[c][:], xs[i].right[c])
			}
		}
	})
	return w
}

// bestVendor is the index of the best scored candidate (the first on
// ties), as vendorModel.decideVendor chooses.
func bestVendor(w *[numVendorFeats]float64, e *vendorExample) int {
	best, bz := 0, math.Inf(-1)
	for c := range e.cands {
		if z := weigh(w[:], e.cands[c][:]); z > bz {
			best, bz = c, z
		}
	}
	return best
}

// crossValidateVendors is, per example, whether the model fitted on the
// other folds of draw r picks a right vendor.
func crossValidateVendors(docs []SpeakerDoc, xs []vendorExample, r int, l2 float64) []bool {
	oof := make([]bool, len(xs))
	for fold := range speakerFolds {
		var in, out []int
		for i, e := range xs {
			if speakerFold(docs[e.doc].File, r) == fold {
				out = append(out, i)
			} else {
				in = append(in, i)
			}
		}
		w := fitVendors(xs, in, l2)
		for _, i := range out {
			oof[i] = xs[i].right[bestVendor(&w, &xs[i])]
		}
	}
	return oof
}

// vendorCV is the pooled cross-validated count of right vendors over
// speakerDraws draws of the folds.
func vendorCV(docs []SpeakerDoc, xs []vendorExample, l2 float64) (right, n int) {
	for r := range speakerDraws {
		for _, ok := range crossValidateVendors(docs, xs, r, l2) {
			n++
			if ok {
				right++
			}
		}
	}
	return right, n
}

// trainVendorData is the speaker model's cross-validation, then the vendor
// examples it gives.
func trainVendorData(docs []SpeakerDoc) vendorData {
	sxs := speakerExamples(docs)
	add, veto := chooseThresholds(pooledCV(docs, sxs))
	return vendorExamples(docs, sxs, add, veto)
}

// TrainVendorModel trains the vendor model on the documents and reports
// the cross-validated vendor accuracy beside the old rule's on the same
// quotations.
func TrainVendorModel(docs []SpeakerDoc) (model []byte, report string, err error) {
	if len(docs) < speakerFolds {
		return nil, "", fmt.Errorf("train vendor model: %d articles, want at least %d", len(docs), speakerFolds)
	}
	vd := trainVendorData(docs)
	xs := vd.xs
	var b strings.Builder
	ruleRight := 0
	for _, e := range xs {
		if e.ruleRight {
			ruleRight++
		}
	}
	fmt.Fprintf(&b, "vendor step: %d quotations holding golden ones whose speaker (out of fold) gives no vendor; %d/%d others right by their speaker's vendor\n", len(xs), vd.fixedRight, vd.fixed)
	fmt.Fprintf(&b, "  the rule alone (vendorAbout): %d/%d right (%s)\n", ruleRight, len(xs), pctf(ratio(ruleRight, len(xs))))
	for _, l2 := range []float64{0.1, 0.3, 1, 3, 10} {
		r, n := vendorCV(docs, xs, l2)
		mark := ""
		if l2 == vendorL2 {
			mark = " (chosen)"
		}
		fmt.Fprintf(&b, "  learned, %d-fold CV by article, %d draws pooled, L2 %g%s: %d/%d right (%s)\n", speakerFolds, speakerDraws, l2, mark, r, n, pctf(ratio(r, n)))
	}
	r, _ := vendorCV(docs, xs, vendorL2)
	all := float64(vd.fixedRight) + float64(r)/float64(speakerDraws)
	allRule := vd.fixedRight + ruleRight
	fmt.Fprintf(&b, "  all quotations holding golden ones: rule %d/%d (%s), learned CV %.1f/%d (%s)\n",
		allRule, vd.fixed+len(xs), pctf(ratio(allRule, vd.fixed+len(xs))), all, vd.fixed+len(xs), pctf(all/float64(vd.fixed+len(xs))))
	idx := make([]int, len(xs))
	for i := range idx {
		idx[i] = i
	}
	w := fitVendors(xs, idx, vendorL2)
	return vendorFile(&w), b.String(), nil
}

// VendorMistakes lists the quotations whose vendor cross-validation (draw
// 0) gets wrong, with the candidates.
func VendorMistakes(docs []SpeakerDoc) string {
	vd := trainVendorData(docs)
	oof := crossValidateVendors(docs, vd.xs, 0, vendorL2)
	var b strings.Builder
	for i, e := range vd.xs {
		if oof[i] {
			continue
		}
		text := e.text
		if len(text) > 80 {
			text = text[:80] + "…"
		}
		fmt.Fprintf(&b, "VENDOR %s: %q want %q; rule right %v; candidates %q\n", docs[e.doc].File, text, e.want, e.ruleRight, e.ids)
		for c := range e.cands {
			var on []string
			for k, f := range e.cands[c] {
				if f != 0 {
					on = append(on, vendorFeatNames[k]+"="+strconv.FormatFloat(float64(f), 'f', 2, 32))
				}
			}
			fmt.Fprintf(&b, "    %q %v: %s\n", e.ids[c], e.right[c], strings.Join(on, " "))
		}
	}
	return b.String()
}

// vendorFile writes the model: each feature's weight, rounded to four
// decimals, in the features' order.
func vendorFile(w *[numVendorFeats]float64) []byte {
	var b bytes.Buffer
	b.WriteString("# trustwatch vendor model: logistic regression over the candidates of corpus/vendor_model.go.\n")
	b.WriteString("# Generated by `go run ./cmd/trainspeakers` from corpus/testdata/real (held-out articles excepted); do not edit.\n")
	for k, name := range vendorFeatNames {
		if math.Abs(w[k]) < 0.00005 {
			continue
		}
		b.WriteString(name + "\t" + strconv.FormatFloat(w[k], 'f', 4, 64) + "\n")
	}
	return b.Bytes()
}
