package corpus

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Quotations whose speaker is not named next to them: a pronoun or a role
// that points back ("il", "the company"), a quotation that continues the
// previous speaker's, one that follows a paragraph of reported speech, a
// partial quotation inside a sentence whose subject is a named person.
// The resolutions and the rules of sieve.go call these; they read the
// view and never change it.

// partial reports whether a quotation is part of the sentence's syntax:
// its opening mark follows a word ("attributed it to an “…”"), not a
// colon, a comma or the start of a sentence.
func (x *extractor) partial(f *found) bool {
	s := x.text[x.paras[f.para].start():f.open]
	s = strings.TrimRightFunc(s, spaceRune)
	r, _ := utf8.DecodeLastRuneInString(s)
	return s != "" && (unicode.IsLetter(r) || unicode.IsDigit(r))
}

// sentenceSubject reads the subject of the sentence leading to a
// quotation: a person named with a title (or known), at the start of the
// sentence or of its main clause, followed by a verb: "When asked,
// Frank X. Shaw, Microsoft's corporate vice president, attributed …".
// With orgs, a vendor may be the subject too ("on Monday Zoom updated …").
func (v *view) sentenceSubject(f *found, ts []tok, orgs bool) (speaker, bool) {
	starts := []int{0}
	for k, t := range ts {
		if t.f == "," || t.f == ":" {
			starts = append(starts, k+1)
			break
		}
	}
	for _, s := range starts {
		if s+1 < len(ts) && placePreps[ts[s].f] && timeWords[ts[s+1].f] {
			s += 2 // "on Monday"
		}
		if s >= len(ts) || !ts[s].cap || ts[s].kind != tokWord {
			continue
		}
		c, title := v.nameAt(ts, s)
		ok := c.kind == candPerson || orgs && c.kind == candOrg && c.vendor != ""
		if !ok || c.start != s && title.name == "" {
			continue
		}
		e := c.end
		if c.kind == candPerson && title.name == "" {
			if t, isApp := v.titleAround(ts, c); isApp {
				if t.name == "" || t.end >= len(ts) || ts[t.end].f != "," {
					continue
				}
				title, e = t, t.end+1
			}
		}
		if e >= len(ts) || ts[e].kind != tokWord || ts[e].cap || determiners[ts[e].f] || placePreps[ts[e].f] || auxiliaries[ts[e].f] && ts[e].f != "has" && ts[e].f != "a" {
			continue
		}
		if c.kind == candPerson {
			p := v.people[c.name]
			if title.name == "" && (p == nil || p.title == "") && v.registryPerson(c.name) == "" {
				continue // not sure it is a person
			}
		}
		for _, m := range v.mentions {
			if m.pos > ts[e].s && m.pos < f.open && !v.samePerson(m.name, c.name) {
				return speaker{}, false // someone else in the sentence
			}
		}
		return v.fromCand(f, c, title, ts[s].s, ts[e].e)
	}
	return speaker{}, false
}

// reportedSpeech gives a quotation that opens its paragraph, with no
// attribution of its own, to whoever the paragraph before reports as
// speaking: "He said that Microsoft asks … ¶ “When this proves …”".
func (v *view) reportedSpeech(f *found) (speaker, bool) {
	x := v.x
	if f.para == 0 || f.open != x.paras[f.para].start() || v.questionPara(f.para-1) {
		return speaker{}, false // a question's people are asked about, not answering
	}
	pp := x.paras[f.para-1]
	for _, q := range v.quoted {
		if q[0] < pp.end() && q[1] > pp.start() {
			return speaker{}, false
		}
	}
	ts := x.tokRange(pp.start(), pp.end())
	for vb := len(ts) - 1; vb >= 0; vb-- {
		if !sayingAt(ts, vb) || sayingParticiples[ts[vb].f] {
			continue
		}
		c, title, ok := v.subjectBefore(ts, vb)
		if !ok {
			return speaker{}, false
		}
		switch c.kind {
		case candPronoun:
			return v.resolve(nil, c, ts[c.start].s, ts[vb].e)
		case candPerson:
			return v.fromCand(f, c, title, ts[c.start].s, ts[vb].e)
		}
		return speaker{}, false
	}
	return speaker{}, false
}

