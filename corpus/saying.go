package corpus

import "strings"

// Verbs of saying, recognised in French and English in the forms
// journalism uses (inverted "a-t-il ajouté", narrative infinitives,
// participles), with the auxiliaries and adverbs that may come between a
// subject and its verb. The words are in lexicon.go.

// adverbAt reports whether ts[k] is an adverb that may stand between a
// subject and its verb: a listed one, or an English word in -ly that no
// determiner turns into a noun ("the family", "an ally").
func adverbAt(ts []tok, k int) bool {
	t := ts[k]
	if t.kind != tokWord || t.cap {
		return false
	}
	if sayingAdverbs[t.f] {
		return true
	}
	if len(t.f) < 5 || !strings.HasSuffix(t.f, "ly") || isSayingWord(t) {
		return false
	}
	if notAdverbs[t.f] {
		return false
	}
	return k == 0 || !determiners[ts[k-1].f]
}

// betweenVerb reports whether ts[k] may stand between a subject and its
// verb of saying: an auxiliary or an adverb.
func betweenVerb(ts []tok, k int) bool {
	return ts[k].kind == tokWord && (auxiliaries[ts[k].f] || adverbAt(ts, k))
}

func isSayingWord(t tok) bool {
	if t.kind != tokWord {
		return false
	}
	if sayingVerbs[t.f] {
		return true
	}
	base, _ := hyphenPronoun(t.f)
	return base != t.f && (sayingVerbs[base] || base == "a" || base == "avait")
}

// hyphenPronoun splits an inverted French verb: "explique-t-il" →
// ("explique", "il"); "dit-elle" → ("dit", "elle").
func hyphenPronoun(f string) (base, pronoun string) {
	for _, suf := range []string{"-t-il", "-t-elle", "-il", "-elle", "-t-on", "-on", "-ils", "-elles"} {
		if strings.HasSuffix(f, suf) && len(f) > len(suf) {
			return f[:len(f)-len(suf)], strings.TrimPrefix(strings.TrimPrefix(suf, "-t"), "-")
		}
	}
	return f, ""
}

// sayingAt reports whether ts[i] is a verb of saying used as a verb: a
// determiner or "the following" before it makes it a noun ("dans sa
// note", "the following note:").
func sayingAt(ts []tok, i int) bool {
	if !isSayingWord(ts[i]) {
		// "a voulu rassurer", "a tenu à préciser"
		return sayingInfinitives[ts[i].f] && i > 0 &&
			(sayingModals[ts[i-1].f] || i > 1 && ts[i-1].f == "a" && sayingModals[ts[i-2].f])
	}
	if ts[i].f == "dit" && i > 0 && (ts[i-1].f == "cela" || ts[i-1].f == "ceci" || ts[i-1].f == "ca") {
		return false // "Cela dit," means "that said"
	}
	if i > 0 && determiners[ts[i-1].f] && !(ts[i-1].f == "a" && ts[i].f != "note" && ts[i].f != "notes") {
		return false
	}
	if i > 0 && ts[i-1].f == "following" {
		return false // "the following note:", "the following comment:"
	}
	if reportingVerbs[ts[i].f] {
		for k := max(i-3, 0); k < i; k++ {
			if ts[k].f == "comme" || ts[k].f == "as" {
				return false
			}
		}
	}
	return true
}
