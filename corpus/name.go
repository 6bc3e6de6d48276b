package corpus

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Reading names: the capitalised sequence at a word is a person ("Adam
// Selipsky", "J. R. Smith", "Ursula von der Leyen"), an organisation
// ("CNBC", "Nimbus"), a role ("Nimbus CEO"), or nobody ("Monday").

func (v *view) isVendorTok(t tok) bool {
	for _, m := range v.x.vspans {
		if m.start < t.e && t.s < m.end {
			return true
		}
		if m.start >= t.e {
			break
		}
	}
	return false
}

func (v *view) text(ts []tok, i, j int) string {
	s := v.x.text[ts[i].s:ts[j-1].e]
	if !strings.Contains(s, "  ") && strings.IndexFunc(s, func(r rune) bool { return r != ' ' && spaceRune(r) }) < 0 {
		return s // Article.Text has single spaces already
	}
	return strings.Join(strings.Fields(s), " ")
}

// nameAt reads the capitalised sequence at ts[i]: "Adam Selipsky", "J. R.
// Smith", "Ursula von der Leyen", "Nimbus CEO Jane Roe" (a title and a
// name). c.end is where the sequence ends even when it names nobody.
func (v *view) nameAt(ts []tok, i int) (c, title cand) {
	j := i
	for j < len(ts) && j-i < 10 {
		t := ts[j]
		if t.kind == tokWord && t.cap && j > i && headlineWords[t.f] {
			break // "Krishna At Think 2023": a headline's capitals end the name
		}
		if t.kind == tokWord && t.cap {
			j++
			if utf8.RuneCountInString(t.w) == 1 && j+1 < len(ts) && ts[j].f == "." && ts[j+1].cap {
				j++ // an initial
			}
			continue
		}
		if t.kind == tokWord && particles[t.f] && j > i && j+1 < len(ts) && ts[j+1].cap && ts[j+1].kind == tokWord &&
			!v.isVendorTok(ts[j+1]) && !notNameWords[ts[j+1].f] && !isRole(ts[j+1]) && !isRole(ts[j-1]) {
			j++
			continue
		}
		break
	}
	c = cand{start: i, end: j}
	s := i
	for s < j && (capStopwords[ts[s].f] || honorifics[ts[s].f] || ts[s].f == ".") {
		s++
	}
	if s == j {
		return c, title
	}
	r := -1
	for k := s; k < j; k++ {
		if isRole(ts[k]) {
			r = k
		}
	}
	if r >= 0 {
		title = cand{name: v.text(ts, s, r+1), vendor: v.x.orgVendorIn(ts[s].s, ts[r].e), start: s, end: r + 1, endPos: ts[r].e}
		if r == j-1 { // "Nimbus CEO" with no name after it
			c.kind, c.role, c.vendor, c.start, c.endPos = candRole, ts[r].f, title.vendor, s, ts[r].e
			return c, cand{}
		}
		s = r + 1
	}
	c.start, c.endPos = s, ts[j-1].e
	if j-s == 1 {
		t := ts[s]
		switch {
		case v.isVendorTok(t):
			c.kind, c.name, c.vendor = candOrg, t.w, v.x.orgVendorIn(t.s, t.e)
		case v.x.articleVendorAt(t) != "" && !v.introducedBefore(v.surname[t.w], t.s):
			// "a annoncé Nimbus" in an article about Nimbus, before its
			// founder Jean Nimbus is named: the company
			c.kind, c.name, c.vendor = candOrg, t.w, v.x.articleVendorAt(t)
		case v.surname[t.w] != "":
			c.kind, c.name = candPerson, v.surname[t.w]
		case timeWords[t.f] || capStopwords[t.f]:
			c.kind = candNone
		case notNameWords[t.f] || isAllCaps(t.w):
			c.kind, c.name = candOrg, t.w
		case strings.ContainsRune(t.w, '@'):
			c.kind, c.name = candOrg, t.w
		default:
			c.kind, c.name = candSurname, t.w
		}
		return c, title
	}
	name := v.text(ts, s, j)
	for k := s; k < j; k++ {
		if timeWords[ts[k].f] {
			c.kind = candNone
			return c, title
		}
	}
	if p := v.orgPrefix(ts, s, j); p > s {
		// "à l'AFP Jeanne Marchal", "de Nimbus Paul Durand": an outlet or
		// a company, then a person
		c.kind, c.name, c.start = candPerson, v.text(ts, p, j), p
		return c, title
	}
	for k := s; k < j; k++ {
		if v.orgTok(ts[k]) {
			c.kind, c.name, c.vendor = candOrg, name, v.x.orgVendorIn(ts[s].s, ts[j-1].e)
			return c, title
		}
	}
	c.kind, c.name = candPerson, name
	// "Viegas Dos Reis" after "Solange Viegas Dos Reis": the same person
	if full := v.surname[ts[j-1].w]; full != "" && strings.HasSuffix(full, " "+name) {
		c.name = full
	}
	return c, title
}

// orgTok reports a word of a capitalised sequence that makes it an
// organisation's name: a vendor's, a word like "Group", an acronym.
func (v *view) orgTok(t tok) bool {
	return v.isVendorTok(t) || notNameWords[t.f] || isAllCaps(t.w) && t.f != "." && utf8.RuneCountInString(t.w) > 1
}

// orgPrefix is where a person's name starts in ts[s:j] when the sequence
// is organisation words followed by two or three words that could be a
// person's ("AFP Jeanne Marchal", "Nimbus Paul Durand"); s when it is not
// that.
func (v *view) orgPrefix(ts []tok, s, j int) int {
	p := s
	for p < j && v.orgTok(ts[p]) && !notNameWords[ts[p].f] {
		p++
	}
	if p == s || j-p < 2 || j-p > 3 {
		return s
	}
	for k := p; k < j; k++ {
		if ts[k].kind != tokWord || !ts[k].cap || v.orgTok(ts[k]) || timeWords[ts[k].f] || capStopwords[ts[k].f] || utf8.RuneCountInString(ts[k].w) < 2 {
			return s
		}
	}
	return p
}

// orgLike reports a word that names an organisation or a publication by
// its shape: "CNBC", "LeMagIT", "TechCrunch", "Reuters".
func orgLike(t tok) bool {
	if isAllCaps(t.w) || notNameWords[t.f] {
		return true
	}
	for i, r := range t.w {
		if i > 0 && unicode.IsUpper(r) {
			return true
		}
	}
	return false
}

func isAllCaps(w string) bool {
	n := 0
	for _, r := range w {
		if unicode.IsLower(r) {
			return false
		}
		if unicode.IsLetter(r) {
			n++
		}
	}
	return n > 1
}

// namedAside reports whether the name at ts[start] is a complement: a
// preposition before it, or before the title that precedes it.
func namedAside(ts []tok, start int) bool {
	k := start - 1
	for n := 0; k >= 0 && n < 3 && !complementPreps[ts[k].f] && (isRole(ts[k]) || titleModifiers[ts[k].f]); n++ {
		k--
	}
	return k >= 0 && ts[k].kind == tokWord && complementPreps[ts[k].f]
}

// introducedBefore reports whether the person full was named in the narrative
// before the byte offset pos.
func (v *view) introducedBefore(full string, pos int) bool {
	if full == "" {
		return false
	}
	for _, m := range v.mentions {
		if m.pos >= pos {
			break
		}
		if m.name == full {
			return true
		}
	}
	return false
}
