package corpus

// The rules of the sieve (sieve.go) that read the attribution written next
// to a quotation: the incise after it (« … », déclarait X; "…," X said),
// here; the sentence leading to it (X a déclaré : « … ») in lead_in.go;
// "according to X", "selon X", "pour X" for both.

// The rules that read the incise after a quotation (siteAfter), in order.
// Each starts at q.after, the first word past the comma or dash.

// accordingAfter reads "according to X", "selon X" opening the incise.
func accordingAfter(v *view, q *quotation) (speaker, bool) {
	if q.after >= len(q.post) {
		return speaker{}, false
	}
	return v.accordingTo(q.post, q.after, v.closeMarkStart(q.found), -1)
}

// quoteVerbName reads a verb of saying first, after auxiliaries ("a
// déclaré", "a-t-il ajouté"), then its subject: « … », déclarait Adam
// Selipsky. A verb there claims the incise: "…," told Reuters names the
// listener, "…," a-t-il ajouté the previous person or nobody.
func quoteVerbName(v *view, q *quotation) (speaker, bool) {
	ts, i := q.post, q.after
	if i >= len(ts) {
		return speaker{}, false
	}
	if i+1 < len(ts) && ts[i].f == "comme" {
		i++ // "« … », comme l'a affirmé Jean Dupont": as he said
	}
	vb := i
	for vb < len(ts) && vb-i < 3 && !sayingAt(ts, vb) && (betweenVerb(ts, vb) || isAuxInverted(ts[vb].f) || sayingModals[ts[vb].f]) {
		vb++
	}
	if vb >= len(ts) || !sayingAt(ts, vb) {
		return speaker{}, false
	}
	start := v.closeMarkStart(q.found)
	for k := i; k <= vb; k++ {
		if _, pro := hyphenPronoun(ts[k].f); pro == "il" || pro == "elle" {
			e := vb
			if e+1 < len(ts) && sayingAt(ts, e+1) {
				e++ // "a-t-il déclaré"
			}
			sp, _ := v.resolve(q.found, pronounCand(ts[k]), start, ts[e].e)
			return sp, true
		}
	}
	if ts[vb].f == "told" || ts[vb].f == "tells" {
		return speaker{}, true // "…," told Reuters: the object follows
	}
	if c, title, ok := v.subjectAfter(ts, vb+1); ok {
		sp, _ := v.fromCand(q.found, c, title, start, max(c.endPos, title.endPos))
		return sp, true
	}
	return speaker{}, true
}

// quoteNameVerb reads the subject first: the first verb of saying within
// reach, whose subject must start the incise ("…," Jane Roe said).
func quoteNameVerb(v *view, q *quotation) (speaker, bool) {
	ts, i := q.post, q.after
	for vb := i + 1; vb < len(ts) && vb-i <= 25; vb++ {
		if ts[vb].f == "«" || ts[vb].f == "“" {
			break
		}
		if !sayingAt(ts, vb) {
			continue
		}
		c, title, ok := v.subjectBefore(ts, vb)
		if ok && c.start > i && c.kind == candPerson {
			// "…," Microsoft's Azure Global corporate vice president Tom
			// Keane said: a longer title than preTitle reads
			if t, ok := v.titleFrom(ts, i, c, title); ok {
				c.start, title = i, t
			}
		}
		if ok && c.kind == candOrg && c.start == i+1 && theArticles[ts[i].f] {
			c.start = i // "…," the Interior Office said: an institution's name takes "the"
		}
		if !ok || c.start != honorificEnd(ts, i, c.start) {
			break
		}
		sp, _ := v.fromCand(q.found, c, title, v.closeMarkStart(q.found), ts[vb].e)
		return sp, true
	}
	return speaker{}, false
}

// quoteClauseVerbName reads a clause before the incise: « … », soumises à
// des exigences spécifiques, déclare Thomas Kurian.
func quoteClauseVerbName(v *view, q *quotation) (speaker, bool) {
	ts, i := q.post, q.after
	for vb := i + 1; vb < len(ts) && vb-i <= 30; vb++ {
		if ts[vb].f == "«" || ts[vb].f == "“" || ts[vb].f == "\"" {
			break
		}
		if ts[vb-1].f != "," || !sayingAt(ts, vb) || hasPronounSuffix(ts[vb].f) {
			continue
		}
		c, title, ok := v.subjectAfter(ts, vb+1)
		if ok && c.start == vb+1 && (c.kind == candPerson || c.kind == candOrg) {
			sp, _ := v.fromCand(q.found, c, title, v.closeMarkStart(q.found), max(c.endPos, title.endPos))
			return sp, true
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
func (v *view) titleFrom(ts []tok, i int, c, title cand) (cand, bool) {
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
	return cand{name: v.text(ts, i, name), vendor: v.x.orgVendorIn(ts[i].s, ts[name-1].e), start: i, end: name, endPos: ts[name-1].e}, true
}

// isAuxInverted reports an inverted auxiliary: "a-t-il", "avait-elle".
func isAuxInverted(f string) bool {
	base, pro := hyphenPronoun(f)
	return pro != "" && (base == "a" || base == "avait" || base == "aurait")
}

// accordingTo reads "according to X", "selon X", "d'après X" at ts[i];
// and "Pour X, « … »" opening a sentence.
// relativePronouns open a relative clause after "selon" or "according
// to": what follows is a claim, and its subject is not who speaks.
var relativePronouns = map[string]bool{"lequel": true, "laquelle": true, "lesquels": true, "lesquelles": true, "which": true, "whom": true}

func (v *view) accordingTo(ts []tok, i, evStart, evEnd int) (speaker, bool) {
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
	if j < 0 || j >= len(ts) || relativePronouns[ts[j].f] {
		// "les accusations selon lesquelles Nimbus …", "reports according
		// to which …": a claim reported, not the source of the words
		return speaker{}, false
	}
	c, title, ok := v.subjectAfter(ts, j)
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
	switch c.kind {
	case candPronoun, candRole:
		return v.resolve(nil, c, s, e)
	case candOrg, candSpokes:
		// "according to Nimbus" is the rule's, not org-verb's
		if documentName(c.name) {
			return speaker{}, true // "selon le Cloud Act": a text, not a speaker
		}
		return speaker{name: c.name, vendor: c.vendor, ev: [2]int{min(s, e), max(s, e)}}, true
	}
	return v.fromCand(nil, c, title, s, e)
}
