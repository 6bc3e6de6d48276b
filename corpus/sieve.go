package corpus

import "strings"

// Attribution as a sieve: who said a quotation is decided by an ordered
// table of named rules, most precise first, as in the deterministic
// quote-attribution sieves of the literature (Muzny et al., 2017). Each
// rule is a function over a read-only view of the article (view.go) that
// either names a speaker or passes; the first that names one wins, and
// its name is recorded in Attribution.Rule. RULES.md lists them, written
// from these tables by TestRulesDoc.
//
// Two stages, as in that sieve: a rule finds who the words name (a person,
// an organisation, or a subject that points back: "il", "the company",
// "it"); a subject that points back is then resolved by the resolutions
// below, whose names are recorded instead ("pronoun-antecedent").
//
// Every rule would rather name nobody than the wrong person: a pronoun with
// two people in view, a name that could be a place, a verb whose subject
// cannot be found all leave the speaker empty.

// site says which words next to a quotation a rule reads.
type site uint8

const (
	siteNone   site = iota // the rule reads the quotation's place in the article
	siteAfter              // the incise after the closing mark: "…," she said
	siteBefore             // the sentence leading to the opening mark: She said: "…"
)

// rule is one step of the sieve. try names a speaker (ok, sp.name set), or
// passes (ok false). A rule that reads words next to the quotation may also
// claim them without naming anybody (ok, sp.name empty): the words are its
// pattern ("…," told Reuters) but their subject cannot be trusted, and no
// weaker rule of the same site reads them again. try leaves sp.rule empty
// for the sieve to record the rule's name, or sets a resolution's.
type rule struct {
	name    string
	site    site
	example string // what the rule reads, for RULES.md
	try     func(v *view, q *quotation) (speaker, bool)
}

// rules are tried in this order when the quotation is followed by an
// incise (a comma or a dash after its closing mark: the strongest sign);
// otherwise the rules reading the sentence before it come first (see
// ruleOrder).
var rules = []rule{
	{"speaker-label", siteNone, `Q: … ¶ Jane Roe: …: the answer's label names its speaker`, labelRule},
	{"embedded-post", siteNone, `"… — Nimbus Cloud (@NimbusCloud) May 17, 2024": the post's author`, postAuthor},
	{"according-to", siteAfter, `« … », selon Jean Dupont / "…," according to Jane Roe`, accordingAfter},
	{"quote-verb-name", siteAfter, `« … », déclarait Claire Fontaine, PDG d'Altocumulus / "…," said Jane Roe`, quoteVerbName},
	{"quote-name-verb", siteAfter, `"…," Jane Roe said / "…," Nimbus CEO Jane Roe said`, quoteNameVerb},
	{"quote-verb-name", siteAfter, `« … », soumises au droit français, déclare Paul Martin`, quoteClauseVerbName},
	{"according-to", siteBefore, `Selon Jean Dupont, « … » / According to Jane Roe, "…"`, accordingBefore},
	{"pronoun-antecedent", siteBefore, `Et d'expliquer : « … » / Tout en glissant : « … » / Explique-t-il : « … »`, subjectlessBefore},
	{"name-verb-quote", siteBefore, `Paul Martin insistait alors : « … » / Jane Roe said: "…"`, nameVerbQuote},
	{"verb-name-quote", siteBefore, `Et précise Jean Dupont : « … »`, verbNameQuote},
	{"coordinated-verb", siteBefore, `"…," but added that the terms were "…": the previous quotation's speaker`, coordinatedVerb},
	{"gerund-subject", siteBefore, `La start-up a réagi, en précisant que « … » / Jane Roe replied, adding that “…”: the sentence's subject`, gerundSubject},
	{"colon-intro", siteNone, `on Monday Nimbus updated its terms with the following addendum: ¶ …`, statementSubject},
	{"continuation", siteNone, `a quotation with no attribution of its own right after its speaker's`, continuationRule},
	{"interview-answer", siteNone, `a whole-paragraph answer after a question paragraph: the interviewee`, interviewRule},
	{"reported-speech", siteNone, `He said that Nimbus asks … ¶ "…": who the paragraph before reports`, reportedRule},
	{"previous-sentence", siteNone, `Jane Roe, CEO of Nimbus, says the region is ready. "…": who the sentence before reports`, previousSentenceRule},
	{"sentence-subject", siteNone, `Jane Roe, CEO of Nimbus, attributed the success to an "…"`, sentenceSubjectRule},
}

// kindRules name the speaker of a block quote or of a paragraph introduced
// by a colon, found by a rule reading the sentence before it: the layout,
// not the wording, is what tells.
var kindRules = []struct {
	kind          quoteKind
	name, example string
}{
	{blockQuote, "blockquote-context", `a "> " block quote introduced by the paragraph before it`},
	{colonQuote, "colon-intro", `a paragraph of words after "he says:"`},
}

