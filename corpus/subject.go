package corpus

import "unicode/utf8"

// Reading who a verb of saying's subject is: a person's name with the
// title around it, an organisation, a spokesperson, or a pronoun or role
// that points back. Names are read in name.go, titles in title.go.

type candKind uint8

const (
	candNone    candKind = iota
	candPerson           // "Adam Selipsky", or a surname the article introduced
	candSurname          // a lone capitalised word nobody was introduced by
	candOrg              // "CNBC", "Nimbus", "The Register"
	candSpokes           // "a Nimbus spokesperson", "un porte-parole de Nimbus"
	candPronoun          // "il", "she", "dit-elle"
	candRole             // "le dirigeant", "the CEO"
	candOrgNoun          // "the company", "le groupe"
	candIt               // "it", which may stand for an organisation
)

// cand is a subject (or a title) read from tokens [start, end).
type cand struct {
	kind       candKind
	name       string
	role       string // the folded role word of a candRole
	vendor     string
	org        string // a title's organisation, as written: "Yankee Group" (the vendor's id aside)
	start, end int
	endPos     int // byte offset of the end of the words read
}

// subjectBefore reads the subject of the verb ts[v], written before it,
// past auxiliaries and an apposition: "Jean Dupont a déclaré", "Jane Roe,
// CEO of Nimbus, said", "a Nimbus spokesperson said", "the executive said".
func (v *view) subjectBefore(ts []tok, vb int) (c, title cand, ok bool) {
	k := vb - 1
	if k > 0 && sayingInfinitives[ts[vb].f] && sayingModals[ts[k].f] {
		vb, k = k, k-1 // "nous fait savoir", "a tenu à préciser": the modal's subject
	}
	for k >= 0 && vb-k <= 3 && (betweenVerb(ts, k) || objectPronouns[ts[k].f] || reflexiveCopulas[ts[k].f] && k > 0 && (ts[k-1].f == "se" || ts[k-1].f == "s'")) && !ts[k].cap {
		k--
	}
	if k < 0 {
		return
	}
	// "Jane Roe (Nimbus) a déclaré": the organisation in parentheses
	// after the name is a title without a role
	if ts[k].f == ")" {
		t, o := v.parenOrg(ts, k)
		if o < 0 {
			return
		}
		title, k = t, o-1
	}
	// "Jane Roe, CEO of Nimbus, in a statement, said": an adverbial
	// between commas (it opens with a preposition) is passed over once
	for adverbials := 0; ts[k].f == ","; {
		// "Jane Roe, CEO of Nimbus (since 2019, after ten years at
		// Cirrus), said": an aside in parentheses ends the apposition
		ae := k
		if k > 0 && ts[k-1].f == ")" {
			if o := openParen(ts, k-1); o > 0 {
				ae = o
			}
		}
		c2 := ae - 1
		for c2 >= 0 && ae-c2 <= 22 && ts[c2].f != "," {
			switch ts[c2].f {
			case ".", ":", ";", "«", "»", "“", "”", "\"":
				return
			}
			c2--
		}
		if c2 < 1 || ts[c2].f != "," {
			return
		}
		t, isApp := v.apposition(ts, c2+1, ae)
		if !isApp && adverbials == 0 && title.name == "" && adverbial(ts, c2+1, ae) {
			adverbials++
			k = c2
			continue
		}
		if !isApp {
			// "Son directeur technique, Karim Benali, se dit rassuré":
			// the name stands between the commas, its title before them
			n, _ := v.nameAt(ts, c2+1)
			if n.kind != candPerson || n.end != ae {
				return
			}
			return n, v.roleBeforeComma(ts, n.start), true
		}
		title = t
		k = c2 - 1
		break
	}
	if k >= 2 && publishedWords[ts[k].f] && ts[k-1].f == "'s" && title.name == "" {
		k -= 2 // "the company's website adds", "Nimbus's blog says": the organisation
	}
	t := ts[k]
	if t.kind != tokWord {
		return
	}
	switch {
	case personPronouns[t.f]:
		return cand{kind: candPronoun, start: k, end: k + 1, endPos: t.e}, title, true
	case t.f == "it" && title.name == "":
		return cand{kind: candIt, start: k, end: k + 1, endPos: t.e}, title, true
	case orgNouns[t.f] && k > 0 && determiners[ts[k-1].f]:
		return cand{kind: candOrgNoun, start: k - 1, end: k + 1, endPos: t.e}, title, true
	case (isRole(t) || genericRoles[t.f]) && !(t.cap && k > 0 && ts[k-1].cap && !capStopwords[ts[k-1].f]) || t.f == "'s":
		return v.roleBack(ts, k, title)
	case t.cap:
		i := k
		for i > 0 && (ts[i-1].kind == tokWord && ts[i-1].cap && !capStopwords[ts[i-1].f] ||
			particles[ts[i-1].f] && i > 1 && ts[i-2].cap || ts[i-1].f == "." && i > 1 && utf8.RuneCountInString(ts[i-2].w) == 1) {
			i--
		}
		for ; i <= k; i++ {
			c, t2 := v.nameAt(ts, i)
			if c.end != k+1 {
				continue
			}
			if c.kind == candNone {
				return cand{}, cand{}, false
			}
			if c.kind == candRole {
				return v.roleBack(ts, k, title)
			}
			// "Jane Roe of Nimbus said": the person speaks, for the
			// organisation the complement names
			if p, pt, ok := v.personOf(ts, c); ok {
				if title.name == "" && title.vendor == "" {
					title = pt
				}
				return p, title, true
			}
			if title.name == "" && t2.name != "" {
				title, c.start = t2, t2.start
			}
			// "un porte-parole de Nimbus", "a spokesperson for Nimbus"
			if c.kind == candOrg && c.start >= 2 && (ts[c.start-1].f == "de" || ts[c.start-1].f == "d'" || ts[c.start-1].f == "for" || ts[c.start-1].f == "at" || ts[c.start-1].f == "chez") && spokesRoles[ts[c.start-2].f] {
				s := c.start - 2
				name := v.text(ts, s, c.end)
				if s > 0 && determiners[ts[s-1].f] {
					s--
				}
				return cand{kind: candSpokes, name: name, vendor: c.vendor, start: s, end: c.end, endPos: ts[k].e}, title, true
			}
			// "le président de Nimbus note que", "the CEO of Nimbus said":
			// a role that points back, at the organisation named
			if c.kind == candOrg && c.start >= 2 && (ts[c.start-1].f == "de" || ts[c.start-1].f == "d'" || ts[c.start-1].f == "of") && (isRole(ts[c.start-2]) || genericRoles[ts[c.start-2].f]) {
				if r, t, ok := v.roleBack(ts, c.start-2, title); ok && r.kind == candRole {
					r.end, r.endPos = c.end, ts[k].e
					if r.vendor == "" {
						r.vendor = c.vendor
					}
					return r, t, true
				}
			}
			// "Jane Roe, head of platform at Nimbus wrote:": an apposition
			// the writer did not close; the person speaks
			if c.kind == candOrg && c.start >= 2 && (orgPreps[ts[c.start-1].f] || ts[c.start-1].f == "du" || ts[c.start-1].f == "des") && ts[c.start-2].kind == tokWord {
				if p, pt, ok := v.unclosedApposition(ts, c.start-1, c.end); ok {
					return p, pt, true
				}
			}
			// "Un haut représentant en Europe de Nimbus a indiqué": the
			// organisation completes a noun, and is not the subject
			if c.kind == candOrg && c.start >= 2 && (ts[c.start-1].f == "de" || ts[c.start-1].f == "d'" || ts[c.start-1].f == "of" || ts[c.start-1].f == "at" || ts[c.start-1].f == "du" || ts[c.start-1].f == "des") && ts[c.start-2].kind == tokWord {
				return cand{}, cand{}, false
			}
			if title.name == "" && title.vendor == "" && title.org == "" && (c.kind == candPerson || c.kind == candSurname) {
				title = v.preTitle(ts, c.start)
				if title.name != "" {
					c.start = title.start
				}
			}
			return c, title, true
		}
	}
	return
}

