package corpus

// The rules that read the sentence leading to a quotation (siteBefore), in
// order: its last verb of saying and that verb's subject, before it (Jean
// Dupont a déclaré :) or after it (et précise Jean Dupont :).

// preEnd is where the evidence of a rule reading the sentence before a
// quotation ends: past the opening mark.
func (v *view) preEnd(q *quotation) int {
	if q.kind != markQuote {
		return q.pre[len(q.pre)-1].e
	}
	return v.openMarkEnd(q.found)
}

// accordingBefore reads "according to X", "selon X", "d'après X" anywhere
// in the sentence, and "Pour X, « … »" opening it.
func accordingBefore(v *view, q *quotation) (speaker, bool) {
	if len(q.pre) == 0 {
		return speaker{}, false
	}
	end := v.preEnd(q)
	for i := range q.pre {
		if sp, ok := v.accordingTo(q.pre, i, -1, end); ok {
			for _, m := range v.mentions {
				if m.pos > q.pre[i].s && m.pos < q.open && !m.aside && !v.samePerson(m.name, sp.name) {
					// "Selon Skyline Weekly, Paul Martin a été clair : « … »":
					// the source of a report, and then who speaks
					return speaker{}, false
				}
			}
			return sp, true
		}
	}
	return speaker{}, false
}

// subjectlessBefore reads a verb of saying with no subject of its own, the
// last speaker's: "Et d'expliquer : « … »", "Tout en glissant : « … »",
// "Explique-t-il :". It claims the sentence.
func subjectlessBefore(v *view, q *quotation) (speaker, bool) {
	ts := q.pre
	if len(ts) == 0 {
		return speaker{}, false
	}
	end := v.preEnd(q)
	if k := subjectlessSaying(ts); k >= 0 {
		sp, _ := v.resolve(q.found, pronounCand(ts[k]), ts[0].s, end)
		return sp, true
	}
	if q.preVerb < 0 {
		return speaker{}, false
	}
	if _, pro := hyphenPronoun(ts[q.preVerb].f); pro == "il" || pro == "elle" {
		sp, _ := v.resolve(q.found, pronounCand(ts[q.preVerb]), ts[q.preVerb].s, end)
		return sp, true
	}
	return speaker{}, false
}

// nameVerbQuote reads the subject before the verb: Jean Dupont a déclaré :
// « … ». A subject there claims the sentence.
func nameVerbQuote(v *view, q *quotation) (speaker, bool) {
	ts, vb := q.pre, q.preVerb
	if vb < 0 {
		return speaker{}, false
	}
	c, title, ok := v.subjectBefore(ts, vb)
	if !ok {
		// "Jane Roe, CEO of Nimbus, apologized in a post and wrote, “…”":
		// a second verb of the sentence's subject
		k := vb - 1
		for k >= 0 && betweenVerb(ts, k) {
			k--
		}
		if k > 0 && (ts[k].f == "and" || ts[k].f == "et") {
			if sp, ok := v.sentenceSubject(q.found, ts[:k], false); ok {
				sp.ev[1] = v.preEnd(q)
				return sp, true
			}
		}
		return speaker{}, false
	}
	end := v.preEnd(q)
	if c.kind == candIt {
		// "Adobe said it added the pledge … to “…”": the clause is
		// reported by the main clause's subject
		if sp, ok := v.mainSubject(q.found, ts, c.start, end); ok {
			return sp, true
		}
	}
	sp, _ := v.fromCand(q.found, c, title, ts[c.start].s, end)
	return sp, true
}

// verbNameQuote reads the subject after the verb: Comme l'explique Jean
// Dupont : « … ». A subject there claims the sentence.
func verbNameQuote(v *view, q *quotation) (speaker, bool) {
	ts, vb := q.pre, q.preVerb
	if vb < 0 {
		return speaker{}, false
	}
	c, title, ok := v.subjectAfter(ts, vb+1)
	if !ok || c.kind == candPronoun {
		return speaker{}, false
	}
	sp, _ := v.fromCand(q.found, c, title, ts[vb].s, v.preEnd(q))
	return sp, true
}

// coordinatedVerb gives "“…,” but added that the scenario had “…”", a
// second verb of the previous quotation's speaker in the same sentence,
// to that speaker.
func coordinatedVerb(v *view, q *quotation) (speaker, bool) {
	ts, vb := q.pre, q.preVerb
	if vb < 0 {
		return speaker{}, false
	}
	k := vb - 1
	for k >= 0 && betweenVerb(ts, k) {
		k--
	}
	if k < 0 || !(ts[k].f == "and" || ts[k].f == "but" || ts[k].f == "et" || ts[k].f == "mais") || v.prev == nil || v.prevF == nil ||
		v.prevF.last != q.para || ts[0].s-v.prevF.close >= 4 {
		return speaker{}, false
	}
	for _, t := range ts[:k] {
		if t.kind == tokWord {
			return speaker{}, true
		}
	}
	sp := *v.prev
	sp.rule, sp.ev, sp.evidence = "", [2]int{ts[k].s, v.preEnd(q)}, ""
	return sp, true
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

// gerundSubject reads a participle of saying in the middle of the
// sentence ("…, en précisant que « … »", "…, adding that “…”"): its
// subject is the sentence's, at its start: a name, a pronoun, or "la
// start-up" standing for the vendor named just before.
func gerundSubject(v *view, q *quotation) (speaker, bool) {
	ts := q.pre
	k := -1
	for i := len(ts) - 1; i > 1; i-- {
		if ts[i-1].f == "," && sayingParticiples[ts[i].f] {
			k = i
			break
		}
		if ts[i-2].f == "," && ts[i-1].f == "en" && sayingParticiples[ts[i].f] {
			k = i - 1
			break
		}
	}
	if k < 0 {
		return speaker{}, false
	}
	end := v.preEnd(q)
	switch {
	case len(ts) > 2 && determiners[ts[0].f] && orgNouns[ts[1].f]:
		return v.resolve(q.found, cand{kind: candOrgNoun, start: 0, end: 2, endPos: ts[1].e}, ts[0].s, end)
	case personPronouns[ts[0].f]:
		return v.resolve(q.found, pronounCand(ts[0]), ts[0].s, end)
	}
	sp, ok := v.sentenceSubject(q.found, ts[:k], true)
	if ok {
		sp.ev[1] = end
	}
	return sp, ok
}
