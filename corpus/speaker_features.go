package corpus

import (
	"math"
	"slices"
	"strings"
)

// The features the learned attribution step scores a (quotation,
// candidate) pair on: general signs of who speaks, not words of any
// article. Which sieve rule (if any) names the candidate is one of them,
// so that the model learns how far each rule is trusted; the others are
// where the candidate is named (the sentence leading to the quotation, the
// incise after it, the paragraph, the one before or after), how far, with a
// verb of saying between, how often the article names them, whether they
// have a title or are a known spokesperson, whether they are named inside
// the quoted words (then they are talked about, not talking), and a few
// signs of the quotation itself (no rule named anybody; an incise with a
// verb of saying whose subject is nobody the article names).

// Feature positions. The names (speakerFeatNames) are the model file's.
const (
	sfBias = iota
	sfSieve
	sfSieveNone
	sfSieveOther
	sfClaimed
	sfSaidAfter
	sfIncise
	sfPartial
	sfKindBlock
	sfKindColon
	sfKindPost
	sfKindAnswer
	sfPrev
	sfPrevNear
	sfMain
	sfPerson
	sfOrg
	sfRegistry
	sfTitle
	sfMentions
	sfWindowMentions
	sfBeforeSentence
	sfBeforePara
	sfBeforePrevPara
	sfAfterSentence
	sfAfterPara
	sfAfterNextPara
	sfDistBefore
	sfDistAfter
	sfSayingBefore
	sfSayingAfter
	sfSure
	sfAside
	sfOwner
	sfInQuote
	sfNearestBefore
	sfNearestAfter
	sfRivals
	sfOrgArticle
	sfNoneBeforeSentence
	sfNoneAfterSentence
	sfNonePrev
	sfNoneBeforePara
	sfNoneNearestBefore
	sfNoneMain
	sfOtherBetween
	sfMainOrg
	sfPronoun
	sfPronounFem
	sfGenderAgree
	sfGenderDisagree
	sfRules // then one feature per rule name, in speakerRuleNames' order
)

var speakerFixedNames = [sfRules]string{
	"bias", "sieve", "sieve-none", "sieve-other", "claimed", "said-after", "incise", "partial",
	"kind-block", "kind-colon", "kind-post", "kind-answer",
	"prev", "prev-near", "main", "person", "org", "registry", "title", "mentions", "window-mentions",
	"before-sentence", "before-para", "before-prev-para", "after-sentence", "after-para", "after-next-para",
	"dist-before", "dist-after", "saying-before", "saying-after", "sure", "aside", "owner", "in-quote",
	"nearest-before", "nearest-after", "rivals", "org-article",
	"none&before-sentence", "none&after-sentence", "none&prev", "none&before-para", "none&nearest-before", "none&main",
	"other-between", "main-org",
	"pronoun", "pronoun-fem", "gender-agree", "gender-disagree",
}

// speakerRuleNames are every name Attribution.Rule can record from the
// sieve's tables, in table order, once each.
var speakerRuleNames = func() []string {
	var names []string
	addName := func(n string) {
		if !slices.Contains(names, n) {
			names = append(names, n)
		}
	}
	for _, r := range rules {
		addName(r.name)
	}
	for _, k := range kindRules {
		addName(k.name)
	}
	for _, r := range resolutions {
		addName(r.name)
	}
	return names
}()

// numSpeakerFeats is the length of a feature vector.
const numSpeakerFeats = sfRules + 24

// speakerFeats is a candidate's feature vector.
type speakerFeats [numSpeakerFeats]float32

func init() {
	if sfRules+len(speakerRuleNames) > numSpeakerFeats {
		panic("corpus: numSpeakerFeats is too small for the sieve's rule names")
	}
}

// speakerFeatNames are the features' names, by position ("" for unused
// positions).
var speakerFeatNames = func() []string {
	names := make([]string, numSpeakerFeats)
	copy(names, speakerFixedNames[:])
	for i, n := range speakerRuleNames {
		names[sfRules+i] = "rule:" + n
	}
	return names
}()

