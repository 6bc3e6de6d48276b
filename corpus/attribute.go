package corpus

import (
	"strings"
	"unicode/utf8"
)

// Attribution: who said a quotation. The rules follow how articles are
// written, in French and in English; each names itself in
// Attribution.Rule and quotes the words it relied on in Evidence:
//
//	quote-verb-name     « … », déclarait Adam Selipsky, CEO d'AWS
//	quote-name-verb     "…," Jane Roe said.
//	name-verb-quote     Adam Selipsky insistait alors : « … »
//	verb-name-quote     Comme l'explique Jean Dupont : « … »
//	org-verb            CNBC indique dans son article : « … »; "…," a Nimbus spokesperson said
//	according-to        selon Jean Dupont / according to Jane Roe / d'après …
//	pronoun-antecedent  « … », indique le dirigeant / "…," she said
//	org-antecedent      "…," the company said
//	continuation        a quotation with no attribution of its own right after its speaker's
//	blockquote-context  a "> " block quote introduced by the paragraph before it
//	colon-intro         a paragraph of words after "he says:"
//	embedded-post       "… — Slack (@SlackHQ) May 17, 2024"
//
// Every rule would rather name nobody than the wrong person: a pronoun with
// two people in view, a name that could be a place, a verb whose subject
// cannot be found all leave the speaker empty.

// speaker is who said a quotation, as attribution found it.
type speaker struct {
	name, title, vendor string
	rule, evidence      string
	person              bool // a person, as opposed to an organisation
	ev                  [2]int
}

// person is someone the article named, with the title it gave them.
type person struct {
	name, title, vendor string
}

// mention is a person named outside quotations.
type mention struct {
	pos  int
	name string
	sure bool // introduced with a title, a verb of saying or known to the registry
}

// attributor attributes the quotations of one article, in order: it
// remembers the people named so far, their titles, and the last speaker.
type attributor struct {
	x        *extractor
	people   map[string]*person
	surname  map[string]string // last word of a full name → the name; "" when two share it
	mentions []mention
	quoted   [][2]int // outer spans of the quotations
	prev     *speaker
	prevF    *found
}

func (a *attributor) init(x *extractor) {
	a.x = x
	a.people = map[string]*person{}
	a.surname = map[string]string{}
}

// prepare reads the narrative (the text outside quotations) for people,
// their titles and where they are named.
func (a *attributor) prepare(fs []found) {
	a.quoted = a.quoted[:0]
	for _, f := range fs {
		a.quoted = append(a.quoted, [2]int{f.open, f.close})
	}
	x := a.x
	qi := 0
	for _, p := range x.paras {
		s := p.start()
		for s < p.end() {
			for qi < len(a.quoted) && a.quoted[qi][1] <= s {
				qi++
			}
			e := p.end()
			if qi < len(a.quoted) && a.quoted[qi][0] < e {
				e = max(a.quoted[qi][0], s)
			}
			if s < e {
				a.scanNarrative(x.tokRange(s, e))
			}
			if qi < len(a.quoted) && a.quoted[qi][0] < p.end() {
				s = max(a.quoted[qi][1], e)
			} else {
				s = p.end()
			}
		}
	}
}

// scanNarrative records the people named in ts.
func (a *attributor) scanNarrative(ts []tok) {
	for i := 0; i < len(ts); i++ {
		if !ts[i].cap || ts[i].kind != tokWord {
			continue
		}
		c, title := a.nameAt(ts, i)
		if c.end <= i {
			continue
		}
		// A lone capitalised word nobody introduced ("Marseille",
		// "Plusieurs") is not taken for a person.
		if c.kind == candPerson {
			if title.name == "" {
				title, _ = a.titleAround(ts, c)
			}
			a.meet(c, title)
			p := a.people[c.name]
			sure := title.name != "" || p != nil && p.title != "" || a.registryPerson(c.name) != "" ||
				c.end < len(ts) && sayingAt(ts, c.end) || c.start > 0 && sayingAt(ts, c.start-1)
			a.mentions = append(a.mentions, mention{pos: ts[c.start].s, name: c.name, sure: sure})
		}
		i = c.end - 1
	}
}

