package corpus

import (
	_ "embed"
	"fmt"
	"math"
	"sync"
)

// The learned attribution step. The sieve's rules (sieve.go) were written
// article by article and trust themselves too much on articles they were
// not written from. After the sieve, every quotation's candidate speakers
// (speaker_cand.go) are scored by a logistic regression over general
// features (speaker_features.go), the sieve's rule among them, trained on
// the golden attributions of the real development articles (held-out ones
// excepted, and batches only scored so far) by cmd/trainspeakers. Two
// thresholds, chosen by cross-validation by article for a speaker
// precision of at least 98%, decide (decideSpeaker): the sieve's speaker
// stays when its probability clears veto; another candidate replaces it,
// or names a speaker the sieve could not, when its own clears add;
// otherwise the quotation has none: a wrong speaker is worse than none.
// The vendor then follows from the speaker as the sieve's does (title,
// registry); when the speaker gives none, the learned vendor step
// (vendor_model.go) decides it.

// learnedRule is what Attribution.Rule records when the model names a
// speaker that no rule of the sieve named. When it keeps the sieve's
// speaker, the rule's name stays.
const learnedRule = "learned-speaker"

//go:embed model/speakers.model
var speakerModelFile []byte

// speakerModel is a loaded model: a weight per feature and the two
// thresholds.
type speakerModel struct {
	w    speakerFeats
	add  float64 // the probability a candidate the sieve did not name needs
	veto float64 // below this, the sieve's own candidate is not trusted
}

var loadedSpeakerModel = sync.OnceValue(func() *speakerModel {
	m, err := parseSpeakerModel(speakerModelFile)
	if err != nil {
		// built and tested with the package: a broken file is a build
		// error, not an input
		panic("corpus: embedded speaker model: " + err.Error())
	}
	return m
})

// parseSpeakerModel reads a model file: "add\tP" and "veto\tP", then one
// line per feature, "name\tweight"; "#" lines are comments.
func parseSpeakerModel(data []byte) (*speakerModel, error) {
	m := &speakerModel{}
	seen := 0
	err := readFeatureWeights(data, speakerFeatNames[:], m.w[:], func(name string, f float64) (bool, error) {
		if name != "add" && name != "veto" {
			return false, nil
		}
		if f < 0 || f > 1 {
			return true, fmt.Errorf("%s %v is not a probability", name, f)
		}
		if name == "add" {
			m.add = f
		} else {
			m.veto = f
		}
		seen++
		return true, nil
	})
	if err != nil {
		return nil, err
	}
	if seen != 2 {
		return nil, fmt.Errorf("want one add and one veto line")
	}
	return m, nil
}

// score is a candidate's logit.
func (m *speakerModel) score(fs *speakerFeats) float32 {
	var z float32
	for k, f := range fs {
		if f != 0 {
			z += m.w[k] * f
		}
	}
	return z
}

// What the learned step does with a quotation.
const (
	pickNone  = iota // no speaker
	pickBest         // the best candidate
	pickSieve        // the sieve's, though another scores higher
)

// decideSpeaker is the learned step's decision, from the probabilities of
// the best candidate and of the sieve's (-1: the sieve named nobody): the
// best one when it is the sieve's and clears veto, or clears add; else the
// sieve's when it clears veto; else nobody. The trainer's
// cross-validation decides with it too.
func decideSpeaker(best, sieve float64, bestIsSieve bool, add, veto float64) int {
	switch {
	case bestIsSieve && best >= veto, !bestIsSieve && best >= add:
		return pickBest
	case sieve >= 0 && sieve >= veto:
		return pickSieve
	}
	return pickNone
}

// decide is the speaker of a's quotation. The sieve's speaker is kept as
// it is, rule, title and vendor, when the model keeps it.
func (v *view) decide(a *attribution, m *speakerModel) speaker {
	bi, bz, si, sz := -1, float32(math.Inf(-1)), -1, float32(0)
	for i := range a.cands {
		z := m.score(&a.cands[i].feats)
		if z > bz {
			bi, bz = i, z
		}
		if a.cands[i].from&fromSieve != 0 {
			si, sz = i, z
		}
	}
	if bi < 0 {
		return speaker{}
	}
	ps := -1.0
	if si >= 0 {
		ps = sigmoid(float64(sz))
	}
	switch decideSpeaker(sigmoid(float64(bz)), ps, bi == si, m.add, m.veto) {
	case pickBest:
		if bi == si {
			return a.sieve
		}
		return v.speakerOf(&a.cands[bi])
	case pickSieve:
		return a.sieve
	}
	return speaker{}
}

// speakerOf turns a candidate into a speaker, its title and vendor as the
// article gives them (or the registry), as attribute does for the sieve's.
func (v *view) speakerOf(c *speakerCand) speaker {
	sp := speaker{name: c.name, rule: learnedRule, ev: c.ev}
	if c.person {
		sp.person = true
		if p := v.people[c.name]; p != nil {
			sp.title, sp.vendor, sp.org = p.title, p.vendor, p.org
		}
		if sp.vendor == "" {
			sp.vendor = v.registryPerson(c.name)
		}
		sp.outsider = sp.vendor == "" && outsider(sp.title, sp.org)
	} else {
		sp.vendor = c.vendor
	}
	if sp.ev[1] > sp.ev[0] {
		sp.evidence = v.x.text[sp.ev[0]:sp.ev[1]]
	}
	return sp
}
