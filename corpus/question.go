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
// misspellings, the people it names among known (the registry's
// spokespeople and, from People, the speakers of the corpus), its topics
// and the stance labels it is after. known may be nil: the registry's
// people are then the only ones.
func (r *Registry) ReadQuestion(text string, known *People) Question {
	q := Question{Vendors: r.Mentions(text), Misspellings: r.Misspellings(text)}
	if q.Vendors == nil {
		q.Vendors = []string{}
	}
	if known == nil {
		known = r.People(nil)
	}
	q.People = known.read(r, text)
	labels, _, topics := labelStanceLead(text, "")
	q.Topics = topics
	for _, l := range labels {
		if l != Other {
			q.Labels = append(q.Labels, l)
		}
	}
	return q
}

// People are the names a question's people are read against, prepared
// once: a question is read in microseconds however many speakers the
// corpus quotes.
type People struct {
	names []personName
	// first holds, by first folded word, the names of two words or more.
	first map[string][]int
	// surnames holds, by first letter and length in letters, the names
	// whose last word has five letters or more; surname is every last
	// word.
	surnames map[surnameKey][]int
	surname  map[string]bool
}

type surnameKey struct {
	first rune
	runes int
}

// personName is a known name split into folded words.
type personName struct {
	name  string
	words []string
}

// People prepares the registry's spokespeople and the speakers given (in
// any case; the registry's spelling wins) for ReadQuestion.
func (r *Registry) People(speakers []string) *People {
	p := &People{first: map[string][]int{}, surnames: map[surnameKey][]int{}, surname: map[string]bool{}}
	var known []string
	if r != nil {
		for _, v := range r.vendors {
			known = append(known, v.People...)
		}
	}
	known = append(known, speakers...)
	seen := map[string]bool{}
	for _, k := range known {
		f := foldPhrase(k)
		if f == "" || seen[f] {
			continue
		}
		seen[f] = true
		ws := strings.Fields(f)
		i := len(p.names)
		p.names = append(p.names, personName{name: k, words: ws})
		last := ws[len(ws)-1]
		p.surname[last] = true
		if len(ws) >= 2 {
			p.first[ws[0]] = append(p.first[ws[0]], i)
		}
		if rs := []rune(last); len(rs) >= 5 {
			k := surnameKey{rs[0], len(rs)}
			p.surnames[k] = append(p.surnames[k], i)
		}
	}
	return p
}

// read finds the known names in text: a full name written exactly or
// with one typo in one of its words of three letters or more ("jane
// roo"), its first word exact; or a surname of five letters or more
// written with a typo ("vargo" for Varga; two from eight letters),
// its first letter right, when it is no common word, no vendor's name and
// no known surname, and only one known person is that near. A surname
// written exactly is left to the search, which finds it among the
// speakers.
func (p *People) read(r *Registry, text string) []PersonName {
	if len(p.names) == 0 {
		return nil
	}
	ts := tokens(text)
	words := make([]string, len(ts))
	for i, t := range ts {
		words[i] = foldWord(text[t.start:t.end])
	}
	var out []PersonName
	used := make([]bool, len(words))
	add := func(n PersonName, from, to int) {
		for i := from; i < to; i++ {
			used[i] = true
		}
		if !slices.ContainsFunc(out, func(o PersonName) bool { return o.Name == n.Name }) {
			out = append(out, n)
		}
	}
	for i := range words {
		for _, ni := range p.first[words[i]] {
			n := p.names[ni]
			if i+len(n.words) > len(words) || used[i] {
				continue
			}
			typos := 0
			for j, w := range n.words[1:] {
				got := words[i+1+j]
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
	for i, w := range words {
		if used[i] || p.surname[w] || commonWords[w] || !isWordy(w) || len(w) < 5 {
			continue
		}
		rw := []rune(w)
		if len(rw) < 5 {
			continue
		}
		limit := 1
		if len(rw) >= 8 {
			limit = 2
		}
		best, bestD, ties := -1, limit+1, 0
		for n := len(rw) - limit; n <= len(rw)+limit; n++ {
			for _, ni := range p.surnames[surnameKey{rw[0], n}] {
				nm := p.names[ni]
				d := distance(rw, []rune(nm.words[len(nm.words)-1]), limit)
				switch {
				case d < bestD:
					best, bestD, ties = ni, d, 1
				case d == bestD && d <= limit && p.names[best].name != nm.name:
					ties++
				}
			}
		}
		if best < 0 || bestD > limit || ties != 1 || r != nil && len(r.Mentions(w)) > 0 {
			continue
		}
		add(PersonName{Name: p.names[best].name, Written: text[ts[i].start:ts[i].end], Fuzzy: true}, i, i+1)
	}
	return out
}

// WithQuoted is the registry a question is read against when the corpus
// quotes vendors the registry does not list (an article's front matter
// names them by id, "vendors: [nimbus-ai]"): r with each such id as a
// vendor named by its words ("nimbus ai"), so that a question names it
// as it names the registry's, misspellings tolerated. An id r knows, or
// whose words name one of r's vendors, is left out. It returns r itself
// when there is nothing to add.
func (r *Registry) WithQuoted(ids []string) *Registry {
	var add []Vendor
	for _, id := range ids {
		name := strings.ReplaceAll(id, "-", " ")
		if !validID(id) || strings.TrimSpace(name) == "" {
			continue
		}
		if _, ok := r.Vendor(id); ok {
			continue
		}
		if _, ok := r.Lookup(name); ok {
			continue
		}
		add = append(add, normVendor(Vendor{ID: id, Name: name}))
	}
	if len(add) == 0 {
		return r
	}
	return r.Merge(newRegistry(add))
}