// meet remembers a person and the first title the article gives them.
func (a *attributor) meet(c cand, title cand) {
	if c.kind != candPerson && c.kind != candSurname {
		return
	}
	p := a.people[c.name]
	if p == nil {
		if c.kind == candSurname {
			return
		}
		p = &person{name: c.name, vendor: a.registryPerson(c.name)}
		a.people[c.name] = p
		words := strings.Fields(c.name)
		last := words[len(words)-1]
		if other, ok := a.surname[last]; ok && other != c.name {
			a.surname[last] = ""
		} else {
			a.surname[last] = c.name
		}
	}
	if p.title == "" && title.name != "" {
		p.title = title.name
		if p.vendor == "" {
			p.vendor = title.vendor
		}
	}
}

// sayingNear reports whether a verb of saying is in the sentence around a
// quotation.
func (a *attributor) sayingNear(f *found) bool {
	for _, ts := range [][]tok{a.preTokens(f), a.postTokens(f)} {
		for i := range ts {
			if sayingAt(ts, i) {
				return true
			}
		}
	}
	return false
}

// sayingIn reports whether a verb of saying is in the span.
func (a *attributor) sayingIn(sp [2]int) bool {
	ts := a.x.tokRange(sp[0], sp[1])
	for i := range ts {
		if sayingAt(ts, i) {
			return true
		}
	}
	return false
}

// preTokens are the words of the sentence before a quotation's opening
// mark, from the sentence start or the previous quotation. A quotation
// that opens its paragraph after one ending with a colon, a block quote
// and a colon-introduced paragraph take the last sentence before them.
func (a *attributor) preTokens(f *found) []tok {
	x := a.x
	p := x.paras[f.para]
	if f.open <= p.start() || f.kind != markQuote {
		if f.para == 0 {
			return nil
		}
		prev := x.text[x.paras[f.para-1].start():x.paras[f.para-1].end()]
		if f.kind == markQuote && !strings.HasSuffix(prev, ":") || strings.HasPrefix(prev, quoteMarker) || a.inQuote(x.paras[f.para-1].end()-1) {
			return nil
		}
		sp := x.lastSentence(f.para - 1)
		return x.tokRange(sp[0], sp[1])
	}
	from := p.start()
	for _, q := range a.quoted {
		if q[1] <= f.open && q[1] > from {
			from = q[1]
		}
	}
	s := x.sentenceStart(from, f.open)
	return x.tokRange(s, f.open)
}

// postTokens are the words after a quotation's closing mark up to the end
// of the sentence, the paragraph or the next quotation.
func (a *attributor) postTokens(f *found) []tok {
	x := a.x
	if f.kind != markQuote {
		return nil
	}
	if f.incise != ([2]int{}) {
		return x.tokRange(f.incise[0], f.incise[1])
	}
	end := x.paras[f.last].end()
	for _, q := range a.quoted {
		if q[0] >= f.close && q[0] < end {
			end = q[0]
		}
	}
	t := x.text[f.close:end]
	for i := 0; i < len(t); i++ {
		c := t[i]
		if (c == '.' || c == '!' || c == '?') && (i+1 == len(t) || t[i+1] == ' ') && !abbrevBefore(t[:i+1]) {
			t = t[:i]
			break
		}
	}
	ts := x.tokRange(f.close, f.close+len(t))
	if len(ts) > 40 {
		ts = ts[:40]
	}
	return ts
}

func (a *attributor) inQuote(pos int) bool {
	for _, q := range a.quoted {
		if pos >= q[0] && pos < q[1] {
			return true
		}
	}
	return false
}

// attribute names the speaker of a quotation and remembers them for the
// quotations after it.
func (a *attributor) attribute(f *found) speaker {
	sp := a.find(f)
	if sp.name != "" {
		if sp.person {
			a.meet(cand{kind: candPerson, name: sp.name}, cand{name: sp.title, vendor: sp.vendor})
			if p := a.people[sp.name]; p != nil {
				if sp.title == "" {
					sp.title = p.title
				}
				if sp.vendor == "" {
					sp.vendor = p.vendor
				}
			}
		}
		if sp.ev[1] > sp.ev[0] {
			sp.evidence = a.x.text[sp.ev[0]:sp.ev[1]]
		}
		a.prev, a.prevF = &sp, f
	} else {
		a.prev, a.prevF = nil, nil
	}
	return sp
}

