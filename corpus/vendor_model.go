package corpus

import (
	_ "embed"
	"slices"
	"strings"
	"sync"
)

// The learned vendor step. When the speaker gives a quotation no vendor
// (nobody was named, or a person with no title or registry entry, or an
// organisation that is none of the registry's), a rule used to give it the
// first vendor named in the quotation, its paragraph, the paragraph before
// or else the article's own (vendorAbout). On articles it was not written
// from, that rule gives the article's vendor to the words of regulators,
// officials, members of parliament and anonymous observers. Instead, every
// vendor named in or around the quotation, the article's own, and "none"
// are candidates, scored by a logistic regression over general features
// (vendorFeats: where each is named, whether the old rule would choose
// it, and for "none" the signs that the words are nobody's of a vendor: a
// question, a person with no vendor, the article's vendor named inside
// the words, talked about); the best scored one wins. It is trained by
// cmd/trainspeakers on the same articles as the speaker model, with the
// speakers that model gives out of fold (a model never decides the
// speakers of the articles it is scored on), and cross-validated by
// article.

//go:embed model/vendors.model
var vendorModelFile []byte

// Vendor feature positions; the names (vendorFeatNames) are the model
// file's. The features from vfNoneNoSpeaker on are the none candidate's
// alone; the others a vendor candidate's.
const (
	vfNone               = iota // the none candidate
	vfRule                      // the old rule's answer (vendorAbout)
	vfInQuote                   // named inside the quoted words
	vfInQuoteFirst              // the first vendor named inside them
	vfInPara                    // named in the quotation's paragraphs, outside quotations
	vfInParaFirst               // the first so named
	vfInPrevPara                // named in the paragraph before
	vfPrevParaOnly              // the only vendor the paragraph before names
	vfInNextPara                // named in the paragraph after
	vfBeforeSentence            // named in the sentence leading to the quotation
	vfAfterSentence             // named in the incise after it
	vfArticle                   // the article's first vendor (front matter)
	vfArticleOther              // another of the article's vendors
	vfMentions                  // how often the narrative names it
	vfMainVendor                // the vendor the narrative names most
	vfInQuoteQuestion           // named inside a question
	vfInQuoteWe                 // named inside words spoken as "we"
	vfNoneNoSpeaker             // nobody was named
	vfNoneSpeakerPerson         // a person with no vendor was named
	vfNoneSpeakerOrg            // an organisation that is no vendor was named
	vfNoneQuestion              // the quotation is a question
	vfNoneFirstI                // spoken as "I"
	vfNoneFirstWe               // spoken as "we"
	vfNoneArticleInQuote        // the article's vendor is named inside the words
	vfNoneNoVendorNear          // no vendor is named in the paragraph or the one before
	vfNoneOtherPerson           // the paragraph names a person with no vendor
	vfNoneColon                 // the quotation follows a colon, as a paragraph of its own
	vfNoneClaimed               // a rule read the words around it but trusted no subject ("…», a ajouté la commission)
	vfNoneUnnamedLead           // someone introduced without a name says it
	vfNoneOutsiderAround        // the sentence leading to it or its incise names a role or body no vendor is (an analyst, an agency)
	vfNoneOutsiderPara          // its paragraph does, outside quotations
	vfNonePersonAround          // the sentence leading to it or its incise names a person with no vendor
	numVendorFeats
)

var vendorFeatNames = [numVendorFeats]string{
	"none", "rule", "in-quote", "in-quote-first", "in-para", "in-para-first", "in-prev-para",
	"prev-para-only", "in-next-para", "before-sentence", "after-sentence", "article", "article-other",
	"mentions", "main-vendor", "in-quote&question", "in-quote&we",
	"none&no-speaker", "none&speaker-person", "none&speaker-org", "none&question", "none&i", "none&we",
	"none&article-in-quote", "none&no-vendor-near", "none&other-person", "none&colon",
	"none&claimed", "none&unnamed-lead", "none&outsider-around", "none&outsider-para", "none&person-around",
}

// vendorFeats is a vendor candidate's feature vector.
type vendorFeats [numVendorFeats]float32