// adverbial reports whether ts[s:e], between commas, is an adverbial
// phrase rather than a title: it opens with a preposition and names no
// one ("dans une annonce majeure", "in a statement", "à la tête d'une
// entreprise valorisée à 5 000 milliards").
func adverbial(ts []tok, s, e int) bool {
	if s >= e || !placePreps[ts[s].f] || ts[s].kind != tokWord || ts[s].cap && !capStopwords[ts[s].f] {
		return false
	}
	for k := s; k < e; k++ {
		if sayingAt(ts, k) {
			return false
		}
	}
	return true
}

// openParen is the "(" that the ")" at ts[k] closes, within 40 words,
// with no other parenthesis or quotation mark inside; -1 when there is none.
func openParen(ts []tok, k int) int {
	for o := k - 1; o >= 0 && k-o <= 40; o-- {
		switch ts[o].f {
		case "(":
			return o
		case ")", "«", "»", "“", "”", "\"":
			return -1
		}
	}
	return -1
}

// personOf reads the person whose name stands before the organisation c
// and a preposition that says they work there: "Jane Roe of Nimbus",
// "Jean Dupont chez Nimbus". The title it gives has no words, only the
// vendor of c. ok is false when no person's name is there.
func (v *view) personOf(ts []tok, c cand) (p, title cand, ok bool) {
	if c.kind != candOrg && c.kind != candSurname {
		return
	}
	pr := c.start - 1
	if pr < 1 || !orgPreps[ts[pr].f] || ts[pr].kind != tokWord || !ts[pr-1].cap || ts[pr-1].kind != tokWord {
		return
	}
	i := pr - 1
	for i > 0 && pr-i < 6 && (ts[i-1].kind == tokWord && ts[i-1].cap && !capStopwords[ts[i-1].f] ||
		ts[i-1].f == "." && i > 1 && utf8.RuneCountInString(ts[i-2].w) == 1) {
		i--
	}
	for ; i < pr; i++ {
		n, _ := v.nameAt(ts, i)
		if n.end != pr {
			continue
		}
		if n.kind != candPerson {
			return
		}
		vendor := c.vendor
		if vendor == "" {
			vendor = v.x.orgVendorIn(ts[c.start].s, ts[c.end-1].e)
		}
		return n, cand{vendor: vendor, org: v.text(ts, c.start, c.end), start: pr, end: c.end, endPos: ts[c.end-1].e}, true
	}
	return
}

