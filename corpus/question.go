package corpus

import (
	"slices"
	"strings"
)

// Reading questions: what a user asks is read as the vendors it names,
// the people, the topics and the stance labels it is after. This is the
// one question reader of trustwatch; the index adds to it only what needs
// its analyzers (the content words and the vocabulary concepts they name).

// Question is what a question asks, as ReadQuestion reads it.
type Question struct {
	// Vendors are the registry ids the question names, in order.
	Vendors []string
	// Misspellings are the vendor names read by tolerating a typo.
	Misspellings []Misspelling
	// People are the known people the question names, in order.
	People []PersonName
	// Topics are what the question is about, as the label model reads it
	// like any statement: they meet the quotations' topics whatever the
	// language of either.
	Topics []Topic
	// Labels are the stance labels the model reads in the question (the
	// intent), never Other.
	Labels []Label
}

// PersonName is a person a question names, with how it was written.
type PersonName struct {
	Name    string // as known (registry or speaker), "Jane Roe"
	Written string // as the question wrote it, "jane roo", "roo"
	Fuzzy   bool   // read by tolerating a misspelling
}

// ReadQuestion reads a question: the vendors it names (Mentions), their
// misspellings, the people it names among the registry's spokespeople and
// speakers (the people quoted in the corpus, in any case), its topics and
// the stance labels it is after.
func (r *Registry) ReadQuestion(text string, speakers []string) Question {
	q := Question{Vendors: r.Mentions(text), Misspellings: r.Misspellings(text)}
	if q.Vendors == nil {
		q.Vendors = []string{}
	}
	var known []string
	if r != nil {
		for _, v := range r.vendors {
			known = append(known, v.People...)
		}
	}
	known = append(known, speakers...)
	q.People = r.people(text, known)
	labels, _, topics := labelStanceLead(text, "")
	q.Topics = topics
	for _, l := range labels {
		if l != Other {
			q.Labels = append(q.Labels, l)
		}
	}
	return q
}

// personName is a known name split into folded words.
type personName struct {
	name  string
	words []string
}

// people finds the known names in text: a full name written exactly or
// with one typo in one of its words ("jane roo"), or a surname of five
// letters or more written with a typo ("selipski" for Selipsky; two from
// eight letters), its first letter right, when it is no common word, no
// vendor's name and no other known surname, and only one known person is
// that near. A surname written exactly is left to the search, which finds
// it among the speakers.
func (r *Registry) people(text string, known []string) []PersonName {
	if len(known) == 0 {
		return nil
	}
	ts := tokens(text)
	words := make([]string, len(ts))
	for i, t := range ts {
		words[i] = foldWord(text[t.start:t.end])
	}
	var names []personName
	surnames := map[string]bool{}
	seen := map[string]bool{}
	for _, k := range known {
		f := foldPhrase(k)
		if f == "" || seen[f] {
			continue
		}
		seen[f] = true
		ws := strings.Fields(f)
		names = append(names, personName{name: k, words: ws})
		surnames[ws[len(ws)-1]] = true
	}
	var out []PersonName
	used := make([]bool, len(words))
	add := func(p PersonName, from, to int) {
		for i := from; i < to; i++ {
			used[i] = true
		}
		if !slices.ContainsFunc(out, func(o PersonName) bool { return o.Name == p.Name }) {
			out = append(out, p)
		}
	}
	// full names, exact or with one typo in a word of three letters or more
	for i := range words {
		for _, n := range names {
			if len(n.words) < 2 || i+len(n.words) > len(words) || used[i] {
				continue
			}
			typos := 0
			for j, w := range n.words {
				got := words[i+j]
				if got == w {
					continue
				}
				if typos > 0 || len(w) < 3 || got[0] != w[0] || distance([]rune(got), []rune(w), 1) > 1 {
					typos = 2
					break
				}
				typos++
			}
			if typos <= 1 {
				add(PersonName{Name: n.name, Written: text[ts[i].start:ts[i+len(n.words)-1].end], Fuzzy: typos == 1}, i, i+len(n.words))
			}
		}
	}
	// a misspelt surname alone
	for i, w := range words {
		if used[i] || surnames[w] || commonWords[w] || !isWordy(w) || len([]rune(w)) < 5 {
			continue
		}
		if r != nil && len(r.Mentions(w)) > 0 {
			continue
		}
		rw := []rune(w)
		limit := 1
		if len(rw) >= 8 {
			limit = 2
		}
		best, bestD, ties := -1, limit+1, 0
		for ni, n := range names {
			s := []rune(n.words[len(n.words)-1])
			if len(s) < 5 || s[0] != rw[0] {
				continue
			}
			d := distance(rw, s, limit)
			switch {
			case d < bestD:
				best, bestD, ties = ni, d, 1
			case d == bestD && d <= limit && names[best].name != n.name:
				ties++
			}
		}
		if best >= 0 && bestD <= limit && ties == 1 {
			add(PersonName{Name: names[best].name, Written: text[ts[i].start:ts[i].end], Fuzzy: true}, i, i+1)
		}
	}
	return out
}