// antecedent resolves a pronoun or a role ("il", "she", "le dirigeant",
// "the CEO") to the one person named since the previous quotation (no
// further back than the previous paragraph), or failing any, to the
// previous quotation's speaker. Two people in view: nobody.
func (v *view) antecedent(f *found, c cand, evS, evE int) (speaker, bool) {
	var at int
	var para int
	if f != nil {
		at, para = f.open, f.para
	} else {
		at = evS
		para = v.x.paraAt(at)
	}
	back := max(para-1, 0)
	if back > 0 && v.x.intertitle(back) {
		back-- // the heading does not break the thread
	}
	from := v.x.paras[back].start()
	if v.prevF != nil && v.prevF.close > from && v.prevF.close <= at {
		from = v.prevF.close
	}
	for _, u := range v.unnamed {
		if u[0] >= from && u[1] <= at {
			// "X praised the deal: “…” ¶ “…,” she added": a quotation
			// whose speaker is unknown stands between; she may be its
			return speaker{}, false
		}
	}
	name, n, sure, aside := v.namedBetween(from, at, "", false)
	if n > 1 && from < v.x.paras[para].start() {
		// two people in the paragraph before, one surely named in this
		// one: the nearest ("Jane Roe met Omar Haddad. ¶ Roe says that
		// the Cirrus Cloud launch … “…,” she said")
		if nm, k, _, a := v.namedBetween(v.x.paras[para].start(), at, "", true); k == 1 && !a {
			name, n, sure = nm, 1, true
		}
	}
	if n == 1 && back > 0 && !v.namedBefore(f0(f, at, para), name) {
		// the one person of the paragraph before, another in the one
		// before it: "Jane Roe, CEO of Nimbus, opened the conference. ¶
		// The minister Paul Martin was there. ¶ « … », a-t-elle déclaré"
		wide := v.x.paras[back-1].start()
		if v.prevF != nil && v.prevF.close > wide && v.prevF.close <= at {
			wide = v.prevF.close
		}
		if _, k, _, _ := v.namedBetween(wide, at, "", true); k > 1 {
			return speaker{}, false
		}
	}
	if c.kind == candRole && c.vendor != "" && (n != 1 || v.personVendor(name) != c.vendor) {
		// "le patron d'AWS en France": the one person the article names
		// with a title at that vendor
		name, n, sure, aside = v.namedBetween(0, at, c.vendor, false)
	}
	switch {
	case n > 1:
		return speaker{}, false
	case n == 0:
		if aside || v.prev == nil || !v.prev.person || v.prevF == nil || v.prevF.last+1 < para {
			return speaker{}, false
		}
		name, sure = v.prev.name, true
	}
	if !sure {
		return speaker{}, false
	}
	p := v.people[name]
	if c.kind == candRole && !genericRoles[c.role] && p != nil && p.title != "" && !strings.Contains(foldWord(p.title), c.role) {
		return speaker{}, false // "the CTO" is not the CEO named before
	}
	sp := speaker{name: name, person: true, ev: [2]int{evS, evE}}
	return sp, true
}

// namedBetween counts the people named in [from, at) of the text, not
// in a complement (of vendor, when it is not empty; when sureOnly, a
// name given once without a title or a verb, "the new Screen Share
// feature", is not counted), and gives the last one: whether they were named surely, and
// whether anyone was named aside.
func (v *view) namedBetween(from, at int, vendor string, sureOnly bool) (name string, n int, sure, aside bool) {
	for _, m := range v.mentions {
		if m.pos < from || m.pos >= at || sureOnly && !m.sure && v.namedOnce(m.name) {
			continue
		}
		if m.aside {
			aside = true // "à Emmanuel Macron": not who "il" is
			continue
		}
		if vendor != "" && v.personVendor(m.name) != vendor {
			continue
		}
		if m.name != name {
			if n > 0 && v.samePerson(m.name, name) {
				continue
			}
			n++
			name, sure = m.name, m.sure
		}
	}
	return name, n, sure, aside
}

// namedOnce reports whether the narrative names name only once.
func (v *view) namedOnce(name string) bool {
	n := 0
	for _, m := range v.mentions {
		if m.name == name {
			n++
		}
	}
	return n == 1
}

