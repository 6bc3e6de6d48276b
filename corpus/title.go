package corpus

import (
	"strings"
	"unicode"
)

// Reading titles: the role an article gives a person, after the name
// ("Adam Selipsky, CEO d'AWS,"), before it ("chief technology officer Jane
// Roe") or before a comma ("le responsable France de Nimbus, Thomas
// Girard").

// titleAround is the title the text gives the person at c: an apposition
// after the name ("Adam Selipsky, CEO d'AWS,") or words before it ("chief
// technology officer Jane Roe").
func (v *view) titleAround(ts []tok, c cand) (cand, bool) {
	if c.end < len(ts) && ts[c.end].f == "," {
		e := c.end + 1
		for e < len(ts) && e-c.end <= 20 {
			f := ts[e].f
			if f == "," || f == "." || f == ";" || f == ":" || f == "(" || f == ")" || f == "«" || f == "“" || f == "\"" || sayingAt(ts, e) {
				break
			}
			e++
		}
		if t, ok := v.apposition(ts, c.end+1, e); ok {
			return t, true
		}
	}
	if t := v.roleBeforeComma(ts, c.start); t.name != "" {
		return t, false
	}
	return v.preTitle(ts, c.start), false
}

// roleBeforeComma reads a title written before a name and a comma: "le
// responsable France de Nimbus, Thomas Girard", "Son directeur des
// systèmes d'information, Karim Benali".
func (v *view) roleBeforeComma(ts []tok, start int) cand {
	if start < 2 || ts[start-1].f != "," {
		return cand{}
	}
	e := start - 1
	k := e
	role := false
	for k > 0 && e-k < 9 && ts[k-1].kind == tokWord && !determiners[ts[k-1].f] && !(role && (ts[k-1].f == "du" || ts[k-1].f == "au")) && !sayingAt(ts, k-1) {
		if isRole(ts[k-1]) {
			role = true
		}
		k--
	}
	if role && k > 0 && (ts[k-1].f == "du" || ts[k-1].f == "au") {
		// "la réaction du fondateur d'OVHcloud, Octave Klaba"
		return cand{name: v.text(ts, k, e), vendor: v.x.orgVendorIn(ts[k].s, ts[e-1].e), start: k - 1, end: e, endPos: ts[e-1].e}
	}
	if !role || k == 0 || !determiners[ts[k-1].f] || ts[k-1].f == "a" || ts[k-1].f == "an" || ts[k-1].f == "un" || ts[k-1].f == "une" {
		return cand{} // "a former banker, Ian Ford" is not a title we keep
	}
	return cand{name: v.text(ts, k, e), vendor: v.x.orgVendorIn(ts[k].s, ts[e-1].e), start: k - 1, end: e, endPos: ts[e-1].e}
}

// apposition reads ts[s:e] as what stands between commas after a name: a
// title (it has a role word), a relative clause or an age (no title, but
// an apposition all the same). ok is false for anything else.
func (v *view) apposition(ts []tok, s, e int) (cand, bool) {
	if s >= e {
		return cand{}, false
	}
	if relativeWords[ts[s].f] {
		return cand{}, true
	}
	if e-s == 1 && ts[s].w != "" && unicode.IsDigit(rune(ts[s].w[0])) {
		return cand{}, true
	}
	// "of Nimbus", "de Nimbus": where the person works, a title without
	// a role
	// "du Yankee Group", "of the Skyline Institute"
	if o := orgStart(ts, s, e); o > s && e-o <= 4 && allCap(ts[o:e]) {
		return cand{vendor: v.x.orgVendorIn(ts[o].s, ts[e-1].e), org: v.text(ts, o, e), start: s, end: e, endPos: ts[e-1].e}, true
	}
	for k := s; k < e; k++ {
		if isRole(ts[k]) {
			for s < e && determiners[ts[s].f] {
				s++
			}
			return cand{name: v.text(ts, s, e), vendor: v.x.orgVendorIn(ts[s].s, ts[e-1].e), start: s, end: e, endPos: ts[e-1].e}, true
		}
	}
	return cand{}, false
}

// orgStart is where the organisation's name starts in an apposition
// that names where a person works, ts[s:e]: past "of", "de", "du", "at
// the"; s when ts[s] opens no such complement.
func orgStart(ts []tok, s, e int) int {
	if !orgPreps[ts[s].f] && ts[s].f != "du" {
		return s
	}
	o := s + 1
	if o < e && (ts[o].f == "the" || ts[o].f == "l'") {
		o++
	}
	if o >= e {
		return s
	}
	return o
}

// allCap reports whether every token is a capitalised word.
func allCap(ts []tok) bool {
	for _, t := range ts {
		if t.kind != tokWord || !t.cap {
			return false
		}
	}
	return true
}

// preTitle reads a title written just before a name: "chief technology
// officer Jane Roe", "Nimbus's chief executive Jane Roe".
func (v *view) preTitle(ts []tok, start int) cand {
	k := start
	role := false
	for k > 0 && start-k < 7 {
		t := ts[k-1]
		if t.kind != tokWord && t.f != "'s" {
			break
		}
		switch {
		case isRole(t):
			role = true
		case t.cap && !capStopwords[t.f]:
		case titleModifiers[t.f]:
		default:
			goto done
		}
		k--
	}
done:
	for k < start && (titleModifiers[ts[k].f] && !isRole(ts[k]) && !ts[k].cap && ts[k].f != "chief" && ts[k].f != "vice" && ts[k].f != "senior" && ts[k].f != "general" && ts[k].f != "executive") {
		k++ // a title does not start with "of" or "and"
	}
	if !role || k >= start {
		return cand{}
	}
	return cand{name: v.text(ts, k, start), vendor: v.x.orgVendorIn(ts[k].s, ts[start-1].e), start: k, end: start, endPos: ts[start-1].e}
}

// isRole reports a role word: "CEO", "vice-président", "co-CEO".
func isRole(t tok) bool {
	if t.kind != tokWord {
		return false
	}
	if roleWords[t.f] {
		return true
	}
	// "vice-président", "co-CEO", "ex-PDG"
	if i := strings.LastIndexByte(t.f, '-'); i > 0 && roleWords[t.f[i+1:]] {
		return true
	}
	return false
}
