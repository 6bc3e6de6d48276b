package corpus

import "strings"

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
	if f.kind != markQuote || f.para == 0 || !v.wholeParagraphs(f) || !v.questionPara(f.para-1) {
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