// parenOrg reads "(Nimbus)" ending at the ")" of ts[k]: capitalised words
// only. It returns the title it makes (the vendor, no words) and where the
// "(" is; o is -1 when ts[k] closes anything else.
func (v *view) parenOrg(ts []tok, k int) (title cand, o int) {
	o = k - 1
	for o >= 0 && k-o <= 6 && ts[o].kind == tokWord && ts[o].cap {
		o--
	}
	if o < 1 || o == k-1 || ts[o].f != "(" || !ts[o-1].cap {
		return cand{}, -1
	}
	return cand{vendor: v.x.orgVendorIn(ts[o+1].s, ts[k-1].e), org: v.text(ts, o+1, k), start: o, end: k + 1, endPos: ts[k].e}, o
}

// roleBack reads a role subject ending at ts[k] back to its determiner:
// "the executive", "le dirigeant", "a Nimbus spokesperson", "Nimbus's
// spokeswoman".
func (v *view) roleBack(ts []tok, k int, title cand) (c, t cand, ok bool) {
	i := k
	for i > 0 && k-i < 5 && !determiners[ts[i-1].f] && (ts[i-1].cap || titleModifiers[ts[i-1].f] || isRole(ts[i-1])) && ts[i-1].kind == tokWord {
		i--
	}
	start := i
	if i > 0 && determiners[ts[i-1].f] {
		start = i - 1
	} else if !ts[i].cap || i == k {
		if i != 0 && ts[i-1].kind == tokWord {
			return cand{}, cand{}, false // no determiner: not a subject we can read
		}
	}
	vendor := v.x.orgVendorIn(ts[i].s, ts[k].e)
	role := ts[k].f
	if spokesRoles[role] {
		if vendor == "" {
			return cand{}, cand{}, false // whose spokesperson?
		}
		return cand{kind: candSpokes, name: v.text(ts, i, k+1), vendor: vendor, start: start, end: k + 1, endPos: ts[k].e}, title, true
	}
	if i < k && vendor == "" && !genericRoles[role] {
		// "the company's chief executive": read the last role word
		for j := k; j >= i; j-- {
			if isRole(ts[j]) {
				role = ts[j].f
				break
			}
		}
	}
	return cand{kind: candRole, role: role, vendor: vendor, start: start, end: k + 1, endPos: ts[k].e}, title, true
}