func (a *attributor) find(f *found) speaker {
	x := a.x
	if f.kind == postQuote {
		sp := speaker{name: f.author, rule: "embedded-post", ev: f.authorSpan}
		sp.vendor = x.vendorIn(f.authorSpan[0], f.authorSpan[1])
		return sp
	}
	pre, post := a.preTokens(f), a.postTokens(f)
	// An incise right after the quotation ("…," she said / « … », dit-il)
	// is the strongest sign; otherwise the sentence leading to it.
	incise := len(post) > 0 && (post[0].f == "," || post[0].f == "—" || post[0].f == "-" || strings.HasSuffix(strings.TrimSpace(x.text[f.parts[len(f.parts)-1][0]:f.parts[len(f.parts)-1][1]]), ","))
	tries := []func() (speaker, bool){
		func() (speaker, bool) { return a.fromPost(f, post) },
		func() (speaker, bool) { return a.fromPre(f, pre) },
	}
	if !incise {
		tries[0], tries[1] = tries[1], tries[0]
	}
	for _, try := range tries {
		if sp, ok := try(); ok {
			switch f.kind {
			case blockQuote:
				sp.rule = "blockquote-context"
			case colonQuote:
				sp.rule = "colon-intro"
			}
			return sp
		}
	}
	if f.kind == markQuote {
		if sp, ok := a.continuation(f); ok {
			return sp
		}
	}
	return speaker{}
}

// closeMarkStart is where a quotation's closing mark begins.
func (a *attributor) closeMarkStart(f *found) int {
	if f.kind != markQuote {
		return f.close
	}
	end := f.close
	if f.incise != ([2]int{}) {
		end = f.incise[0]
	}
	_, n := utf8.DecodeLastRuneInString(a.x.text[:end])
	return end - n
}

// openMarkEnd is where the words after a quotation's opening mark begin.
func (a *attributor) openMarkEnd(f *found) int {
	if f.kind != markQuote {
		return f.open
	}
	_, n := utf8.DecodeRuneInString(a.x.text[f.open:])
	return f.open + n
}

// fromPost reads the incise after a quotation: a verb of saying then its
// subject (« … », déclarait Adam Selipsky), or the subject then the verb
// ("…," Jane Roe said), or "according to".
func (a *attributor) fromPost(f *found, ts []tok) (speaker, bool) {
	i := 0
	for i < len(ts) && ts[i].kind == tokPunct && (ts[i].f == "," || ts[i].f == "—" || ts[i].f == "–" || ts[i].f == "-" || ts[i].f == "(") {
		i++
	}
	if i >= len(ts) {
		return speaker{}, false
	}
	start := a.closeMarkStart(f)
	if sp, ok := a.accordingTo(ts, i, start, -1); ok {
		return sp, true
	}
	// verb first, after auxiliaries: "a déclaré", "a-t-il ajouté"
	v := i
	for v < len(ts) && v-i < 3 && !sayingAt(ts, v) && (auxiliaries[ts[v].f] || isAuxInverted(ts[v].f)) {
		v++
	}
	if v < len(ts) && sayingAt(ts, v) {
		for k := i; k <= v; k++ {
			if _, pro := hyphenPronoun(ts[k].f); pro == "il" || pro == "elle" {
				return a.antecedent(f, pronounCand(ts[k]), start, ts[k].e)
			}
		}
		if ts[v].f == "told" || ts[v].f == "tells" {
			return speaker{}, false // "…," told Reuters: the object follows
		}
		if c, title, ok := a.subjectAfter(ts, v+1); ok {
			return a.fromCand(f, c, title, "quote-verb-name", start, max(c.endPos, title.endPos))
		}
		return speaker{}, false
	}
	// subject first: find the verb within reach, then its subject must
	// start the incise
	for v := i + 1; v < len(ts) && v-i <= 25; v++ {
		if ts[v].f == "«" || ts[v].f == "“" {
			break
		}
		if !sayingAt(ts, v) {
			continue
		}
		c, title, ok := a.subjectBefore(ts, v)
		if !ok || c.start != i {
			return speaker{}, false
		}
		return a.fromCand(f, c, title, "quote-name-verb", start, ts[v].e)
	}
	return speaker{}, false
}

