package corpus

import "strings"

// The view is what the attribution rules (sieve.go) read of an article:
// its text, paragraphs, words and vendor mentions (the extractor's, never
// changed), the quotations' spans, the people the narrative names, and the
// result of the quotation before. Rules only read it; the attribution loop
// (attribute) alone moves it on from one quotation to the next.

// speaker is who said a quotation, as attribution found it.
type speaker struct {
	name, title, vendor string
	org                 string // the organisation a title names, when the registry knows none
	rule, evidence      string
	person              bool // a person, as opposed to an organisation
	outsider            bool // a person who speaks for no vendor: the quotation's vendor is none
	ev                  [2]int
	by                  *rule // the rule that named the speaker
}

// person is someone the article named, with the title it gave them.
type person struct {
	name, title, vendor, org string
}

// mention is a person named outside quotations.
type mention struct {
	pos   int
	name  string
	sure  bool // introduced with a title, a verb of saying or known to the registry
	aside bool // named in a complement ("à l'initiative du président X"), not as a subject
	owner bool // named as an owner ("Roe's remark"): someone's words are discussed, not said
}

// view is the article as the rules read it, at one quotation.
type view struct {
	x        *extractor
	quoted   [][2]int // outer spans of the quotations
	mentions []mention
	people   map[string]*person // the people named so far, with their first title
	surname  map[string]string  // last word of a full name → the name; "" when two share it
	// prev is the speaker of the quotation just before (prevF), nil when
	// it has none: continuations and pronouns read it.
	prev  *speaker
	prevF *found
	// unnamed are the quotations attributed so far that no rule could
	// give a speaker: a pronoun after one may be its speaker's.
	unnamed [][2]int
	// pronouns counts, per person the sieve named, the feminine and the
	// masculine subject pronouns of the quotations it gave them ("…," he
	// said): the article's own word on their gender (personGender)
	pronouns map[string][2]int
	memo     *memo
}

// memo holds answers of pure functions of the article, filled on first
// use: filling them changes no rule's answer.
type memo struct {
	persons  map[string]string // registryPerson's answers
	main     string            // mainPerson's answer
	mainDone bool
	canon    []string // mentionNames' answer
	// mainVendor's answer
	mainVendor     vendorSpan
	mainVendorDone bool
	interview      int8              // interviewLayout's answer: 0 not asked yet, 1 yes, -1 no
	gender         map[string][2]int // markedGender's answers
}

// bareView is a view before any quotation is known, for the checks that
// find quotations (is a verb of saying near this one?).
func bareView(x *extractor) *view { return &view{x: x} }

// newView reads the narrative (the text outside quotations) for people,
// their titles and where they are named.
func newView(x *extractor, fs []found) *view {
	v := &view{x: x, people: map[string]*person{}, surname: map[string]string{}, memo: &memo{persons: map[string]string{}}}
	v.quoted = make([][2]int, 0, len(fs))
	for _, f := range fs {
		v.quoted = append(v.quoted, [2]int{f.open, f.close})
	}
	qi := 0
	for _, p := range x.paras {
		s := p.start()
		for s < p.end() {
			for qi < len(v.quoted) && v.quoted[qi][1] <= s {
				qi++
			}
			e := p.end()
			if qi < len(v.quoted) && v.quoted[qi][0] < e {
				e = max(v.quoted[qi][0], s)
			}
			if s < e {
				v.scanNarrative(x.tokRange(s, e))
			}
			if qi < len(v.quoted) && v.quoted[qi][0] < p.end() {
				s = max(v.quoted[qi][1], e)
			} else {
				s = p.end()
			}
		}
	}
	return v
}

// scanNarrative records the people named in ts.
func (v *view) scanNarrative(ts []tok) {
	for i := 0; i < len(ts); i++ {
		if !ts[i].cap || ts[i].kind != tokWord {
			continue
		}
		c, title := v.nameAt(ts, i)
		if c.end <= i {
			continue
		}
		// A lone capitalised word nobody introduced ("Marseille",
		// "Plusieurs") is not taken for a person.
		if c.kind == candPerson && c.start > 0 && c.start == i && ts[i-1].f != "a" && (determiners[ts[i-1].f] || ts[i-1].f == "du" || ts[i-1].f == "au" || ts[i-1].f == "aux") {
			// "le Vieux Continent", "the Patriot Act": not a person
			i = c.end - 1
			continue
		}
		if c.kind == candPerson {
			if title.name == "" {
				title, _ = v.titleAround(ts, c)
			}
			v.meet(c, title)
			p := v.people[c.name]
			sure := title.name != "" || p != nil && p.title != "" || v.registryPerson(c.name) != "" ||
				c.end < len(ts) && sayingAt(ts, c.end) || c.start > 0 && sayingAt(ts, c.start-1)
			v.mentions = append(v.mentions, mention{pos: ts[c.start].s, name: c.name, sure: sure, aside: namedAside(ts, c.start) && !accordingToBefore(ts, c.start) || v.asideAfter(ts, c.start),
				owner: c.end < len(ts) && ts[c.end].f == "'s"})
		}
		i = c.end - 1
	}
}