// speakerRuleFeat is the feature of each rule name.
var speakerRuleFeat = func() map[string]int {
	m := map[string]int{}
	for i, n := range speakerRuleNames {
		m[n] = sfRules + i
	}
	return m
}()

// distFeat scales a distance in bytes: near matters, far hardly.
func distFeat(d int) float32 { return float32(math.Log1p(float64(max(d, 0)) / 50)) }

// countFeat scales a count.
func countFeat(n int) float32 { return float32(math.Log1p(float64(n))) }

// featurize fills the features of every candidate of a.
func (v *view) featurize(a *attribution) {
	x, q := v.x, a.q
	f := q.found
	preStart, postEnd := f.open, f.close
	if len(q.pre) > 0 {
		preStart = q.pre[0].s
	}
	if len(q.post) > 0 {
		postEnd = q.post[len(q.post)-1].e
	}
	para, last := x.paras[f.para], x.paras[f.last]
	ws, we := x.candWindow(f)
	inner := x.text[f.open:f.close]
	names := v.mentionNames()
	nearestB, nearestA := -1, -1 // the position of the nearest person named before and after
	nPersons := 0
	for i := range a.cands {
		c := &a.cands[i]
		if c.person && c.from&(fromMention) != 0 {
			nPersons++
		}
	}
	bestB, bestA := make([]int, len(a.cands)), make([]int, len(a.cands))
	pronoun := a.pronoun
	for i := range a.cands {
		c := &a.cands[i]
		fs := &c.feats
		*fs = speakerFeats{}
		fs[sfBias] = 1
		sieveNone := a.sieve.name == ""
		if sieveNone {
			fs[sfSieveNone] = 1
		}
		if c.from&fromSieve != 0 {
			fs[sfSieve] = 1
			if k, ok := speakerRuleFeat[a.sieve.rule]; ok {
				fs[k] = 1
			}
		} else if !sieveNone {
			fs[sfSieveOther] = 1
		}
		if a.claimed {
			fs[sfClaimed] = 1
		}
		if sieveNone && q.saidAfter() {
			fs[sfSaidAfter] = 1
		}
		if q.incise {
			fs[sfIncise] = 1
		}
		switch f.kind {
		case markQuote:
			if x.partial(f) {
				fs[sfPartial] = 1
			}
		case blockQuote:
			fs[sfKindBlock] = 1
		case colonQuote:
			fs[sfKindColon] = 1
		case postQuote:
			fs[sfKindPost] = 1
		case answerQuote:
			fs[sfKindAnswer] = 1
		}
		if c.from&fromPrev != 0 {
			fs[sfPrev] = 1
			if a.prevF != nil && a.prevF.last+1 >= f.para {
				fs[sfPrevNear] = 1
			}
		}
		if c.from&fromMain != 0 {
			fs[sfMain] = 1
		}
		if c.from&fromMainOrg != 0 {
			fs[sfMainOrg] = 1
		}
		// where it is named: people in the narrative, organisations by
		// the registry's mentions outside quotations
		before, after, inWindow, total := -1, -1, 0, 0
		var near mention
		each := func(pos, end int, m *mention) {
			total++
			if pos >= ws && pos < we {
				inWindow++
			}
			switch {
			case end <= f.open && pos > before:
				before = pos
				if m != nil {
					near = *m
				}
			case pos >= f.close && (after < 0 || pos < after):
				after = pos
				if m != nil && before < 0 {
					near = *m
				}
			}
		}
		if pronoun != 0 {
			fs[sfPronoun] = 1
			if pronoun == 'f' {
				fs[sfPronounFem] = 1
			}
			if c.person {
				switch g := v.personGender(c.name); {
				case g == pronoun:
					fs[sfGenderAgree] = 1
				case g != 0:
					fs[sfGenderDisagree] = 1
				}
			}
		}
		if c.person {
			fs[sfPerson] = 1
			for k := range v.mentions {
				if names[k] == c.name {
					m := &v.mentions[k]
					each(m.pos, m.pos+len(m.name), m)
				}
			}
			if v.registryPerson(c.name) != "" {
				fs[sfRegistry] = 1
			}
			if p := v.people[c.name]; p != nil && p.title != "" {
				fs[sfTitle] = 1
			}
			words := strings.Fields(c.name)
			if len(words) > 0 && strings.Contains(inner, words[len(words)-1]) {
				fs[sfInQuote] = 1
			}
		} else {
			fs[sfOrg] = 1
			for _, m := range x.vspans {
				if c.vendor != "" && m.id == c.vendor && !v.inQuote(m.start) {
					each(m.start, m.end, nil)
				}
				if c.vendor != "" && m.id == c.vendor && m.start >= f.open && m.end <= f.close {
					fs[sfInQuote] = 1
				}
			}
			if c.vendor != "" && len(x.a.Vendors) > 0 && x.a.Vendors[0] == c.vendor {
				fs[sfOrgArticle] = 1
			}
		}
		fs[sfMentions] = countFeat(total)
		fs[sfWindowMentions] = countFeat(inWindow)
		if near.name != "" {
			if near.sure {
				fs[sfSure] = 1
			}
			if near.aside {
				fs[sfAside] = 1
			}
			if near.owner {
				fs[sfOwner] = 1
			}
		}
		if before >= 0 {
			switch {
			case before >= preStart:
				fs[sfBeforeSentence] = 1
			case before >= para.start():
				fs[sfBeforePara] = 1
			case f.para > 0 && before >= x.paras[f.para-1].start():
				fs[sfBeforePrevPara] = 1
			}
			fs[sfDistBefore] = distFeat(f.open - before)
			if before >= para.start() && x.sayingIn([2]int{before, f.open}) || before < para.start() && before >= ws && x.sayingIn([2]int{before, x.paras[x.paraAt(before)].end()}) {
				fs[sfSayingBefore] = 1
			}
		}
		if after >= 0 {
			switch {
			case after < postEnd:
				fs[sfAfterSentence] = 1
			case after < last.end():
				fs[sfAfterPara] = 1
			case f.last+1 < len(x.paras) && after < x.paras[f.last+1].end():
				fs[sfAfterNextPara] = 1
			}
			fs[sfDistAfter] = distFeat(after - f.close)
			if after < last.end() && x.sayingIn([2]int{f.close, min(after+40, last.end())}) {
				fs[sfSayingAfter] = 1
			}
		}
		// someone else named since: "“…,” said Jane Roe. ¶ Omar Haddad
		// doubts it. ¶ “…”" is not Jane Roe's
		from := before
		if from < 0 && c.from&fromPrev != 0 && a.prevF != nil {
			from = a.prevF.close
		}
		if from >= 0 {
			for k := range v.mentions {
				m := &v.mentions[k]
				if m.pos > from && m.pos < f.open && !m.aside && names[k] != c.name {
					fs[sfOtherBetween] = 1
					break
				}
			}
		}
		bestB[i], bestA[i] = -1, -1
		if c.person {
			bestB[i], bestA[i] = before, after
			if before >= ws && before > nearestB {
				nearestB = before
			}
			if after >= 0 && after < we && (nearestA < 0 || after < nearestA) {
				nearestA = after
			}
		}
		fs[sfRivals] = countFeat(max(nPersons-1, 0))
	}
	for i := range a.cands {
		fs := &a.cands[i].feats
		if nearestB >= 0 && bestB[i] == nearestB {
			fs[sfNearestBefore] = 1
		}
		if nearestA >= 0 && bestA[i] == nearestA {
			fs[sfNearestAfter] = 1
		}
		if fs[sfSieveNone] == 1 {
			fs[sfNoneBeforeSentence] = fs[sfBeforeSentence]
			fs[sfNoneAfterSentence] = fs[sfAfterSentence]
			fs[sfNonePrev] = fs[sfPrev]
			fs[sfNoneBeforePara] = fs[sfBeforePara]
			fs[sfNoneNearestBefore] = fs[sfNearestBefore]
			fs[sfNoneMain] = fs[sfMain]
		}
	}
}
