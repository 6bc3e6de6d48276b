package corpus

// Grammatical gender, read from the article itself (never from a list of
// first names): a pronoun quotation ("…," she said; « … », a-t-il ajouté;
// « selon elle ») and each person the article names, by the honorific or
// the gendered title next to their name ("Mme Roe", "Jane Roe, directrice
// de…", "la ministre Jane Roe", "spokesman Omar Haddad") or the subject
// pronoun that opens the sentence after they are introduced. The learned
// step reads whether a candidate agrees with the pronoun
// (speaker_features.go); the sieve does not.

// quotePronoun is the gender of the subject pronoun that attributes q:
// in its incise ("…," she said; « … », a-t-elle ajouté; « … », selon
// lui) or in the sentence leading to it (She added: “…”), 0 when none.
func quotePronoun(q *quotation) byte {
	ts := q.post[q.after:]
	for i := 0; i < len(ts) && i < 4; i++ {
		t := ts[i]
		if t.kind == tokPunct {
			break
		}
		if g := tokPronoun(ts, i); g != 0 {
			return g
		}
	}
	if q.preVerb >= 0 {
		ts := q.pre
		for i := max(q.preVerb-3, 0); i <= q.preVerb && i < len(ts); i++ {
			if g := tokPronoun(ts, i); g != 0 {
				return g
			}
		}
	}
	return 0
}

// tokPronoun is the gender of a subject pronoun at ts[i]: "she", "il",
// "a-t-elle", or "lui" after "selon".
func tokPronoun(ts []tok, i int) byte {
	f := ts[i].f
	if g := pronounGender[f]; g != 0 {
		return g
	}
	if _, p := hyphenPronoun(f); p != "" {
		return pronounGender[p]
	}
	if i > 0 && ts[i-1].f == "selon" && f == "lui" {
		return 'm'
	}
	return 0
}

// genderMark is the gender a token gives the name next to it, 0 when
// none: "Mme", "M." (the letter then its period), "directrice".
func genderMark(ts []tok, i int) byte {
	f := ts[i].f
	switch {
	case f == "m":
		if ts[i].cap && i+1 < len(ts) && ts[i+1].f == "." {
			return 'm'
		}
		return 0
	case feminineMarks[f]:
		return 'f'
	case masculineMarks[f]:
		return 'm'
	}
	return 0
}

// personGender is the grammatical gender the article gives the person
// (a canonical name), by the words around their name and the pronouns of
// the quotations the sieve gave them so far: 'f', 'm', or 0 when it gives
// none or both.
func (v *view) personGender(name string) byte {
	fem, masc := v.markedGender(name)
	n := v.pronouns[name]
	fem, masc = fem+n[0], masc+n[1]
	switch {
	case fem > 0 && masc == 0:
		return 'f'
	case masc > 0 && fem == 0:
		return 'm'
	}
	return 0
}

// markedGender counts the feminine and the masculine marks next to the
// person's name in the narrative, and the pronoun opening the sentence
// after the one that introduces them.
func (v *view) markedGender(name string) (fem, masc int) {
	if v.memo != nil {
		if g, ok := v.memo.gender[name]; ok {
			return g[0], g[1]
		}
	}
	vote := func(g byte) {
		switch g {
		case 'f':
			fem++
		case 'm':
			masc++
		}
	}
	x := v.x
	names := v.mentionNames()
	introduced := false
	for k, m := range v.mentions {
		if names[k] != name {
			continue
		}
		p := x.paras[x.paraAt(m.pos)]
		// before the name: "Mme Roe", "la ministre Jane Roe", "spokesman Omar Haddad"
		before := x.tokRange(max(p.start(), m.pos-40), m.pos)
		if g := titleBefore(x.tokRange(p.start(), m.pos)); g != 0 {
			vote(g) // "La directrice de Nimbus, Jane Roe, …"
		}
		for i := len(before) - 1; i >= 0 && i >= len(before)-3; i-- {
			t := before[i]
			if t.kind == tokPunct && t.f != "." {
				break
			}
			if g := genderMark(before, i); g != 0 {
				vote(g)
				break
			}
			if g := detGender(before, i); g != 0 && i == len(before)-2 {
				vote(g) // "la ministre Jane Roe"
				break
			}
		}
		// the apposition after it: "Jane Roe, directrice de…", "Jane Roe, la porte-parole"
		end := v.mentionEnd(m)
		after := x.tokRange(end, min(p.end(), end+60))
		if len(after) > 2 && after[0].f == "," && after[1].kind == tokWord {
			// the apposition's first word, or its determiner
			switch g := genderMark(after, 1); {
			case g != 0 && after[1].f != "m": // not the next person's "M."
				vote(g)
			case detGender(after, 1) != 0:
				vote(detGender(after, 1))
			}
		}
		// the sentence after the one that introduces them opens with a
		// subject pronoun, and nobody else is named in theirs
		if !introduced {
			introduced = true
			if g := v.nextSentencePronoun(m.pos, p.end(), name); g != 0 {
				vote(g)
			}
		}
	}
	if v.memo != nil {
		if v.memo.gender == nil {
			v.memo.gender = map[string][2]int{}
		}
		v.memo.gender[name] = [2]int{fem, masc}
	}
	return fem, masc
}

// detGender is the gender of a determiner at ts[i] followed by a role
// whose form is the same for both: "la ministre", « le porte-parole ».
func detGender(ts []tok, i int) byte {
	if i+1 >= len(ts) || !roleWords[ts[i+1].f] {
		return 0
	}
	switch {
	case feminineDets[ts[i].f]:
		return 'f'
	case masculineDets[ts[i].f]:
		return 'm'
	}
	return 0
}

// titleBefore is the gender of a title that opens the sentence and ends
// with a comma right before a name: "La directrice de Nimbus, Jane Roe".
func titleBefore(ts []tok) byte {
	n := len(ts)
	if n < 2 || ts[n-1].f != "," {
		return 0
	}
	s := n - 2
	for s > 0 && n-1-s < 6 && ts[s-1].kind == tokWord {
		s--
	}
	if s > 0 && ts[s-1].f != "." || n-1-s > 6 {
		return 0 // not the start of the sentence
	}
	for i := s; i < n-1; i++ {
		if g := genderMark(ts, i); g != 0 {
			return g
		}
		if g := detGender(ts, i); g != 0 {
			return g
		}
	}
	return 0
}

// nextSentencePronoun is the gender of the subject pronoun opening the
// sentence after the one that names name at pos, within its paragraph
// (ending at pend), when no one else is named in that sentence and no
// quotation stands in either; 0 otherwise.
func (v *view) nextSentencePronoun(pos, pend int, name string) byte {
	x := v.x
	ts := x.tokRange(pos, pend)
	end := -1
	for i, t := range ts {
		if t.f == "." || t.f == "!" || t.f == "?" {
			if i > 0 && len(ts[i-1].w) == 1 && ts[i-1].cap {
				continue // an initial
			}
			end = i
			break
		}
	}
	if end < 0 || end+1 >= len(ts) {
		return 0
	}
	start := x.sentenceStart(x.paras[x.paraAt(pos)].start(), pos)
	for _, q := range v.quoted {
		if q[0] < ts[min(end+1, len(ts)-1)].e && q[1] > start {
			return 0
		}
	}
	names := v.mentionNames()
	for k, m := range v.mentions {
		if m.pos >= start && m.pos < ts[end].s && names[k] != name {
			return 0
		}
	}
	nt := ts[end+1]
	if !nt.cap {
		return 0
	}
	return pronounGender[nt.f]
}