// personVendor is the vendor of a person named so far, "" when unknown.
func (v *view) personVendor(name string) string {
	if p := v.people[name]; p != nil {
		return p.vendor
	}
	if full := v.surname[name]; full != "" {
		if p := v.people[full]; p != nil {
			return p.vendor
		}
	}
	return ""
}

func (v *view) samePerson(x, y string) bool {
	return x == y || v.surname[x] == y || v.surname[y] == x
}

// orgAntecedent resolves "the company", "le groupe" to the one vendor
// named in the quotation's paragraph and the one before.
func (v *view) orgAntecedent(f *found, _ cand, evS, evE int) (speaker, bool) {
	if f == nil {
		return speaker{}, false
	}
	from := v.x.paras[max(f.para-1, 0)].start()
	id, alias := "", ""
	for _, m := range v.x.vspans {
		if m.start < from || m.start >= evE {
			continue
		}
		if id != "" && m.id != id {
			return speaker{}, false
		}
		id, alias = m.id, v.x.text[m.start:m.end]
	}
	if id == "" && len(v.x.a.Vendors) == 1 {
		id = v.x.a.Vendors[0]
	}
	if id == "" {
		return speaker{}, false
	}
	name := alias
	if vd, ok := v.x.reg.Vendor(id); ok && vd.Name != "" {
		name = vd.Name
	}
	if name == "" {
		return speaker{}, false // a vendor the text does not name: no one to show
	}
	return speaker{name: name, vendor: id, ev: [2]int{evS, evE}}, true
}

// continuation gives a quotation with no attribution of its own to the
// speaker of the one just before, when it follows in the same paragraph or
// opens the next one, and nobody else is named or speaks in between.
func (v *view) continuation(f *found) (speaker, bool) {
	p, pf := v.prev, v.prevF
	if p == nil || pf == nil {
		return speaker{}, false
	}
	switch {
	case f.para == pf.last:
	case f.para == pf.last+1 && (f.open == v.x.paras[f.para].start() || v.namedBefore(f, p.name)):
	default:
		return speaker{}, false
	}
	gap := v.x.tokRange(pf.close, f.open)
	for i, t := range gap {
		if t.s >= p.ev[0] && t.e <= p.ev[1] {
			continue // the previous quotation's own attribution
		}
		if sayingAt(gap, i) && !(sayingParticiples[t.f] && i > 0 && gap[i-1].f == ",") || otherPronouns[t.f] {
			return speaker{}, false
		}
	}
	for _, m := range v.mentions {
		if m.pos >= pf.close && m.pos < f.open && !(m.pos >= p.ev[0] && m.pos < p.ev[1]) && !v.samePerson(m.name, p.name) {
			return speaker{}, false
		}
	}
	// an incise of its own naming someone else: « … », a relevé X
	if post := v.postTokens(f); len(post) > 0 {
		for _, m := range v.mentions {
			if m.pos >= post[0].s && m.pos < post[len(post)-1].e && !v.samePerson(m.name, p.name) {
				return speaker{}, false
			}
		}
	}
	sp := *p
	sp.rule, sp.ev, sp.evidence = "", p.ev, ""
	return sp, true
}

// f0 is f, or for an antecedent asked about without a quotation, a
// stand-in at position at of paragraph para.
func f0(f *found, at, para int) *found {
	if f != nil {
		return f
	}
	return &found{open: at, para: para}
}

// namedBefore reports whether the narrative of f's paragraph, before it,
// names the person: "Jane Roe est arrivée en 2014. « … »"; not as the
// owner of what is discussed ("reads Roe's remark as a hint that “…”").
func (v *view) namedBefore(f *found, name string) bool {
	start := v.x.paras[f.para].start()
	for _, m := range v.mentions {
		if m.pos >= start && m.pos < f.open && !m.owner && v.samePerson(m.name, name) {
			return true
		}
	}
	return false
}