// subjectAfter reads the subject of a verb of saying written after it
// (from ts[j]), past adverbials and complements: "déclarait en septembre
// dernier Adam Selipsky, CEO d'AWS", "said Nimbus CEO Jane Roe", "indique
// le dirigeant", "explique le PDG d'Altocumulus, Jean Dupont".
func (v *view) subjectAfter(ts []tok, j int) (c, title cand, ok bool) {
	for k := j; k < len(ts) && k-j < 10; k++ {
		t := ts[k]
		if t.kind == tokPunct {
			return
		}
		switch {
		case t.f == "that" || t.f == "que" || t.f == "qu'" || t.f == "how" || t.f == "comment":
			return
		case personPronouns[t.f]:
			return cand{kind: candPronoun, start: k, end: k + 1, endPos: t.e}, cand{}, true
		case determiners[t.f] && k+1 < len(ts) && orgNouns[ts[k+1].f]:
			return cand{kind: candOrgNoun, start: k, end: k + 2, endPos: ts[k+1].e}, cand{}, true
		case determiners[t.f] && k+1 < len(ts) && (isRole(ts[k+1]) || genericRoles[ts[k+1].f] || ts[k+1].cap && k+2 < len(ts) && isRole(ts[k+2])):
			return v.roleAfter(ts, k)
		case determiners[t.f] && k+2 < len(ts) && roleAdjectives[ts[k+1].f] && (isRole(ts[k+2]) || genericRoles[ts[k+2].f]):
			return v.roleAfter(ts, k) // "l'ancien patron de SFR"
		case t.cap && k > j && (ts[k-1].f == "a" || ts[k-1].f == "an") && k+1 < len(ts) && ts[k+1].kind == tokWord && !ts[k+1].cap:
			return // "a LinkedIn post": a modifier, not a name
		case t.cap:
			if k > j && placePreps[ts[k-1].f] && ts[k-1].kind == tokWord {
				// a complement: "explique à LeMagIT Paul Martin" skips
				// the publication only, "à Paris" the whole name
				if c, _ := v.nameAt(ts, k); !orgLike(t) || v.isVendorTok(t) {
					k = max(c.end-1, k)
				}
				continue
			}
			c, title := v.nameAt(ts, k)
			if c.kind == candNone {
				k = max(c.end-1, k)
				continue
			}
			if c.kind == candRole {
				return v.roleAfter(ts, k-1)
			}
			if (c.kind == candPerson || c.kind == candSurname) && c.end < len(ts) && ts[c.end].f == "'s" {
				return cand{}, cand{}, false // "said Jane Roe's spokesman": whose, not who
			}
			if c.kind == candPerson || c.kind == candSurname {
				if t2, isApp := v.titleAround(ts, c); isApp || title.name == "" {
					if t2.name != "" {
						title = t2
					}
				}
			}
			return c, title, true
		}
	}
	return
}

// roleAfter reads a role subject starting with the determiner at ts[k]:
// "le PDG d'Altocumulus, Jean Dupont" (a title then the name), "le
// dirigeant", "un porte-parole de Nimbus".
func (v *view) roleAfter(ts []tok, k int) (c, title cand, ok bool) {
	s := k + 1
	e := s
	for e < len(ts) && e-s < 10 && ts[e].kind == tokWord && !sayingAt(ts, e) {
		e++
	}
	if e == s {
		return
	}
	// the role phrase is followed by ", Name": the name is the speaker
	if e < len(ts) && ts[e].f == "," && e+1 < len(ts) && ts[e+1].cap {
		n, _ := v.nameAt(ts, e+1)
		if n.kind == candPerson || n.kind == candSurname {
			t := cand{name: v.text(ts, s, e), vendor: v.x.orgVendorIn(ts[s].s, ts[e-1].e), endPos: ts[e-1].e}
			if t2, isApp := v.titleAround(ts, n); isApp && t2.name != "" {
				t = t2
			}
			return n, t, true
		}
	}
	// the role word is the first word that is one, or "Nimbus CEO"
	r := s
	for r < e && !isRole(ts[r]) && !genericRoles[ts[r].f] {
		r++
	}
	if r == e {
		return
	}
	vendor := v.x.orgVendorIn(ts[s].s, ts[e-1].e)
	// "précise le porte-parole de Nimbus Paul Durand": the role phrase
	// ends with the person's name
	for m := r + 1; m < e; m++ {
		if !ts[m].cap || ts[m].kind != tokWord {
			continue
		}
		if n, _ := v.nameAt(ts, m); n.kind == candPerson && n.end == e && n.start > r {
			return n, cand{name: v.text(ts, r, n.start), vendor: vendor, endPos: ts[n.start-1].e}, true
		}
		break
	}
	if spokesRoles[ts[r].f] {
		if vendor == "" {
			return
		}
		return cand{kind: candSpokes, name: v.text(ts, s, e), vendor: vendor, start: k, end: e, endPos: ts[e-1].e}, cand{}, true
	}
	return cand{kind: candRole, role: ts[r].f, vendor: vendor, start: k, end: e, endPos: ts[r].e}, cand{}, true
}

func pronounCand(t tok) cand {
	return cand{kind: candPronoun, endPos: t.e}
}

// unclosedApposition reads the person named before a title whose closing
// comma is missing, ending with the organisation at ts[pr+1:e] after the
// preposition ts[pr]: "Jane Roe, head of platform at Nimbus wrote". The
// title between the comma and the organisation must hold a role word,
// and what stands before the comma must be a person's whole name.
func (v *view) unclosedApposition(ts []tok, pr, e int) (p, title cand, ok bool) {
	c := pr - 1
	for c >= 0 && pr-c <= 8 && ts[c].f != "," {
		if ts[c].kind != tokWord {
			return
		}
		c--
	}
	if c < 1 || ts[c].f != "," {
		return
	}
	t, isApp := v.apposition(ts, c+1, e)
	if !isApp || t.name == "" {
		return
	}
	for i := max(0, c-6); i < c; i++ {
		n, _ := v.nameAt(ts, i)
		if n.end == c && n.kind == candPerson {
			return n, t, true
		}
	}
	return
}