// accordingToBefore reports "according to" before the name at start: it
// names who speaks, not a complement.
func accordingToBefore(ts []tok, start int) bool {
	return start >= 2 && ts[start-1].f == "to" && ts[start-2].f == "according"
}

// asideAfter reports a name in a complement that namedAside does not
// read: after an outlet's possessive ("an interview with Nimbus Weekly's
// Ian Ford"), or joined by "and" to a name in a complement ("with Ian
// Ford and Skyline's Lea Moss").
func (v *view) asideAfter(ts []tok, start int) bool {
	k := start
	if k >= 2 && ts[k-1].f == "'s" {
		k -= 2
		for k > 0 && ts[k].cap && ts[k-1].cap && ts[k-1].kind == tokWord && start-k < 5 {
			k--
		}
		if namedAside(ts, k) {
			return true
		}
	}
	if k >= 1 && (ts[k-1].f == "and" || ts[k-1].f == "et") && len(v.mentions) > 0 {
		last := v.mentions[len(v.mentions)-1]
		return last.aside && ts[k-1].s-last.pos < 60
	}
	return false
}

// meet remembers a person and the first title the article gives them.
// Only newView and attribute call it: rules read people, never add to it.
func (v *view) meet(c cand, title cand) {
	if c.kind != candPerson && c.kind != candSurname {
		return
	}
	p := v.people[c.name]
	if p == nil {
		if c.kind == candSurname {
			return
		}
		p = &person{name: c.name, vendor: v.registryPerson(c.name)}
		v.people[c.name] = p
		words := strings.Fields(c.name)
		last := words[len(words)-1]
		if other, ok := v.surname[last]; ok && other != c.name {
			v.surname[last] = ""
		} else {
			v.surname[last] = c.name
		}
	}
	if p.org == "" && p.vendor == "" {
		p.org = title.org
	}
	if p.title == "" && (title.name != "" || title.vendor != "") {
		p.title = title.name
		if title.vendor != "" {
			// the article's word beats the registry's: people change
			// employers ("president of product development at Oracle")
			p.vendor = title.vendor
		}
	}
}

// notePronoun records the gender of the pronoun attributing a's
// quotation ("…," he said) for the person the sieve named, once the
// learned step has read the quotation's candidates: for the quotations
// after it, the article's own word on their gender (personGender).
func (v *view) notePronoun(a *attribution) {
	sp := a.sieve
	if !sp.person || sp.name == "" {
		return
	}
	g := quotePronoun(a.q)
	if g == 0 {
		return
	}
	if v.pronouns == nil {
		v.pronouns = map[string][2]int{}
	}
	name := v.canonical(sp.name)
	n := v.pronouns[name]
	if g == 'f' {
		n[0]++
	} else {
		n[1]++
	}
	v.pronouns[name] = n
}

// attribute names the speaker of f with the rules and moves the view on:
// the speaker joins the people named, and becomes the previous speaker
// the next quotation's rules read.
// a records what the sieve saw, for the learned step (speaker_model.go).
func (v *view) attribute(f *found, a *attribution) speaker {
	q := v.quotation(f)
	a.q, a.prev, a.prevF = q, v.prev, v.prevF
	sp, claimed := v.sieve(q)
	a.claimed = claimed
	defer func() { a.sieve = sp }()
	if sp.name == "" {
		v.prev, v.prevF = nil, nil
		if f.kind == markQuote && !v.x.partial(f) {
			v.unnamed = append(v.unnamed, [2]int{f.open, f.close})
		}
		return sp
	}
	if sp.person {
		v.meet(cand{kind: candPerson, name: sp.name}, cand{name: sp.title, vendor: sp.vendor, org: sp.org})
		if p := v.people[sp.name]; p != nil {
			if sp.title == "" {
				sp.title = p.title
			}
			if sp.vendor == "" {
				sp.vendor = p.vendor
			}
			if sp.org == "" {
				sp.org = p.org
			}
		}
		sp.outsider = sp.vendor == "" && outsider(sp.title, sp.org)
	}
	if sp.ev[1] > sp.ev[0] {
		sp.evidence = v.x.text[sp.ev[0]:sp.ev[1]]
	}
	prev := sp
	v.prev, v.prevF = &prev, f
	return sp
}