// fromPre reads the sentence leading to a quotation: its last verb of
// saying and that verb's subject, before it (Jean Dupont a déclaré :) or
// after it (comme l'explique Jean Dupont :), or "according to".
func (a *attributor) fromPre(f *found, ts []tok) (speaker, bool) {
	if len(ts) == 0 {
		return speaker{}, false
	}
	end := a.openMarkEnd(f)
	if f.kind != markQuote {
		end = ts[len(ts)-1].e
	}
	for i := range ts {
		if sp, ok := a.accordingTo(ts, i, -1, end); ok {
			return sp, true
		}
	}
	v := len(ts) - 1
	for v >= 0 && !sayingAt(ts, v) {
		v--
	}
	if v < 0 {
		v = colonVerb(ts)
	}
	if v < 0 {
		return speaker{}, false
	}
	if _, pro := hyphenPronoun(ts[v].f); pro == "il" || pro == "elle" {
		return a.antecedent(f, pronounCand(ts[v]), ts[v].s, end)
	}
	if c, title, ok := a.subjectBefore(ts, v); ok {
		return a.fromCand(f, c, title, "name-verb-quote", ts[c.start].s, end)
	}
	if c, title, ok := a.subjectAfter(ts, v+1); ok && c.kind != candPronoun {
		return a.fromCand(f, c, title, "verb-name-quote", ts[v].s, end)
	}
	return speaker{}, false
}

// colonVerb finds the verb of a sentence that introduces a quotation with a
// colon, whatever the verb: "Claire Fontaine assume : « … »", "L'analyste
// tempère toutefois :". It is the last word before the colon, past
// adverbs; -1 when the sentence does not end so.
func colonVerb(ts []tok) int {
	n := len(ts)
	if n < 3 || ts[n-1].f != ":" {
		return -1
	}
	k := n - 2
	for k > 0 && n-2-k < 3 && auxiliaries[ts[k].f] {
		k--
	}
	if ts[k].kind != tokWord || ts[k].cap {
		return -1
	}
	return k
}

// isAuxInverted reports an inverted auxiliary: "a-t-il", "avait-elle".
func isAuxInverted(f string) bool {
	base, pro := hyphenPronoun(f)
	return pro != "" && (base == "a" || base == "avait" || base == "aurait")
}

// accordingTo reads "according to X", "selon X", "d'après X" at ts[i];
// and "Pour X, « … »" opening a sentence.
func (a *attributor) accordingTo(ts []tok, i, evStart, evEnd int) (speaker, bool) {
	j := -1
	switch {
	case ts[i].f == "according" && i+1 < len(ts) && ts[i+1].f == "to":
		j = i + 2
	case ts[i].f == "selon" || ts[i].f == "d'" && i+1 < len(ts) && ts[i+1].f == "apres":
		j = i + 1
		if ts[i].f == "d'" {
			j = i + 2
		}
	case ts[i].f == "pour" && i == 0:
		j = i + 1
	}
	if j < 0 || j >= len(ts) {
		return speaker{}, false
	}
	c, title, ok := a.subjectAfter(ts, j)
	if !ok || c.start > j+1 {
		return speaker{}, false
	}
	if ts[i].f == "pour" && (c.end >= len(ts) || ts[c.end].f != "," && title.name == "") {
		return speaker{}, false
	}
	s, e := ts[i].s, max(c.endPos, title.endPos)
	if evStart >= 0 {
		s = evStart
	}
	if evEnd >= 0 {
		e = evEnd
	}
	if c.kind == candPronoun || c.kind == candRole {
		return a.antecedent(nil, c, s, e)
	}
	return a.fromCand(nil, c, title, "according-to", s, e)
}

// fromCand turns a subject into a speaker: a person, an organisation, or a
// pronoun or role that points back.
func (a *attributor) fromCand(f *found, c, title cand, rule string, evS, evE int) (speaker, bool) {
	if evS > evE {
		evS, evE = evE, evS
	}
	switch c.kind {
	case candPronoun, candRole:
		return a.antecedent(f, c, evS, evE)
	case candOrgNoun:
		return a.orgAntecedent(f, c, evS, evE)
	case candOrg, candSpokes:
		if rule != "according-to" {
			rule = "org-verb"
		}
		return speaker{name: c.name, vendor: c.vendor, rule: rule, ev: [2]int{evS, evE}}, true
	case candPerson, candSurname:
		sp := speaker{name: c.name, title: title.name, vendor: title.vendor, rule: rule, person: c.kind == candPerson, ev: [2]int{evS, evE}}
		if p := a.people[c.name]; p != nil {
			sp.person = true
		}
		if sp.vendor == "" {
			sp.vendor = a.registryPerson(c.name)
		}
		return sp, true
	}
	return speaker{}, false
}

