package corpus

import (
	"slices"
	"strings"
	"unicode/utf8"
)

// The lookup tables of a Registry, built once from its vendors: folded
// names for questions (with the long ones kept for misspellings, and the
// other spellings of vendor_question.go), names as written for article
// text, and spokespeople by name and surname.

// pattern is an alias or a person's name as written, for article text.
type pattern struct {
	text   string
	words  int
	vendor int
}

// fuzzyKey is a folded alias or name that a misspelling may stand for.
type fuzzyKey struct {
	key    string
	words  int
	first  rune
	runes  int
	vendor int
}

// newRegistry builds the lookup tables of a list of vendors, already
// normalised. Where a name belongs to two vendors, the later one wins.
func newRegistry(vs []Vendor) *Registry {
	r := &Registry{
		vendors:  vs,
		byID:     make(map[string]int, len(vs)),
		folded:   map[string]int{},
		aliasAt:  map[string][]pattern{},
		peopleAt: map[string][]pattern{},
		person:   map[string]int{},
		surname:  map[string]int{},
	}
	addFolded := func(name string, i int) {
		if k := foldPhrase(name); k != "" {
			r.folded[k] = i
			r.maxWords = max(r.maxWords, strings.Count(k, " ")+1)
		}
	}
	for i, v := range vs {
		r.byID[v.ID] = i
		addFolded(v.ID, i)
		for _, a := range v.Aliases {
			addFolded(a, i)
			addPattern(r.aliasAt, a, i)
			if up := strings.ToUpper(a); up != a && utf8.RuneCountInString(a) >= 5 {
				addPattern(r.aliasAt, up, i) // "MICROSOFT" in a headline
			}
		}
		for _, p := range v.People {
			addFolded(p, i)
			addPattern(r.peopleAt, p, i)
			k := foldPhrase(p)
			r.person[k] = i
			last := k[strings.LastIndexByte(k, ' ')+1:]
			if j, ok := r.surname[last]; ok && j != i {
				r.surname[last] = -1 // two vendors' people share it
			} else if len(last) >= 3 {
				r.surname[last] = i
			}
		}
	}
	for k, i := range r.folded {
		if n := utf8.RuneCountInString(k); n >= 5 {
			first, _ := utf8.DecodeRuneInString(k)
			r.fuzzy = append(r.fuzzy, fuzzyKey{k, strings.Count(k, " ") + 1, first, n, i})
		}
	}
	slices.SortFunc(r.fuzzy, func(a, b fuzzyKey) int { return strings.Compare(a.key, b.key) })
	// Questions may name a spokesperson by a distinctive surname alone.
	for s, i := range r.surname {
		if _, taken := r.folded[s]; i >= 0 && !taken && utf8.RuneCountInString(s) >= 6 && !commonWords[s] {
			r.folded[s] = i
		}
	}
	r.addSpellings()
	for _, m := range []map[string][]pattern{r.aliasAt, r.peopleAt} {
		for _, ps := range m {
			slices.SortStableFunc(ps, func(a, b pattern) int { return len(b.text) - len(a.text) })
		}
	}
	for k := range r.aliasAt {
		r.aliasFirst[k[0]] = true
	}
	for k := range r.peopleAt {
		r.peopleFirst[k[0]] = true
	}
	return r
}

// addPattern files a name under its first word, replacing the same name of
// an earlier vendor.
func addPattern(m map[string][]pattern, name string, i int) {
	ts := tokens(name)
	if len(ts) == 0 {
		return
	}
	first := name[ts[0].start:ts[0].end]
	p := pattern{text: name[ts[0].start:ts[len(ts)-1].end], words: len(ts), vendor: i}
	for j, q := range m[first] {
		if q.text == p.text {
			m[first][j] = p
			return
		}
	}
	m[first] = append(m[first], p)
}
