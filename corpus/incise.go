package corpus

// Reading the attribution written next to a quotation: the incise after it
// (« … », déclarait X; "…," X said), the sentence leading to it (X a
// déclaré : « … »), "according to X", "selon X", "pour X".

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
	for v < len(ts) && v-i < 3 && !sayingAt(ts, v) && (betweenVerb(ts, v) || isAuxInverted(ts[v].f) || sayingModals[ts[v].f]) {
		v++
	}
	if v < len(ts) && sayingAt(ts, v) {
		for k := i; k <= v; k++ {
			if _, pro := hyphenPronoun(ts[k].f); pro == "il" || pro == "elle" {
				e := v
				if e+1 < len(ts) && sayingAt(ts, e+1) {
					e++ // "a-t-il déclaré"
				}
				return a.antecedent(f, pronounCand(ts[k]), start, ts[e].e)
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
		if ok && c.start > i && c.kind == candPerson {
			// "…," Microsoft's Azure Global corporate vice president Tom
			// Keane said: a longer title than preTitle reads
			if t, ok := a.titleFrom(ts, i, c, title); ok {
				c.start, title = i, t
			}
		}
		if !ok || c.start != honorificEnd(ts, i, c.start) {
			break
		}
		return a.fromCand(f, c, title, "quote-name-verb", start, ts[v].e)
	}
	// a clause before the incise: « … », soumises à des exigences
	// spécifiques, déclare Thomas Kurian
	for v := i + 1; v < len(ts) && v-i <= 30; v++ {
		if ts[v].f == "«" || ts[v].f == "“" || ts[v].f == "\"" {
			break
		}
		if ts[v-1].f != "," || !sayingAt(ts, v) || hasPronounSuffix(ts[v].f) {
			continue
		}
		c, title, ok := a.subjectAfter(ts, v+1)
		if ok && c.start == v+1 && (c.kind == candPerson || c.kind == candOrg) {
			return a.fromCand(f, c, title, "quote-verb-name", start, max(c.endPos, title.endPos))
		}
		break
	}
	return speaker{}, false
}

// honorificEnd skips the honorifics that stand before a name from ts[i]
// ("Mr Kurian", "M. Dupont", "Mme Fontaine") when the name starts at
// start; otherwise it is i.
func honorificEnd(ts []tok, i, start int) int {
	k := i
	for k < start && ts[k].cap && honorifics[ts[k].f] {
		k++
		if k < start && ts[k].f == "." {
			k++
		}
	}
	if k == start {
		return k
	}
	return i
}

func hasPronounSuffix(f string) bool {
	_, pro := hyphenPronoun(f)
	return pro != ""
}

// titleFrom reads ts[i:c.start] as a title written before the name c:
// words only (a possessive allowed), a role word among them.
func (a *attributor) titleFrom(ts []tok, i int, c, title cand) (cand, bool) {
	name := c.start
	if title.name != "" && title.end > name && title.end < c.end {
		name = title.end
	}
	if name-i > 8 || name <= i {
		return cand{}, false
	}
	role := false
	for k := i; k < name; k++ {
		t := ts[k]
		if t.kind != tokWord && t.f != "'s" || sayingAt(ts, k) || determiners[t.f] && t.f != "'s" {
			return cand{}, false
		}
		role = role || isRole(t)
	}
	if !role {
		return cand{}, false
	}
	return cand{name: a.text(ts, i, name), vendor: a.x.vendorIn(ts[i].s, ts[name-1].e), start: i, end: name, endPos: ts[name-1].e}, true
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
	// "Et d'expliquer : « … »", "Tout en glissant : « … »": no subject of
	// their own, the last speaker's
	if k := subjectlessSaying(ts); k >= 0 {
		return a.antecedent(f, pronounCand(ts[k]), ts[0].s, end)
	}
	v := len(ts) - 1
	for v >= 0 && !sayingAt(ts, v) {
		v--
	}
	if v < 0 && !statementIntro(ts) {
		// "the following addendum to clause 10.4:" ends with a noun or a
		// complement, not a verb
		v = colonVerb(ts)
	}
	if v < 0 {
		return speaker{}, false
	}
	if _, pro := hyphenPronoun(ts[v].f); pro == "il" || pro == "elle" {
		return a.antecedent(f, pronounCand(ts[v]), ts[v].s, end)
	}
	if c, title, ok := a.subjectBefore(ts, v); ok {
		if c.kind == candIt {
			// "Adobe said it added the pledge … to “…”": the clause is
			// reported by the main clause's subject
			if sp, ok := a.mainSubject(f, ts, c.start, end); ok {
				return sp, true
			}
		}
		return a.fromCand(f, c, title, "name-verb-quote", ts[c.start].s, end)
	}
	if c, title, ok := a.subjectAfter(ts, v+1); ok && c.kind != candPronoun {
		return a.fromCand(f, c, title, "verb-name-quote", ts[v].s, end)
	}
	// "“…,” but added that the scenario had “…”": a second verb of the
	// previous quotation's speaker, in the same sentence
	k := v - 1
	for k >= 0 && betweenVerb(ts, k) {
		k--
	}
	if k >= 0 && (ts[k].f == "and" || ts[k].f == "but" || ts[k].f == "et" || ts[k].f == "mais") && a.prev != nil && a.prevF != nil &&
		a.prevF.last == f.para && ts[0].s-a.prevF.close < 4 {
		for _, t := range ts[:k] {
			if t.kind == tokWord {
				return speaker{}, false
			}
		}
		sp := *a.prev
		sp.rule, sp.ev, sp.evidence = "coordinated-verb", [2]int{ts[k].s, end}, ""
		return sp, true
	}
	return speaker{}, false
}

// subjectlessSaying finds a French verb of saying with no subject at the
// start of a sentence: a narrative infinitive ("Et d'expliquer") or a
// gerund ("Tout en glissant"). -1 when there is none.
func subjectlessSaying(ts []tok) int {
	i := 0
	if i < len(ts) && ts[i].f == "et" {
		i++
	}
	if i+1 < len(ts) && (ts[i].f == "de" || ts[i].f == "d'") && sayingInfinitives[ts[i+1].f] {
		return i + 1
	}
	i = 0
	if i < len(ts) && ts[i].f == "tout" {
		i++
	}
	if i+1 < len(ts) && ts[i].f == "en" && sayingParticiples[ts[i+1].f] {
		return i + 1
	}
	return -1
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
	for k > 0 && n-2-k < 3 && betweenVerb(ts, k) {
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
	case candIt:
		return a.itAntecedent(f, evS, evE)
	case candOrg, candSpokes:
		if rule != "according-to" {
			rule = "org-verb"
		}
		return speaker{name: c.name, vendor: c.vendor, rule: rule, ev: [2]int{evS, evE}}, true
	case candPerson, candSurname:
		sp := speaker{name: c.name, title: title.name, vendor: title.vendor, rule: rule, person: c.kind == candPerson, ev: [2]int{evS, evE}}
		if p := a.people[c.name]; p != nil {
			sp.person = true
			if sp.vendor == "" {
				sp.vendor = p.vendor
			}
		}
		if sp.vendor == "" {
			sp.vendor = a.registryPerson(c.name)
		}
		return sp, true
	}
	return speaker{}, false
}