// antecedent resolves a pronoun or a role ("il", "she", "le dirigeant",
// "the CEO") to the one person named since the previous quotation (no
// further back than the previous paragraph), or failing any, to the
// previous quotation's speaker. Two people in view: nobody.
func (a *attributor) antecedent(f *found, c cand, evS, evE int) (speaker, bool) {
	var at int
	var para int
	if f != nil {
		at, para = f.open, f.para
	} else {
		at = evS
		para = a.x.paraAt(at)
	}
	from := a.x.paras[max(para-1, 0)].start()
	if a.prevF != nil && a.prevF.close > from && a.prevF.close <= at {
		from = a.prevF.close
	}
	name, n := "", 0
	sure := false
	for _, m := range a.mentions {
		if m.pos < from || m.pos >= at {
			continue
		}
		if m.name != name {
			if n > 0 && a.samePerson(m.name, name) {
				continue
			}
			n++
			name, sure = m.name, m.sure
		}
	}
	switch {
	case n > 1:
		return speaker{}, false
	case n == 0:
		if a.prev == nil || !a.prev.person || a.prevF == nil || a.prevF.last+1 < para {
			return speaker{}, false
		}
		name, sure = a.prev.name, true
	}
	if !sure {
		return speaker{}, false
	}
	p := a.people[name]
	if c.kind == candRole && !genericRoles[c.role] && p != nil && p.title != "" && !strings.Contains(foldWord(p.title), c.role) {
		return speaker{}, false // "the CTO" is not the CEO named before
	}
	sp := speaker{name: name, rule: "pronoun-antecedent", person: true, ev: [2]int{evS, evE}}
	return sp, true
}

func (a *attributor) samePerson(x, y string) bool {
	return x == y || a.surname[x] == y || a.surname[y] == x
}

// orgAntecedent resolves "the company", "le groupe" to the one vendor
// named in the quotation's paragraph and the one before.
func (a *attributor) orgAntecedent(f *found, c cand, evS, evE int) (speaker, bool) {
	if f == nil {
		return speaker{}, false
	}
	from := a.x.paras[max(f.para-1, 0)].start()
	id, alias := "", ""
	for _, m := range a.x.vspans {
		if m.start < from || m.start >= evE {
			continue
		}
		if id != "" && m.id != id {
			return speaker{}, false
		}
		id, alias = m.id, a.x.text[m.start:m.end]
	}
	if id == "" && len(a.x.a.Vendors) == 1 {
		id = a.x.a.Vendors[0]
	}
	if id == "" {
		return speaker{}, false
	}
	name := alias
	if v, ok := a.x.reg.Vendor(id); ok && v.Name != "" {
		name = v.Name
	}
	return speaker{name: name, vendor: id, rule: "org-antecedent", ev: [2]int{evS, evE}}, true
}

// continuation gives a quotation with no attribution of its own to the
// speaker of the one just before, when it follows in the same paragraph or
// opens the next one, and nobody else is named or speaks in between.
func (a *attributor) continuation(f *found) (speaker, bool) {
	p, pf := a.prev, a.prevF
	if p == nil || pf == nil {
		return speaker{}, false
	}
	switch {
	case f.para == pf.last:
	case f.para == pf.last+1 && (f.open == a.x.paras[f.para].start() || a.namedBefore(f, p.name)):
	default:
		return speaker{}, false
	}
	gap := a.x.tokRange(pf.close, f.open)
	for i, t := range gap {
		if t.s >= p.ev[0] && t.e <= p.ev[1] {
			continue // the previous quotation's own attribution
		}
		if sayingAt(gap, i) && !(sayingParticiples[t.f] && i > 0 && gap[i-1].f == ",") || t.f == "he" || t.f == "she" || t.f == "elle" || t.f == "they" || t.f == "ils" {
			return speaker{}, false
		}
	}
	for _, m := range a.mentions {
		if m.pos >= pf.close && m.pos < f.open && !(m.pos >= p.ev[0] && m.pos < p.ev[1]) && !a.samePerson(m.name, p.name) {
			return speaker{}, false
		}
	}
	sp := *p
	sp.rule, sp.ev, sp.evidence = "continuation", p.ev, ""
	return sp, true
}

// namedBefore reports whether the narrative of f's paragraph, before it,
// names the person: "Jane Roe est arrivée en 2014. « … »".
func (a *attributor) namedBefore(f *found, name string) bool {
	start := a.x.paras[f.para].start()
	for _, m := range a.mentions {
		if m.pos >= start && m.pos < f.open && a.samePerson(m.name, name) {
			return true
		}
	}
	return false
}

// paraAt is the index of the paragraph holding byte pos.
func (x *extractor) paraAt(pos int) int {
	for i, p := range x.paras {
		if pos < p.end() {
			return i
		}
	}
	return len(x.paras) - 1
}