// resolution turns a subject a rule found into a speaker.
type resolution struct {
	name    string
	kinds   []candKind
	example string
	try     func(v *view, f *found, c cand, evS, evE int) (speaker, bool)
}

// resolutions are the second stage: subjects that point back, and
// organisations.
var resolutions = []resolution{
	{"pronoun-antecedent", []candKind{candPronoun, candRole}, `"…," she said / « … », indique le dirigeant: the one person named just before`, (*view).antecedent},
	{"org-antecedent", []candKind{candOrgNoun}, `"…," the company said: the one vendor named just before`, (*view).orgAntecedent},
	{"it-antecedent", []candKind{candIt}, `It still warns that "…": the organisation quoted just before`, (*view).itAntecedent},
	{"org-verb", []candKind{candOrg, candSpokes}, `Stratocloud indique : « … » / "…," a Nimbus spokesperson said`, orgSpeaker},
}

// ruleOrder is the order of rules for a quotation with an incise after it
// ([1]) and without ([0]): without one, the sentence leading to the
// quotation is read before the words after it.
var ruleOrder = func() (o [2][]int) {
	for i := range rules {
		o[1] = append(o[1], i)
	}
	for _, s := range []site{siteBefore, siteAfter, siteNone} {
		for i, r := range rules {
			if r.site == s {
				o[0] = append(o[0], i)
			}
		}
	}
	return o
}()

// quotation is a found quotation with the words around it that the rules
// read, computed once.
type quotation struct {
	*found
	pre, post []tok // the sentence leading to it; the incise after it
	incise    bool  // a comma or a dash right after the closing mark
	after     int   // the first word of post past its punctuation
	preVerb   int   // pre's verb of saying (or the verb before its colon); -1
}

func (v *view) quotation(f *found) *quotation {
	q := &quotation{found: f, pre: v.preTokens(f), post: v.postTokens(f)}
	x := v.x
	last := f.parts[len(f.parts)-1]
	q.incise = len(q.post) > 0 && (q.post[0].f == "," || q.post[0].f == "—" || q.post[0].f == "-" || strings.HasSuffix(strings.TrimSpace(x.text[last[0]:last[1]]), ","))
	ts := q.post
	for q.after < len(ts) && ts[q.after].kind == tokPunct && (ts[q.after].f == "," || ts[q.after].f == "—" || ts[q.after].f == "–" || ts[q.after].f == "-" || ts[q.after].f == "(") {
		q.after++
	}
	ts = q.pre
	q.preVerb = len(ts) - 1
	for q.preVerb >= 0 && !sayingAt(ts, q.preVerb) {
		q.preVerb--
	}
	if q.preVerb < 0 && !statementIntro(ts) {
		// "the following addendum to clause 10.4:" ends with a noun or a
		// complement, not a verb
		q.preVerb = colonVerb(ts)
	}
	return q
}

// sieve tries the rules in order on q; the first that names a speaker
// wins. claimed reports a rule that recognised the words around q but
// trusted no subject in them ("…," told Reuters).
func (v *view) sieve(q *quotation) (speaker, bool) {
	f := q.found
	order := ruleOrder[0]
	if q.incise {
		order = ruleOrder[1]
	}
	var claimed [3]bool
	for _, i := range order {
		r := &rules[i]
		if claimed[r.site] {
			continue
		}
		sp, ok := r.try(v, q)
		if !ok {
			continue
		}
		if r.site != siteNone && sp.name == "" {
			claimed[r.site] = true
			continue
		}
		if sp.rule == "" {
			sp.rule = r.name
		}
		sp.by = r
		if r.site != siteNone {
			for _, k := range kindRules {
				if k.kind == f.kind {
					sp.rule = k.name
				}
			}
		}
		return sp, claimed[siteAfter] || claimed[siteBefore]
	}
	return speaker{}, claimed[siteAfter] || claimed[siteBefore]
}

// fromCand turns a subject into a speaker: a person, or through a
// resolution an organisation, or a pronoun or role that points back.
func (v *view) fromCand(f *found, c, title cand, evS, evE int) (speaker, bool) {
	if evS > evE {
		evS, evE = evE, evS
	}
	if c.kind == candPerson || c.kind == candSurname {
		sp := speaker{name: c.name, title: title.name, vendor: title.vendor, org: title.org, person: c.kind == candPerson, ev: [2]int{evS, evE}}
		if p := v.people[c.name]; p != nil {
			sp.person = true
			if sp.vendor == "" {
				sp.vendor = p.vendor
			}
		}
		if sp.vendor == "" {
			sp.vendor = v.registryPerson(c.name)
		}
		return sp, true
	}
	return v.resolve(f, c, evS, evE)
}

