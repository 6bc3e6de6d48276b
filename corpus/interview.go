package corpus

import (
	"strings"
	"unicode/utf8"
)

// Interviews laid out as questions and answers: the journalist's questions
// are paragraphs of their own ("How can you be sure …?", "Q: …",
// "TakeToNews : …"), and each answer is a whole paragraph in quotation
// marks, with no attribution of its own. The answer continues the
// interviewee: whoever answered the question before, or failing any
// quotation with a speaker, the one person the article named before it.
//
//	Jane Roe, CEO of Nimbus, says the region is ready. ¶ How do you keep
//	the keys in Europe? ¶ “Customers hold them.”   → Jane Roe

// interviewAnswer gives a whole-paragraph quotation that follows a question
// paragraph to the interviewee. ok is false when someone else is named
// since the interviewee last spoke: a question about another person does
// not make them the one answering.
func (v *view) interviewAnswer(f *found) (speaker, bool) {
	x := v.x
	if f.kind != markQuote && !(f.kind == answerQuote && f.label == [2]int{}) || f.para == 0 || !v.wholeParagraphs(f) || !v.questionPara(f.para-1) {
		return speaker{}, false
	}
	from := 0 // where the interviewee was last identified
	var sp speaker
	if p, pf := v.prev, v.prevF; p != nil && pf != nil {
		if !p.person || pf.last >= f.para-1 || f.para-1-pf.last > 4 {
			return speaker{}, false
		}
		sp, from = *p, pf.close
	} else {
		// nobody quoted yet with a speaker: the one person named so far
		name, sure := "", false
		for _, m := range v.mentions {
			if m.pos >= f.open {
				break
			}
			if name != "" && !v.samePerson(m.name, name) {
				return speaker{}, false
			}
			if name == "" || len(m.name) > len(name) {
				name = m.name
			}
			sure = sure || m.sure
		}
		if name == "" || !sure {
			return speaker{}, false
		}
		if !v.askedOf(f.para-1) && !v.namedIn(f.para-1, name) {
			// "But can Europe do without American clouds?": a question
			// the article asks itself, of nobody; the person named
			// paragraphs before is not thereby answering it
			return speaker{}, false
		}
		sp = speaker{name: name, person: true}
		if p := v.people[name]; p != nil {
			sp.title, sp.vendor = p.title, p.vendor
		}
		from = x.paras[f.para-1].start()
	}
	for _, m := range v.mentions {
		if m.pos >= from && m.pos < f.open && !v.samePerson(m.name, sp.name) {
			return speaker{}, false
		}
	}
	q := x.paras[f.para-1]
	sp.rule, sp.ev, sp.evidence = "", [2]int{q.start(), q.end()}, ""
	return sp, true
}

// askedOf reports whether question paragraph i is put to someone: a "Q:"
// or the outlet's name before it, or words addressed to the interviewee
// ("How can you be sure …?", "Vos clients craignent-ils … ?").
func (v *view) askedOf(i int) bool {
	if v.x.qPrefix(i) {
		return true
	}
	p := v.x.paras[i]
	for _, t := range v.x.tokRange(p.start(), p.end()) {
		if secondPerson[t.f] {
			return true
		}
	}
	return false
}

// secondPerson are the words of a question addressed to the reader's
// interlocutor, folded.
var secondPerson = wordSet(`you your yours vous votre vos tu ton ta tes`)

// namedIn reports whether paragraph i's narrative names the person.
func (v *view) namedIn(i int, name string) bool {
	p := v.x.paras[i]
	for _, m := range v.mentions {
		if m.pos >= p.start() && m.pos < p.end() && v.samePerson(m.name, name) {
			return true
		}
	}
	return false
}

// wholeParagraphs reports whether a quotation is its paragraphs: nothing
// but punctuation before its opening mark or after its closing one.
func (v *view) wholeParagraphs(f *found) bool {
	x := v.x
	if f.open != x.paras[f.para].start() {
		return false
	}
	rest := x.text[f.close:x.paras[f.last].end()]
	return strings.TrimLeft(rest, ".,;:!?… \n\u00a0\u202f") == ""
}

// questionPara reports whether paragraph i is a journalist's question: no
// quotation in it, and a question mark at its end, a "Q:", "Question :" or
// the outlet's name and a colon at its start, or, in an article that asks
// such questions elsewhere, words addressed to the interviewee ("In
// European hands, you say.").
func (v *view) questionPara(i int) bool {
	switch v.questionAt(i) {
	case questionPlain:
		return true
	case questionAddressed:
		return v.interviewLayout()
	}
	return false
}

const (
	questionNone = iota
	questionPlain
	questionAddressed
)

func (v *view) questionAt(i int) int {
	x := v.x
	p := x.paras[i]
	for _, q := range v.quoted {
		if q[0] < p.end() && q[1] > p.start() {
			return questionNone
		}
	}
	s := strings.TrimRight(x.text[p.start():p.end()], "*_ ")
	if strings.HasSuffix(s, "?") {
		return questionPlain
	}
	ts := x.tokRange(p.start(), p.end())
	if len(ts) < 2 {
		return questionNone
	}
	k := 0
	for k < len(ts) && ts[k].kind == tokPunct {
		k++ // "**Q:**"
	}
	if k+1 < len(ts) && (ts[k].f == "q" || ts[k].f == "question") && ts[k+1].f == ":" {
		return questionPlain
	}
	if pub := x.a.Publication; pub != "" && k < len(ts) {
		// "TakeToNews : …"; folded only when the lengths could match
		e := strings.IndexByte(x.text[ts[k].s:p.end()], ':')
		if e > 0 && e <= len(pub)+4 && foldPhrase(x.text[ts[k].s:ts[k].s+e]) == foldPhrase(pub) {
			return questionPlain
		}
	}
	for _, t := range ts {
		if t.f == "you" || t.f == "vous" {
			return questionAddressed
		}
	}
	return questionNone
}

