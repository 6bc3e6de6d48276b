package corpus

import "strings"

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
//	it-antecedent       It still warns that “…” (the organisation quoted just before)
//	reported-clause     Nimbus said it changed its terms to “…”
//	continuation        a quotation with no attribution of its own right after its speaker's
//	interview-answer    a whole-paragraph answer after a question paragraph: the interviewee
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
	pos   int
	name  string
	sure  bool // introduced with a title, a verb of saying or known to the registry
	aside bool // named in a complement ("à l'initiative du président X"), not as a subject
}

// attributor attributes the quotations of one article, in order: it
// remembers the people named so far, their titles, and the last speaker.
type attributor struct {
	x         *extractor
	people    map[string]*person
	surname   map[string]string // last word of a full name → the name; "" when two share it
	persons   map[string]string // registryPerson's answers
	mentions  []mention
	quoted    [][2]int // outer spans of the quotations
	prev      *speaker
	prevF     *found
	interview int8 // interviewLayout's answer: 0 not asked yet, 1 yes, -1 no
}

func (a *attributor) init(x *extractor) {
	a.x = x
	a.people = map[string]*person{}
	a.surname = map[string]string{}
	a.persons = map[string]string{}
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
		if c.kind == candPerson && c.start > 0 && c.start == i && ts[i-1].f != "a" && (determiners[ts[i-1].f] || ts[i-1].f == "du" || ts[i-1].f == "au" || ts[i-1].f == "aux") {
			// "le Vieux Continent", "the Patriot Act": not a person
			i = c.end - 1
			continue
		}
		if c.kind == candPerson {
			if title.name == "" {
				title, _ = a.titleAround(ts, c)
			}
			a.meet(c, title)
			p := a.people[c.name]
			sure := title.name != "" || p != nil && p.title != "" || a.registryPerson(c.name) != "" ||
				c.end < len(ts) && sayingAt(ts, c.end) || c.start > 0 && sayingAt(ts, c.start-1)
			a.mentions = append(a.mentions, mention{pos: ts[c.start].s, name: c.name, sure: sure, aside: namedAside(ts, c.start)})
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
		if title.vendor != "" {
			// the article's word beats the registry's: people change
			// employers ("president of product development at Oracle")
			p.vendor = title.vendor
		}
	}
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
	// A statement announced without a verb of saying: the sentence's
	// subject said it ("on Monday Zoom updated its Terms of Service with
	// the following addendum:"), which beats a continuation.
	if intro := statementIntro(pre); f.kind == colonQuote || intro {
		if sp, ok := a.sentenceSubject(f, pre, true); ok {
			sp.rule = "colon-intro"
			return sp
		}
		if intro {
			if sp, ok := a.introVendor(pre); ok {
				return sp
			}
		}
	}
	if f.kind == markQuote {
		if sp, ok := a.continuation(f); ok {
			return sp
		}
		if sp, ok := a.interviewAnswer(f); ok {
			return sp
		}
		if sp, ok := a.reportedSpeech(f); ok {
			return sp
		}
		if a.partial(f) {
			// "Frank X. Shaw, …, attributed Microsoft's success to an “…”"
			if sp, ok := a.sentenceSubject(f, pre, false); ok {
				return sp
			}
		}
	}
	return speaker{}
}