// resolve names the speaker a subject stands for with the resolution for
// its kind, and records the resolution's name.
func (v *view) resolve(f *found, c cand, evS, evE int) (speaker, bool) {
	for _, r := range resolutions {
		for _, k := range r.kinds {
			if k == c.kind {
				sp, ok := r.try(v, f, c, evS, evE)
				sp.rule = r.name
				return sp, ok
			}
		}
	}
	return speaker{}, false
}

// orgSpeaker is an organisation, or its spokesperson, as the speaker.
func orgSpeaker(v *view, _ *found, c cand, evS, evE int) (speaker, bool) {
	if documentName(c.name) {
		return speaker{}, false
	}
	if c.kind == candSpokes && c.vendor != "" {
		// "a Nimbus spokesperson said": Nimbus speaks, through its
		// spokesperson
		if vd, ok := v.x.reg.Vendor(c.vendor); ok && vd.Name != "" {
			return speaker{name: vd.Name, title: c.name, vendor: c.vendor, ev: [2]int{evS, evE}}, true
		}
	}
	return speaker{name: c.name, vendor: c.vendor, ev: [2]int{evS, evE}}, true
}

// documentName reports an organisation's name that names a text, not
// who wrote it: "the Cloud Act says", « selon le règlement Data Act ».
func documentName(name string) bool {
	f := strings.Fields(name)
	return len(f) > 0 && documentWords[foldWord(f[len(f)-1])] || len(f) > 0 && documentWords[foldWord(f[0])]
}

// postAuthor names the author of an embedded post, from its signature.
func postAuthor(v *view, q *quotation) (speaker, bool) {
	if q.kind != postQuote {
		return speaker{}, false
	}
	return speaker{name: q.author, ev: q.authorSpan, vendor: v.x.vendorIn(q.authorSpan[0], q.authorSpan[1])}, true
}

// statementSubject names who announces a statement without a verb of
// saying: the sentence's subject ("on Monday Nimbus updated its Terms of
// Service with the following addendum:"), else the one vendor the
// sentence names. It comes before continuations.
func statementSubject(v *view, q *quotation) (speaker, bool) {
	intro := statementIntro(q.pre)
	if q.kind != colonQuote && !intro {
		return speaker{}, false
	}
	if sp, ok := v.sentenceSubject(q.found, q.pre, true); ok {
		sp.rule = ""
		return sp, true
	}
	if intro {
		return v.introVendor(q.pre)
	}
	return speaker{}, false
}

func continuationRule(v *view, q *quotation) (speaker, bool) {
	if q.kind != markQuote || q.saidAfter() {
		return speaker{}, false
	}
	return v.continuation(q.found)
}

// saidAfter reports an incise after the quotation with a verb of saying
// of its own ("…," said one analyst / « … », rétorque un concurrent):
// when no rule could name its subject, the quotation is someone's the
// article does not name, and no rule may lend it a neighbour's speaker.
func (q *quotation) saidAfter() bool {
	ts := q.post
	if !q.incise && (len(ts) == 0 || ts[0].kind != tokWord || ts[0].cap) {
		return false // the next sentence, not an incise
	}
	for i := range ts[:min(len(ts), 8)] {
		if sayingAt(ts, i) {
			return true
		}
	}
	return false
}

func labelRule(v *view, q *quotation) (speaker, bool) { return v.labelSpeaker(q.found) }

func interviewRule(v *view, q *quotation) (speaker, bool) {
	if q.kind != markQuote && q.kind != answerQuote || q.saidAfter() {
		return speaker{}, false
	}
	return v.interviewAnswer(q.found)
}

func reportedRule(v *view, q *quotation) (speaker, bool) {
	if q.kind != markQuote || q.saidAfter() {
		return speaker{}, false
	}
	sp, ok := v.reportedSpeech(q.found)
	sp.rule = ""
	return sp, ok
}

func previousSentenceRule(v *view, q *quotation) (speaker, bool) {
	if q.saidAfter() {
		return speaker{}, false
	}
	sp, ok := v.previousSentence(q.found)
	if sp.rule == "org-antecedent" || sp.rule == "it-antecedent" {
		return speaker{}, false
	}
	if sp.rule != "pronoun-antecedent" {
		sp.rule = ""
	}
	return sp, ok
}

// sentenceSubjectRule names the subject of the sentence a partial
// quotation is part of: "Frank X. Shaw, …, attributed Microsoft's success
// to an “…”".
func sentenceSubjectRule(v *view, q *quotation) (speaker, bool) {
	if q.kind != markQuote || !v.x.partial(q.found) {
		return speaker{}, false
	}
	return v.sentenceSubject(q.found, q.pre, false)
}