// itAntecedent resolves "it" as a speaker ("It still warns that …") to the
// organisation that spoke just before: the previous quotation's speaker,
// when it is an organisation quoted in this paragraph or the one before,
// and nobody and no other vendor has been named since.
func (v *view) itAntecedent(f *found, _ cand, evS, evE int) (speaker, bool) {
	p, pf := v.prev, v.prevF
	if f == nil || p == nil || pf == nil || p.person || p.vendor == "" || pf.last+1 < f.para {
		return speaker{}, false
	}
	for _, m := range v.x.vspans {
		if m.start >= pf.close && m.start < evE && m.id != p.vendor {
			return speaker{}, false
		}
	}
	for _, m := range v.mentions {
		if m.pos >= pf.close && m.pos < evE {
			return speaker{}, false
		}
	}
	sp := *p
	sp.rule, sp.ev, sp.evidence = "", [2]int{evS, evE}, ""
	return sp, true
}

// mainSubject reads the subject of the verb of saying that governs the
// clause whose subject is "it" at ts[it]: in "Adobe said it added the
// pledge to its terms to “…”", Adobe. The subject must be an organisation,
// which "it" can stand for.
func (v *view) mainSubject(f *found, ts []tok, it, end int) (speaker, bool) {
	for vb := it - 1; vb >= 0 && it-vb <= 6; vb-- {
		if ts[vb].kind == tokPunct {
			return speaker{}, false
		}
		if !sayingAt(ts, vb) {
			continue
		}
		c, title, ok := v.subjectBefore(ts, vb)
		if !ok || c.kind != candOrg && c.kind != candSpokes && c.kind != candOrgNoun {
			return speaker{}, false
		}
		return v.fromCand(f, c, title, ts[c.start].s, end)
	}
	return speaker{}, false
}

// previousSentence gives a quotation that opens a sentence inside its
// paragraph, with no attribution of its own, to whoever the sentence just
// before reports as speaking: "Jane Roe, CEO of Nimbus, says the region
// is ready. “Customers hold the keys.”", « Le président de Nimbus note
// que … . « … » ». The sentence holds no quotation, and names nobody else
// after its speaker.
func (v *view) previousSentence(f *found) (speaker, bool) {
	x := v.x
	p := x.paras[f.para]
	if f.kind != markQuote || f.open <= p.start() {
		return speaker{}, false
	}
	end := f.open
	for end > p.start() && spaceRune(rune(x.text[end-1])) {
		end--
	}
	if end <= p.start() || end == f.open || !strings.ContainsRune(".!?", rune(x.text[end-1])) {
		return speaker{}, false // not the start of a sentence
	}
	start := x.sentenceStart(p.start(), end-1)
	for _, q := range v.quoted {
		if q[1] <= end && q[1] > start {
			start = q[1] // the sentence after a quotation ends: « …. » Cela passe, dit-elle, …
		}
	}
	for _, q := range v.quoted {
		if q[0] < end && q[1] > start {
			return speaker{}, false
		}
	}
	ts := x.tokRange(start, end)
	for vb := len(ts) - 1; vb >= 0; vb-- {
		if !sayingAt(ts, vb) || sayingParticiples[ts[vb].f] {
			continue
		}
		c, title, ok := v.subjectBefore(ts, vb)
		if _, pro := hyphenPronoun(ts[vb].f); pro == "il" || pro == "elle" {
			c, title, ok = cand{kind: candPronoun, start: vb, end: vb + 1, endPos: ts[vb].e}, cand{}, true // "Cela passe, dit-elle, par …"
		}
		if !ok {
			if c, title, ok = v.subjectAfter(ts, vb+1); !ok || c.kind == candPronoun {
				return speaker{}, false
			}
		}
		var sp speaker
		switch c.kind {
		case candPronoun, candRole:
			sp, ok = v.resolve(f, c, ts[min(c.start, vb)].s, ts[vb].e)
		case candPerson:
			sp, ok = v.fromCand(f, c, title, ts[min(c.start, vb)].s, ts[max(vb, c.end-1)].e)
		default:
			return speaker{}, false
		}
		if !ok {
			return speaker{}, false
		}
		for _, m := range v.mentions {
			if m.pos > ts[vb].e && m.pos < f.open && !v.samePerson(m.name, sp.name) {
				return speaker{}, false // someone else after the verb
			}
		}
		return sp, true
	}
	return speaker{}, false
}