// vendorCand is a candidate vendor of a quotation: "" is none.
type vendorCand struct {
	id    string
	feats vendorFeats
}

// vendorModel is a loaded model: a weight per feature.
type vendorModel struct{ w vendorFeats }

var loadedVendorModel = sync.OnceValue(func() *vendorModel {
	m, err := parseVendorModel(vendorModelFile)
	if err != nil {
		// built and tested with the package: a broken file is a build
		// error, not an input
		panic("corpus: embedded vendor model: " + err.Error())
	}
	return m
})

// parseVendorModel reads a model file: one line per feature,
// "name\tweight"; "#" lines are comments.
func parseVendorModel(data []byte) (*vendorModel, error) {
	m := &vendorModel{}
	if err := readFeatureWeights(data, vendorFeatNames[:], m.w[:], nil); err != nil {
		return nil, err
	}
	return m, nil
}

func (m *vendorModel) score(fs *vendorFeats) float32 {
	var z float32
	for k, f := range fs {
		if f != 0 {
			z += m.w[k] * f
		}
	}
	return z
}

// decideVendor is the best scored of the candidates' vendors ("" none);
// the first on ties.
func (m *vendorModel) decideVendor(cs []vendorCand) string {
	best, bz := "", float32(0)
	for i := range cs {
		if z := m.score(&cs[i].feats); i == 0 || z > bz {
			best, bz = cs[i].id, z
		}
	}
	return best
}

// firstSingular are the words of someone speaking for themselves.
var firstSingular = wordSet(`i me my mine je j' moi mon ma mes`)

// voice reads the quoted words of f: whether they are a question, spoken
// as "we", spoken as "I".
func (x *extractor) voice(f *found) (question, we, i bool) {
	qs, qe := f.parts[0][0], f.parts[len(f.parts)-1][1]
	inner := strings.TrimRight(x.text[qs:qe], " \u00a0\u202f»”\"'’")
	question = strings.HasSuffix(inner, "?")
	for _, t := range x.tokRange(qs, qe) {
		if t.kind != tokWord {
			continue
		}
		if corporateWe[t.f] {
			we = true
		}
		if firstSingular[t.f] && (t.f != "i" || t.w == "I") {
			i = true
		}
	}
	return question, we, i
}