// interviewLayout reports whether the article asks questions in paragraphs
// of their own, as interviews do.
func (v *view) interviewLayout() bool {
	if v.memo.interview == 0 {
		v.memo.interview = -1
		for i := range v.x.paras {
			if v.questionAt(i) == questionPlain {
				v.memo.interview = 1
				break
			}
		}
	}
	return v.memo.interview > 0
}

// Answers written without quotation marks, each a paragraph after a
// question paragraph: "A: …" or "R : …" after "Q: …"; a dialogue dash
// ("— Nos clients …" after "— Vos clients craignent-ils … ?"); a speaker's
// label ("Jane Roe: …", "**Roe:** …") after a question.
//
//	Q: How do you keep the keys in Europe? ¶ A: Customers hold them.

// answerQuotes finds the unmarked answers of an interview.
func (x *extractor) answerQuotes() []found {
	var out []found
	for pi := 1; pi < len(x.paras); pi++ {
		p, q := x.paras[pi], x.paras[pi-1]
		body := x.text[p.start():p.end()]
		if r, _ := utf8.DecodeRuneInString(body); opensQuote(r) || strings.HasPrefix(body, quoteMarker) {
			continue // marked: the mark scanner has it
		}
		question := strings.TrimRight(x.text[q.start():q.end()], "*_ ")
		asked := strings.HasSuffix(question, "?") || x.qPrefix(pi-1)
		if !asked {
			continue
		}
		s, label := x.answerStart(pi, question)
		if s < 0 {
			continue
		}
		s, e := trimSpan(x.text, s, p.end())
		if len(strings.Fields(x.text[s:e])) < 4 {
			continue
		}
		out = append(out, found{kind: answerQuote, open: p.start(), close: p.end(), para: pi, last: pi, parts: [][2]int{{s, e}}, label: label})
	}
	return out
}

// qPrefix reports a paragraph opened by "Q:", "Question :".
func (x *extractor) qPrefix(pi int) bool {
	ts := x.tokRange(x.paras[pi].start(), x.paras[pi].end())
	k := 0
	for k < len(ts) && ts[k].kind == tokPunct && ts[k].f != ":" {
		k++ // "**Q:**"
	}
	return k+1 < len(ts) && (ts[k].f == "q" || ts[k].f == "question") && ts[k+1].f == ":"
}

// answerStart is where the words of the answer in paragraph pi start, past
// its mark ("A:", "— ", "Jane Roe:"), and the span of a speaker's label;
// -1 when the paragraph is no answer.
func (x *extractor) answerStart(pi int, question string) (int, [2]int) {
	p := x.paras[pi]
	ts := x.tokRange(p.start(), p.end())
	k := 0
	for k < len(ts) && ts[k].kind == tokPunct && (ts[k].f == "*" || ts[k].f == "**" || ts[k].f == "_") {
		k++
	}
	if k >= len(ts) {
		return -1, [2]int{}
	}
	// a dialogue dash, after a question that opened with one
	if d := ts[k].f; (d == "—" || d == "–") && k == 0 {
		if r, _ := utf8.DecodeRuneInString(question); r == '—' || r == '–' {
			return ts[k].e, [2]int{}
		}
		return -1, [2]int{}
	}
	// "A:", "R :", "Réponse :", "Answer:"
	if k+1 < len(ts) && answerMarks[ts[k].f] && ts[k+1].f == ":" {
		return x.pastMarkup(ts[k+1].e, p.end()), [2]int{}
	}
	// "Jane Roe:", "**Roe:**": up to three capitalised words and a colon
	n := k
	for n < len(ts) && n-k < 3 && ts[n].kind == tokWord && ts[n].cap && !capStopwords[ts[n].f] && !notNameWords[ts[n].f] {
		n++
	}
	c := n
	for c < len(ts) && ts[c].kind == tokPunct && (ts[c].f == "*" || ts[c].f == "**") {
		c++
	}
	// the label is a name the article gives elsewhere: "Note:" is none
	if n > k && c < len(ts) && ts[c].f == ":" && strings.Count(x.text, x.text[ts[k].s:ts[n-1].e]) > 1 {
		return x.pastMarkup(ts[c].e, p.end()), [2]int{ts[k].s, ts[n-1].e}
	}
	return -1, [2]int{}
}

// pastMarkup skips the emphasis marks and spaces that follow a label.
func (x *extractor) pastMarkup(s, e int) int {
	for s < e && strings.ContainsRune("*_ \u00a0", rune(x.text[s])) {
		s++
	}
	return s
}

// labelSpeaker names the speaker of a labelled answer: a person the
// article names (the label may be their surname) or the registry knows.
func (v *view) labelSpeaker(f *found) (speaker, bool) {
	if f.kind != answerQuote || f.label == ([2]int{}) {
		return speaker{}, false
	}
	name := v.x.text[f.label[0]:f.label[1]]
	if full := v.surname[name]; full != "" {
		name = full
	}
	p := v.people[name]
	if p == nil && v.registryPerson(name) == "" {
		return speaker{}, false
	}
	sp := speaker{name: name, person: true, ev: f.label}
	if p != nil {
		sp.title, sp.vendor = p.title, p.vendor
	}
	return sp, true
}