// vendorCands lists the candidate vendors of f's quotation, none first,
// with their features, into cs. sp is the speaker the attribution gave it
// (with no vendor), rule the old rule's answer.
func (v *view) vendorCands(cs []vendorCand, a *attribution, sp speaker, rule string) []vendorCand {
	f, q := a.q.found, a.q
	x := v.x
	cs = append(cs[:0], vendorCand{})
	add := func(id string) *vendorFeats {
		for i := range cs {
			if cs[i].id == id {
				return &cs[i].feats
			}
		}
		cs = append(cs, vendorCand{id: id})
		return &cs[len(cs)-1].feats
	}
	qs, qe := f.parts[0][0], f.parts[len(f.parts)-1][1]
	question, we, i := x.voice(f)
	first := true
	for _, m := range x.vspans {
		if m.start >= qs && m.end <= qe {
			fs := add(m.id)
			fs[vfInQuote] = 1
			if first {
				fs[vfInQuoteFirst] = 1
				first = false
			}
			if question {
				fs[vfInQuoteQuestion] = 1
			}
			if we {
				fs[vfInQuoteWe] = 1
			}
		}
	}
	ps, pe := x.paras[f.para].start(), x.paras[f.last].end()
	preS, postE := f.open, f.close
	if len(q.pre) > 0 {
		preS = q.pre[0].s
	}
	if len(q.post) > 0 {
		postE = q.post[len(q.post)-1].e
	}
	first = true
	nearVendor := false
	counts := map[string]int{}
	var next []string // the vendors the paragraph after names
	for _, m := range x.vspans {
		if v.inQuote(m.start) {
			continue
		}
		counts[m.id]++
		switch {
		case m.start >= ps && m.end <= pe:
			nearVendor = true
			fs := add(m.id)
			fs[vfInPara] = 1
			if first {
				fs[vfInParaFirst] = 1
				first = false
			}
			if m.start >= preS && m.end <= f.open {
				fs[vfBeforeSentence] = 1
			}
			if m.start >= f.close && m.end <= postE {
				fs[vfAfterSentence] = 1
			}
		case f.para > 0 && m.start >= x.paras[f.para-1].start() && m.end <= x.paras[f.para-1].end():
			nearVendor = true
			add(m.id)[vfInPrevPara] = 1
		case f.last+1 < len(x.paras) && m.start >= x.paras[f.last+1].start() && m.end <= x.paras[f.last+1].end():
			next = append(next, m.id)
		}
	}
	if f.para > 0 {
		pp := x.paras[f.para-1]
		only := ""
		for _, m := range x.vspans {
			if m.start >= pp.start() && m.end <= pp.end() {
				if only != "" && only != m.id {
					only = ""
					break
				}
				only = m.id
			}
		}
		if only != "" {
			add(only)[vfPrevParaOnly] = 1
		}
	}
	for k, id := range x.a.Vendors {
		fs := add(id)
		if k == 0 {
			fs[vfArticle] = 1
		} else {
			fs[vfArticleOther] = 1
		}
	}
	// the paragraph after adds no candidate of its own: the quotation's
	// speaker is named before it or around it, rarely after
	for k := 1; k < len(cs); k++ {
		if slices.Contains(next, cs[k].id) {
			cs[k].feats[vfInNextPara] = 1
		}
	}
	if rule != "" {
		add(rule)[vfRule] = 1
	} else {
		cs[0].feats[vfRule] = 1
	}
	main, _ := v.mainVendor()
	for k := 1; k < len(cs); k++ {
		fs := &cs[k].feats
		fs[vfMentions] = countFeat(counts[cs[k].id])
		if main.id != "" && cs[k].id == main.id {
			fs[vfMainVendor] = 1
		}
	}
	// the none candidate
	fs := &cs[0].feats
	fs[vfNone] = 1
	switch {
	case sp.name == "":
		fs[vfNoneNoSpeaker] = 1
	case sp.person:
		fs[vfNoneSpeakerPerson] = 1
	default:
		fs[vfNoneSpeakerOrg] = 1
	}
	if question {
		fs[vfNoneQuestion] = 1
	}
	if i {
		fs[vfNoneFirstI] = 1
	}
	if we {
		fs[vfNoneFirstWe] = 1
	}
	if len(x.a.Vendors) > 0 {
		for _, m := range x.vspans {
			if m.start >= qs && m.end <= qe && m.id == x.a.Vendors[0] {
				fs[vfNoneArticleInQuote] = 1
				break
			}
		}
	}
	if !nearVendor {
		fs[vfNoneNoVendorNear] = 1
	}
	if f.kind == colonQuote || f.kind == blockQuote {
		fs[vfNoneColon] = 1
	}
	if a.claimed {
		fs[vfNoneClaimed] = 1
	}
	if a.unnamedLead {
		fs[vfNoneUnnamedLead] = 1
	}
	outsiderTok := func(t tok) bool { return t.kind == tokWord && outsiderWords[t.f] }
	for _, ts := range [][]tok{q.pre, q.post} {
		for _, t := range ts {
			if outsiderTok(t) {
				fs[vfNoneOutsiderAround] = 1
			}
		}
	}
	for _, t := range x.tokRange(ps, pe) {
		if outsiderTok(t) && !v.inQuote(t.s) {
			fs[vfNoneOutsiderPara] = 1
			break
		}
	}
	names := v.mentionNames()
	for k, m := range v.mentions {
		if m.pos < ps || m.pos >= pe || v.inQuote(m.pos) {
			continue
		}
		if p := v.people[names[k]]; (p == nil || p.vendor == "") && v.registryPerson(names[k]) == "" {
			fs[vfNoneOtherPerson] = 1
			if m.pos >= preS && m.pos < f.open || m.pos >= f.close && m.pos < postE {
				fs[vfNonePersonAround] = 1
			}
		}
	}
	return cs
}
